"""The agenda and event pages: what readers see on them. (Where they may live and how editors
create them: test_page_tree.py; the demo events: test_demo.py.)"""

import datetime
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest
import time_machine

from events.models import (
    AttendanceMode,
    EventPage,
    EventStatus,
    EventType,
    Repeat,
)
from tests.events.factories import EventPageFactory, RegistrationFactory, at, days_from_now


def main_html(response) -> str:
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def card_titles(response) -> list[str]:
    return [occurrence.event.title for occurrence in response.context["occurrences"]]


@pytest.mark.django_db
class AgendaTests:
    def test_upcoming_soonest_first_and_past_in_the_archive(self, client, agenda):
        EventPageFactory(parent=agenda, title="Later", start=days_from_now(20))
        EventPageFactory(parent=agenda, title="Eerst", start=days_from_now(2))
        EventPageFactory(parent=agenda, title="Voorbij", start=days_from_now(-10))
        EventPageFactory(parent=agenda, title="Lang geleden", start=days_from_now(-100))
        EventPageFactory(parent=agenda, title="Concept", start=days_from_now(3), live=False)

        response = client.get("/agenda/")
        assert card_titles(response) == ["Eerst", "Later"]
        assert "Eerdere bijeenkomsten" in response.content.decode()

        archive = client.get("/agenda/eerder/")
        assert archive.status_code == 200
        assert card_titles(archive) == ["Voorbij", "Lang geleden"]
        assert "<h1>Eerdere bijeenkomsten</h1>" in archive.content.decode()

    def test_an_event_under_way_is_still_upcoming(self, client, agenda):
        start = timezone.now() - datetime.timedelta(minutes=30)
        EventPageFactory(parent=agenda, title="Nu bezig", start=start)
        assert card_titles(client.get("/agenda/")) == ["Nu bezig"]

    def test_archive_is_paginated(self, client, agenda):
        for number in range(25):
            EventPageFactory(
                parent=agenda, title=f"Oud {number:02d}", start=days_from_now(-1 - number)
            )
        first = client.get("/agenda/eerder/")
        assert len(first.context["occurrences"]) == 20
        assert card_titles(first)[0] == "Oud 00"
        assert "Pagina 1 van 2" in first.content.decode()
        second = client.get("/agenda/eerder/?page=2")
        assert card_titles(second) == [f"Oud {n:02d}" for n in range(20, 25)]
        assert client.get("/agenda/eerder/?page=abc").status_code == 200
        assert client.get("/agenda/eerder/?page=99").status_code == 200

    def test_pages_keep_the_filters(self, client, agenda):
        for number in range(22):
            EventPageFactory(
                parent=agenda, title=f"Workshop {number:02d}", start=days_from_now(-1 - number)
            )
        EventPageFactory(
            parent=agenda, title="Training", event_type=EventType.TRAINING, start=days_from_now(-1)
        )
        html = client.get("/agenda/eerder/?soort=workshop&vorm=locatie").content.decode()
        assert 'href="?soort=workshop&amp;vorm=locatie&amp;page=2" rel="next"' in html
        second = client.get("/agenda/eerder/?soort=workshop&vorm=locatie&page=2")
        assert card_titles(second) == ["Workshop 20", "Workshop 21"]
        assert 'href="?soort=workshop&amp;vorm=locatie&amp;page=1" rel="prev"' in (
            second.content.decode()
        )

    def test_a_series_is_listed_once_with_its_dates_on_its_page(self, client, agenda):
        first = timezone.localdate() + datetime.timedelta(days=1)
        EventPageFactory(
            parent=agenda,
            title="Contactmoment",
            event_type=EventType.CONTACT_MOMENT,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=3),
            attendance_mode=AttendanceMode.ONLINE,
        )
        response = client.get("/agenda/")
        assert card_titles(response) == ["Contactmoment"]
        assert f'href="/agenda/contactmoment/{first.isoformat()}/"' in main_html(response)
        html = main_html(client.get("/agenda/contactmoment/"))
        for week in range(4):
            day = first + datetime.timedelta(weeks=week)
            assert f'href="/agenda/contactmoment/{day.isoformat()}/"' in html

    def test_filters_by_type_and_by_place_or_online(self, client, agenda):
        EventPageFactory(parent=agenda, title="Workshop op locatie", start=days_from_now(1))
        EventPageFactory(
            parent=agenda,
            title="Training online",
            event_type=EventType.TRAINING,
            attendance_mode=AttendanceMode.ONLINE,
            start=days_from_now(2),
        )
        EventPageFactory(
            parent=agenda,
            title="Bedrijfsbezoek hybride",
            event_type=EventType.COMPANY_VISIT,
            attendance_mode=AttendanceMode.MIXED,
            start=days_from_now(3),
        )
        assert card_titles(client.get("/agenda/?soort=training")) == ["Training online"]
        assert card_titles(client.get("/agenda/?vorm=online")) == [
            "Training online",
            "Bedrijfsbezoek hybride",
        ]
        assert card_titles(client.get("/agenda/?vorm=locatie")) == [
            "Workshop op locatie",
            "Bedrijfsbezoek hybride",
        ]
        assert card_titles(client.get("/agenda/?soort=bedrijfsbezoek&vorm=online")) == [
            "Bedrijfsbezoek hybride"
        ]
        # Unknown filter values are ignored, not errors.
        assert len(card_titles(client.get("/agenda/?soort=<script>&vorm=x"))) == 3
        html = client.get("/agenda/?soort=training").content.decode()
        assert '<a href="?soort=training" aria-current="true">Training</a>' in html
        assert '<a href="?">Op locatie en online</a>' not in html  # "?soort=training"
        assert '<a href="?soort=training" aria-current="true">Op locatie en online</a>' in html
        both = client.get("/agenda/?soort=training&vorm=online").content.decode()
        assert '<a href="?vorm=online">Alle soorten</a>' in both
        assert '<a href="?soort=training&amp;vorm=locatie">Op locatie</a>' in both
        assert '<a href="?soort=training&amp;vorm=online" aria-current="true">Online</a>' in both
        assert (
            "Er staan met dit filter nu geen"
            in client.get("/agenda/?soort=themasessie").content.decode()
        )

    def test_card_shows_dutch_date_type_place_audience_and_seats(self, client, agenda):
        start = at(datetime.date(2031, 3, 6), 16)
        event = EventPageFactory(
            parent=agenda,
            title="Kijken in de keuken",
            event_type=EventType.COMPANY_VISIT,
            start=start,
            end=start + datetime.timedelta(hours=1),
            city="Maastricht",
            open_to_non_members=False,
            capacity=3,
        )
        online = EventPageFactory(
            parent=agenda,
            title="Online training",
            event_type=EventType.TRAINING,
            attendance_mode=AttendanceMode.ONLINE,
            start=start + datetime.timedelta(days=1),
            capacity=1,
        )
        RegistrationFactory(occurrence=event.occurrences.get())
        RegistrationFactory(occurrence=online.occurrences.get())
        html = main_html(client.get("/agenda/"))
        assert (
            '<time datetime="2031-03-06T16:00:00+01:00">donderdag 6 maart 2031, 16:00–17:00</time>'
            in html
        )
        assert "<li>Bedrijfsbezoek</li>" in html
        assert "<li>Maastricht</li>" in html
        assert "<li>Leden</li>" in html
        assert "Nog 2 plaatsen" in html
        assert "<li>Online</li>" in html
        assert "<li>Iedereen</li>" in html
        assert '<span class="event-status event-status--full">Vol</span>' in html

    def test_summer_time_is_shown_in_amsterdam_time(self, client, agenda):
        start = at(datetime.date(2031, 7, 3), 16)
        EventPageFactory(parent=agenda, title="Zomer", start=start)
        html = main_html(client.get("/agenda/"))
        assert 'datetime="2031-07-03T16:00:00+02:00"' in html
        assert "donderdag 3 juli 2031, 16:00–18:00" in html

    def test_cancelled_date_is_listed_as_cancelled(self, client, agenda):
        EventPageFactory(parent=agenda, title="Afgelast", status=EventStatus.CANCELLED, capacity=5)
        html = main_html(client.get("/agenda/"))
        assert "event-card--cancelled" in html
        assert "Gaat niet door" in html
        assert "Nog 5 plaatsen" not in html

    def test_subscription_links_are_webcal(self, client, agenda):
        html = client.get("/agenda/?soort=workshop").content.decode()
        assert 'href="webcal://testserver/kalender/agenda.ics"' in html
        assert 'href="webcal://testserver/kalender/workshop.ics"' in html
        assert '<link rel="alternate" type="text/calendar"' in html

    def test_query_count_does_not_grow_with_events(self, client, agenda):
        def count(url: str) -> int:
            client.get(url)  # warm the menu, footer and site caches
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url).status_code == 200
            return len(queries)

        for number in range(3):
            EventPageFactory(
                parent=agenda, title=f"Klein {number}", start=days_from_now(2 * number - 1)
            )
        few = {url: count(url) for url in ["/agenda/", "/agenda/eerder/", "/"]}

        first = timezone.localdate() + datetime.timedelta(days=1)
        for number in range(25):
            event = EventPageFactory(
                parent=agenda,
                title=f"Groot {number}",
                start=days_from_now(number % 20 + 1 if number % 2 else -number - 1),
                capacity=10,
            )
            RegistrationFactory(occurrence=event.occurrences.get())
        EventPageFactory(
            parent=agenda,
            title="Reeks",
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=30),
            capacity=20,
        )
        many = {url: count(url) for url in ["/agenda/", "/agenda/eerder/", "/"]}
        assert few == many
        assert max(many.values()) <= 12


