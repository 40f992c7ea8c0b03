"""Calendar files: parsed with icalendar and validated with vobject, as a calendar program
would read them."""

import datetime
from zoneinfo import ZoneInfo

from django.core import mail
from django.utils import timezone

import pytest
import vobject
from icalendar import Calendar

from events import services
from events.models import (
    AttendanceMode,
    EventPage,
    EventStatus,
    EventType,
    Repeat,
)
from tests.events.factories import EventPageFactory, at, days_from_now

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MEETING_URL = "https://vergaderen.example.nl/nooit-openbaar-5521"


def parse(response) -> Calendar:
    """Parse a calendar response with both libraries; vobject validates it."""
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    text = response.content.decode("utf-8")
    assert MEETING_URL not in text
    parsed = vobject.readOne(text)
    assert parsed.validate(raiseException=True)
    for vevent in parsed.contents.get("vevent", []):
        assert vevent.validate(raiseException=True)
    parsed.serialize()  # vobject writes it back out, validating again
    return Calendar.from_ical(response.content)


def vevents(calendar: Calendar) -> list:
    return list(calendar.walk("VEVENT"))


@pytest.fixture
def series(agenda):
    """Four Thursdays at 16:00 across the change to summer time, the third one cancelled."""
    first = datetime.date(2031, 3, 13)
    return EventPageFactory(
        parent=agenda,
        title="Wekelijks contactmoment",
        event_type=EventType.CONTACT_MOMENT,
        attendance_mode=AttendanceMode.ONLINE,
        online_meeting_url=MEETING_URL,
        start=at(first, 16),
        end=at(first, 17),
        repeat=Repeat.WEEKLY,
        repeat_until=datetime.date(2031, 4, 3),
        cancelled_days=[datetime.date(2031, 3, 27)],
    )


