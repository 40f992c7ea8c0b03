"""Forms on pages served from the shared page cache, in a real browser: register for an event,
sign up as a member and post a reaction, with JavaScript (tokens fetched when typing starts)
and without it (the form comes back with what was typed; the second send goes through)."""

import re
import urllib.request

from django.core import mail

import pytest
from playwright.sync_api import expect

from events.models import EventIndexPage, Registration
from membership.models import MembershipApplication
from tests.events.factories import EventPageFactory

pytestmark = pytest.mark.browser

RESEND = "Verstuur het formulier nog een keer."


@pytest.fixture
def quick_forms(settings):
    """The browser fills the form in faster than a person; the minimum fill time is tested
    in tests/home/test_pagecache_forms.py."""
    settings.FORM_MIN_FILL_SECONDS = 0


@pytest.fixture
def event_url(site) -> str:
    """An event of 8 seats on the factory-built site (which has one without a limit)."""
    agenda = EventIndexPage.objects.get()
    return EventPageFactory(parent=agenda, title="Themasessie", capacity=8).url


def warm(base_url: str, path: str) -> None:
    """Another visitor filled the cache; the browser's visit is then a hit."""
    for _round in range(2):
        with urllib.request.urlopen(base_url + path) as response:  # noqa: S310 - loopback
            hit = response.headers["X-Page-Cache"]
    assert hit == "hit"


def open_cached(page, path: str):
    response = page.goto(path)
    assert response.headers.get("x-page-cache") == "hit"
    assert 'name="csrfmiddlewaretoken" value=""' in page.content()


def register(page):
    form = page.locator("#aanmelden form")
    form.get_by_label("Naam").fill("Laura Jansen")
    form.get_by_label("E-mailadres").fill("laura@example.com")
    form.get_by_label("Organisatie").fill("Hotel De Berg")
    return form


def test_register_for_an_event_from_a_cached_page(page, site, event_url, quick_forms):
    warm(site.url, event_url)
    open_cached(page, event_url)
    expect(page.get_by_role("main")).to_contain_text("Nog 8 van de 8 plaatsen vrij")
    register(page).get_by_role("button", name="Aanmelden").click()
    expect(page).to_have_url(re.compile(r"\?aanmelding=ontvangen#aanmelden$"))
    expect(page.get_by_role("status")).to_contain_text("Je aanmelding voor")
    expect(page.get_by_role("main")).to_contain_text("Nog 7 van de 8 plaatsen vrij")
    assert Registration.objects.get().email == "laura@example.com"
    # The next visitor sees the seat taken, from a freshly cached page.
    page.goto(event_url)
    expect(page.get_by_role("main")).to_contain_text("Nog 7 van de 8 plaatsen vrij")


def test_register_without_javascript_sends_twice(browser, site, event_url, quick_forms):
    context = browser.new_context(base_url=site.url, java_script_enabled=False, locale="nl-NL")
    context.set_default_timeout(10_000)
    try:
        page = context.new_page()
        warm(site.url, event_url)
        open_cached(page, event_url)
        register(page).get_by_role("button", name="Aanmelden").click()
        expect(page.get_by_role("alert")).to_contain_text(RESEND)
        assert Registration.objects.count() == 0
        form = page.locator("#aanmelden form")
        expect(form.get_by_label("Organisatie")).to_have_value("Hotel De Berg")
        form.get_by_role("button", name="Aanmelden").click()
        expect(page.get_by_role("status")).to_contain_text("Je aanmelding voor")
        assert Registration.objects.count() == 1
    finally:
        context.close()


def test_sign_up_from_a_cached_page(page, site, quick_forms):
    warm(site.url, "/lid-worden/")
    open_cached(page, "/lid-worden/")
    page.get_by_label("Naam").first.fill("Laura Jansen")
    page.get_by_label("E-mailadres").fill("laura@example.com")
    page.get_by_role("button", name=re.compile("Verstuur|Aanmelden|Word lid")).click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert RESEND not in page.content()
    assert MembershipApplication.objects.get().email == "laura@example.com"
    assert len(mail.outbox) == 1


def test_post_a_reaction_from_a_cached_page(page, site, quick_forms):
    warm(site.url, site.project.url)
    open_cached(page, site.project.url)
    section = page.locator("#reacties")
    section.get_by_label("Naam").fill("Anna de Vries")
    section.get_by_label("E-mailadres").fill("anna@example.com")
    section.get_by_label("Reactie").fill("Vanaf een pagina uit de cache geplaatst.")
    section.get_by_role("button", name="Plaats reactie").click()
    expect(page).to_have_url(re.compile(r"\?reactie=bevestig#reacties$"))
    expect(page.get_by_role("status")).to_contain_text("we hebben je een e-mail gestuurd")
    assert len(mail.outbox) == 1
