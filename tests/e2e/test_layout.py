"""Pages fit a phone screen: nothing makes the reader scroll sideways."""

import pytest

pytestmark = pytest.mark.browser

PHONE_WIDTH = 375
PAGES = {
    "home": "/",
    "index": "/projecten/",
    "project": "/projecten/kijken-in-elkaars-keuken/",
}


@pytest.mark.parametrize("path", PAGES.values(), ids=PAGES.keys())
def test_no_sideways_scrolling_on_a_phone(new_page, site, path):
    page = new_page(width=PHONE_WIDTH, height=812)
    response = page.goto(path)
    assert response.status == 200

    widths = page.evaluate(
        """() => {
            const viewport = window.innerWidth;
            const wide = [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > viewport + 0.5)
                .slice(0, 5)
                .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
            return {scroll: document.documentElement.scrollWidth, viewport, wide};
        }"""
    )
    assert widths["scroll"] <= widths["viewport"], (
        f"{path} is {widths['scroll']}px wide on a {widths['viewport']}px screen; "
        f"elements sticking out: {', '.join(widths['wide']) or 'none found'}"
    )
