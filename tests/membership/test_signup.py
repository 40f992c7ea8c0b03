"""The signup form, the double opt-in and the answers for known addresses."""

import datetime
import re

from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import escape

from wagtail.models import Site

import pytest
import time_machine

from home.antispam import TOO_FAST, signed_timestamp
from home.models import SiteSettings
from membership.models import MembershipApplication, MembershipPage
from membership.services import (
    CONFIRM_SALT,
    NEWSLETTER_SALT,
    confirmation_url,
    membership_application_approve,
    membership_application_reject,
)
from tests.hostile import HOSTILE_COUNT, hostile_strings
from tests.ratelimit import window_start

from .factories import MembershipApplicationFactory, links_in, path_of, signup_data, without_links

URL = "/lid-worden/"
THANKS = "/lid-worden/bedankt/"
Status = MembershipApplication.Status


def post(client, capture, **overrides):
    with capture(execute=True):
        return client.post(URL, signup_data(**overrides))


def comparable(response) -> str:
    """A page without what differs on every request: its signed link and CSRF token."""
    html = without_links(response.content.decode())
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)


def confirmation_links(message) -> tuple[str, str]:
    confirm = next(link for link in links_in(message) if "/aanmelding/bevestigen/" in link)
    newsletter = next(
        (link for link in links_in(message) if "/aanmelding/nieuwsbrief/" in link), ""
    )
    return path_of(confirm), path_of(newsletter)


@pytest.mark.django_db
class SignupPageTests:
    def test_page_shows_types_fees_form_and_privacy_notice(self, client, site):
        response = client.get(URL)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Soorten lidmaatschap" in html
        assert "€ 150 per jaar" in html and "(voorbeeldbedrag)" in html
        assert 'name="email"' in html and 'name="newsletter"' in html
        assert 'href="/privacyverklaring/"' in html
        # The same for every visitor, so it comes from the page cache: no token, no cookie.
        assert "s-maxage=" in response["Cache-Control"] and not response.cookies
        newsletter = response.context["form"]["newsletter"]
        assert newsletter.value() in (None, False)  # the box starts unticked
        sectors = [value for value, _label in response.context["form"].fields["sector"].choices]
        assert sectors == ["", "horeca", "attractie", "verblijf", "evenementen", "overig"]

    def test_query_budget(self, client, site):
        client.get(URL)  # warm the menu and footer caches
        with CaptureQueriesContext(connection) as queries:
            client.get(URL)
        assert len(queries) <= 10, [query["sql"] for query in queries]

    def test_only_name_and_email_are_required(self, client, site):
        form = client.get(URL).context["form"]
        required = {name for name, field in form.fields.items() if field.required}
        assert required == {"name", "email"}

    def test_signup_view_hides_its_post_data_from_error_reports(
        self, client, site, django_capture_on_commit_callbacks, settings, monkeypatch
    ):
        response = post(client, django_capture_on_commit_callbacks)
        assert response.wsgi_request.sensitive_post_parameters == "__ALL__"

        # The error mail to the administrators, when the signup fails, names nothing typed.
        def fail(**kwargs):
            raise RuntimeError("database away")

        settings.ADMINS = [("Beheer", "beheer@example.com")]
        monkeypatch.setattr("membership.views.membership_application_submit", fail)
        client.raise_request_exception = False
        mail.outbox.clear()
        response = post(
            client,
            django_capture_on_commit_callbacks,
            email="geheim@example.com",
            motivation="Geheime motivatie",
        )
        assert response.status_code == 500
        (report,) = mail.outbox
        assert report.to == ["beheer@example.com"]
        assert "database away" in report.body
        for typed in ("geheim@example.com", "Geheime motivatie", "Laura Jansen"):
            assert typed not in report.body and typed not in str(report.alternatives), typed


