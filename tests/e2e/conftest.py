"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

One Chromium runs for the whole session; each test gets a fresh context (cookies, viewport).
The content comes from a fixture the test asks for: `site` builds a small site with the
factories, `demo_site` loads the demo content (for tests of the demo content itself).
"""

import os
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread, which Django's async-safety
# check takes for async code calling the ORM. The tests themselves are synchronous.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_MISSING = f"Chromium not found at {CHROMIUM}: apt-get install -y chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def running_in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the session. Skips without Chromium, except in CI."""
    if not CHROMIUM.exists():
        if running_in_ci():
            pytest.fail(CHROMIUM_MISSING, pytrace=False)
        pytest.skip(CHROMIUM_MISSING)

    from django.db import DEFAULT_DB_ALIAS, connections

    from playwright.sync_api import sync_playwright

    # Once Playwright's event loop runs in this thread, Django hands out a new connection
    # object for the same test database. If the test database was already set up, carry its
    # serialized contents over, or serialized rollback (see site) has nothing to restore.
    serialized = getattr(connections[DEFAULT_DB_ALIAS], "_test_serialized_contents", None)
    with sync_playwright() as playwright:
        if serialized is not None:
            connections[DEFAULT_DB_ALIAS]._test_serialized_contents = serialized
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def serve_on(live_server) -> str:
    """Point the default site at the live server's host and port, so links in pages and mails
    lead there; returns its URL."""
    from django.core.cache import cache

    from wagtail.models import Site

    address = urlsplit(live_server.url)
    site = Site.objects.get(is_default_site=True)
    site.hostname = address.hostname
    site.port = address.port
    site.save()
    # Fragments cached by an earlier test may name pages that the flush removed.
    cache.clear()
    return live_server.url


PROJECT_TITLE = "Kijken in elkaars keuken"
PROJECT_AUTHORS = ["Laura Jansen", "Rob Peters"]
PROJECT_SENTENCE = "Elke week zagen twintig ondernemers elkaar via het beeldscherm."
PROJECT_WEBSITE = "https://www.example.org"


@pytest.fixture
def site(live_server, django_db_serialized_rollback):
    """A small site built with the factories, served by the live server: a home page, a
    projects index with one project (two authors, a story, a website), an about page, the
    agenda with one event, the membership page and a privacy statement.

    live_server makes every test transactional, and the flush after each test also removes
    what Wagtail's migrations created (the root page, the default locale, the default site);
    serialized rollback puts that back before the next test, so each starts from a fresh
    install."""
    from tests.events.factories import EventIndexPageFactory, EventPageFactory
    from tests.factories import (
        PersonFactory,
        ProjectIndexPageFactory,
        ProjectPageFactory,
        StandardPageFactory,
        add_author,
        home_site,
        site_settings,
    )
    from tests.membership.factories import MembershipPageFactory

    home = home_site(title="Samen beter worden")
    index = ProjectIndexPageFactory(parent=home)
    project = ProjectPageFactory(
        parent=index,
        title=PROJECT_TITLE,
        website=PROJECT_WEBSITE,
        body=[
            ("heading", "Wat we deden"),
            ("paragraph", f"<p>{PROJECT_SENTENCE}</p><p>Zo bleven we van elkaar leren.</p>"),
        ],
    )
    for order, name in enumerate(PROJECT_AUTHORS):
        add_author(project, PersonFactory(name=name), order)
    project.tags.add("horeca")
    project.save()
    StandardPageFactory(parent=home, title="Over ons", slug="over-ons", show_in_menus=True)
    EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Keukengesprek")
    MembershipPageFactory(parent=home)
    privacy = StandardPageFactory(
        parent=home, title="Privacyverklaring", slug="privacyverklaring", is_draft_text=True
    )
    site_settings(contact_email="info@example.com", privacy_page=privacy)
    return SimpleNamespace(url=serve_on(live_server), project=project)


@pytest.fixture
def demo_site(live_server, django_db_serialized_rollback):
    """The demo content, served by the live server at its own host and port."""
    from home.demo import DemoContentLoader

    DemoContentLoader().load()
    return serve_on(live_server)


# Every page reports what its Content-Security-Policy blocked, across navigations.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
    window.__cspViolation({
        page: document.location.pathname,
        directive: event.effectiveDirective,
        blocked: event.blockedURI,
        disposition: event.disposition,
        sample: event.sample,
    });
});
"""


@pytest.fixture
def csp_violations() -> list[dict]:
    """What the browser reported as blocked by the Content-Security-Policy, in every page of
    the test: enforced ones fail the test (new_page); report-only ones (the Wagtail admin's
    strict policy) are listed here."""
    return []


@pytest.fixture
def new_page(browser, live_server, csp_violations):
    """Return a function that opens a fresh browser page on the live server, optionally at a
    given viewport. Ask for `site` or `demo_site` for content."""
    contexts = []

    def open_page(width: int = 1280, height: int = 800):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}, locale="nl-NL"
        )
        context.set_default_timeout(10_000)
        context.expose_binding(
            "__cspViolation", lambda source, violation: csp_violations.append(violation)
        )
        context.add_init_script(CSP_LISTENER)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()
    enforced = [v for v in csp_violations if v["disposition"] == "enforce"]
    assert not enforced, f"Content-Security-Policy blocked: {enforced}"


@pytest.fixture
def page(new_page):
    """A desktop-sized browser page on the live server."""
    return new_page()
