"""An event page prints as a clean one-pager: no menu, search, form or dark footer."""

import pytest

pytestmark = pytest.mark.browser


def test_an_event_prints_on_one_clean_page(browser, site):
    from events.models import EventPage

    event = EventPage.objects.get()
    context = browser.new_context(base_url=site.url)
    try:
        page = context.new_page()
        page.goto(event.url)
        page.emulate_media(media="print")
        shown = page.evaluate(
            """() => Object.fromEntries(
                [".site-menu", ".site-footer", ".event-registration", "form", "h1"].map(
                    (selector) => {
                        const el = document.querySelector(selector);
                        return [selector, el ? el.checkVisibility() : null];
                    }
                )
            )"""
        )
        assert shown == {
            ".site-menu": False,
            ".site-footer": False,
            ".event-registration": False,
            "form": False,
            "h1": True,
        }
        pdf = page.pdf(format="A4")
        pages = pdf.count(b"/Type /Page") - pdf.count(b"/Type /Pages")
        assert pages == 1
    finally:
        context.close()
