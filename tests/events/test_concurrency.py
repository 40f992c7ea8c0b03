"""Registrations arriving at the same moment, on PostgreSQL (the production database): a date
is never overbooked, and the waitlist takes the rest.

SQLite serialises every write, so these tests only mean something on PostgreSQL; they skip
unless DATABASE_URL points there (CI runs the suite on both). Each thread has its own
database connection, as each gunicorn worker would.
"""

from django.core import mail
from django.test import Client

import pytest

from events import services
from events.models import Registration
from tests.concurrency import postgresql_only, run_in_parallel
from tests.events.factories import EventPageFactory, registration_data

pytestmark = postgresql_only

SEATS = 10
PEOPLE = 40
Status = Registration.Status


@pytest.fixture
def event(agenda):
    return EventPageFactory(parent=agenda, title="Drukbezocht", capacity=SEATS)


class ConcurrentRegistrationTests:
    def test_forty_people_for_ten_seats(self, event):
        occurrence = event.occurrences.get()

        def register(index):
            services.registration_create(
                occurrence=occurrence,
                name=f"Deelnemer {index}",
                email=f"deelnemer{index}@example.com",
            )

        errors = run_in_parallel(register, PEOPLE)
        assert errors == []
        statuses = list(occurrence.registrations.values_list("status", flat=True))
        assert statuses.count(Status.CONFIRMED) == SEATS
        assert statuses.count(Status.WAITLIST) == PEOPLE - SEATS
        assert len(mail.outbox) == PEOPLE
        seat_mails = [m for m in mail.outbox if m.subject.startswith("Je bent aangemeld")]
        assert len(seat_mails) == SEATS

    def test_forty_posts_of_the_form(self, event, settings):
        settings.RATELIMIT_ENABLE = False
        statuses = {}

        def post(index):
            data = registration_data(email=f"form{index}@example.com")
            statuses[index] = Client().post(event.url, data).status_code

        errors = run_in_parallel(post, PEOPLE)
        assert errors == []
        assert sorted(statuses.values()) == [302] * PEOPLE
        occurrence = event.occurrences.get()
        assert occurrence.registrations.filter(status=Status.CONFIRMED).count() == SEATS
        assert occurrence.registrations.filter(status=Status.WAITLIST).count() == PEOPLE - SEATS

    def test_the_same_address_forty_times_makes_one_registration(self, event):
        occurrence = event.occurrences.get()
        outcomes = []

        def register(index):
            try:
                services.registration_create(
                    occurrence=occurrence,
                    name="Dubbel",
                    email="Dubbel@Example.com" if index % 2 else "dubbel@example.com",
                )
                outcomes.append("created")
            except services.AlreadyRegistered:
                outcomes.append("already")

        errors = run_in_parallel(register, PEOPLE)
        assert errors == []
        assert sorted(outcomes) == ["already"] * (PEOPLE - 1) + ["created"]
        assert occurrence.registrations.count() == 1

    def test_cancellations_and_registrations_together_never_overbook(self, event):
        occurrence = event.occurrences.get()
        seated = [
            services.registration_create(
                occurrence=occurrence,
                name=f"Eerst {i}",
                email=f"eerst{i}@example.com",
            )
            for i in range(SEATS)
        ]

        def work(index):
            if index < SEATS:
                services.registration_cancel(registration=seated[index])
            else:
                services.registration_create(
                    occurrence=occurrence,
                    name=f"Later {index}",
                    email=f"later{index}@example.com",
                )

        errors = run_in_parallel(work, PEOPLE)
        assert errors == []
        confirmed = occurrence.registrations.filter(status=Status.CONFIRMED).count()
        waiting = occurrence.registrations.filter(status=Status.WAITLIST).count()
        assert confirmed == SEATS
        assert waiting == PEOPLE - 2 * SEATS
