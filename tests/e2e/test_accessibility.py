"""axe-core finds no WCAG 2.2 AA violations on the pages a reader sees first."""

from pathlib import Path

import axe_playwright_python
import pytest

pytestmark = pytest.mark.browser

AXE_JS = Path(axe_playwright_python.__file__).resolve().parent / "axe.min.js"
AXE_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
    }
}
PAGES = {
    "home": ("/", 200),
    "index": ("/projecten/", 200),
    "project": ("/projecten/kijken-in-elkaars-keuken/", 200),
    "search": ("/zoeken/?q=keuken", 200),
    "not-found": ("/bestaat-niet/", 404),
}


def inject_axe(page) -> None:
    """Load axe-core into the page through the DevTools protocol: an injected <script> tag
    would be an inline script, which the site's Content-Security-Policy rightly blocks."""
    page.evaluate(AXE_JS.read_text())


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation['impact']}): {violation['help']}\n"
            f"  {violation['helpUrl']}"
        )
        for node in violation["nodes"][:5]:
            target = " ".join(str(part) for part in node["target"])
            summary = node.get("failureSummary", "").replace("\n", "\n      ")
            lines.append(f"    at {target}\n      {summary}")
        if len(violation["nodes"]) > 5:
            lines.append(f"    … and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize(("path", "status"), PAGES.values(), ids=PAGES.keys())
def test_no_axe_violations(page, site, path, status):
    response = page.goto(path)
    assert response.status == status

    inject_axe(page)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)

    violations = result["violations"]
    assert not violations, f"axe found {len(violations)} violation(s) on {path}:\n" + describe(
        violations
    )
