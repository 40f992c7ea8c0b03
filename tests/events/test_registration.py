"""Registering for a date: seats, the waitlist and its order, one registration per address,
members-only events, the deadline, the cancel link, the mails, and the form's defences."""

import datetime
import io
from html import escape
from importlib import import_module

from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest
import time_machine
import vobject
from icalendar import Calendar

from events import services
from events.formatting import format_when
from events.models import AttendanceMode, EventStatus, Registration, Repeat
from home.antispam import signed_timestamp
from home.emails import normalise_email
from home.registry import PersonalRecord, registry
from tests.events.factories import (
    EventPageFactory,
    RegistrationFactory,
    at,
    cancel_path,
    days_from_now,
    registration_data,
)
from tests.hostile import HOSTILE_COUNT, hostile_strings
from tests.ratelimit import window_start

MEETING_URL = "https://vergaderen.example.nl/geheime-kamer-8472"
Status = Registration.Status
RECEIVED = (
    "Dank je wel. Je aanmelding voor {title} op {when} is ontvangen. In je mailbox vind je "
    "de bevestiging, met of je een plaats hebt of op de wachtlijst staat."
)


def WHEN(event) -> str:  # noqa: N802 - reads as the constant it completes
    occurrence = event.occurrences.get()
    return format_when(occurrence.start, occurrence.end)


@pytest.fixture
def signup_link(monkeypatch):
    """Where a visitor becomes a member, as the membership app offers it through home's
    registry; the events app only reads the registry."""
    monkeypatch.setitem(registry.links, "join", lambda: ("/word-lid-hier/", "Lid worden"))


@pytest.fixture
def online_event(agenda):
    return EventPageFactory(
        parent=agenda,
        title="Online training",
        attendance_mode=AttendanceMode.ONLINE,
        online_meeting_url=MEETING_URL,
        start=at(timezone.localdate() + datetime.timedelta(days=10), 16),
        end=at(timezone.localdate() + datetime.timedelta(days=10), 17),
        capacity=2,
    )


def register(client, capture, url, **overrides):
    with capture(execute=True):
        return client.post(url, registration_data(**overrides))


def ics_of(message) -> Calendar:
    """The calendar file attached to a mail, validated by vobject and parsed by icalendar."""
    filename, content, mimetype = message.attachments[0]
    assert filename.endswith(".ics")
    assert mimetype == "text/calendar"
    parsed = vobject.readOne(content)
    assert parsed.validate(raiseException=True)
    for vevent in parsed.contents.get("vevent", []):
        assert vevent.validate(raiseException=True)
    return Calendar.from_ical(content)


def messages_of(response) -> list[str]:
    """The outcome line of a registration, shown from the URL state (?aanmelding=)."""
    status = response.context["registration_status"]
    return [status] if status else []


