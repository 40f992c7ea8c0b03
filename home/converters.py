"""Ids that come from outside (URLs, form fields, query strings): only numbers a database can
hold. A larger one is no id at all; SQLite would raise OverflowError (a 500) on looking it up.
Every app takes ids through valid_id or the <id:...> URL converter (registered in apps.py)."""

# SQLite's INTEGER and PostgreSQL's bigint hold at most 2**63 - 1: 19 digits, so 18 always fit.
MAX_ID_DIGITS = 18
# For re_path patterns that cannot use the converter.
ID_PATTERN = f"[0-9]{{1,{MAX_ID_DIGITS}}}"


def valid_id(value) -> int | None:
    """The id that value spells, or None: plain ASCII digits only ("²".isdigit() is true,
    int("²") fails)."""
    text = str(value or "")
    if text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None


class IdConverter:
    """<id:pk> in a URL pattern (registered in apps.py): like <int:pk>, without numbers too
    long to be an id."""

    regex = ID_PATTERN

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
