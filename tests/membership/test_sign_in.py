"""Signing in to "Mijn Leisure Lab" by a single-use link by mail, and signing out."""

import datetime
import time
from urllib.parse import quote

from django.contrib.auth import get_user_model
from django.core import mail

import pytest
import time_machine

from home.antispam import signed_timestamp
from membership.member_services import member_sign_in_request
from membership.member_session import SESSION_KEY
from membership.models import Member, MemberSignInLink
from tests.hostile import HOSTILE_COUNT, hostile_strings
from tests.ratelimit import window_start

from .factories import MemberFactory, sign_in_links

SIGN_IN = "/leden/inloggen/"
SENT = "/leden/inloggen/verstuurd/"
AREA = "/mijn-leisure-lab/"


def request_link(client, capture, email, **extra):
    data = {"email": email, "honeypot": "", "rendered_at": signed_timestamp(time.time() - 10)}
    data.update(extra)
    with capture(execute=True):
        return client.post(SIGN_IN, data)


@pytest.fixture
def member(site):
    return MemberFactory(name="Laura Jansen", email="Laura@Example.com")


@pytest.mark.django_db
class SignInRequestTests:
    def test_a_member_gets_a_link_and_a_stranger_the_same_answer_and_no_mail(
        self, client, member, django_capture_on_commit_callbacks
    ):
        answers = []
        for email in ("laura@example.com", "vreemde@example.com"):
            response = request_link(client, django_capture_on_commit_callbacks, email)
            assert response.status_code == 302 and response["Location"] == SENT
            answers.append(client.get(SENT).content.decode())
        assert answers[0] == answers[1]
        (message,) = mail.outbox
        assert message.to == ["Laura@Example.com"]
        assert message.subject == "Je inloglink voor Mijn Leisure Lab"
        assert "15 minuten" in message.body
        assert len(sign_in_links(mail.outbox)) == 1

    def test_ended_and_cancelled_members_get_no_link(
        self, client, site, django_capture_on_commit_callbacks
    ):
        MemberFactory(email="oud@example.com", status=Member.Status.ENDED)
        MemberFactory(email="weg@example.com", status=Member.Status.CANCELLED)
        for email in ("oud@example.com", "weg@example.com"):
            response = request_link(client, django_capture_on_commit_callbacks, email)
            assert response["Location"] == SENT
        assert mail.outbox == []
        assert not MemberSignInLink.objects.exists()

    def test_only_a_hash_of_the_token_is_stored(self, member, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            member_sign_in_request(email=member.email)
        (path,) = sign_in_links(mail.outbox)
        token = path.rstrip("/").rsplit("/", 1)[1]
        link = MemberSignInLink.objects.get()
        assert token not in link.token_hash and len(link.token_hash) == 64

    def test_an_invalid_address_keeps_the_form_with_a_dutch_message(self, client, site):
        response = client.post(
            SIGN_IN,
            {"email": "geen adres", "rendered_at": signed_timestamp(time.time() - 10)},
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert "Vul een geldig e-mailadres in" in html and 'value="geen adres"' in html

    def test_rate_limited(self, client, member, settings, django_capture_on_commit_callbacks):
        settings.RATELIMIT_ENABLE = True
        capture = django_capture_on_commit_callbacks
        with time_machine.travel(window_start(60), tick=False):
            statuses = [
                request_link(client, capture, "x@example.com").status_code for _ in range(6)
            ]
        assert statuses[:5] == [302] * 5
        assert statuses[5] == 429

    def test_hostile_input_never_fails(self, client, site, settings):
        settings.RATELIMIT_ENABLE = False
        strings = hostile_strings()
        assert len(strings) == HOSTILE_COUNT
        for value in strings:
            response = client.post(
                SIGN_IN,
                {
                    "email": value,
                    "next": value,
                    "rendered_at": signed_timestamp(time.time() - 10),
                },
            )
            assert response.status_code in (200, 302), value
            if "<" in value:
                assert value not in response.content.decode(), value
            response = client.get(f"/leden/inloggen/{quote(value[:100], safe='')}/")
            assert response.status_code in (400, 404), value


@pytest.mark.django_db
class SignInLinkTests:
    @pytest.fixture
    def link(self, member, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            member_sign_in_request(email="laura@example.com", next_path="/agenda/")
        (path,) = sign_in_links(mail.outbox)
        return path

    def test_opening_the_link_asks_and_the_button_signs_in(self, client, member, link):
        response = client.get(link)
        assert response.status_code == 200
        assert "Inloggen" in response.content.decode()
        assert SESSION_KEY not in client.session  # a mail scanner's GET signs nobody in
        response = client.post(link)
        assert response.status_code == 302 and response["Location"] == "/agenda/"
        assert client.session[SESSION_KEY] == member.pk
        assert 29 * 86400 < client.session.get_expiry_age() <= 30 * 86400
        assert "Laura Jansen" in client.get(AREA).content.decode()

    def test_the_link_is_single_use(self, client, link):
        assert client.post(link).status_code == 302
        other = type(client)()
        response = other.post(link)
        assert response.status_code == 400
        assert "al gebruikt" in response.content.decode()
        assert SESSION_KEY not in other.session
        assert other.get(link).status_code == 400

    def test_the_link_expires_after_fifteen_minutes(self, client, link):
        with time_machine.travel(datetime.timedelta(minutes=16)):
            response = client.post(link)
        assert response.status_code == 410
        assert "15 minuten" in response.content.decode()
        assert SESSION_KEY not in client.session
        with time_machine.travel(datetime.timedelta(minutes=14)):
            assert client.post(link).status_code == 302

    def test_a_link_of_an_ended_member_does_not_sign_in(self, client, member, link):
        member.status = Member.Status.ENDED
        member.save()
        assert client.post(link).status_code == 400
        assert SESSION_KEY not in client.session

    def test_next_never_leaves_the_site(self, member, django_capture_on_commit_callbacks, client):
        for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
            mail.outbox.clear()
            with django_capture_on_commit_callbacks(execute=True):
                member_sign_in_request(email=member.email, next_path=target)
            (path,) = sign_in_links(mail.outbox)
            assert type(client)().post(path)["Location"] == AREA, target

    def test_a_member_gets_no_admin_rights_and_signs_out(self, client, member, link):
        client.post(link)
        assert client.get("/admin/").status_code == 302  # to the admin's login page
        assert get_user_model().objects.count() == 0
        response = client.post("/leden/uitloggen/")
        assert response.status_code == 302
        assert SESSION_KEY not in client.session
        assert client.get(AREA)["Location"].startswith(SIGN_IN)

    def test_an_ended_membership_signs_out_at_once(self, client, member, link):
        client.post(link)
        assert client.get(AREA).status_code == 200
        Member.objects.filter(pk=member.pk).update(status=Member.Status.ENDED)
        assert client.get(AREA).status_code == 302
