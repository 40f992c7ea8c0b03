"""Series: every date generated from the rule, kept in step with the page on publish, and one
date cancelled on its own."""

import datetime

from django.core import mail

import pytest
from icalendar import Calendar

from events.models import EventPage, EventPageCancelledDate, Registration, Repeat
from tests.events.factories import EventPageFactory, RegistrationFactory, at, days_from_now

Status = Registration.Status


def local_days(event) -> list[str]:
    return [occurrence.local_date.isoformat() for occurrence in event.occurrences.all()]


def publish(page) -> None:
    page.save_revision().publish()


class PlannedDatesTests:
    def event(self, **fields) -> EventPage:
        first = datetime.date(2031, 3, 6)
        defaults = {
            "start": at(first, 16),
            "end": at(first, 17),
            "repeat": Repeat.WEEKLY,
            "repeat_interval": 1,
            "repeat_until": datetime.date(2031, 4, 10),
        }
        defaults.update(fields)
        return EventPage(**defaults)

    def test_weekly_until_a_date_inclusive(self):
        dates = self.event().planned_dates()
        assert [start.date() for start, _end in dates] == [
            datetime.date(2031, 3, 6) + datetime.timedelta(weeks=week) for week in range(6)
        ]

    def test_every_other_week(self):
        dates = self.event(
            repeat_interval=2, repeat_until=datetime.date(2031, 4, 2)
        ).planned_dates()
        assert [start.date().isoformat() for start, _end in dates] == [
            "2031-03-06",
            "2031-03-20",
        ]

    def test_keeps_the_wall_clock_time_across_summer_time(self):
        dates = self.event().planned_dates()
        for start, end in dates:
            local_start = start.astimezone(at(start.date(), 0).tzinfo)
            assert (local_start.hour, local_start.minute) == (16, 0)
            assert end - start == datetime.timedelta(hours=1)
        assert dates[0][0].utcoffset() == datetime.timedelta(hours=1)
        assert dates[-1][0].utcoffset() == datetime.timedelta(hours=2)

    def test_single_event_has_one_date(self):
        event = self.event(repeat=Repeat.NONE)
        assert event.planned_dates() == [(event.start, event.end)]

    def test_a_series_is_capped_at_two_years(self):
        event = self.event(repeat_until=datetime.date(2040, 1, 1))
        assert len(event.planned_dates()) <= 2 * 53 + 1


