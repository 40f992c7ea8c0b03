"""Signups arriving at the same moment, on PostgreSQL (the production database).

SQLite serialises every write, so these tests only mean something on PostgreSQL; they skip
unless DATABASE_URL points there (CI runs the suite on both).
"""

import time

from django.core import mail
from django.test import Client

from home.antispam import signed_timestamp
from membership.models import MembershipApplication
from membership.services import membership_application_submit
from tests.concurrency import postgresql_only, run_in_parallel

from .factories import membership_site, signup_data

pytestmark = postgresql_only

THREADS = 30


class ConcurrentSignupTests:
    def test_parallel_signups_for_different_addresses_are_all_stored(self):
        errors = run_in_parallel(
            lambda i: membership_application_submit(name=f"Lid {i}", email=f"lid{i}@example.com"),
            THREADS,
        )
        assert errors == []
        assert MembershipApplication.objects.count() == THREADS
        assert len(mail.outbox) == THREADS

    def test_parallel_signups_for_one_address_make_one_application(self):
        errors = run_in_parallel(
            lambda i: membership_application_submit(
                name=f"Poging {i}", email="Zelfde@Example.com" if i % 2 else "zelfde@example.com"
            ),
            THREADS,
        )
        assert errors == []
        assert MembershipApplication.objects.count() == 1
        # Every signup was answered with the same mail, as for any known address.
        assert len(mail.outbox) == THREADS
        assert {message.subject for message in mail.outbox} == {
            "Bevestig je aanmelding bij Leisure Lab Limburg"
        }

    def test_parallel_posts_of_the_form(self, settings):
        membership_site()
        settings.RATELIMIT_ENABLE = False
        statuses = {}

        def post(index):
            data = signup_data(
                email=f"form{index}@example.com", rendered_at=signed_timestamp(time.time() - 10)
            )
            statuses[index] = Client().post("/lid-worden/", data).status_code

        errors = run_in_parallel(post, THREADS)
        assert errors == []
        assert sorted(statuses.values()) == [302] * THREADS
        assert MembershipApplication.objects.count() == THREADS
