"""A prospective member signs up, confirms through the mail, and a board member approves the
application in the Wagtail admin; the new member signs in from the mail, registers for a
members-only date in one click and sets a directory listing that appears on "Onze leden".
Every form, also with errors, and every member page passes axe-core."""

import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail

import pytest
from playwright.sync_api import expect

from events.demo import EXAMPLE_WORKSHOP_SLUG
from events.models import EventPage
from tests.e2e.test_accessibility import AXE_OPTIONS, describe, inject_axe

pytestmark = pytest.mark.browser

LINK = re.compile(r"https?://\S+/aanmelding/bevestigen/\S+/")
SIGN_IN_LINK = re.compile(r"https?://\S+/leden/inloggen/[^/\s]+/")


def assert_no_axe_violations(page):
    inject_axe(page)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    violations = result["violations"]
    assert not violations, f"{page.url}: axe found {len(violations)} violation(s):\n" + describe(
        violations
    )


@pytest.fixture
def quick_forms(settings):
    """The browser fills the form in faster than a person; the minimum fill time is tested
    elsewhere."""
    settings.FORM_MIN_FILL_SECONDS = 0


def test_signup_approval_sign_in_registration_and_listing(page, new_page, demo_site, quick_forms):
    members_only_url = EventPage.objects.get(slug=EXAMPLE_WORKSHOP_SLUG).url
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Lid worden").click()
    expect(page).to_have_url(re.compile(r"/lid-worden/$"))

    page.get_by_label("Naam", exact=True).fill("Laura Jansen")
    page.get_by_label("E-mailadres").fill("laura@example.com")
    page.get_by_label("Organisatie of bedrijf").fill("Hotel De Berg")
    page.get_by_label("Sector").select_option("verblijf")
    page.get_by_label("Soort lidmaatschap").select_option(index=1)
    page.get_by_label("Waarom wil je lid worden?").fill("Om in elkaars keuken te kijken.")
    page.get_by_role("button", name="Aanmelden").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Bedankt voor je aanmelding")
    assert len(mail.outbox) == 1
    confirm_url = LINK.search(mail.outbox[0].body).group(0)
    assert confirm_url.startswith(demo_site)

    page.goto(confirm_url)
    page.get_by_role("button", name="Bevestig mijn aanmelding").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Aanmelding bevestigd")
    board_mail = mail.outbox[1]
    admin_url = re.search(r"https?://\S+/admin/aanmeldingen/inspect/\d+/", board_mail.body)
    assert admin_url

    board_member = get_user_model().objects.create_user(
        "bestuurder", "bestuur@example.com", "geheim-wachtwoord"
    )
    board_member.groups.add(Group.objects.get(name="Bestuur"))
    admin = new_page()
    admin.goto(admin_url.group(0))  # the link in the board's mail, via the login
    admin.locator('input[name="username"]').fill("bestuurder")
    admin.locator('input[name="password"]').fill("geheim-wachtwoord")
    admin.locator('form button[type="submit"]').click()
    expect(admin).to_have_url(re.compile(r"/admin/aanmeldingen/inspect/\d+/$"))
    expect(admin.get_by_text("Om in elkaars keuken te kijken.")).to_be_visible()

    admin.get_by_role("link", name="Goedkeuren").click()
    admin.get_by_label("Bericht aan de aanvrager").fill("Welkom! Tot de ledenavond.")
    admin.get_by_role("button", name="Goedkeuren en mailen").click()
    expect(admin.get_by_text("goedgekeurd; de aanvrager krijgt een mail")).to_be_visible()

    approval = mail.outbox[-1]
    assert approval.to == ["laura@example.com"]
    assert approval.subject == "Welkom als lid van Leisure Lab Limburg"
    assert "Welkom! Tot de ledenavond." in approval.body

    # The new member follows the link in the welcome mail and signs in by mail.
    area_url = re.search(r"https?://\S+/mijn-leisure-lab/", approval.body).group(0)
    page.goto(area_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen op Mijn Leisure Lab")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("E-mailadres").fill("Laura@Example.com")
    page.get_by_role("button", name="Stuur mij een inloglink").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kijk in je mail")
    assert_no_axe_violations(page)
    sign_in_mail = mail.outbox[-1]
    assert sign_in_mail.to == ["laura@example.com"]
    page.goto(SIGN_IN_LINK.search(sign_in_mail.body).group(0))
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Inloggen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn Leisure Lab")
    assert_no_axe_violations(page)

    # One click on a members-only date.
    page.goto(members_only_url)
    expect(page.get_by_text("Je meldt je aan als Laura Jansen")).to_be_visible()
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_text("Je aanmelding voor")).to_be_visible()
    assert mail.outbox[-1].to == ["laura@example.com"]

    # A directory listing, first with an error, then right.
    page.goto("/mijn-leisure-lab/")
    expect(page.get_by_role("link", name="Voorbeeld: workshop gastvrijheid")).to_be_visible()
    page.get_by_label("Toon mijn organisatie in de ledenlijst").check()
    page.get_by_label("Website").fill("javascript:alert(1)")
    page.get_by_label("Korte tekst").fill("Hotel met uitzicht op de Geul.")
    page.get_by_role("button", name="Vermelding opslaan").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_label("Website").fill("https://www.hoteldeberg.example")
    page.get_by_role("button", name="Vermelding opslaan").click()
    expect(page.get_by_text("Je vermelding in de ledenlijst is bijgewerkt.")).to_be_visible()
    assert_no_axe_violations(page)  # the member area with its message

    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Onze leden").click()
    card = page.locator(".member-card", has_text="Hotel De Berg")
    expect(card).to_contain_text("Hotel met uitzicht op de Geul.")
    expect(card.get_by_role("link", name="hoteldeberg.example")).to_have_attribute(
        "rel", "noopener"
    )
    assert_no_axe_violations(page)

    page.goto("/mijn-leisure-lab/opzeggen/")
    page.get_by_role("button", name="Lidmaatschap opzeggen").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_no_axe_violations(page)


def test_no_axe_violations_on_the_form_with_errors(page, demo_site, quick_forms):
    page.goto("/lid-worden/")
    page.get_by_label("E-mailadres").fill("geen-adres")
    page.get_by_label("Telefoonnummer").fill("bel me")
    page.get_by_role("button", name="Aanmelden").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".field--error")).to_have_count(3)

    inject_axe(page)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    violations = result["violations"]
    assert not violations, f"axe found {len(violations)} violation(s):\n" + describe(violations)