@pytest.mark.django_db
class SeriesSyncTests:
    @pytest.fixture
    def series(self, agenda):
        first = days_from_now(1, 16).date()
        return EventPageFactory(
            parent=agenda,
            title="Contactmoment",
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=3),
        )

    def test_cancelling_one_date_tells_the_people_registered_for_it(
        self, series, django_capture_on_commit_callbacks
    ):
        occurrences = list(series.occurrences.all())
        second = occurrences[1]
        registered = RegistrationFactory(occurrence=second, email="gast@example.com")
        RegistrationFactory(occurrence=occurrences[2], email="ander@example.com")

        series.cancelled_dates.add(
            EventPageCancelledDate(date=second.local_date, reason="Carnaval")
        )
        with django_capture_on_commit_callbacks(execute=True):
            publish(series)

        cancelled = [o.cancelled for o in series.occurrences.all()]
        assert cancelled == [False, True, False, False]
        assert [o.pk for o in series.occurrences.all()] == [o.pk for o in occurrences]
        assert [message.to for message in mail.outbox] == [["gast@example.com"]]
        message = mail.outbox[0]
        assert message.subject.startswith("Gaat niet door: Contactmoment")
        assert "Carnaval" in message.body
        vevent = Calendar.from_ical(message.attachments[0][1]).walk("VEVENT")[0]
        assert vevent["STATUS"] == "CANCELLED"
        registered.refresh_from_db()
        assert registered.status == Status.CONFIRMED  # kept, for the record

    def test_cancelled_date_on_the_pages(self, client, series):
        second = list(series.occurrences.all())[1]
        series.cancelled_dates.add(EventPageCancelledDate(date=second.local_date, reason=""))
        publish(series)
        page = client.get(series.url).content.decode()
        assert '<span class="event-status event-status--cancelled">Gaat niet door</span>' in page
        date_page = client.get(second.get_url()).content.decode()
        assert "Deze datum gaat niet door" in date_page
        assert 'name="email"' not in date_page
        agenda = client.get("/agenda/?soort=workshop").content.decode()
        assert agenda.count("event-card--cancelled") == 1

    def test_restoring_a_date_tells_the_people_still_registered_for_it(
        self, series, django_capture_on_commit_callbacks
    ):
        # They were told the date was off and their registration lapsed, but it was kept:
        # when the date is on again they must hear so, or their seat stays empty.
        series.attendance_mode = "online"
        series.online_meeting_url = "https://vergaderen.example.nl/weer-open-4411"
        series.capacity = 1
        publish(series)
        second = list(series.occurrences.all())[1]
        seated = RegistrationFactory(occurrence=second, email="gast@example.com")
        RegistrationFactory(occurrence=second, email="wacht@example.com", status=Status.WAITLIST)
        series.cancelled_dates.add(EventPageCancelledDate(date=second.local_date))
        with django_capture_on_commit_callbacks(execute=True):
            publish(series)
        mail.outbox.clear()
        series.cancelled_dates.clear()
        with django_capture_on_commit_callbacks(execute=True):
            publish(series)
        by_recipient = {message.to[0]: message for message in mail.outbox}
        assert set(by_recipient) == {"gast@example.com", "wacht@example.com"}
        seat = by_recipient["gast@example.com"]
        assert seat.subject.startswith("Gaat toch door: Contactmoment")
        assert "weer-open-4411" in seat.body
        assert Calendar.from_ical(seat.attachments[0][1]).walk("VEVENT")[0]["STATUS"] == (
            "CONFIRMED"
        )
        waiting = by_recipient["wacht@example.com"]
        assert "wachtlijst" in waiting.body
        assert "weer-open-4411" not in waiting.body
        assert "weer-open-4411" not in waiting.alternatives[0][0]
        seated.refresh_from_db()
        assert seated.status == Status.CONFIRMED

    def test_restoring_a_cancelled_date(self, series):
        second = list(series.occurrences.all())[1]
        series.cancelled_dates.add(EventPageCancelledDate(date=second.local_date))
        publish(series)
        series.cancelled_dates.clear()
        publish(series)
        assert not any(o.cancelled for o in series.occurrences.all())

    def test_shortening_deletes_empty_dates_and_cancels_booked_ones(
        self, series, django_capture_on_commit_callbacks
    ):
        occurrences = list(series.occurrences.all())
        RegistrationFactory(occurrence=occurrences[3], email="laatste@example.com")
        series.repeat_until = occurrences[1].local_date
        with django_capture_on_commit_callbacks(execute=True):
            publish(series)
        remaining = list(series.occurrences.all())
        assert [o.pk for o in remaining] == [
            occurrences[0].pk,
            occurrences[1].pk,
            occurrences[3].pk,
        ]
        assert remaining[2].cancelled
        assert [message.to for message in mail.outbox] == [["laatste@example.com"]]

    def test_later_time_moves_every_date_and_tells_the_registered(
        self, series, django_capture_on_commit_callbacks
    ):
        first = series.occurrences.first()
        RegistrationFactory(occurrence=first, email="gast@example.com")
        series.start += datetime.timedelta(minutes=30)
        series.end += datetime.timedelta(minutes=30)
        with django_capture_on_commit_callbacks(execute=True):
            publish(series)
        times = {o.local_start.strftime("%H:%M") for o in series.occurrences.all()}
        assert times == {"16:30"}
        assert mail.outbox[0].subject.startswith("Gewijzigd: Contactmoment")
        assert "16:30–17:30" in mail.outbox[0].body

    def test_republishing_unchanged_changes_nothing(
        self, series, django_capture_on_commit_callbacks
    ):
        RegistrationFactory(occurrence=series.occurrences.first())
        before = list(series.occurrences.values_list("pk", "start", "cancelled"))
        with django_capture_on_commit_callbacks(execute=True):
            publish(series)
        assert list(series.occurrences.values_list("pk", "start", "cancelled")) == before
        assert mail.outbox == []


@pytest.mark.django_db
class SingleEventSyncTests:
    def test_moving_a_single_event_keeps_its_registrations(
        self, agenda, django_capture_on_commit_callbacks
    ):
        event = EventPageFactory(parent=agenda, start=days_from_now(5))
        occurrence = event.occurrences.get()
        registration = RegistrationFactory(occurrence=occurrence)
        event.start += datetime.timedelta(days=3)
        event.end += datetime.timedelta(days=3)
        with django_capture_on_commit_callbacks(execute=True):
            publish(event)
        moved = event.occurrences.get()
        assert moved.pk == occurrence.pk
        assert moved.start == occurrence.start + datetime.timedelta(days=3)
        registration.refresh_from_db()
        assert registration.occurrence_id == moved.pk
        assert len(mail.outbox) == 1
        assert mail.outbox[0].subject.startswith("Gewijzigd")

    def test_series_becoming_single_keeps_the_first_date(self, agenda):
        first = days_from_now(2, 16).date()
        event = EventPageFactory(
            parent=agenda,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=2),
        )
        assert len(local_days(event)) == 3
        event.repeat = Repeat.NONE
        publish(event)
        assert local_days(event) == [first.isoformat()]
