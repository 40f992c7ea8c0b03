"""A reader finds a project from the home page, the way a visitor would."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import PROJECT_AUTHORS, PROJECT_SENTENCE, PROJECT_TITLE, PROJECT_WEBSITE

pytestmark = pytest.mark.browser


def test_reader_reaches_a_project_from_the_menu(page, site):
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Projecten").click()

    expect(page).to_have_url(re.compile(r"/projecten/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Projecten")

    page.locator(".card").get_by_role("link", name=PROJECT_TITLE).click()

    expect(page).to_have_url(re.compile(r"/projecten/kijken-in-elkaars-keuken/$"))
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(PROJECT_TITLE)
    for author in PROJECT_AUTHORS:
        expect(main.locator(".byline")).to_contain_text(author)
    expect(main).to_contain_text(PROJECT_SENTENCE)
    website = PROJECT_WEBSITE.removeprefix("https://")
    links = main.get_by_role("link", name=website, exact=True)
    expect(links.first).to_be_visible()
    for link in links.all():
        expect(link).to_have_attribute("href", PROJECT_WEBSITE)
