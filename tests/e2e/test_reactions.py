"""A reader reacts on the seed project and confirms with the button behind the mailed link; a
moderator approves the reaction in the Wagtail admin; the reader sees it online. The form with
errors passes axe."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

import pytest
from playwright.sync_api import expect

from tests.conftest import SEED_URL
from tests.e2e.test_accessibility import AXE_OPTIONS, describe, inject_axe

pytestmark = pytest.mark.browser

CONFIRM_LINK = re.compile(r"https?://\S+/reacties/bevestigen/\S+/")
TEXT = "Wat een mooi verhaal, wij deden hetzelfde in onze zaak."


@pytest.fixture
def quick_forms(settings):
    """The browser fills the form in faster than a person; the minimum fill time is tested
    elsewhere."""
    settings.FORM_MIN_FILL_SECONDS = 0


def test_reaction_confirmed_approved_and_shown(page, new_page, demo_site, quick_forms):
    page.goto(SEED_URL)
    section = page.locator("#reacties")
    expect(section.get_by_role("heading", name="Reacties", exact=True)).to_be_visible()
    expect(section.get_by_text("Dit project heeft nog geen reacties!")).to_be_visible()

    section.get_by_label("Naam").fill("Anna de Vries")
    section.get_by_label("E-mailadres").fill("anna@example.com")
    section.get_by_label("Reactie").fill(TEXT)
    section.get_by_role("button", name="Plaats reactie").click()
    expect(page.get_by_role("status")).to_contain_text("Klik op de link in die mail")
    expect(page.get_by_text(TEXT)).to_have_count(0)

    (confirmation,) = mail.outbox
    assert confirmation.to == ["anna@example.com"]
    confirm_url = CONFIRM_LINK.search(confirmation.body).group(0)
    assert confirm_url.startswith(demo_site)
    page.goto(confirm_url)
    # Opening the link confirms nothing (mail scanners open links); the button does.
    expect(page.get_by_role("heading", name="Bevestig je reactie")).to_be_visible()
    expect(page.get_by_text(TEXT)).to_be_visible()
    inject_axe(page)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    assert not result["violations"], describe(result["violations"])
    page.get_by_role("button", name="Bevestig je reactie").click()
    expect(page).to_have_url(re.compile(re.escape(SEED_URL) + r"\?reactie=wacht#reacties$"))
    expect(page.get_by_role("status")).to_contain_text("Je reactie wacht op goedkeuring")
    expect(page.get_by_text(TEXT)).to_have_count(0)

    moderator = get_user_model().objects.create_user(
        "moderator", "moderator@example.com", "geheim-wachtwoord"
    )
    moderator.groups.add(Group.objects.get(name="Moderators"))
    admin = new_page()
    admin.goto("/admin/")
    admin.locator('input[name="username"]').fill("moderator")
    admin.locator('input[name="password"]').fill("geheim-wachtwoord")
    admin.locator('form button[type="submit"]').click()
    expect(admin.get_by_text("1 reactie wacht op goedkeuring")).to_be_visible()
    admin.get_by_role("link", name="1 reactie wacht op goedkeuring").click()
    expect(admin).to_have_url(re.compile(r"/admin/reacties/\?status=waiting$"))
    row = admin.locator("tr", has_text=TEXT)
    expect(row).to_contain_text("Anna de Vries")
    expect(row).to_contain_text("anna@example.com")
    row.get_by_role("button", name="Goedkeuren").click()
    expect(admin.get_by_text("De reactie van Anna de Vries staat online.")).to_be_visible()

    page.reload()
    reaction = page.locator("#reacties article.reaction")
    expect(reaction).to_have_count(1)
    expect(reaction).to_contain_text("Anna de Vries")
    expect(reaction).to_contain_text(TEXT)
    assert "anna@example.com" not in page.content()
    online = [message for message in mail.outbox if message.subject == "Je reactie staat online"]
    assert [message.to for message in online] == [["anna@example.com"]]


def test_no_axe_violations_on_the_form_with_errors(page, demo_site, quick_forms):
    page.goto(SEED_URL)
    section = page.locator("#reacties")
    section.get_by_label("E-mailadres").fill("geen-adres")
    section.get_by_role("button", name="Plaats reactie").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".field--error")).to_have_count(3)
    expect(section.get_by_label("E-mailadres")).to_have_value("geen-adres")

    inject_axe(page)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    violations = result["violations"]
    assert not violations, f"axe found {len(violations)} violation(s):\n" + describe(violations)
