"""The Content-Security-Policy blocks nothing that the site itself uses, on any page type,
in the admin's sign-in and page editor too; and it does block an injected inline script."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


@pytest.fixture
def pages(site):
    """One page of every type on the factory-built site."""
    from events.models import EventIndexPage, EventPage
    from membership.models import MembershipPage
    from projects.models import ProjectIndexPage

    return {
        "home": "/",
        "standard": "/over-ons/",
        "index": ProjectIndexPage.objects.get().url,
        "project": site.project.url,
        "agenda": EventIndexPage.objects.get().url,
        "event": EventPage.objects.get().url,
        "membership": MembershipPage.objects.get().url,
        "search": "/zoeken/?q=keuken",
        "not-found": "/bestaat-niet/",
    }


def test_no_violations_on_any_page_type(page, pages, csp_violations):
    for path in pages.values():
        page.goto(path)
        page.wait_for_load_state("load")
        # The site's own script ran: it is a file of our own origin.
        assert page.evaluate("document.querySelector('script[src$=\"site.js\"]') !== null")
    assert csp_violations == []  # enforced or reported


def test_event_json_ld_is_readable(page, pages):
    page.goto(pages["event"])
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert data["@type"] == "Event"


def test_an_injected_inline_script_is_blocked(site, page, csp_violations):
    page.goto("/")
    page.evaluate(
        """() => {
            const script = document.createElement("script");
            script.textContent = "window.injected = true";
            document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.injected === undefined")
    blocked = [v for v in csp_violations if v["directive"] == "script-src-elem"]
    assert blocked and blocked[0]["disposition"] == "enforce"
    csp_violations.clear()  # expected here; the fixture fails the test on any left


def test_admin_sign_in_and_page_editor_work(site, page, django_user_model, csp_violations):
    from home.models import StandardPage

    about = StandardPage.objects.get(slug="over-ons")
    django_user_model.objects.create_superuser("csp", "csp@example.com", "geheim-wachtwoord")
    page.goto("/admin/")
    page.locator('input[name="username"]').fill("csp")
    page.locator('input[name="password"]').fill("geheim-wachtwoord")
    page.locator('form button[type="submit"]').click()
    expect(page).to_have_url(re.compile(r"/admin/$"))
    page.goto(f"/admin/pages/{about.pk}/edit/")
    expect(page.locator("#page-edit-form")).to_be_visible()
    # Wagtail's scripts ran: the editor's tabs are interactive.
    page.get_by_role("tab").nth(1).click()
    expect(page.get_by_role("tab").nth(1)).to_have_attribute("aria-selected", "true")
    enforced = [v for v in csp_violations if v["disposition"] == "enforce"]
    assert enforced == []
