"""Ids that come from outside (URLs, form fields): only numbers a database can hold. A larger
one is no id at all; SQLite would raise OverflowError (a 500) on looking it up. Every app
checks ids with these: valid_id() for a value, <id:...> in a URL pattern."""

# SQLite's INTEGER and PostgreSQL's bigint hold at most 2**63 - 1: 19 digits, so 18 always fit.
MAX_ID_DIGITS = 18


def valid_id(value) -> int | None:
    """The id that value spells, or None: plain ASCII digits only ("²".isdigit() is true,
    int("²") fails)."""
    text = str(value or "")
    if text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS:
        return int(text)
    return None


class IdConverter:
    """<id:pk> in a URL pattern (registered in home/apps.py): like <int:pk>, without numbers
    too long to be an id."""

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value) -> str:
        return str(value)
