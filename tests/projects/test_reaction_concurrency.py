"""Clicks arriving at the same moment, on PostgreSQL (the production database): a double
click on "Plaats reactie" stores one reaction and sends one mail, a double click on the
confirmation button tells the moderators once, and two moderators approving one reaction at
once mail its writer once.

SQLite serialises every write (IMMEDIATE transactions), so these tests only mean something on
PostgreSQL; they skip unless DATABASE_URL points there (CI runs the suite on both). Each
thread has its own database connection, as each gunicorn worker would.
"""

from django.core import mail
from django.test import Client
from django.urls import reverse

import pytest

from projects.models import Reaction, ReactionConfirmation, ReactionReview
from tests.concurrency import postgresql_only, run_in_parallel
from tests.projects.factories import (
    MODERATORS,
    ReactionFactory,
    build_site,
    links_in,
    moderator_user,
    path_of,
    reaction_data,
)

pytestmark = postgresql_only

CLICKS = 8


@pytest.fixture
def project(db):
    return build_site()


@pytest.fixture
def moderator(db):
    return moderator_user()


def confirmation_path() -> str:
    (link,) = [url for url in links_in(mail.outbox[0].body) if "/reacties/bevestigen/" in url]
    return path_of(link)


class ConcurrentReactionTests:
    def test_a_double_click_on_post_stores_one_reaction_and_sends_one_mail(self, project):
        data = reaction_data(project)
        statuses = []

        def post(index):
            client = Client(REMOTE_ADDR=f"192.0.2.{index + 1}")
            statuses.append(client.post(reverse("projects:reaction_post"), data).status_code)

        assert run_in_parallel(post, CLICKS) == []
        assert statuses == [302] * CLICKS
        assert Reaction.objects.filter(user_email="anna@example.com").count() == 1
        assert ReactionConfirmation.objects.count() == 1
        assert [message.to for message in mail.outbox] == [["anna@example.com"]]

    def test_a_double_click_on_the_confirmation_button_tells_the_moderators_once(self, project):
        response = Client().post(reverse("projects:reaction_post"), reaction_data(project))
        assert response.status_code == 302
        path = confirmation_path()
        mail.outbox.clear()
        statuses = []

        def confirm(index):
            client = Client()
            client.get(path)
            statuses.append(client.post(path).status_code)

        assert run_in_parallel(confirm, CLICKS) == []
        assert sorted(statuses) == [200] * (CLICKS - 1) + [302]
        assert Reaction.objects.waiting().count() == 1
        assert ReactionReview.objects.count() == 1
        assert [message.to for message in mail.outbox] == [MODERATORS]

    def test_moderators_approving_at_once_mail_once(self, project, moderator):
        reaction = ReactionFactory(
            page=project, is_public=False, user_email="schrijver@example.com"
        )
        url = reverse("reactions:approve", args=[reaction.pk])

        def approve(index):
            client = Client()
            client.force_login(moderator)
            assert client.post(url).status_code == 302

        assert run_in_parallel(approve, CLICKS) == []
        reaction.refresh_from_db()
        assert reaction.status == "approved"
        recipients = sorted(address for message in mail.outbox for address in message.to)
        assert recipients == ["laura@example.com", "schrijver@example.com"]
