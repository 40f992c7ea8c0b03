"""A series takes one card in the agenda and in "Binnenkort" on the home page: its rhythm and
its next date; its cancelled dates and every single event stay visible."""

import datetime

from django.template import Context, Template
from django.test import RequestFactory

import pytest
import time_machine

from events.models import EventStatus, EventType, Repeat
from events.services import occurrences_sync
from tests.events.factories import EventPageFactory, at

# Tuesday 1 December 2026, noon in Amsterdam: the first date below is Thursday 3 December.
NOW = datetime.datetime(2026, 12, 1, 11, tzinfo=datetime.UTC)
FIRST = datetime.date(2026, 12, 3)
LATER = datetime.date(2026, 12, 12)


@pytest.fixture
def clock():
    with time_machine.travel(NOW, tick=False):
        yield


def weekly(agenda, **fields):
    defaults = {
        "title": "Inloopuur",
        "event_type": EventType.CONTACT_MOMENT,
        "start": at(FIRST, 16),
        "end": at(FIRST, 17),
        "repeat": Repeat.WEEKLY,
        "repeat_interval": 1,
        "repeat_until": FIRST + datetime.timedelta(weeks=30),
    }
    defaults.update(fields)
    return EventPageFactory(parent=agenda, **defaults)


def card_dates(response) -> list[tuple[str, str]]:
    return [(o.event.title, o.local_date.isoformat()) for o in response.context["occurrences"]]


@pytest.mark.django_db
@pytest.mark.usefixtures("clock")
class AgendaSeriesTests:
    def test_a_series_takes_one_card_with_its_rhythm_and_next_date(self, client, agenda):
        weekly(agenda)
        EventPageFactory(parent=agenda, title="Workshop", start=at(LATER, 19))
        response = client.get("/agenda/")
        assert card_dates(response) == [
            ("Inloopuur", "2026-12-03"),
            ("Workshop", "2026-12-12"),
        ]
        html = response.content.decode()
        assert "Elke donderdag 16:00–17:00 · volgende: 3 december" in html
        assert html.count("Inloopuur</a>") == 1

    def test_the_next_date_skips_a_cancelled_one_which_stays_visible(self, client, agenda):
        series = weekly(agenda, cancelled_days=[FIRST])
        occurrences_sync(event=series)
        response = client.get("/agenda/")
        assert card_dates(response) == [
            ("Inloopuur", "2026-12-03"),
            ("Inloopuur", "2026-12-10"),
        ]
        html = response.content.decode()
        assert html.count("event-card--cancelled") == 1
        assert "donderdag 3 december 2026, 16:00–17:00" in html
        assert "Elke donderdag 16:00–17:00 · volgende: 10 december" in html

    def test_every_other_week_and_next_year(self, client, agenda):
        start = datetime.date(2027, 1, 7)
        weekly(agenda, start=at(start, 10), end=at(start, 12), repeat_interval=2)
        html = client.get("/agenda/").content.decode()
        assert "Om de week op donderdag 10:00–12:00 · volgende: 7 januari 2027" in html

    def test_a_cancelled_series_takes_one_card(self, client, agenda):
        weekly(agenda, status=EventStatus.CANCELLED)
        response = client.get("/agenda/")
        assert card_dates(response) == [("Inloopuur", "2026-12-03")]
        assert "Gaat niet door" in response.content.decode()

    def test_the_archive_shows_a_series_once_at_its_last_date(self, client, agenda):
        start = FIRST - datetime.timedelta(weeks=10)
        weekly(agenda, start=at(start, 16), end=at(start, 17), repeat_until=FIRST)
        EventPageFactory(parent=agenda, title="Oud", start=at(start, 19))
        archive = client.get("/agenda/eerder/")
        assert card_dates(archive) == [
            ("Inloopuur", "2026-11-26"),
            ("Oud", start.isoformat()),
        ]
        assert card_dates(client.get("/agenda/")) == [("Inloopuur", "2026-12-03")]

    def test_twenty_series_fill_one_page_with_twenty_events(self, client, agenda):
        for number in range(21):
            weekly(agenda, title=f"Reeks {number:02d}")
        response = client.get("/agenda/")
        titles = [title for title, _day in card_dates(response)]
        assert len(titles) == len(set(titles)) == 20
        assert "?page=2" in response.content.decode()

    def test_binnenkort_on_the_home_page_shows_distinct_events_the_same_way(self, agenda):
        weekly(agenda)
        EventPageFactory(parent=agenda, title="Workshop", start=at(LATER, 19))
        request = RequestFactory().get("/")
        html = Template("{% load event_tags %}{% upcoming_events 3 %}").render(
            Context({"request": request})
        )
        assert html.count("Inloopuur</a>") == 1
        assert "Elke donderdag 16:00–17:00 · volgende: 3 december" in html
        assert "Workshop</a>" in html