@pytest.mark.django_db
class EventPageTests:
    def test_single_event_page(self, client, agenda):
        event = EventPageFactory(
            parent=agenda,
            title="Workshop social media",
            start=at(datetime.date(2031, 5, 13), 19, 30),
            end=at(datetime.date(2031, 5, 13), 21, 30),
            capacity=10,
            is_free=False,
        )
        response = client.get(event.url)
        assert response.status_code == 200
        html = main_html(response)
        assert "dinsdag 13 mei 2031, 19:30–21:30" in html
        assert "Hotel De Berg" in html and "Bergweg 1" in html and "6300 AA Valkenburg" in html
        assert "Iedereen is welkom, ook niet-leden" in html
        assert "Er zijn kosten aan verbonden" in html
        assert f'href="/kalender/bijeenkomst/{event.pk}.ics"' in html
        assert 'name="name"' in html and 'name="email"' in html
        assert 'name="organisation"' in html and 'name="is_member"' not in html

    def test_series_page_shows_next_date_and_links_every_date(self, client, agenda):
        first = timezone.localdate() - datetime.timedelta(days=14)
        series = EventPageFactory(
            parent=agenda,
            title="Elke week",
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=5),
        )
        response = client.get(series.url)
        upcoming = [o for o in series.occurrences.all() if o.end > timezone.now()]
        assert response.context["occurrence"] == upcoming[0]
        html = main_html(response)
        for occurrence in upcoming:
            assert f'href="{series.url}{occurrence.local_date.isoformat()}/"' in html
        date_page = client.get(f"{series.url}{upcoming[1].local_date.isoformat()}/")
        assert date_page.status_code == 200
        assert date_page.context["occurrence"] == upcoming[1]
        assert f'action="{series.url}{upcoming[1].local_date.isoformat()}/#aanmelden"' in (
            date_page.content.decode()
        )
        # A past date of the series still has its page; a date not in it does not.
        past = series.occurrences.first()
        assert client.get(f"{series.url}{past.local_date.isoformat()}/").status_code == 200
        assert client.get(f"{series.url}2001-01-01/").status_code == 404
        assert client.get(f"{series.url}2031-02-31/").status_code == 404
        # Days at the edge of the calendar are no dates either.
        for day in ["9999-12-31", "0001-01-01", "0000-01-01", "9999-99-99"]:
            assert client.get(f"{series.url}{day}/").status_code == 404, day

    def test_series_sentence_audience_and_seats_of_every_date(self, client, agenda):
        first = datetime.date(2031, 3, 6)  # a Thursday
        series = EventPageFactory(
            parent=agenda,
            title="Om de week",
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_interval=2,
            repeat_until=datetime.date(2031, 4, 17),
            open_to_non_members=False,
            capacity=2,
            cancelled_days=[datetime.date(2031, 4, 3)],
        )
        dates = list(series.occurrences.all())
        RegistrationFactory.create_batch(2, occurrence=dates[0])
        RegistrationFactory(occurrence=dates[1])
        with time_machine.travel(at(datetime.date(2031, 3, 1), 12)):
            html = main_html(client.get(series.url))
        assert "Om de 2 weken op donderdag, tot en met 17 april 2031" in html
        assert "<dd>Alleen voor leden</dd>" in html
        assert "Alle plaatsen zijn bezet. Er is een wachtlijst." in html  # the first date
        statuses = re.findall(r'<span class="event-status[^"]*">([^<]+)</span>', html)
        assert statuses == ["Vol", "Nog 1 plaats", "Gaat niet door", "Nog 2 plaatsen"]
        weekly = EventPageFactory(
            parent=agenda,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=datetime.date(2031, 3, 13),
        )
        with time_machine.travel(at(datetime.date(2031, 3, 1), 12)):
            html = main_html(client.get(weekly.url))
        assert "Elke week op donderdag, tot en met 13 maart 2031" in html
        assert "Iedereen is welkom, ook niet-leden" in html
        assert "event-status" not in html  # no capacity, nothing to say about seats

    def test_a_long_series_lists_ten_dates_and_says_how_many_more(self, client, agenda):
        first = timezone.localdate() + datetime.timedelta(days=1)
        series = EventPageFactory(
            parent=agenda,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=14),
        )
        html = main_html(client.get(series.url))
        assert html.count("<time datetime=") == 1 + 10
        assert f'En nog 5 data daarna: zie de <a href="/agenda/?soort={series.event_type}">' in html

    def test_example_is_marked_as_an_example(self, client, agenda):
        event = EventPageFactory(parent=agenda, is_example=True)
        assert "als voorbeeld" in main_html(client.get(event.url))

    def test_cancelled_event(self, client, agenda):
        event = EventPageFactory(parent=agenda, status=EventStatus.CANCELLED)
        html = main_html(client.get(event.url))
        assert "Deze bijeenkomst gaat niet door" in html
        assert 'name="email"' not in html

    def test_rescheduled_event_says_so(self, client, agenda):
        event = EventPageFactory(parent=agenda, status=EventStatus.RESCHEDULED)
        assert "Deze bijeenkomst is verplaatst" in main_html(client.get(event.url))

    def test_query_count_does_not_grow_with_dates_or_registrations(self, client, agenda):
        first = timezone.localdate() + datetime.timedelta(days=1)

        def series_queries(weeks: int, people: int) -> int:
            series = EventPageFactory(
                parent=agenda,
                start=at(first, 16),
                end=at(first, 17),
                repeat=Repeat.WEEKLY,
                repeat_until=first + datetime.timedelta(weeks=weeks),
                capacity=100,
            )
            for occurrence in series.occurrences.all()[:3]:
                RegistrationFactory.create_batch(people, occurrence=occurrence)
            client.get(series.url)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(series.url).status_code == 200
            return len(queries)

        few, many = series_queries(weeks=2, people=1), series_queries(weeks=40, people=20)
        assert few == many
        assert many <= 12

    def test_only_get_head_and_post(self, client, agenda):
        event = EventPageFactory(parent=agenda)
        assert client.put(event.url).status_code == 405