@pytest.mark.django_db
class EventCalendarFileTests:
    def test_single_event_by_plain_get(self, client, agenda):
        event = EventPageFactory(
            parent=agenda,
            title="Workshop gastvrijheid",
            start=at(datetime.date(2031, 7, 1), 19),
            end=at(datetime.date(2031, 7, 1), 21),
            online_meeting_url=MEETING_URL,
            attendance_mode=AttendanceMode.MIXED,
        )
        page = client.get(event.url).content.decode()
        assert f'href="/kalender/bijeenkomst/{event.pk}.ics"' in page
        response = client.get(f"/kalender/bijeenkomst/{event.pk}.ics")
        assert response["Content-Disposition"] == 'attachment; filename="workshop-gastvrijheid.ics"'
        calendar = parse(response)
        assert calendar["VERSION"] == "2.0"
        assert calendar["PRODID"]
        [vevent] = vevents(calendar)
        occurrence = event.occurrences.get()
        assert str(vevent["UID"]) == f"occurrence-{occurrence.pk}@testserver"
        assert vevent["DTSTAMP"].dt.tzinfo is not None
        start = vevent["DTSTART"].dt
        assert start == datetime.datetime(2031, 7, 1, 19, tzinfo=AMSTERDAM)
        assert start.utcoffset() == datetime.timedelta(hours=2)
        assert vevent["DTSTART"].params["TZID"] == "Europe/Amsterdam"
        assert vevent["DTEND"].dt == datetime.datetime(2031, 7, 1, 21, tzinfo=AMSTERDAM)
        assert str(vevent["SUMMARY"]) == "Workshop gastvrijheid"
        assert str(vevent["LOCATION"]) == "Hotel De Berg, Bergweg 1, 6300 AA Valkenburg en Online"
        assert str(vevent["URL"]) == f"http://testserver{event.url}"
        assert vevent["STATUS"] == "CONFIRMED"
        assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Amsterdam"

    def test_uid_is_stable_when_the_event_moves(self, client, agenda):
        event = EventPageFactory(parent=agenda, start=days_from_now(5))
        first = vevents(parse(client.get(f"/kalender/bijeenkomst/{event.pk}.ics")))[0]
        event.start += datetime.timedelta(days=7)
        event.end += datetime.timedelta(days=7)
        event.status = EventStatus.RESCHEDULED
        event.save_revision().publish()
        moved = vevents(parse(client.get(f"/kalender/bijeenkomst/{event.pk}.ics")))[0]
        assert moved["UID"] == first["UID"]
        assert moved["DTSTART"].dt - first["DTSTART"].dt == datetime.timedelta(days=7)

    def test_cancelled_event_is_status_cancelled(self, client, agenda):
        event = EventPageFactory(parent=agenda, status=EventStatus.CANCELLED)
        [vevent] = vevents(parse(client.get(f"/kalender/bijeenkomst/{event.pk}.ics")))
        assert vevent["STATUS"] == "CANCELLED"

    def test_series_is_one_vevent_with_rrule_and_exdate(self, client, series):
        response = client.get(f"/kalender/bijeenkomst/{series.pk}.ics")
        calendar = parse(response)
        [vevent] = vevents(calendar)
        assert str(vevent["UID"]) == f"series-{series.pk}@testserver"
        rule = vevent["RRULE"]
        assert rule["FREQ"] == ["WEEKLY"]
        assert rule["INTERVAL"] == [1]
        assert rule["UNTIL"][0] == datetime.datetime(2031, 4, 3, 14, tzinfo=datetime.UTC)
        excluded = [item.dt for exdate in [vevent["EXDATE"]] for item in exdate.dts]
        assert excluded == [datetime.datetime(2031, 3, 27, 16, tzinfo=AMSTERDAM)]
        # What a calendar program makes of it: three dates, all at 16:00 Amsterdam time,
        # before and after the change to summer time on 30 March.
        parsed = vobject.readOne(response.content.decode())
        dates = list(parsed.vevent.getrruleset())
        assert [d.date() for d in dates] == [
            datetime.date(2031, 3, 13),
            datetime.date(2031, 3, 20),
            datetime.date(2031, 4, 3),
        ]
        assert {d.astimezone(AMSTERDAM).hour for d in dates} == {16}
        assert [d.utcoffset() for d in dates] == [
            datetime.timedelta(hours=1),
            datetime.timedelta(hours=1),
            datetime.timedelta(hours=2),
        ]

    def test_one_date_of_a_series_and_its_cancelled_date(self, client, series):
        occurrences = list(series.occurrences.all())
        response = client.get(f"/kalender/bijeenkomst/{series.pk}/2031-03-20.ics")
        assert "wekelijks-contactmoment-2031-03-20.ics" in response["Content-Disposition"]
        [vevent] = vevents(parse(response))
        assert str(vevent["UID"]) == f"occurrence-{occurrences[1].pk}@testserver"
        assert vevent["STATUS"] == "CONFIRMED"
        assert str(vevent["URL"]) == f"http://testserver{series.url}2031-03-20/"
        assert str(vevent["LOCATION"]) == "Online"
        cancelled = client.get(f"/kalender/bijeenkomst/{series.pk}/2031-03-27.ics")
        [vevent] = vevents(parse(cancelled))
        assert vevent["STATUS"] == "CANCELLED"
        page = client.get(f"{series.url}2031-03-20/").content.decode()
        assert f'href="/kalender/bijeenkomst/{series.pk}/2031-03-20.ics"' in page
        assert f'href="/kalender/bijeenkomst/{series.pk}.ics"' in page

    def test_unknown_dates_drafts_and_posts(self, client, agenda, series):
        draft = EventPageFactory(parent=agenda, live=False)
        assert client.get(f"/kalender/bijeenkomst/{draft.pk}.ics").status_code == 404
        assert client.get(f"/kalender/bijeenkomst/{series.pk}/2031-03-21.ics").status_code == 404
        assert client.get(f"/kalender/bijeenkomst/{series.pk}/2031-13-01.ics").status_code == 404
        assert client.get("/kalender/bijeenkomst/999999.ics").status_code == 404
        assert client.post(f"/kalender/bijeenkomst/{series.pk}.ics").status_code == 405

    def test_special_characters_in_the_title(
        self, client, agenda, django_capture_on_commit_callbacks
    ):
        # A title cannot hold a line break in the admin's text box, but can from a script or a
        # crafted post: the calendar name must escape it like any other text.
        title = 'Regel één;\r\nregel "twee", \\ </script>'
        event = EventPageFactory(parent=agenda, title=title, slug="regels")
        [vevent] = vevents(parse(client.get(f"/kalender/bijeenkomst/{event.pk}.ics")))
        assert str(vevent["SUMMARY"]) == title.replace("\r\n", "\n")
        occurrence = event.occurrences.get()
        day = occurrence.local_date.isoformat()
        response = client.get(f"/kalender/bijeenkomst/{event.pk}/{day}.ics")
        parse(response)
        name = vobject.readOne(response.content.decode()).x_wr_calname.value
        assert name == title.replace("\r\n", "\n")
        # The same calendar goes with the confirmation mail.
        with django_capture_on_commit_callbacks(execute=True):
            services.registration_create(
                occurrence=occurrence, name="Gast", email="gast@example.com"
            )
        [message] = mail.outbox
        attached = vobject.readOne(message.attachments[0][1])
        assert attached.x_wr_calname.value == title.replace("\r\n", "\n")

    def test_file_name_of_a_page_with_a_non_ascii_slug(self, client, agenda):
        event = EventPageFactory(parent=agenda, slug="café-活动")
        response = client.get(f"/kalender/bijeenkomst/{event.pk}.ics")
        parse(response)
        assert response["Content-Disposition"] == (
            "attachment; filename*=utf-8''caf%C3%A9-%E6%B4%BB%E5%8A%A8.ics"
        )

    def test_impossible_ids_and_dates_are_not_found(self, client, series):
        # Days at the edge of the calendar, ids no database holds, digits of other scripts.
        for url in [
            f"/kalender/bijeenkomst/{series.pk}/9999-12-31.ics",
            f"/kalender/bijeenkomst/{series.pk}/0001-01-01.ics",
            f"/kalender/bijeenkomst/{series.pk}/0000-01-01.ics",
            f"/kalender/bijeenkomst/{series.pk}/2031-02-30.ics",
            "/kalender/bijeenkomst/99999999999999999999999.ics",
            "/kalender/bijeenkomst/9223372036854775808.ics",
            "/kalender/bijeenkomst/99999999999999999999999/2031-03-20.ics",
            "/kalender/bijeenkomst/\u0668/2031-03-20.ics",
        ]:
            assert client.get(url).status_code == 404, url


