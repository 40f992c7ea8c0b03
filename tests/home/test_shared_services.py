import time
from datetime import timedelta

from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory

import pytest
import time_machine

from home.antispam import (
    REFUSED,
    RESEND,
    TOO_FAST,
    SpamProtectedForm,
    post_rate_limit,
    signed_timestamp,
)
from home.links import BadLink, ExpiredLink, absolute_url, make_token, read_token
from home.mail import Attachment, send_templated_mail
from tests.ratelimit import window_start


class NameForm(SpamProtectedForm):
    from django import forms

    name = forms.CharField()


class SpamProtectedFormTests:
    def test_accepts_a_form_filled_in_at_human_speed(self):
        form = NameForm({"name": "Laura", "rendered_at": signed_timestamp(time.time() - 10)})
        assert form.is_valid(), form.errors

    def test_refuses_a_form_sent_within_three_seconds(self):
        form = NameForm({"name": "Laura", "rendered_at": signed_timestamp()})
        assert not form.is_valid()
        assert form.non_field_errors() == [TOO_FAST]
        form.refresh_timestamp()
        assert form.data["name"] == "Laura"  # what was typed is kept

    def test_refuses_a_filled_honeypot(self):
        data = {"name": "Bot", "honeypot": "x", "rendered_at": signed_timestamp(time.time() - 10)}
        form = NameForm(data)
        assert not form.is_valid()
        assert form.non_field_errors() == [REFUSED]

    @pytest.mark.parametrize("stamp", ["123", "abc:def", signed_timestamp()[:-2] + "xx"])
    def test_refuses_a_forged_timestamp(self, stamp):
        form = NameForm({"name": "Laura", "rendered_at": stamp})
        assert not form.is_valid()
        assert form.non_field_errors() == [REFUSED]

    def test_asks_to_send_again_without_a_timestamp(self):
        # A form from a cached page, posted without JavaScript (see home.formtokens).
        form = NameForm({"name": "Laura", "rendered_at": ""})
        assert not form.is_valid()
        assert form.non_field_errors() == [RESEND]


class SignedLinkTests:
    def test_round_trip(self):
        token = make_token({"id": 7}, salt="test.salt")
        assert read_token(token, salt="test.salt") == {"id": 7}

    def test_other_salt_is_refused(self):
        token = make_token({"id": 7}, salt="test.salt")
        with pytest.raises(BadLink):
            read_token(token, salt="other.salt")

    def test_tampered_token_is_refused(self):
        token = make_token({"id": 7}, salt="test.salt")
        with pytest.raises(BadLink):
            read_token(token[:-3] + "abc", salt="test.salt")

    def test_expires_after_seven_days(self):
        with time_machine.travel("2026-01-01 12:00 +0000", tick=False) as traveller:
            token = make_token({"id": 7}, salt="test.salt")
            traveller.shift(timedelta(days=6, hours=23))
            assert read_token(token, salt="test.salt") == {"id": 7}
            traveller.shift(timedelta(hours=2))
            with pytest.raises(ExpiredLink):
                read_token(token, salt="test.salt")


@pytest.mark.django_db
class MailTests:
    def test_sent_once_after_commit_with_absolute_links(
        self, home, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            send_templated_mail(
                template="test_message",
                to=["lezer@example.com", ""],
                context={"name": "<Laura>", "link": absolute_url("/projecten/")},
                attachments=[Attachment("agenda.ics", b"BEGIN:VCALENDAR", "text/calendar")],
            )
            assert mail.outbox == []  # nothing leaves before the commit
        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["lezer@example.com"]
        assert message.subject == "Hallo <Laura>"
        assert "http://testserver/projecten/" in message.body
        html = message.alternatives[0][0]
        assert "&lt;Laura&gt;" in html
        assert message.attachments[0][0] == "agenda.ics"

    def test_rolled_back_transaction_sends_nothing(self, db, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            send_templated_mail(template="test_message", to=["a@example.com"], context={})
        assert len(callbacks) == 1  # queued for the commit, which never comes here
        assert mail.outbox == []


@pytest.mark.django_db
class RateLimitTests:
    def test_sixth_post_in_a_minute_gets_429(self, home):
        from home.views import rate_limited

        @post_rate_limit("test-form")
        def view(request):
            return HttpResponse("ok")

        factory = RequestFactory()
        statuses = []
        with time_machine.travel(window_start(60, "10.9.8.7")):
            for _ in range(6):
                request = factory.post("/", REMOTE_ADDR="10.9.8.7")
                try:
                    statuses.append(view(request).status_code)
                except Exception as error:  # noqa: BLE001 - the middleware's job in requests
                    statuses.append(rate_limited(request, error).render().status_code)
        assert statuses == [200, 200, 200, 200, 200, 429]
        response = rate_limited(RequestFactory().post("/"))
        assert "Even geduld" in response.render().content.decode()
        assert response["Retry-After"] == "60"
        # Another address is not affected.
        assert view(factory.post("/", REMOTE_ADDR="10.9.8.8")).status_code == 200


@pytest.mark.django_db
class SiteRootUrlTests:
    def test_follows_the_default_site(self, home):
        from wagtail.models import Site

        from home.links import site_root_url

        assert site_root_url() == "http://testserver"
        site = Site.objects.get(is_default_site=True)
        site.hostname = "www.leisurelablimburg.nl"
        site.port = 443
        site.save()
        assert site_root_url() == "https://www.leisurelablimburg.nl"
        assert absolute_url("/lid-worden/") == "https://www.leisurelablimburg.nl/lid-worden/"

    def test_cached_between_calls(self, home, django_assert_num_queries):
        from home.links import site_root_url

        site_root_url()
        with django_assert_num_queries(0):
            site_root_url()


@pytest.mark.django_db
class DefaultSiteSettingsTests:
    """One way to read the default site's settings, for home's SiteSettings and any app's."""

    def test_reads_the_default_sites_settings(self, home):
        from wagtail.models import Site

        from home.models import SiteSettings
        from home.sites import default_site, default_site_settings

        assert default_site().root_page_id == home.pk
        SiteSettings.objects.create(site=Site.objects.get(), contact_email="bestuur@example.com")
        assert default_site_settings(SiteSettings).contact_email == "bestuur@example.com"

    def test_without_a_site_the_field_defaults(self):
        from wagtail.models import Site

        from home.models import SiteSettings
        from home.sites import default_site, default_site_settings

        Site.objects.all().delete()
        assert default_site() is None
        settings_ = default_site_settings(SiteSettings)
        assert settings_.pk is None and settings_.contact_email == ""


class ValidIdTests:
    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("7", 7),
            (12, 12),
            ("9" * 18, int("9" * 18)),
            ("9" * 19, None),
            ("²", None),
            ("-1", None),
            ("1.0", None),
            ("", None),
            (None, None),
            ("٣", None),
        ],
    )
    def test_only_plain_digits_a_database_holds(self, value, expected):
        from home.converters import valid_id

        assert valid_id(value) == expected