@pytest.mark.django_db
class HomePageEventsTests:
    def test_home_shows_the_next_three_that_go_ahead(self, client, agenda):
        EventPageFactory(parent=agenda, title="Derde", start=days_from_now(3))
        EventPageFactory(parent=agenda, title="Eerste", start=days_from_now(1))
        EventPageFactory(parent=agenda, title="Vierde", start=days_from_now(4))
        EventPageFactory(parent=agenda, title="Tweede", start=days_from_now(2))
        EventPageFactory(
            parent=agenda, title="Afgelast", start=days_from_now(1), status=EventStatus.CANCELLED
        )
        EventPageFactory(parent=agenda, title="Voorbij", start=days_from_now(-1))
        html = client.get("/").content.decode()
        section = html[html.index('id="agenda"') :]
        titles = re.findall(r'<h3 class="card__title">\s*<a href="[^"]+">([^<]+)</a>', section)
        assert titles == ["Eerste", "Tweede", "Derde"]
        assert 'href="/agenda/">Bekijk de hele agenda</a>' in section

    def test_a_series_takes_one_place_with_its_next_date_that_goes_ahead(self, client, agenda):
        first = timezone.localdate() + datetime.timedelta(days=1)
        EventPageFactory(
            parent=agenda,
            title="Elke week",
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=4),
            cancelled_days=[first],
        )
        EventPageFactory(parent=agenda, title="Workshop", start=days_from_now(10))
        EventPageFactory(parent=agenda, title="Training", start=days_from_now(16))
        EventPageFactory(parent=agenda, title="Later", start=days_from_now(20))
        html = client.get("/").content.decode()
        section = html[html.index('id="agenda"') :]
        cards = re.findall(r'<h3 class="card__title">\s*<a href="([^"]+)">([^<]+)</a>', section)
        second = (first + datetime.timedelta(weeks=1)).isoformat()
        assert cards == [
            (f"/agenda/{EventPage.objects.get(title='Elke week').slug}/{second}/", "Elke week"),
            (EventPage.objects.get(title="Workshop").url, "Workshop"),
            (EventPage.objects.get(title="Training").url, "Training"),
        ]

    def test_home_says_so_when_nothing_is_planned(self, client, agenda):
        html = client.get("/").content.decode()
        assert "Er staan op dit moment geen bijeenkomsten gepland." in html
