"""A reader opens the agenda and the weekly online contact moment, registers, gets the mail
with the meeting link and the calendar file, and cancels through the link in the mail. The
agenda and an event page (also with form errors) pass axe. Registering again with the same
address gives the same answer on screen, and a mail saying so."""

import re

from django.core import mail

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from events.models import Registration
from tests.e2e.test_accessibility import AXE_OPTIONS, describe, inject_axe

pytestmark = pytest.mark.browser

TITLE = "Wekelijks online contactmoment"
MEETING_URL = "https://vergaderen.example.nl/leisurelab-contactmoment"
CANCEL_LINK = re.compile(r"https?://\S+/bijeenkomsten/afmelden/\S+/")


@pytest.fixture
def quick_forms(settings):
    """The browser fills the form in faster than a person; the minimum fill time is tested
    elsewhere."""
    settings.FORM_MIN_FILL_SECONDS = 0


def assert_no_axe_violations(page):
    inject_axe(page)
    result = page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)
    violations = result["violations"]
    assert not violations, f"axe found {len(violations)} violation(s) on {page.url}:\n" + (
        describe(violations)
    )


def test_register_for_the_contact_moment_and_cancel(page, demo_site, quick_forms):
    page.goto("/")
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Agenda").click()
    expect(page).to_have_url(re.compile(r"/agenda/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Agenda")
    subscribe = page.get_by_role("link", name="Abonneer je op de hele agenda")
    expect(subscribe).to_have_attribute("href", re.compile(r"^webcal://.+/kalender/agenda\.ics$"))

    first_card = page.locator(".event-card").filter(has_text=TITLE).first
    expect(first_card).to_contain_text("donderdag")
    expect(first_card).to_contain_text("16:00–17:00")
    expect(first_card).to_contain_text("Online")
    expect(first_card).to_contain_text("Iedereen")
    first_card.get_by_role("link", name=TITLE).click()

    expect(page).to_have_url(
        re.compile(r"/agenda/wekelijks-online-contactmoment/\d{4}-\d{2}-\d{2}/$")
    )
    main = page.get_by_role("main")
    expect(main.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(main).to_contain_text("Iedereen is welkom, ook niet-leden")
    assert MEETING_URL not in page.content()
    calendar_link = main.get_by_role("link", name="Zet in je agenda")
    expect(calendar_link).to_have_attribute("href", re.compile(r"^/kalender/bijeenkomst/\d+/"))

    form = page.locator("#aanmelden")
    form.get_by_label("Naam").fill("Anna de Vries")
    form.get_by_label("E-mailadres").fill("anna@example.com")
    form.get_by_label("Organisatie").fill("Hotel De Berg")
    form.get_by_role("button", name="Aanmelden").click()

    received = page.get_by_role("status")
    expect(received).to_contain_text(f"Je aanmelding voor {TITLE} op donderdag")
    answer = received.inner_text()
    assert MEETING_URL not in page.content()

    (confirmation,) = mail.outbox
    assert confirmation.to == ["anna@example.com"]
    assert confirmation.subject.startswith(f"Je bent aangemeld: {TITLE}, donderdag")
    assert MEETING_URL in confirmation.body
    filename, content, mimetype = confirmation.attachments[0]
    assert filename.endswith(".ics") and mimetype == "text/calendar"
    vevent = Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(vevent["SUMMARY"]) == TITLE
    assert vevent["DTSTART"].dt.hour == 16

    # The answer takes the form's place, once; the form stays folded away below it.
    expect(page.locator("#aanmelden form")).to_be_hidden()
    page.locator("#aanmelden summary").filter(has_text="Nog iemand aanmelden?").click()
    # The same address again: the same answer on screen, and a mail saying so.
    form = page.locator("#aanmelden")
    form.get_by_label("Naam").fill("Anna de Vries")
    form.get_by_label("E-mailadres").fill("Anna@Example.com")
    form.get_by_role("button", name="Aanmelden").click()
    expect(page.get_by_role("status")).to_have_text(answer)
    assert Registration.objects.count() == 1
    assert mail.outbox[-1].subject.startswith(f"Je was al aangemeld: {TITLE}")

    cancel_url = CANCEL_LINK.search(confirmation.body).group(0)
    assert cancel_url.startswith(demo_site)
    page.goto(cancel_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Afmelden")
    assert Registration.objects.get().status == Registration.Status.CONFIRMED
    page.get_by_role("button", name="Ja, meld me af").click()
    expect(page.get_by_role("status")).to_contain_text("Je bent afgemeld voor")
    assert Registration.objects.get().status == Registration.Status.CANCELLED
    assert mail.outbox[-1].subject.startswith("Je bent afgemeld")


def test_no_axe_violations_on_the_agenda_and_an_event_page(page, demo_site, quick_forms):
    response = page.goto("/agenda/")
    assert response.status == 200
    assert_no_axe_violations(page)

    page.goto("/agenda/wekelijks-online-contactmoment/")
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    assert_no_axe_violations(page)

    # The form with errors, and the members-only example with its refusal.
    form = page.locator("#aanmelden")
    form.get_by_label("E-mailadres").fill("geen-adres")
    form.get_by_role("button", name="Aanmelden").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator("#aanmelden").get_by_label("E-mailadres")).to_have_value("geen-adres")
    assert_no_axe_violations(page)

    page.goto("/agenda/voorbeeld-workshop-gastvrijheid/")
    expect(page.get_by_role("main")).to_contain_text("Voorbeeld")
    form = page.locator("#aanmelden")
    form.get_by_label("Het e-mailadres waarmee je lid bent").fill("niet-lid@example.com")
    form.get_by_role("button", name="Stuur mij een inloglink").click()
    expect(page.get_by_role("status")).to_contain_text("inloglink")
    refusal = page.locator("#aanmelden .notice")
    expect(refusal).to_contain_text("Alleen voor leden")
    expect(refusal.get_by_role("link")).to_have_attribute("href", "/lid-worden/")
    assert not mail.outbox  # not a member's address: nothing is sent, no meeting link
    assert_no_axe_violations(page)
