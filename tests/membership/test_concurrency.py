"""Signups arriving at the same moment, on PostgreSQL (the production database).

SQLite serialises every write, so these tests only mean something on PostgreSQL; they skip
unless DATABASE_URL points there (CI runs the suite on both).
"""

import time

from django.core import mail
from django.test import Client

from events.models import Registration
from home.antispam import signed_timestamp
from membership.models import MembershipApplication, MemberSignInLink
from membership.services import membership_application_submit
from tests.concurrency import postgresql_only, run_in_parallel
from tests.events.factories import EventIndexPageFactory, EventPageFactory

from .factories import MemberFactory, membership_site, sign_in, signup_data

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


class ConcurrentMemberTests:
    def test_parallel_sign_in_link_requests(self, settings):
        settings.RATELIMIT_ENABLE = False
        membership_site()
        MemberFactory(email="lid@example.com")
        statuses = {}

        def post(index):
            email = "lid@example.com" if index % 2 else f"vreemde{index}@example.com"
            data = {"email": email, "rendered_at": signed_timestamp(time.time() - 10)}
            statuses[index] = Client().post("/leden/inloggen/", data).status_code

        errors = run_in_parallel(post, 50)
        assert errors == []
        assert sorted(statuses.values()) == [302] * 50
        assert MemberSignInLink.objects.count() == 25
        assert len(mail.outbox) == 25
        assert {address for message in mail.outbox for address in message.to} == {"lid@example.com"}

    def test_parallel_member_registrations_never_overbook(self, settings):
        settings.RATELIMIT_ENABLE = False  # forty members behind one address
        page = membership_site()
        event = EventPageFactory(
            parent=EventIndexPageFactory(parent=page.get_parent()),
            open_to_non_members=False,
            capacity=10,
        )
        members = [MemberFactory(email=f"lid{index}@example.com") for index in range(40)]
        statuses = {}

        def post(index):
            client = Client()
            sign_in(client, members[index])
            statuses[index] = client.post(event.url, {}).status_code

        errors = run_in_parallel(post, 40)
        assert errors == []
        assert sorted(statuses.values()) == [302] * 40
        registrations = Registration.objects.filter(occurrence__event=event)
        assert registrations.filter(status=Registration.Status.CONFIRMED).count() == 10
        assert registrations.filter(status=Registration.Status.WAITLIST).count() == 30
        assert all(registrations.values_list("is_member", flat=True))