@pytest.mark.django_db
class SignupFlowTests:
    def test_signup_confirm_and_approve(self, client, site, django_capture_on_commit_callbacks):
        page = MembershipPage.objects.get()
        membership_type = page.membership_types.first()
        response = post(
            client,
            django_capture_on_commit_callbacks,
            membership_type=str(membership_type.pk),
            newsletter="on",
        )
        assert response.status_code == 302
        assert response["Location"] == THANKS
        thanks = client.get(THANKS)
        assert "Bedankt voor je aanmelding" in thanks.content.decode()

        application = MembershipApplication.objects.get()
        assert application.status == Status.NEW
        assert application.email_normalised == "laura@example.com"
        assert application.membership_type == membership_type.label
        assert application.privacy_revision_id is not None
        assert "Privacyverklaring, gepubliceerd" in application.privacy_version
        assert application.newsletter and application.newsletter_requested_at
        assert application.newsletter_confirmed_at is None

        assert len(mail.outbox) == 1
        message = mail.outbox[0]
        assert message.to == ["laura@example.com"]
        assert message.subject == "Bevestig je aanmelding bij Leisure Lab Limburg"
        assert "Laura" not in message.body  # nothing the submitter typed goes into the mail
        assert "7 dagen" in message.body
        confirm, newsletter = confirmation_links(message)

        # Following the link asks for a click; mail scanners that fetch it confirm nothing.
        response = client.get(confirm)
        assert response.status_code == 200
        assert "Bevestig mijn aanmelding" in response.content.decode()
        application.refresh_from_db()
        assert application.status == Status.NEW

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(confirm)
        assert response.status_code == 200
        assert "Aanmelding bevestigd" in response.content.decode()
        application.refresh_from_db()
        assert application.status == Status.CONFIRMED
        assert application.confirmed_at is not None
        assert application.newsletter_confirmed_at is None  # the newsletter is apart

        board_mail = mail.outbox[1]
        assert sorted(board_mail.to) == ["bestuur@example.com", "voorzitter@example.com"]
        assert "Laura Jansen" in board_mail.subject
        assert f"http://testserver/admin/aanmeldingen/inspect/{application.pk}/" in board_mail.body

        # Confirming again changes nothing and tells the board nothing new.
        with django_capture_on_commit_callbacks(execute=True):
            again = client.post(confirm)
        assert "Aanmelding bevestigd" in again.content.decode()
        assert len(mail.outbox) == 2

        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(newsletter)
        assert "Nieuwsbrief bevestigd" in response.content.decode()
        application.refresh_from_db()
        assert application.newsletter_confirmed_at is not None

        with django_capture_on_commit_callbacks(execute=True):
            membership_application_approve(
                application=application, user=None, message="Tot op de ledenavond!"
            )
        approval = mail.outbox[-1]
        assert approval.to == ["laura@example.com"]
        assert approval.subject == "Welkom als lid van Leisure Lab Limburg"
        assert "Tot op de ledenavond!" in approval.body
        assert "Beste Laura Jansen" in approval.body

    def test_without_newsletter_there_is_no_newsletter_link(
        self, client, site, django_capture_on_commit_callbacks
    ):
        post(client, django_capture_on_commit_callbacks)
        confirm, newsletter = confirmation_links(mail.outbox[0])
        assert newsletter == ""
        application = MembershipApplication.objects.get()
        assert not application.newsletter and application.newsletter_requested_at is None

    def test_expired_link(self, client, site, django_capture_on_commit_callbacks):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            post(client, django_capture_on_commit_callbacks, newsletter="on")
        confirm, newsletter = confirmation_links(mail.outbox[0])
        with time_machine.travel(start + datetime.timedelta(days=7, minutes=1), tick=False):
            for link in (confirm, newsletter):
                response = client.get(link)
                assert response.status_code == 410
                assert "verlopen" in response.content.decode()
                response = client.post(link)
                assert response.status_code == 410
        application = MembershipApplication.objects.get()
        assert application.status == Status.NEW
        assert application.newsletter_confirmed_at is None
        with time_machine.travel(start + datetime.timedelta(days=6, hours=23), tick=False):
            assert client.post(confirm).status_code == 200
            assert client.post(newsletter).status_code == 200
        application.refresh_from_db()
        assert application.status == Status.CONFIRMED
        assert application.newsletter_confirmed_at is not None

    @pytest.mark.parametrize(
        "tamper",
        [
            lambda token: token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
            lambda token: token.replace(":", "x", 1),
            lambda token: "eyJhIjo5OTl9:1abcde:abcdefghijklmnopqrstuvwxyz0",
        ],
        ids=["signature", "payload", "forged"],
    )
    def test_tampered_link(self, client, site, django_capture_on_commit_callbacks, tamper):
        post(client, django_capture_on_commit_callbacks, newsletter="on")
        for link in confirmation_links(mail.outbox[0]):
            prefix, token = link.rstrip("/").rsplit("/", 1)
            bad = f"{prefix}/{tamper(token)}/"
            for response in (client.get(bad), client.post(bad)):
                assert response.status_code == 400
                assert "Deze link werkt niet" in response.content.decode()
        application = MembershipApplication.objects.get()
        assert application.status == Status.NEW
        assert application.newsletter_confirmed_at is None

    def test_a_newsletter_link_does_not_confirm_the_application(
        self, client, site, django_capture_on_commit_callbacks
    ):
        post(client, django_capture_on_commit_callbacks, newsletter="on")
        _, newsletter = confirmation_links(mail.outbox[0])
        token = newsletter.rstrip("/").rsplit("/", 1)[1]
        assert CONFIRM_SALT != NEWSLETTER_SALT
        response = client.post(f"/aanmelding/bevestigen/{token}/")
        assert response.status_code == 400
        assert MembershipApplication.objects.get().status == Status.NEW

    @pytest.mark.parametrize("confirmed_first", [False, True])
    def test_links_stop_working_once_the_board_rejects(
        self, client, site, django_capture_on_commit_callbacks, confirmed_first
    ):
        post(client, django_capture_on_commit_callbacks, newsletter="on")
        confirm, newsletter = confirmation_links(mail.outbox[0])
        if confirmed_first:
            client.post(confirm)
        application = MembershipApplication.objects.get()
        with django_capture_on_commit_callbacks(execute=True):
            membership_application_reject(application=application, user=None)
        sent = len(mail.outbox)
        for link in (confirm, newsletter):
            for response in (client.get(link), client.post(link)):
                assert response.status_code == 400, link
                assert "Deze link werkt niet" in response.content.decode()
        application.refresh_from_db()
        assert application.status == Status.REJECTED
        assert application.newsletter_confirmed_at is None
        assert len(mail.outbox) == sent  # the board hears nothing

    def test_the_privacy_statement_version_is_the_one_shown(
        self, client, site, django_capture_on_commit_callbacks
    ):
        """A draft of the privacy statement is not what the visitor read: the live revision
        is recorded."""
        privacy = SiteSettings.for_site(Site.objects.get(is_default_site=True)).privacy_page
        live_revision_id = privacy.specific.live_revision_id
        privacy.specific.save_revision()  # an unpublished draft
        assert privacy.specific.latest_revision_id != live_revision_id
        post(client, django_capture_on_commit_callbacks)
        application = MembershipApplication.objects.get()
        assert application.privacy_revision_id == live_revision_id
        assert f"(revisie {live_revision_id})" in application.privacy_version
        assert application.created_at and application.submitted_at

    def test_a_second_signup_replaces_unconfirmed_details_and_the_old_link(
        self, client, site, django_capture_on_commit_callbacks
    ):
        post(client, django_capture_on_commit_callbacks, organisation="Eerste versie")
        old_link, _ = confirmation_links(mail.outbox[0])
        post(
            client,
            django_capture_on_commit_callbacks,
            email="Laura@Example.com ",
            organisation="Tweede versie",
        )
        application = MembershipApplication.objects.get()
        assert application.organisation == "Tweede versie"
        assert client.post(old_link).status_code == 400
        new_link, _ = confirmation_links(mail.outbox[1])
        assert client.post(new_link).status_code == 200
        application.refresh_from_db()
        assert application.status == Status.CONFIRMED

    def test_a_double_submit_keeps_the_first_link_working(
        self, client, site, django_capture_on_commit_callbacks
    ):
        """A double click sends the same details twice; mail may arrive in any order, so
        both mails must work. Only changed details make the older links stale."""
        for _ in range(2):
            post(client, django_capture_on_commit_callbacks, newsletter="on")
        first_confirm, first_newsletter = confirmation_links(mail.outbox[0])
        assert client.post(first_newsletter).status_code == 200
        assert client.post(first_confirm).status_code == 200
        application = MembershipApplication.objects.get()
        assert application.status == Status.CONFIRMED
        assert application.newsletter_confirmed_at is not None

    def test_no_second_active_application(self, client, site, django_capture_on_commit_callbacks):
        for status in (Status.CONFIRMED, Status.APPROVED):
            MembershipApplication.objects.all().delete()
            existing = MembershipApplicationFactory(email="laura@example.com", status=status)
            post(client, django_capture_on_commit_callbacks, email="LAURA@example.com")
            assert MembershipApplication.objects.count() == 1
            existing.refresh_from_db()
            assert existing.status == status
            assert existing.organisation == "Hotel De Berg"

    def test_one_application_for_every_spelling_of_an_address(
        self, client, site, django_capture_on_commit_callbacks, settings
    ):
        """Spellings that reach one mailbox make one application: case, width, an invisible
        character in the domain, and an international domain with or without punycode."""
        settings.RATELIMIT_ENABLE = False
        spellings = {
            "laura@example.com": [
                "Laura@Example.COM",
                " laura@ｅxample.com",
                "laura@exa\u200bmple.com",
            ],
            "laura@xn--exmple-cua.com": ["laura@exämple.com", "LAURA@EXÄMPLE.com"],
        }
        for normalised, emails in spellings.items():
            for email in [normalised, *emails]:
                response = post(client, django_capture_on_commit_callbacks, email=email)
                assert response.status_code == 302, email
                assert MembershipApplication.objects.for_email(email).count() == 1, email
        assert sorted(MembershipApplication.objects.values_list("email_normalised", flat=True)) == [
            "laura@example.com",
            "laura@xn--exmple-cua.com",
        ]

    @pytest.mark.parametrize(
        "email",
        [
            "a@" + ".".join(["ä" * 15] * 15) + ".nl",  # longer in punycode
            "a@" + ".".join(["\ufb03" * 20] * 11) + ".nl",  # "ﬃ": three letters in NFKC
            "a@" + ".".join(["\ufdfa" * 20] * 11) + ".nl",  # eighteen letters in NFKC
        ],
        ids=["punycode", "ligature", "arabic-ligature"],
    )
    def test_an_address_that_grows_when_normalised(
        self, client, site, django_capture_on_commit_callbacks, email
    ):
        assert len(email) <= 254
        for _ in range(2):
            response = post(client, django_capture_on_commit_callbacks, email=email)
            assert response.status_code == 302
        application = MembershipApplication.objects.get()
        assert application.email == email
        assert MembershipApplication.objects.for_email(email.upper()).get() == application

    def test_a_rejected_applicant_may_apply_again(
        self, client, site, django_capture_on_commit_callbacks
    ):
        MembershipApplicationFactory(email="laura@example.com", status=Status.REJECTED)
        post(client, django_capture_on_commit_callbacks)
        assert MembershipApplication.objects.filter(status=Status.NEW).count() == 1
        assert MembershipApplication.objects.count() == 2


