"""Forms on cached pages: the cached HTML has no per-visitor token. With JavaScript the tokens
come from an uncached endpoint when the visitor starts typing; without it, the post is shown
again with everything typed and fresh tokens, and the second send succeeds."""

import datetime
import re

from django.test import Client
from django.utils import timezone

import pytest
import time_machine

from events.models import EventPage, Registration
from home.antispam import REFUSED, RESEND, TOO_FAST
from home.models import HomePage, StandardPage
from home.pagecache import HIT_HEADER
from membership.models import MembershipApplication, MembershipPage
from projects.models import ProjectPage, Reaction
from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.membership.factories import membership_site
from tests.projects.factories import build_site
from tests.ratelimit import window_start

from .pagecache_helpers import token_values

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Tekst die alleen deze bezoeker typte"


@pytest.fixture
def project(db) -> ProjectPage:
    """A site with a form of every kind on a cacheable page: a project open to reactions
    (with the privacy statement), the "Lid worden" page, and (see `event`) an open event."""
    project = build_site()
    membership_site()  # below the same home page
    return project


@pytest.fixture
def event(project) -> EventPage:
    agenda = EventIndexPageFactory(parent=HomePage.objects.get())
    return EventPageFactory(parent=agenda, title="Themasessie duurzaam ondernemen", capacity=8)


@pytest.fixture
def membership_url(project) -> str:
    return MembershipPage.objects.get().url


def visitor() -> Client:
    """A browser without JavaScript: Django's CSRF check runs as in production."""
    return Client(enforce_csrf_checks=True)


def cached_form_page(client: Client, path: str) -> str:
    Client().get(path)  # someone else filled the cache
    response = client.get(path)
    assert response[HIT_HEADER] == "hit"
    html = response.content.decode()
    assert token_values(html) == {}
    return html


def registration_post(**extra) -> dict:
    data = {
        "name": "Laura Jansen",
        "email": "laura@example.com",
        "organisation": SECRET_TEXT,
        "honeypot": "",
        "csrfmiddlewaretoken": "",
        "rendered_at": "",
    }
    data.update(extra)
    return data


def signup_post(**extra) -> dict:
    data = {
        "name": "Laura Jansen",
        "email": "laura@example.com",
        "organisation": "Hotel De Berg",
        "sector": "verblijf",
        "municipality": "Valkenburg aan de Geul",
        "phone": "",
        "motivation": SECRET_TEXT,
        "honeypot": "",
        "csrfmiddlewaretoken": "",
        "rendered_at": "",
    }
    data.update(extra)
    return data


def reaction_post(page, **extra) -> dict:
    data = {
        "content_type": "projects.projectpage",
        "object_pk": str(page.pk),
        "reply_to": "0",
        "timestamp": "",
        "security_hash": "",
        "honeypot": "",
        "name": "Anna de Vries",
        "email": "anna@example.com",
        "comment": SECRET_TEXT,
        "csrfmiddlewaretoken": "",
    }
    data.update(extra)
    return data


def shown_again(response) -> dict[str, str]:
    """The form came back with the Dutch line, what was typed, and fresh tokens."""
    assert response.status_code == 200
    html = response.content.decode()
    assert RESEND in html
    assert SECRET_TEXT in html
    assert response["Cache-Control"] == "private, no-store"
    tokens = token_values(html)
    assert tokens.get("csrfmiddlewaretoken")
    return tokens


def later(seconds: int = 5):
    return time_machine.travel(timezone.now() + datetime.timedelta(seconds=seconds), tick=True)


