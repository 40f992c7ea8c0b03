"""Clicks arriving at the same moment, on PostgreSQL (the production database): a double
click on a confirmation link stores one reaction, and two moderators approving one reaction
at once mail its writer once.

SQLite serialises every write (IMMEDIATE transactions), so these tests only mean something on
PostgreSQL; they skip unless DATABASE_URL points there (CI runs the suite on both). Each
thread has its own database connection, as each gunicorn worker would.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse

from wagtail.models import Site

import pytest

from home.models import SiteSettings
from projects.models import ProjectPage, Reaction, ReactionReview
from tests.concurrency import postgresql_only, run_in_parallel
from tests.projects.factories import (
    MODERATORS,
    SEED_SLUG,
    ReactionFactory,
    links_in,
    path_of,
    reaction_data,
)

pytestmark = postgresql_only

CLICKS = 8


@pytest.fixture
def seed(demo):
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.moderator_emails = "\n".join(MODERATORS)
    site_settings.save()
    page = ProjectPage.objects.get(slug=SEED_SLUG)
    author = page.authors.select_related("person").first().person
    author.email = "laura@example.com"
    author.save()
    return page


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user("moderator", "moderator@example.com", "pw")
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


class ConcurrentReactionTests:
    def test_a_double_click_on_the_confirmation_link_stores_one_reaction(self, seed):
        response = Client().post(reverse("projects:reaction_post"), reaction_data(seed))
        assert response.status_code == 302
        (link,) = [url for url in links_in(mail.outbox[0].body) if "/reacties/bevestigen/" in url]
        mail.outbox.clear()
        statuses = []

        errors = run_in_parallel(
            lambda i: statuses.append(Client().get(path_of(link)).status_code), CLICKS
        )
        assert errors == []
        assert statuses == [302] * CLICKS
        assert Reaction.objects.filter(user_email="anna@example.com").count() == 1
        assert ReactionReview.objects.count() == 1
        assert [message.to for message in mail.outbox] == [MODERATORS]

    def test_moderators_approving_at_once_mail_once(self, seed, moderator):
        reaction = ReactionFactory(page=seed, is_public=False, user_email="schrijver@example.com")
        url = reverse("reactions:approve", args=[reaction.pk])
        mail.outbox.clear()  # the moderators heard of it when it was stored

        def approve(index):
            client = Client()
            client.force_login(moderator)
            assert client.post(url).status_code == 302

        assert run_in_parallel(approve, CLICKS) == []
        reaction.refresh_from_db()
        assert reaction.status == "approved"
        recipients = sorted(address for message in mail.outbox for address in message.to)
        assert recipients == ["laura@example.com", "schrijver@example.com"]