@pytest.mark.django_db
class KnownAddressTests:
    """Whatever an address did before, the visitor and the mailbox see the same."""

    def answer(self, client, capture, email, **overrides):
        sent_before = len(mail.outbox)
        response = post(client, capture, email=email, **overrides)
        thanks = client.get(response["Location"])
        messages = mail.outbox[sent_before:]
        return {
            "status": response.status_code,
            "location": response["Location"],
            "body": response.content,
            "thanks_status": thanks.status_code,
            "thanks": thanks.content,
            "mails": [
                (
                    message.subject,
                    without_links(message.body),
                    without_links(message.alternatives[0][0]),
                    [address.replace(email, "X") for address in message.to],
                )
                for message in messages
            ],
        }

    @pytest.mark.parametrize("newsletter", [None, "on"])
    def test_known_address_answered_exactly_like_a_new_one(
        self, client, site, django_capture_on_commit_callbacks, newsletter
    ):
        MembershipApplicationFactory(email="nieuw-maar-bevestigd@example.com").delete()
        MembershipApplicationFactory(email="unconfirmed@example.com", status=Status.NEW)
        MembershipApplicationFactory(email="confirmed@example.com", status=Status.CONFIRMED)
        MembershipApplicationFactory(email="member@example.com", status=Status.APPROVED)
        MembershipApplicationFactory(email="rejected@example.com", status=Status.REJECTED)
        capture = django_capture_on_commit_callbacks
        fresh = self.answer(client, capture, "fresh@example.com", newsletter=newsletter)
        assert fresh["status"] == 302 and len(fresh["mails"]) == 1
        for email in [
            "unconfirmed@example.com",
            "confirmed@example.com",
            "member@example.com",
            "rejected@example.com",
        ]:
            assert self.answer(client, capture, email, newsletter=newsletter) == fresh, email

    def test_the_link_for_a_known_address_answers_like_a_fresh_confirmation(
        self, client, site, django_capture_on_commit_callbacks
    ):
        member = MembershipApplicationFactory(email="member@example.com", status=Status.APPROVED)
        post(client, django_capture_on_commit_callbacks, email="member@example.com")
        post(client, django_capture_on_commit_callbacks, email="fresh@example.com")
        known, _ = confirmation_links(mail.outbox[0])
        fresh, _ = confirmation_links(mail.outbox[1])
        assert comparable(client.get(known)) == comparable(client.get(fresh))
        with django_capture_on_commit_callbacks(execute=True):
            known_answer = client.post(known)
            fresh_answer = client.post(fresh)
        assert comparable(known_answer) == comparable(fresh_answer)
        member.refresh_from_db()
        assert member.status == Status.APPROVED
        # The board hears only of the fresh application.
        assert [m.to for m in mail.outbox[2:]] == [
            ["bestuur@example.com", "voorzitter@example.com"]
        ]

    def test_a_member_may_still_ask_for_the_newsletter(
        self, client, site, django_capture_on_commit_callbacks
    ):
        member = MembershipApplicationFactory(email="member@example.com", status=Status.APPROVED)
        post(
            client, django_capture_on_commit_callbacks, email="member@example.com", newsletter="on"
        )
        _, newsletter = confirmation_links(mail.outbox[0])
        client.post(newsletter)
        member.refresh_from_db()
        assert member.newsletter and member.newsletter_confirmed_at is not None


