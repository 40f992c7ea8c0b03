"""Small screens (WCAG 1.4.10 reflow): at 320 px nothing scrolls sideways, the header stays
small on a phone, and its menu opens without JavaScript. Screenshots at 320, 375 and 1280 px
land in var/screenshots/ for a person to look at."""

from django.conf import settings

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (320, 375, 1280)
MAX_PHONE_HEADER = 100  # px


@pytest.fixture
def paths(site):
    from events.models import EventIndexPage, EventPage
    from membership.models import MembershipPage

    return {
        "home": "/",
        "agenda": EventIndexPage.objects.get().url,
        "project": site.project.url,
        "event": EventPage.objects.get().url,
        "membership": MembershipPage.objects.get().url,
        "search": "/zoeken/?q=keuken",
    }


def measure(page):
    return page.evaluate(
        """() => {
            const viewport = window.innerWidth;
            const wide = [...document.querySelectorAll("body *")]
                .filter((el) => el.getBoundingClientRect().right > viewport + 0.5)
                .slice(0, 5)
                .map((el) => el.tagName.toLowerCase() + (el.className ? "." + el.className : ""));
            const header = document.querySelector(".site-header").getBoundingClientRect().height;
            return {scroll: document.documentElement.scrollWidth, viewport, wide, header};
        }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_pages_fit_the_screen_and_the_header_stays_small(new_page, paths, width):
    folder = settings.VAR_DIR / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    page = new_page(width=width, height=800)
    for name, path in paths.items():
        assert page.goto(path).status == 200, path
        sizes = measure(page)
        assert sizes["scroll"] <= sizes["viewport"], (name, sizes)
        if width < 768:
            assert sizes["header"] <= MAX_PHONE_HEADER, (name, sizes)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_phone_menu_opens_without_javascript(browser, site):
    context = browser.new_context(
        base_url=site.url, viewport={"width": 320, "height": 700}, java_script_enabled=False
    )
    try:
        page = context.new_page()
        page.goto("/")
        menu_link = page.locator(".site-nav a", has_text="Over ons")
        assert not menu_link.is_visible()
        page.click("summary.site-menu__toggle")
        assert menu_link.is_visible()
        assert page.locator("#site-search-q").is_visible()
        assert measure(page)["scroll"] <= 320
        menu_link.click()
        page.wait_for_url("**/over-ons/")
    finally:
        context.close()


def test_desktop_shows_the_menu_without_a_button(site, page):
    page.goto("/")
    assert page.locator(".site-nav a", has_text="Over ons").is_visible()
    assert not page.locator("summary.site-menu__toggle").is_visible()


def test_every_input_type_is_styled_like_a_text_field(paths, page):
    page.goto(paths["membership"])
    styles = page.evaluate(
        """() => [...document.querySelectorAll("main input")]
            .filter((el) => !["checkbox", "hidden"].includes(el.type))
            .map((el) => {
                const s = getComputedStyle(el);
                return [el.type, s.borderRadius, s.paddingLeft, s.borderTopColor];
            })"""
    )
    types = {style[0] for style in styles}
    assert {"text", "email", "tel"} <= types, types
    assert len({tuple(style[1:]) for style in styles}) == 1, styles