@pytest.mark.django_db
class IdConverterTests:
    """Every URL that takes an id refuses one no database holds with a 404, never a 500
    (SQLite raises OverflowError on looking it up)."""

    TOO_LONG = "9" * 19

    @pytest.mark.parametrize(
        "name",
        [
            "reactions:approve",
            "reactions:reject",
            "membership_applications:approve",
            "membership_applications:reject",
            "event_registrations:cancel",
        ],
    )
    def test_admin_actions(self, client, admin_user, name):
        from django.urls import reverse

        client.force_login(admin_user)
        url = reverse(name, args=[1]).replace("/1/", f"/{self.TOO_LONG}/")
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
        assert client.post(reverse(name, args=[int("9" * 18)])).status_code == 404

    def test_public_urls(self, client, home):
        assert client.get(f"/reacties/{self.TOO_LONG}/reageren/").status_code == 404
        assert client.get(f"/kalender/bijeenkomst/{self.TOO_LONG}.ics").status_code == 404
        assert (
            client.get(f"/kalender/bijeenkomst/{self.TOO_LONG}/2030-01-01.ics").status_code == 404
        )
        assert client.get("/kalender/bijeenkomst/123456789012345678.ics").status_code == 404


class VersionKeyTests:
    def test_a_version_holds_until_bumped(self):
        from home.caching import bump_version, current_version

        first = current_version("test-thing")
        assert current_version("test-thing") == first
        assert current_version("other-thing") != first
        bump_version("test-thing")
        assert current_version("test-thing") != first

    def test_values_cached_until_change_follow_the_chrome_version(self):
        from home.caching import bump_chrome_version, cached_until_change

        computed = []

        def compute():
            computed.append(1)
            return len(computed)

        assert cached_until_change("test-value", compute) == 1
        assert cached_until_change("test-value", compute) == 1
        bump_chrome_version()
        assert cached_until_change("test-value", compute) == 2


@pytest.mark.django_db
class BadLinkMessageTests:
    """A link from one of our mails that does not work reads the same in every app."""

    @pytest.mark.parametrize(
        ("path", "status"),
        [
            ("/reacties/afmelden/niet-van-ons/", 404),
            ("/reacties/bevestigen/niet-van-ons/", 404),
            ("/aanmelding/bevestigen/niet-van-ons/", 400),
            ("/aanmelding/nieuwsbrief/niet-van-ons/", 400),
            ("/bijeenkomsten/afmelden/niet-van-ons/", 404),
        ],
    )
    def test_a_bad_link(self, client, home, path, status):
        from django.utils.html import escape

        from home.links import BAD_LINK

        response = client.get(path)
        assert response.status_code == status
        html = response.content.decode()
        assert escape(BAD_LINK.title) in html and escape(BAD_LINK.text) in html

    def test_an_expired_link(self, client, home):
        from django.utils.html import escape

        from home.links import EXPIRED_LINK
        from membership.services import CONFIRM_SALT

        with time_machine.travel("2026-01-01 12:00 +0000", tick=False) as traveller:
            token = make_token({"id": 1}, salt=CONFIRM_SALT)
            traveller.shift(timedelta(days=8))
            response = client.get(f"/aanmelding/bevestigen/{token}/")
        assert response.status_code == 410
        assert escape(EXPIRED_LINK.title) in response.content.decode()
        assert escape(EXPIRED_LINK.text) in response.content.decode()
