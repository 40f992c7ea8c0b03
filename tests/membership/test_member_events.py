"""Members-only events, verified: only an active member's own address gets a seat, a waitlist
place or the meeting link; a signed-in member registers in one click."""

import datetime
import time

from django.core import mail
from django.utils import timezone

import pytest

from events.models import AttendanceMode, Registration, Repeat
from home.antispam import signed_timestamp
from membership.models import Member
from tests.events.factories import EventIndexPageFactory, EventPageFactory, at
from tests.hostile import HOSTILE_COUNT, hostile_strings

from .factories import MemberFactory, sign_in, sign_in_links

MEETING_URL = "https://vergaderen.example.nl/alleen-leden-5521"
AREA = "/mijn-leisure-lab/"


@pytest.fixture
def agenda(site):
    return EventIndexPageFactory(parent=site.get_parent())


@pytest.fixture
def members_only(agenda):
    day = timezone.localdate() + datetime.timedelta(days=10)
    return EventPageFactory(
        parent=agenda,
        title="Ledenavond",
        open_to_non_members=False,
        attendance_mode=AttendanceMode.ONLINE,
        online_meeting_url=MEETING_URL,
        start=at(day, 19),
        end=at(day, 21),
        capacity=1,
    )


@pytest.fixture
def member(site):
    return MemberFactory(name="Laura Lid", email="laura@example.com", organisation="De Berg")


def ask_link(client, capture, url, email):
    data = {"email": email, "honeypot": "", "rendered_at": signed_timestamp(time.time() - 10)}
    with capture(execute=True):
        return client.post(url, data)


def meeting_link_recipients() -> set[str]:
    return {
        address
        for message in mail.outbox
        if MEETING_URL in message.body or MEETING_URL in str(message.alternatives)
        for address in message.to
    }


@pytest.mark.django_db
class MembersOnlyTests:
    def test_a_signed_in_member_registers_in_one_click(
        self, client, member, members_only, django_capture_on_commit_callbacks
    ):
        sign_in(client, member)
        html = client.get(members_only.url).content.decode()
        assert "Je meldt je aan als Laura Lid (laura@example.com)." in html
        assert 'name="name"' not in html and 'name="email"' not in html
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(members_only.url, {})
        assert response.status_code == 302
        registration = Registration.objects.get()
        assert (registration.name, registration.email) == ("Laura Lid", "laura@example.com")
        assert registration.organisation == "De Berg"
        assert registration.is_member and registration.status == Registration.Status.CONFIRMED
        assert meeting_link_recipients() == {"laura@example.com"}
        # Shown in the member area, with its cancel link.
        area = client.get(AREA).content.decode()
        assert "Ledenavond" in area and "/bijeenkomsten/afmelden/" in area

    def test_not_signed_in_the_link_brings_the_member_back_to_the_same_date(
        self, client, member, agenda, django_capture_on_commit_callbacks
    ):
        first = timezone.localdate() + datetime.timedelta(days=3)
        series = EventPageFactory(
            parent=agenda,
            open_to_non_members=False,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=3),
        )
        second = series.occurrences.order_by("start")[1]
        date_url = second.get_url()
        html = client.get(date_url).content.decode()
        assert 'name="email"' in html and 'name="name"' not in html
        assert 'name="is_member"' not in html
        capture = django_capture_on_commit_callbacks
        response = ask_link(client, capture, date_url, "Laura@Example.com")
        assert response.status_code == 302
        (path,) = sign_in_links(mail.outbox)
        assert mail.outbox[0].to == ["laura@example.com"]
        assert not Registration.objects.exists()
        response = client.post(path)
        assert response["Location"] == date_url
        with django_capture_on_commit_callbacks(execute=True):
            client.post(date_url, {})
        assert Registration.objects.get().occurrence == second

    def test_a_non_member_gets_the_same_answer_no_seat_and_no_mail(
        self, client, member, members_only, django_capture_on_commit_callbacks
    ):
        answers = []
        for email in ("vreemde@example.com", "laura@example.com"):
            visitor = type(client)()
            capture = django_capture_on_commit_callbacks
            response = ask_link(visitor, capture, members_only.url, email)
            page = visitor.get(response["Location"])
            answers.append([str(message) for message in page.context["messages"]])
            html = page.content.decode()
            assert "Alleen voor leden" in html and 'href="/lid-worden/"' in html
        assert answers[0] == answers[1]
        assert not Registration.objects.exists()
        # Only the member's own address got anything: a sign-in link, no meeting link.
        assert [message.to for message in mail.outbox] == [["laura@example.com"]]
        assert meeting_link_recipients() == set()

    def test_the_old_self_declared_form_gives_no_seat(
        self, client, member, members_only, django_capture_on_commit_callbacks
    ):
        data = {
            "name": "Vreemde",
            "email": "vreemde@example.com",
            "organisation": "X",
            "is_member": "ja",
            "honeypot": "",
            "rendered_at": signed_timestamp(time.time() - 10),
        }
        with django_capture_on_commit_callbacks(execute=True):
            client.post(members_only.url, data)
        assert not Registration.objects.exists()
        assert meeting_link_recipients() == set()
        assert mail.outbox == []

    def test_ended_members_and_full_dates_leak_nothing(
        self, client, member, members_only, django_capture_on_commit_callbacks
    ):
        other = MemberFactory(email="tweede@example.com")
        sign_in(client, member)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(members_only.url, {})
        second = type(client)()
        sign_in(second, other)
        with django_capture_on_commit_callbacks(execute=True):
            second.post(members_only.url, {})
        waiting = Registration.objects.get(email="tweede@example.com")
        assert waiting.status == Registration.Status.WAITLIST
        assert meeting_link_recipients() == {"laura@example.com"}
        # An ended membership: the session no longer counts and no seat is given.
        ended = MemberFactory(email="oud@example.com", status=Member.Status.ENDED)
        third = type(client)()
        sign_in(third, ended)
        with django_capture_on_commit_callbacks(execute=True):
            third.post(members_only.url, {})
        assert not Registration.objects.filter(email="oud@example.com").exists()

    def test_open_events_work_without_signing_in_and_know_members(
        self, client, member, agenda, django_capture_on_commit_callbacks
    ):
        event = EventPageFactory(parent=agenda, open_to_non_members=True)
        for name, email in (("Gast", "gast@example.com"), ("Laura Lid", "LAURA@example.com")):
            data = {
                "name": name,
                "email": email,
                "organisation": "",
                "honeypot": "",
                "rendered_at": signed_timestamp(time.time() - 10),
            }
            with django_capture_on_commit_callbacks(execute=True):
                assert client.post(event.url, data).status_code == 302
        flags = dict(Registration.objects.values_list("email_normalised", "is_member"))
        assert flags == {"gast@example.com": False, "laura@example.com": True}

    def test_hostile_addresses_never_fail(self, client, members_only, settings):
        settings.RATELIMIT_ENABLE = False
        strings = hostile_strings()
        assert len(strings) == HOSTILE_COUNT
        for value in strings:
            data = {"email": value, "rendered_at": signed_timestamp(time.time() - 10)}
            response = client.post(members_only.url, data)
            assert response.status_code in (200, 302), value
            if "<" in value:
                assert value not in response.content.decode(), value
        assert not Registration.objects.exists()
