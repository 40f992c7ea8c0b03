"""A reader finds the seed project from the home page, the way a visitor would."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# What the demo content's seed project shows a reader, word for word.
TITLE = "Van fysiek naar online in elkaars keuken kijken"
AUTHORS = ["Laura Lazzarini", "Rob Kemmeren"]
BODY_SENTENCE = "Wekelijks troffen zo’n 20 ondernemers elkaar via het beeldscherm."
WEBSITE = "www.leisurelablimburg.nl"


def test_reader_reaches_seed_project_from_the_menu(page):
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Projecten").click()

    expect(page).to_have_url(re.compile(r"/projecten/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Projecten")

    page.locator(".card").get_by_role("link", name=TITLE).click()

    expect(page).to_have_url(
        re.compile(r"/projecten/van-fysiek-naar-online-in-elkaars-keuken-kijken/$")
    )
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    for author in AUTHORS:
        expect(main.locator(".byline")).to_contain_text(author)
    expect(main).to_contain_text(BODY_SENTENCE)
    links = main.get_by_role("link", name=WEBSITE, exact=True)
    expect(links.first).to_be_visible()
    for link in links.all():
        expect(link).to_have_attribute("href", f"https://{WEBSITE}")
