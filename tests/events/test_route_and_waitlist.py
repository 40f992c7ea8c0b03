"""The event page links its address to a route planner, and after a post of the form it says
once what happened (a seat, or a waitlist place with its position) instead of the form."""

import datetime

from django.utils import timezone

import pytest

from events.models import AttendanceMode, Registration
from tests.events.factories import EventPageFactory, RegistrationFactory, at, registration_data

Status = Registration.Status


@pytest.fixture
def full_event(agenda):
    day = timezone.localdate() + datetime.timedelta(days=10)
    event = EventPageFactory(
        parent=agenda, title="Proeverij", start=at(day, 16), end=at(day, 17), capacity=2
    )
    RegistrationFactory.create_batch(2, occurrence=event.occurrences.get())
    return event


def post(client, capture, url, **overrides):
    with capture(execute=True):
        return client.post(url, registration_data(**overrides))


def messages_of(response) -> list[str]:
    """The outcome line of a registration, shown from the URL state (?aanmelding=)."""
    status = response.context["registration_status"]
    return [status] if status else []


@pytest.mark.django_db
class RouteTests:
    def test_the_address_links_to_openstreetmap(self, client, agenda):
        event = EventPageFactory(
            parent=agenda,
            street_address="Grote Straat 1 & 2",
            postal_code="6211 AB",
            city="Maastricht",
        )
        html = client.get(event.url).content.decode()
        assert (
            'href="https://www.openstreetmap.org/search?query=Grote+Straat+1+%26+2%2C+6211+AB'
            '+Maastricht"'
        ) in html
        assert "Plan je route" in html

    def test_no_route_for_an_online_event(self, client, agenda):
        event = EventPageFactory(
            parent=agenda, attendance_mode=AttendanceMode.ONLINE, venue_name="", city=""
        )
        html = client.get(event.url).content.decode()
        assert "openstreetmap" not in html
        assert event.route_url == ""


@pytest.mark.django_db
class WaitlistOutcomeTests:
    def test_joining_the_waitlist_says_so_once_with_the_position(
        self, client, full_event, django_capture_on_commit_callbacks
    ):
        occurrence = full_event.occurrences.get()
        RegistrationFactory(occurrence=occurrence, status=Status.WAITLIST)
        response = post(client, django_capture_on_commit_callbacks, full_event.url)
        page = client.get(response["Location"])
        html = page.content.decode()
        [message] = messages_of(page)
        assert "je staat op de wachtlijst, op plaats 2" in message
        assert html.count("op de wachtlijst, op plaats 2") == 1
        # The form is folded away for someone else; nothing outside it says "vol, meld je aan".
        before, folded = html.split('<details class="register-another">', 1)
        assert "<summary>Nog iemand aanmelden?</summary>" in folded
        assert 'name="email"' not in before
        assert "je kunt je aanmelden voor de wachtlijst" not in html
        assert "Zet me op de wachtlijst" not in before
        # Said once: the next visit shows the form again, for someone else.
        again = client.get(full_event.url).content.decode()
        assert "op plaats 2" not in again
        assert 'name="email"' in again
        assert "register-another" not in again

    def test_a_known_address_reads_the_same_as_a_new_one(
        self, client, full_event, django_capture_on_commit_callbacks
    ):
        new = post(client, django_capture_on_commit_callbacks, full_event.url)
        new_messages = messages_of(client.get(new["Location"]))
        assert "op plaats 1" in new_messages[0]
        # Someone else tries the same address: the page shows what a new one would get now.
        known = post(
            client, django_capture_on_commit_callbacks, full_event.url, email="LAURA@example.com"
        )
        known_messages = messages_of(client.get(known["Location"]))
        assert known_messages == [new_messages[0].replace("op plaats 1", "op plaats 2")]
        stranger = post(
            client, django_capture_on_commit_callbacks, full_event.url, email="ander@example.com"
        )
        assert messages_of(client.get(stranger["Location"])) == known_messages
        assert Registration.objects.filter(status=Status.WAITLIST).count() == 2

    def test_a_seat_hides_the_form_once_too(
        self, client, agenda, django_capture_on_commit_callbacks
    ):
        event = EventPageFactory(parent=agenda, capacity=5)
        response = post(client, django_capture_on_commit_callbacks, event.url)
        html = client.get(response["Location"]).content.decode()
        assert "is ontvangen" in html
        assert 'name="email"' not in html.split('<details class="register-another">', 1)[0]
        assert 'name="email"' in client.get(event.url).content.decode()