@pytest.mark.django_db
class RegistrationFormTests:
    def test_registration_takes_a_seat_and_mails_date_place_link_and_ics(
        self, client, online_event, django_capture_on_commit_callbacks
    ):
        response = register(
            client, django_capture_on_commit_callbacks, online_event.url, email="Laura@Example.COM"
        )
        assert response.status_code == 302
        assert response["Location"] == online_event.url + "?aanmelding=ontvangen#aanmelden"
        registration = Registration.objects.get()
        assert registration.status == Status.CONFIRMED
        # Mail goes to the address as typed; it is compared in its normalised form.
        assert registration.email == "Laura@Example.COM"
        assert registration.email_normalised == "laura@example.com"
        assert not registration.is_member  # asked of membership, never of the visitor
        page = client.get(response["Location"])
        assert messages_of(page) == [
            RECEIVED.format(title="Online training", when=WHEN(online_event))
        ]
        assert MEETING_URL not in page.content.decode()

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["Laura@Example.COM"]
        when = format_when(registration.occurrence.start, registration.occurrence.end)
        assert message.subject == f"Je bent aangemeld: Online training, {when}"
        assert "Beste Laura Jansen," in message.body
        assert when in message.body
        assert MEETING_URL in message.body
        assert MEETING_URL in message.alternatives[0][0]
        assert "/bijeenkomsten/afmelden/" in message.body
        event = ics_of(message).walk("VEVENT")[0]
        assert str(event["UID"]) == f"occurrence-{registration.occurrence.pk}@testserver"
        assert event["STATUS"] == "CONFIRMED"
        assert MEETING_URL in str(event["DESCRIPTION"])

    def test_mail_for_a_place_gives_the_address(
        self, client, agenda, django_capture_on_commit_callbacks
    ):
        event = EventPageFactory(parent=agenda, title="Workshop", online_meeting_url="")
        register(client, django_capture_on_commit_callbacks, event.url)
        body = mail.outbox[0].body
        assert "Waar:    Hotel De Berg, Bergweg 1, 6300 AA Valkenburg" in body
        vevent = ics_of(mail.outbox[0]).walk("VEVENT")[0]
        assert str(vevent["LOCATION"]) == "Hotel De Berg, Bergweg 1, 6300 AA Valkenburg"

    def test_full_date_puts_people_on_the_waitlist_without_the_link(
        self, client, online_event, django_capture_on_commit_callbacks
    ):
        for number in range(3):
            register(
                client,
                django_capture_on_commit_callbacks,
                online_event.url,
                email=f"p{number}@example.com",
            )
        statuses = list(Registration.objects.order_by("pk").values_list("status", flat=True))
        assert statuses == [Status.CONFIRMED, Status.CONFIRMED, Status.WAITLIST]
        waitlist_mail = mail.outbox[2]
        assert waitlist_mail.subject.startswith("Je staat op de wachtlijst")
        assert MEETING_URL not in waitlist_mail.body
        assert MEETING_URL not in waitlist_mail.alternatives[0][0]
        vevent = ics_of(waitlist_mail).walk("VEVENT")[0]
        assert vevent["STATUS"] == "TENTATIVE"
        assert MEETING_URL not in vevent.to_ical().decode()
        client.get(online_event.url)  # shows the posts' outcome once, without the form
        page = client.get(online_event.url)
        assert "Alle plaatsen zijn bezet. Er is een wachtlijst." in page.content.decode()
        assert "Zet me op de wachtlijst" in page.content.decode()

    def test_waitlist_place_is_told_by_mail_and_on_screen_with_its_position(
        self, client, online_event, django_capture_on_commit_callbacks
    ):
        occurrence = online_event.occurrences.get()
        RegistrationFactory.create_batch(2, occurrence=occurrence)
        response = register(client, django_capture_on_commit_callbacks, online_event.url)
        page = client.get(response["Location"])
        assert messages_of(page) == [
            f"Dank je wel. Online training op {WHEN(online_event)} is vol, dus je staat op de "
            "wachtlijst, op plaats 1. Komt er een plaats vrij, dan krijg je meteen bericht. "
            "In je mailbox vind je de bevestiging."
        ]
        assert mail.outbox[0].subject.startswith("Je staat op de wachtlijst")

    def test_the_page_answers_the_same_for_a_new_and_a_known_address(
        self, client, online_event, django_capture_on_commit_callbacks
    ):
        new = register(client, django_capture_on_commit_callbacks, online_event.url)
        new_page = client.get(new["Location"])
        known = register(
            client,
            django_capture_on_commit_callbacks,
            online_event.url,
            email=" LAURA@example.com ",
            name="Laura nog een keer",
        )
        known_page = client.get(known["Location"])
        assert (new.status_code, new["Location"]) == (known.status_code, known["Location"])
        assert messages_of(new_page) == messages_of(known_page)
        assert "al aangemeld" not in known_page.content.decode()
        assert Registration.objects.count() == 1
        # The mail for the repeat says so, to the address that was registered.
        assert len(mail.outbox) == 2
        repeat = mail.outbox[1]
        assert repeat.to == ["laura@example.com"]
        assert repeat.subject.startswith("Je was al aangemeld: Online training")
        assert "Beste Laura Jansen," in repeat.body
        assert "je was al aangemeld voor deze datum" in repeat.body
        assert "/bijeenkomsten/afmelden/" in repeat.body
        assert MEETING_URL in repeat.body  # they hold a seat
        assert ics_of(repeat).walk("VEVENT")[0]["STATUS"] == "CONFIRMED"

    def test_the_repeat_mail_goes_at_most_once_an_hour_per_address_and_date(
        self, client, agenda, settings, django_capture_on_commit_callbacks
    ):
        settings.RATELIMIT_ENABLE = False
        first = timezone.localdate() + datetime.timedelta(days=3)
        series = EventPageFactory(
            parent=agenda,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=1),
        )
        one, other = series.occurrences.all()
        start = timezone.now()

        def repeats() -> int:
            return sum(m.subject.startswith("Je was al aangemeld") for m in mail.outbox)

        with time_machine.travel(start, tick=False):
            for url in [one.get_url(), other.get_url()]:
                register(client, django_capture_on_commit_callbacks, url)
            for _attempt in range(3):
                register(client, django_capture_on_commit_callbacks, one.get_url())
            assert repeats() == 1
            # Another date is another registration: its own repeat mail.
            register(client, django_capture_on_commit_callbacks, other.get_url())
            assert repeats() == 2
        with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
            register(client, django_capture_on_commit_callbacks, one.get_url(), email="LAURA@x.nl")
            register(client, django_capture_on_commit_callbacks, one.get_url())
            assert repeats() == 2
        with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
            register(client, django_capture_on_commit_callbacks, one.get_url())
            register(client, django_capture_on_commit_callbacks, one.get_url())
            assert repeats() == 3
        assert Registration.objects.filter(email_normalised="laura@example.com").count() == 2

    def test_repeat_notice_in_the_service(self, online_event, django_capture_on_commit_callbacks):
        registration = RegistrationFactory(occurrence=online_event.occurrences.get())
        now = timezone.now()
        with django_capture_on_commit_callbacks(execute=True):
            assert services.registration_repeat_notify(registration=registration, now=now)
            assert not services.registration_repeat_notify(registration=registration, now=now)
            later = now + services.REPEAT_NOTICE_INTERVAL
            assert services.registration_repeat_notify(registration=registration, now=later)
        assert len(mail.outbox) == 2
        # A cancelled registration is no longer "already registered".
        services.registration_cancel(registration=registration, notify=False)
        much_later = later + datetime.timedelta(days=1)
        assert not services.registration_repeat_notify(registration=registration, now=much_later)

    def test_the_same_address_may_register_for_another_date_of_a_series(
        self, client, agenda, django_capture_on_commit_callbacks
    ):
        first = timezone.localdate() + datetime.timedelta(days=1)
        series = EventPageFactory(
            parent=agenda,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=2),
        )
        for occurrence in series.occurrences.all():
            register(client, django_capture_on_commit_callbacks, occurrence.get_url())
        assert Registration.objects.filter(status=Status.CONFIRMED).count() == 3

    def test_database_refuses_a_duplicate(self, online_event):
        occurrence = online_event.occurrences.get()
        RegistrationFactory(occurrence=occurrence, email="dubbel@example.com")
        with pytest.raises(IntegrityError), transaction.atomic():
            RegistrationFactory(occurrence=occurrence, email="dubbel@example.com")
        # A cancelled registration does not block a new one.
        Registration.objects.update(status=Status.CANCELLED)
        RegistrationFactory(occurrence=occurrence, email="dubbel@example.com")

    def test_members_only_asks_for_the_member_address_and_registers_nobody(
        self, client, agenda, signup_link, django_capture_on_commit_callbacks
    ):
        """Verified membership is tested in tests/membership/test_member_events.py; here:
        no self-declared question, and nothing typed gives a seat."""
        event = EventPageFactory(parent=agenda, open_to_non_members=False)
        page = client.get(event.url).content.decode()
        assert "Alleen voor leden" in page
        assert 'Nog geen lid? <a href="/word-lid-hier/">Word lid</a>' in page
        assert 'name="is_member"' not in page and 'name="name"' not in page
        response = register(client, django_capture_on_commit_callbacks, event.url)
        assert response.status_code == 302
        assert not Registration.objects.exists()
        assert mail.outbox == []  # laura@example.com is nobody's member address

    def test_without_a_signup_page_no_link(
        self, client, agenda, monkeypatch, django_capture_on_commit_callbacks
    ):
        monkeypatch.delitem(registry.links, "join", raising=False)
        event = EventPageFactory(parent=agenda, open_to_non_members=False)
        page = client.get(event.url).content.decode()
        assert "Alleen voor leden." in page and "Word lid" not in page
        response = register(client, django_capture_on_commit_callbacks, event.url)
        assert response.status_code == 302
        assert not Registration.objects.exists()

    def test_members_only_in_the_service_too(self, agenda):
        event = EventPageFactory(parent=agenda, open_to_non_members=False)
        with pytest.raises(services.MembersOnly):
            services.registration_create(
                occurrence=event.occurrences.get(), name="Niet lid", email="n@example.com"
            )

    def test_closes_at_the_deadline(self, client, agenda, django_capture_on_commit_callbacks):
        start = days_from_now(10)
        event = EventPageFactory(
            parent=agenda, start=start, registration_deadline=start - datetime.timedelta(days=2)
        )
        with time_machine.travel(start - datetime.timedelta(days=2, minutes=1)):
            assert 'name="email"' in client.get(event.url).content.decode()
        with time_machine.travel(start - datetime.timedelta(days=2)):
            page = client.get(event.url).content.decode()
            assert 'name="email"' not in page
            assert "Aanmelden voor deze datum is gesloten." in page
            response = register(client, django_capture_on_commit_callbacks, event.url)
            assert response.status_code == 302
            assert not Registration.objects.exists()
            with pytest.raises(services.RegistrationClosed):
                services.registration_create(
                    occurrence=event.occurrences.get(), name="X", email="x@x.nl"
                )

    def test_without_deadline_closes_at_the_start(self, client, agenda):
        start = days_from_now(3)
        event = EventPageFactory(parent=agenda, start=start)
        with time_machine.travel(start - datetime.timedelta(seconds=1)):
            assert 'name="email"' in client.get(event.url).content.decode()
        with time_machine.travel(start):
            page = client.get(event.url).content.decode()
            assert 'name="email"' not in page
            assert "al begonnen of voorbij" in page

    def test_series_deadline_applies_before_every_date(self, agenda):
        first = timezone.localdate() + datetime.timedelta(days=3)
        series = EventPageFactory(
            parent=agenda,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=2),
            registration_deadline=at(first - datetime.timedelta(days=1), 12),
        )
        for occurrence in series.occurrences.all():
            assert occurrence.start - occurrence.registration_closes == datetime.timedelta(hours=28)

    def test_no_registration_for_a_cancelled_date(
        self, client, agenda, django_capture_on_commit_callbacks
    ):
        event = EventPageFactory(parent=agenda, status=EventStatus.CANCELLED)
        response = register(client, django_capture_on_commit_callbacks, event.url)
        assert response.status_code == 302
        assert not Registration.objects.exists()
        with pytest.raises(services.OccurrenceCancelled):
            services.registration_create(
                occurrence=event.occurrences.get(), name="X", email="x@x.nl"
            )

    def test_registration_switched_off(self, client, agenda):
        event = EventPageFactory(parent=agenda, registration_enabled=False)
        html = client.get(event.url).content.decode()
        assert 'name="email"' not in html
        assert "niet nodig of niet mogelijk" in html

    def test_invalid_form_keeps_input_and_explains_in_dutch(
        self, client, online_event, django_capture_on_commit_callbacks
    ):
        response = register(
            client,
            django_capture_on_commit_callbacks,
            online_event.url,
            email="geen-adres",
            name="",
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Er ging iets mis" in html
        assert "Vul je naam in." in html
        assert "Vul een geldig e-mailadres in" in html
        assert 'value="geen-adres"' in html
        assert not Registration.objects.exists()


@pytest.mark.django_db
class SpamDefenceTests:
    def test_honeypot_and_minimum_fill_time(
        self, client, online_event, django_capture_on_commit_callbacks
    ):
        bot = register(
            client, django_capture_on_commit_callbacks, online_event.url, honeypot="http://x"
        )
        assert bot.status_code == 200
        assert "kon niet worden verstuurd" in bot.content.decode()
        fast = register(
            client,
            django_capture_on_commit_callbacks,
            online_event.url,
            rendered_at=signed_timestamp(),
        )
        assert "Dat ging wel erg snel" in fast.content.decode()
        assert not Registration.objects.exists()

    def test_sixth_post_in_a_minute_is_refused(self, client, online_event):
        with time_machine.travel(window_start(60)):
            statuses = [
                client.post(
                    online_event.url, registration_data(email=f"r{n}@example.com")
                ).status_code
                for n in range(6)
            ]
        assert statuses == [302, 302, 302, 302, 302, 429]

    def test_hostile_input_never_fails_and_is_escaped_and_kept(
        self, client, agenda, settings, django_capture_on_commit_callbacks
    ):
        settings.RATELIMIT_ENABLE = False
        event = EventPageFactory(parent=agenda)
        strings = hostile_strings()
        assert len(strings) == HOSTILE_COUNT
        for value in strings:
            response = register(
                client,
                django_capture_on_commit_callbacks,
                event.url,
                name=value,
                organisation=value,
                email=value,
            )
            assert response.status_code == 200, value
            html = response.content.decode()
            assert escape(value) in html, value
            if "<" in value:
                assert value not in html, value
        for number, value in enumerate(strings):
            response = register(
                client,
                django_capture_on_commit_callbacks,
                event.url,
                name=value,
                organisation=value,
                email=f"hostile{number}@example.com",
            )
            assert response.status_code in (200, 302), value
            if response.status_code == 302:
                registration = Registration.objects.get(email=f"hostile{number}@example.com")
                assert registration.name == value.strip()
                assert registration.organisation == value.strip()[:160]
        assert Registration.objects.count() > len(strings) / 2
        html = mail.outbox[-1].alternatives[0][0]
        assert "<script>" not in html


@pytest.mark.django_db
class WaitlistAndCancelTests:
    def test_cancel_link_asks_first_then_frees_the_seat_for_the_first_in_line(
        self, client, online_event, django_capture_on_commit_callbacks
    ):
        emails = ["a@example.com", "b@example.com", "c@example.com", "d@example.com"]
        for email in emails:
            register(client, django_capture_on_commit_callbacks, online_event.url, email=email)
        link = cancel_path(mail.outbox[0])

        # A mail scanner following the link changes nothing.
        confirm = client.get(link)
        assert confirm.status_code == 200
        assert "Wil je je afmelden" in confirm.content.decode()
        assert Registration.objects.get(email="a@example.com").status == Status.CONFIRMED

        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(link)
        assert response.status_code == 302
        status = dict(Registration.objects.values_list("email", "status"))
        assert status == {
            "a@example.com": Status.CANCELLED,
            "b@example.com": Status.CONFIRMED,
            "c@example.com": Status.CONFIRMED,  # first on the waitlist
            "d@example.com": Status.WAITLIST,
        }
        by_recipient = {message.to[0]: message for message in mail.outbox}
        assert by_recipient["a@example.com"].subject.startswith("Je bent afgemeld")
        promoted = by_recipient["c@example.com"]
        assert promoted.subject.startswith("Er is een plaats vrij")
        assert MEETING_URL in promoted.body
        assert ics_of(promoted).walk("VEVENT")[0]["STATUS"] == "CONFIRMED"
        assert "d@example.com" not in by_recipient

        done = client.get(link)
        assert "Je bent afgemeld" in done.content.decode()
        # Cancelling twice changes nothing.
        with django_capture_on_commit_callbacks(execute=True):
            client.post(link)
        assert Registration.objects.get(email="d@example.com").status == Status.WAITLIST

    def test_waitlist_is_promoted_in_order(self, online_event):
        occurrence = online_event.occurrences.get()
        seats = RegistrationFactory.create_batch(2, occurrence=occurrence)
        base = timezone.now()
        waiting = [
            RegistrationFactory(
                occurrence=occurrence,
                status=Status.WAITLIST,
                created_at=base + datetime.timedelta(seconds=number),
            )
            for number in (3, 1, 2)
        ]
        in_line = sorted(waiting, key=lambda registration: registration.created_at)
        promoted = services.registration_cancel(registration=seats[0])
        assert promoted == [in_line[0]]
        promoted = services.registration_cancel(registration=seats[1])
        assert promoted == [in_line[1]]
        # Leaving the waitlist frees no seat.
        assert services.registration_cancel(registration=in_line[2]) == []

    def test_larger_capacity_promotes_the_waitlist_on_publish(self, online_event):
        occurrence = online_event.occurrences.get()
        RegistrationFactory.create_batch(2, occurrence=occurrence)
        waiting = RegistrationFactory(occurrence=occurrence, status=Status.WAITLIST)
        online_event.capacity = 3
        online_event.save_revision().publish()
        waiting.refresh_from_db()
        assert waiting.status == Status.CONFIRMED

    def test_bad_and_expired_links(self, client, online_event):
        registration = RegistrationFactory(occurrence=online_event.occurrences.get())
        token = services.cancel_token(registration)
        bad = client.post(f"/bijeenkomsten/afmelden/{token[:-2]}xx/")
        assert bad.status_code == 404
        assert "Deze link werkt niet" in bad.content.decode()
        with time_machine.travel(timezone.now() + datetime.timedelta(days=4 * 366)):
            expired = client.post(f"/bijeenkomsten/afmelden/{token}/")
        assert expired.status_code == 410
        registration.refresh_from_db()
        assert registration.status == Status.CONFIRMED

    def test_no_cancelling_after_the_start(self, client, online_event):
        occurrence = online_event.occurrences.get()
        registration = RegistrationFactory(occurrence=occurrence)
        token = services.cancel_token(registration)
        with time_machine.travel(occurrence.start + datetime.timedelta(minutes=5)):
            response = client.post(f"/bijeenkomsten/afmelden/{token}/")
        assert "al begonnen" in response.content.decode()
        registration.refresh_from_db()
        assert registration.status == Status.CONFIRMED

    def test_the_old_link_after_registering_again_is_for_the_new_registration(
        self, client, online_event, django_capture_on_commit_callbacks
    ):
        register(client, django_capture_on_commit_callbacks, online_event.url)
        old_link = cancel_path(mail.outbox[0])
        with django_capture_on_commit_callbacks(execute=True):
            client.post(old_link)
        register(client, django_capture_on_commit_callbacks, online_event.url)
        again = Registration.objects.get(status=Status.CONFIRMED)

        # The first mail's link must not say "you are cancelled" while a seat is held.
        page = client.get(old_link).content.decode()
        assert "Wil je je afmelden" in page
        assert "Je bent afgemeld" not in page
        with django_capture_on_commit_callbacks(execute=True):
            client.post(old_link)
        again.refresh_from_db()
        assert again.status == Status.CANCELLED
        assert "Je bent afgemeld" in client.get(old_link).content.decode()

    def test_registering_again_after_cancelling(
        self, client, online_event, django_capture_on_commit_callbacks
    ):
        register(client, django_capture_on_commit_callbacks, online_event.url)
        services.registration_cancel(registration=Registration.objects.get())
        register(client, django_capture_on_commit_callbacks, online_event.url)
        assert sorted(Registration.objects.values_list("status", flat=True)) == [
            Status.CANCELLED,
            Status.CONFIRMED,
        ]


@pytest.mark.django_db
class PersonalDataTests:
    def test_export_and_erase_by_address(self, online_event, django_capture_on_commit_callbacks):
        occurrence = online_event.occurrences.get()
        mine = RegistrationFactory(occurrence=occurrence, email="ik@example.com", name="Ik")
        RegistrationFactory(occurrence=occurrence)
        waiting = RegistrationFactory(occurrence=occurrence, status=Status.WAITLIST)
        personal_data = registry.personal_data["events"]
        exported = personal_data.export("IK@example.com")
        assert len(exported) == 1
        assert isinstance(exported[0], PersonalRecord)
        assert exported[0].kind == "event_registration"
        assert exported[0].created == mine.created_at
        assert exported[0].fields["name"] == "Ik"
        assert exported[0].fields["event"] == "Online training"
        assert exported[0].fields["email"] == "ik@example.com"
        assert set(exported[0].fields) == {
            "event",
            "date",
            "name",
            "email",
            "organisation",
            "member",
            "status",
            "registered_at",
            "promoted_at",
            "cancelled_at",
        }
        with django_capture_on_commit_callbacks(execute=True):
            assert personal_data.erase("ik@example.com") == 1
        assert not Registration.objects.filter(pk=mine.pk).exists()
        waiting.refresh_from_db()
        assert waiting.status == Status.CONFIRMED  # the seat went on
        assert all("ik@example.com" not in message.to for message in mail.outbox)
        assert personal_data.export("ik@example.com") == []

    def test_purge_removes_registrations_a_year_after_the_date(self, agenda):
        old = EventPageFactory(parent=agenda, start=days_from_now(-400))
        recent = EventPageFactory(parent=agenda, start=days_from_now(-30))
        gone = RegistrationFactory(occurrence=old.occurrences.get())
        kept = RegistrationFactory(occurrence=recent.occurrences.get())
        out = io.StringIO()
        call_command("purge_event_registrations", stdout=out)
        assert "Removed 1 event registration(s)." in out.getvalue()
        assert not Registration.objects.filter(pk=gone.pk).exists()
        assert Registration.objects.filter(pk=kept.pk).exists()
        call_command("purge_event_registrations", "--days=7", stdout=io.StringIO())
        assert not Registration.objects.exists()


@pytest.mark.django_db
class EmailNormalisationTests:
    """Addresses are compared as home.emails.normalise_email spells them, the one rule of
    every app; mail goes to the address as typed."""

    def test_one_registration_per_normalised_address(self, online_event):
        occurrence = online_event.occurrences.get()
        first = services.registration_create(
            occurrence=occurrence, name="Eén", email="Straße@ÉXAMPLE.nl"
        )
        assert first.email == "Straße@ÉXAMPLE.nl"
        assert first.email_normalised == normalise_email("Straße@ÉXAMPLE.nl")
        with pytest.raises(services.AlreadyRegistered):
            services.registration_create(
                occurrence=occurrence, name="Twee", email="STRASSE@éxample.nl"
            )
        assert Registration.objects.for_email("strasse@xn--xample-9ua.nl").get() == first

    def test_an_address_that_grows_when_normalised_still_fits_and_is_mailed_as_typed(
        self, online_event, django_capture_on_commit_callbacks
    ):
        address = "a@" + ".".join(["İ" * 20] * 11) + ".nl"
        assert len(address) <= 254 < len(address.lower())
        with django_capture_on_commit_callbacks(execute=True):
            registration = services.registration_create(
                occurrence=online_event.occurrences.get(),
                name="Lang",
                email=address,
            )
        registration.refresh_from_db()
        assert len(registration.email_normalised) <= 254
        assert mail.outbox[0].to == [address]


@pytest.mark.django_db
class RenormaliseMigrationTests:
    """Migration 0003 fills in the normalised address of stored registrations; where two
    active ones of one date turn out to be one address, the earliest keeps its place."""

    def test_renormalise(self, online_event):
        migration = import_module("events.migrations.0003_registration_email_normalised")
        occurrence = online_event.occurrences.get()
        base = timezone.now()
        stored = [
            ("later@example.com", Status.CONFIRMED, 5),
            ("ｌａｔｅｒ@example.com", Status.WAITLIST, 1),  # full-width: NFKC folds it
            ("LATER@EXAMPLE.COM", Status.CANCELLED, 0),
            ("other@example.com", Status.CONFIRMED, 2),
        ]
        rows = []
        for number, (email, status, minutes) in enumerate(stored):
            row = RegistrationFactory(
                occurrence=occurrence,
                email=f"tijdelijk{number}@example.com",
                status=status,
                created_at=base + datetime.timedelta(minutes=minutes),
            )
            # As the old rule left them: the normalised column not filled in yet.
            Registration.objects.filter(pk=row.pk).update(
                email=email, email_normalised=f"oud-{row.pk}"
            )
            rows.append(row)
        migration.renormalise(django_apps, None)
        by_pk = {r.pk: r for r in Registration.objects.all()}
        assert {r.email_normalised for r in by_pk.values()} == {
            "later@example.com",
            "other@example.com",
        }
        assert by_pk[rows[1].pk].status == Status.WAITLIST  # the earliest active one
        assert by_pk[rows[0].pk].status == Status.CANCELLED
        assert by_pk[rows[0].pk].cancelled_at is not None
        assert by_pk[rows[2].pk].status == Status.CANCELLED
        assert by_pk[rows[2].pk].cancelled_at is None  # it was cancelled already
        assert by_pk[rows[3].pk].status == Status.CONFIRMED
        assert by_pk[rows[1].pk].email == "ｌａｔｅｒ@example.com"  # mail still goes as typed
