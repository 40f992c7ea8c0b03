"""Read a form out of a page as a browser would submit it: its hidden fields (CSRF token,
django_comments' timestamp and security hash, the signed rendered_at) and the values of its
other inputs (an empty honeypot stays empty). Used by bench/queries.py and bench/posts.py."""

from html.parser import HTMLParser

SKIPPED_TYPES = {"checkbox", "radio", "submit", "button", "image", "file", "reset"}


class FormReader(HTMLParser):
    """Collects every <form>: its action, method and the name/value of its inputs."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.current: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "form":
            self.current = {
                "action": attributes.get("action", ""),
                "method": attributes.get("method", "get").lower(),
                "fields": {},
            }
            self.forms.append(self.current)
        elif (
            tag == "input"
            and self.current is not None
            and attributes.get("name")
            and attributes.get("type", "text").lower() not in SKIPPED_TYPES
        ):
            self.current["fields"][attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None


class FormNotFound(LookupError):
    pass


def form_fields(html: str, action: str) -> dict[str, str]:
    """The inputs of the POST form whose action is `action` (a path), as the page rendered
    them. Raises FormNotFound when the page has no such form."""
    reader = FormReader()
    reader.feed(html)
    for form in reader.forms:
        if form["method"] == "post" and form["action"].split("?")[0] == action:
            return dict(form["fields"])
    actions = ", ".join(f"{form['method']} {form['action']!r}" for form in reader.forms)
    raise FormNotFound(f"no POST form with action {action!r} (forms: {actions or 'none'})")