@pytest.mark.django_db
class SubscriptionFeedTests:
    def test_all_upcoming_events_in_one_calendar(self, client, agenda, series):
        EventPage.objects.exclude(pk=series.pk).delete()
        soon = EventPageFactory(parent=agenda, title="Binnenkort", start=days_from_now(3))
        EventPageFactory(parent=agenda, title="Lang geleden", start=days_from_now(-100))
        EventPageFactory(parent=agenda, title="Concept", start=days_from_now(4), live=False)
        response = client.get("/kalender/agenda.ics")
        assert response["Content-Disposition"].startswith("inline")
        calendar = parse(response)
        assert str(calendar["X-WR-CALNAME"]) == "Leisure Lab Limburg – agenda"
        by_summary = {str(vevent["SUMMARY"]): vevent for vevent in vevents(calendar)}
        assert set(by_summary) == {"Binnenkort", "Wekelijks contactmoment"}
        assert "RRULE" in by_summary["Wekelijks contactmoment"]
        occurrence = soon.occurrences.get()
        assert str(by_summary["Binnenkort"]["UID"]) == f"occurrence-{occurrence.pk}@testserver"

    def test_one_calendar_per_type_at_a_stable_address(self, client, agenda, series):
        EventPageFactory(
            parent=agenda, title="Training", event_type=EventType.TRAINING, start=days_from_now(2)
        )
        summaries = [
            str(vevent["SUMMARY"])
            for vevent in vevents(parse(client.get("/kalender/training.ics")))
        ]
        assert summaries == ["Training"]
        contact = parse(client.get("/kalender/contactmoment.ics"))
        assert "Wekelijks contactmoment" in [str(v["SUMMARY"]) for v in vevents(contact)]
        assert client.get("/kalender/onbekend.ics").status_code == 404

    def test_feed_follows_publishing(self, client, agenda):
        client.get("/kalender/agenda.ics")  # cached now
        EventPageFactory(parent=agenda, title="Nieuw", start=days_from_now(6))
        agenda.save_revision().publish()  # any publish refreshes the cached feeds
        summaries = [str(v["SUMMARY"]) for v in vevents(parse(client.get("/kalender/agenda.ics")))]
        assert "Nieuw" in summaries

    def test_empty_calendar_is_valid(self, client, agenda):
        EventPage.objects.all().delete()
        assert vevents(parse(client.get("/kalender/themasessie.ics"))) == []

    def test_recent_past_stays_for_a_month(self, client, agenda):
        start = timezone.now() - datetime.timedelta(days=10)
        EventPageFactory(parent=agenda, title="Vorige week", start=start)
        summaries = [str(v["SUMMARY"]) for v in vevents(parse(client.get("/kalender/agenda.ics")))]
        assert "Vorige week" in summaries