class WithoutJavaScriptTests:
    def test_event_registration_kept_and_sent_the_second_time(self, event):
        client = visitor()
        cached_form_page(client, event.url)
        tokens = shown_again(client.post(event.url, registration_post()))
        assert Registration.objects.count() == 0
        with later():
            response = client.post(event.url, registration_post(**tokens))
        assert response.status_code == 302
        assert response["Location"].endswith("?aanmelding=ontvangen#aanmelden")
        assert Registration.objects.get().organisation == SECRET_TEXT
        page = client.get(response["Location"])
        assert "Je aanmelding voor" in page.content.decode()

    def test_membership_signup_kept_and_sent_the_second_time(self, membership_url):
        client = visitor()
        cached_form_page(client, membership_url)
        tokens = shown_again(client.post(membership_url, signup_post()))
        assert MembershipApplication.objects.count() == 0
        with later():
            response = client.post(membership_url, signup_post(**tokens))
        assert response.status_code == 302
        assert MembershipApplication.objects.get().motivation == SECRET_TEXT

    def test_reaction_kept_and_sent_the_second_time(
        self, project, mailoutbox, django_capture_on_commit_callbacks
    ):
        page = project
        client = visitor()
        cached_form_page(client, page.url)
        tokens = shown_again(client.post("/reacties/plaatsen/", reaction_post(page)))
        assert {"timestamp", "security_hash"} <= tokens.keys()
        assert len(mailoutbox) == 0
        with later(), django_capture_on_commit_callbacks(execute=True):
            response = client.post("/reacties/plaatsen/", reaction_post(page, **tokens))
        assert response.status_code == 302
        assert "?reactie=bevestig" in response["Location"]
        assert len(mailoutbox) == 1  # the confirmation link

    def test_an_old_token_is_treated_like_a_missing_one(self, event):
        client = visitor()
        client.cookies["csrftoken"] = "A" * 32
        stale = {"csrfmiddlewaretoken": "B" * 32, "rendered_at": "x"}
        shown_again(client.post(event.url, registration_post(**stale)))
        assert Registration.objects.count() == 0

    def test_the_spam_checks_still_apply(self, event):
        client = visitor()
        response = client.post(event.url, registration_post(honeypot="http://spam.example"))
        assert REFUSED in response.content.decode()
        assert Registration.objects.count() == 0

    def test_the_rate_limit_still_applies(self, event):
        with time_machine.travel(window_start(60), tick=False):
            statuses = [
                visitor().post(event.url, registration_post()).status_code for _ in range(6)
            ]
        assert statuses[:5] == [200] * 5
        assert statuses[5] == 429

    def test_what_one_visitor_typed_never_reaches_the_cache(self, event):
        visitor().post(event.url, registration_post())
        for _round in range(2):
            html = Client().get(event.url).content.decode()
            assert SECRET_TEXT not in html

    def test_other_pages_keep_django_s_csrf_refusal(self, project):
        privacy = StandardPage.objects.get(slug="privacyverklaring")
        response = visitor().post(privacy.url, {"name": "x"})
        assert response.status_code == 403


class WithJavaScriptTests:
    def test_the_token_endpoint_is_fresh_and_private(self, project):
        client = visitor()
        response = client.get("/formulier-token/")
        assert response["Cache-Control"] == "private, no-store"
        data = response.json()
        assert data["csrfmiddlewaretoken"] and data["rendered_at"]
        assert HIT_HEADER not in response
        assert client.get("/formulier-token/").json()["rendered_at"]

    def test_registration_with_fetched_tokens(self, event):
        client = visitor()
        cached_form_page(client, event.url)
        tokens = client.get("/formulier-token/").json()
        with later():
            response = client.post(event.url, registration_post(**tokens))
        assert response.status_code == 302
        assert Registration.objects.count() == 1

    def test_the_three_second_rule_counts_from_the_fetch(self, event):
        client = visitor()
        tokens = client.get("/formulier-token/").json()
        response = client.post(event.url, registration_post(**tokens))
        assert TOO_FAST in response.content.decode()
        assert Registration.objects.count() == 0

    def test_reaction_with_fetched_tokens(self, project):
        page = project
        client = visitor()
        html = cached_form_page(client, page.url)
        url = re.search(r'data-form-token-url="([^"]+)"', html).group(1)
        assert url == f"/reacties/formulier-token/{page.pk}/"
        tokens = client.get(url).json()
        assert {"csrfmiddlewaretoken", "timestamp", "security_hash"} <= tokens.keys()
        with later():
            response = client.post("/reacties/plaatsen/", reaction_post(page, **tokens))
        assert response.status_code == 302
        (reaction,) = Reaction.objects.all()
        assert not reaction.is_public  # stored, waiting for the mailed confirmation
        assert "?reactie=bevestig" in response["Location"]

    def test_reaction_tokens_only_for_open_projects(self, project):
        page = project
        page.reactions_enabled = False
        page.save_revision().publish()
        assert Client().get(f"/reacties/formulier-token/{page.pk}/").status_code == 404
        assert Client().get("/reacties/formulier-token/999999/").status_code == 404
        assert Client().get("/reacties/formulier-token/abc/").status_code == 404