@pytest.mark.django_db
class SignupFormTests:
    def test_dutch_errors_beside_fields_and_in_summary_and_input_kept(
        self, client, site, django_capture_on_commit_callbacks
    ):
        response = post(
            client,
            django_capture_on_commit_callbacks,
            name="",
            email="geen-adres",
            phone="bel me maar",
            organisation="Hotel <De Berg> & Co",
            motivation="Mijn motivatie\nover twee regels",
            sector="ruimtevaart",
        )
        assert response.status_code == 200
        html = response.content.decode()
        assert 'class="error-summary"' in html
        for message in [
            "Vul je naam in.",
            "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
            "Vul een geldig telefoonnummer in",
            "Kies een van de sectoren uit de lijst.",
        ]:
            # once in the summary, once beside the field
            assert html.count(message) == 2, message
        assert 'href="#id_email"' in html
        assert 'value="geen-adres"' in html
        assert 'value="Hotel &lt;De Berg&gt; &amp; Co"' in html
        assert "Mijn motivatie\nover twee regels</textarea>" in html
        assert MembershipApplication.objects.count() == 0
        assert mail.outbox == []

    def test_a_form_sent_too_fast_is_refused_and_kept(
        self, client, site, django_capture_on_commit_callbacks
    ):
        response = post(client, django_capture_on_commit_callbacks, rendered_at=signed_timestamp())
        assert response.status_code == 200
        assert escape(TOO_FAST) in response.content.decode()
        assert 'value="Laura Jansen"' in response.content.decode()
        assert MembershipApplication.objects.count() == 0

    def test_a_filled_honeypot_is_refused(self, client, site, django_capture_on_commit_callbacks):
        response = post(client, django_capture_on_commit_callbacks, honeypot="http://spam")
        assert response.status_code == 200
        assert MembershipApplication.objects.count() == 0
        assert mail.outbox == []

    def test_rate_limited(self, client, site, django_capture_on_commit_callbacks):
        with time_machine.travel(window_start(60)):
            statuses = [
                post(
                    client, django_capture_on_commit_callbacks, email=f"p{n}@example.com"
                ).status_code
                for n in range(6)
            ]
        assert statuses == [302] * 5 + [429]
        assert MembershipApplication.objects.count() == 5

    def test_hostile_input_never_fails_and_is_escaped_and_kept(
        self, client, site, django_capture_on_commit_callbacks, settings
    ):
        settings.RATELIMIT_ENABLE = False
        strings = hostile_strings()
        assert len(strings) == HOSTILE_COUNT
        for value in strings:
            # An invalid address keeps the form on screen with everything typed.
            response = post(
                client,
                django_capture_on_commit_callbacks,
                name=value,
                organisation=value,
                municipality=value,
                motivation=value,
                email=value,
            )
            assert response.status_code == 200, value
            html = response.content.decode()
            kept = escape(value)
            assert kept in html, value
            if "<" in value:
                assert value not in html, value
        # And the same strings in a valid signup are stored or refused, never a 500.
        for value in strings:
            response = post(
                client,
                django_capture_on_commit_callbacks,
                name=value,
                organisation=value,
                motivation=value,
                email="hostile@example.com",
            )
            assert response.status_code in (200, 302), value
        assert MembershipApplication.objects.count() == 1
        assert client.get(URL).status_code == 200

    def test_confirmation_url_is_absolute(self, site):
        application = MembershipApplicationFactory()
        assert confirmation_url(application).startswith("http://testserver/aanmelding/")
