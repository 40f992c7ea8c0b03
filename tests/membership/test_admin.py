"""Applications in the Wagtail admin: only the board sees them, approves or rejects them, keeps
notes and exports them."""

import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.validators import validate_email
from django.utils import timezone

from wagtail.log_actions import log

import pytest
from openpyxl import load_workbook

from home.admin_views import spreadsheet_safe
from membership.admin_views import APPLICATION_FIELDS
from membership.models import MembershipApplication

from .factories import MembershipApplicationFactory, models_holding, user_in

INDEX = "/admin/aanmeldingen/"
Status = MembershipApplication.Status


@pytest.fixture
def application(db):
    return MembershipApplicationFactory(
        name="Laura Jansen",
        email="laura@example.com",
        organisation="Hotel De Berg",
        status=Status.CONFIRMED,
        motivation="Samen leren.",
    )


def urls_for(application) -> list[str]:
    pk = application.pk
    return [
        INDEX,
        f"{INDEX}?export=csv",
        f"{INDEX}?export=xlsx",
        f"{INDEX}inspect/{pk}/",
        f"{INDEX}edit/{pk}/",
        f"{INDEX}delete/{pk}/",
        f"{INDEX}approve/{pk}/",
        f"{INDEX}reject/{pk}/",
        f"{INDEX}history/{pk}/",
    ]


def assert_refused(response, url):
    """Wagtail answers PermissionDenied with 403 (for fetch requests) or a redirect to the
    dashboard with an error message; either way nothing of the application is shown."""
    if response.status_code == 302:
        assert response["Location"] == "/admin/", url
    else:
        assert response.status_code == 403, url
    assert b"Laura" not in response.content, url


@pytest.mark.django_db
class PermissionTests:
    def test_the_bestuur_group_exists_with_admin_access(self):
        group = Group.objects.get(name="Bestuur")
        codenames = set(group.permissions.values_list("codename", flat=True))
        assert {
            "access_admin",
            "view_membershipapplication",
            "change_membershipapplication",
            "delete_membershipapplication",
        } <= codenames
        assert "add_membershipapplication" not in codenames
        # No page or settings permissions: the board handles applications, editors edit.
        assert not group.page_permissions.exists()

    def test_anonymous_visitors_are_sent_to_the_login(self, client, application):
        for url in urls_for(application):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith("/admin/login/"), url

    @pytest.mark.parametrize("group", ["Editors", "Moderators"])
    def test_a_plain_editor_has_no_access_and_no_menu_item(self, client, application, group):
        editor = user_in(group, "redacteur")
        log(application, "membership.confirm")  # the site history names the applicant
        client.force_login(editor)
        assert "Laura" not in client.get("/admin/reports/site-history/").content.decode()
        home = client.get("/admin/")
        assert home.status_code == 200
        assert INDEX not in home.content.decode()
        for url in urls_for(application):
            assert_refused(client.get(url), url)
        for url in urls_for(application)[3:]:
            assert_refused(client.post(url, {"message": "x", "board_notes": "x"}), url)
        # Wagtail's answer to PermissionDenied says so on the dashboard.
        html = client.get(INDEX, follow=True).content.decode()
        assert "Laura" not in html
        application.refresh_from_db()
        assert application.status == Status.CONFIRMED
        assert application.board_notes == ""
        assert mail.outbox == []

    def test_the_board_sees_the_menu_item_and_the_applications(
        self, client, board_member, application
    ):
        client.force_login(board_member)
        assert INDEX in client.get("/admin/").content.decode()
        response = client.get(INDEX)
        assert response.status_code == 200
        assert "Laura Jansen" in response.content.decode()
        detail = client.get(f"{INDEX}inspect/{application.pk}/")
        html = detail.content.decode()
        assert detail.status_code == 200
        assert "laura@example.com" in html and "Samen leren." in html
        assert f"{INDEX}approve/{application.pk}/" in html
        assert f"{INDEX}reject/{application.pk}/" in html

    def test_nobody_adds_applications_in_the_admin(self, client, board_member):
        superuser = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
        for user in (board_member, superuser):
            client.force_login(user)
            assert_refused(client.get(f"{INDEX}new/"), "new")
            assert_refused(client.post(f"{INDEX}new/", {"board_notes": "x"}), "new")
            assert f"{INDEX}new/" not in client.get(INDEX).content.decode()


@pytest.mark.django_db
class WorkflowTests:
    def test_approve_with_a_message(
        self, client, board_member, application, django_capture_on_commit_callbacks
    ):
        client.force_login(board_member)
        url = f"{INDEX}approve/{application.pk}/"
        assert "Goedkeuren en mailen" in client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"message": "Welkom <b>Laura</b>!"})
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.status == Status.APPROVED
        assert application.decided_by == board_member
        assert application.decision_message == "Welkom <b>Laura</b>!"
        [message] = mail.outbox
        assert message.to == ["laura@example.com"]
        assert message.subject == "Welkom als lid van Leisure Lab Limburg"
        assert "Welkom <b>Laura</b>!" in message.body
        html = message.alternatives[0][0]
        assert "Welkom &lt;b&gt;Laura&lt;/b&gt;!" in html
        history = client.get(f"{INDEX}history/{application.pk}/").content.decode()
        assert "Aanmelding goedgekeurd" in history

        # A second click (another tab, a colleague) decides nothing and mails nobody.
        with django_capture_on_commit_callbacks(execute=True):
            again = client.post(url, {"message": "Nog een keer"}, follow=True)
        assert "kan niet worden goedgekeurd" in again.content.decode()
        application.refresh_from_db()
        assert application.decision_message == "Welkom <b>Laura</b>!"
        assert len(mail.outbox) == 1

    def test_reject_without_a_message(
        self, client, board_member, application, django_capture_on_commit_callbacks
    ):
        client.force_login(board_member)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"{INDEX}reject/{application.pk}/", {"message": ""})
        application.refresh_from_db()
        assert application.status == Status.REJECTED
        [message] = mail.outbox
        assert message.subject == "Over je aanmelding bij Leisure Lab Limburg"
        assert "niet goed te keuren" in message.body
        assert "Bericht van het bestuur" not in message.body

    def test_rejecting_an_unconfirmed_application_mails_nobody(
        self, client, board_member, django_capture_on_commit_callbacks
    ):
        """Anyone can type a stranger's address and a "name" with a link in it; until the
        address is confirmed, no mail of the board carries that text to the stranger."""
        spam = MembershipApplicationFactory(
            status=Status.NEW, name="Win een prijs op http://phish.example", email="x@example.com"
        )
        client.force_login(board_member)
        url = f"{INDEX}reject/{spam.pk}/"
        page = client.get(url).content.decode()
        assert "krijgt geen mail" in page
        assert 'name="message"' not in page
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(url, {"message": "Nee"}, follow=True)
        assert "afgewezen; er gaat geen mail" in response.content.decode()
        spam.refresh_from_db()
        assert spam.status == Status.REJECTED
        assert spam.decision_message == ""
        assert mail.outbox == []

    def test_an_unconfirmed_application_cannot_be_approved_and_a_decision_is_final(
        self, client, board_member, django_capture_on_commit_callbacks
    ):
        client.force_login(board_member)
        unconfirmed = MembershipApplicationFactory(status=Status.NEW)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{INDEX}approve/{unconfirmed.pk}/", {"message": ""})
        assert response.status_code == 302
        unconfirmed.refresh_from_db()
        assert unconfirmed.status == Status.NEW
        approved = MembershipApplicationFactory(status=Status.APPROVED)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"{INDEX}reject/{approved.pk}/", {"message": ""})
        approved.refresh_from_db()
        assert approved.status == Status.APPROVED
        assert mail.outbox == []

    def test_deleting_an_application_leaves_no_trace_in_the_history(
        self, client, board_member, application, django_capture_on_commit_callbacks
    ):
        client.force_login(board_member)
        # Rejected: an approved application makes a member, who is a record of their own.
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"{INDEX}reject/{application.pk}/", {"message": ""})
        response = client.post(f"{INDEX}delete/{application.pk}/")
        assert response.status_code == 302
        assert not MembershipApplication.objects.exists()
        assert models_holding("Laura Jansen") == []
        client.get(INDEX)  # shows (and so clears) the messages that name her
        assert "Laura" not in client.get("/admin/reports/site-history/").content.decode()

    def test_the_newsletter_filter_tells_a_confirmed_wish_from_a_ticked_box(
        self, client, board_member
    ):
        """A ticked box proves nothing: anyone can type someone else's address. Only a
        confirmed wish may end up on a mailing list."""
        now = timezone.now()
        MembershipApplicationFactory(
            name="Bevestigd Lid",
            newsletter=True,
            newsletter_requested_at=now,
            newsletter_confirmed_at=now,
        )
        MembershipApplicationFactory(
            name="Aangevinkt Lid", newsletter=True, newsletter_requested_at=now
        )
        MembershipApplicationFactory(name="Zonder Nieuwsbrief")
        client.force_login(board_member)
        expected = {
            "confirmed": "Bevestigd Lid",
            "requested": "Aangevinkt Lid",
            "no": "Zonder Nieuwsbrief",
        }
        names = set(expected.values())
        for value, name in expected.items():
            html = client.get(INDEX, {"newsletter": value}).content.decode()
            assert {n for n in names if n in html} == {name}, value
            text = b"".join(
                client.get(INDEX, {"newsletter": value, "export": "csv"}).streaming_content
            ).decode()
            assert {n for n in names if n in text} == {name}, value

    def test_board_notes_are_the_only_editable_field(self, client, board_member, application):
        client.force_login(board_member)
        response = client.post(
            f"{INDEX}edit/{application.pk}/",
            {"board_notes": "Gebeld op dinsdag.", "name": "Iemand anders", "status": "approved"},
        )
        assert response.status_code == 302
        application.refresh_from_db()
        assert application.board_notes == "Gebeld op dinsdag."
        assert application.name == "Laura Jansen"
        assert application.status == Status.CONFIRMED

    def test_search_and_filter(self, client, board_member, application):
        MembershipApplicationFactory(
            name="Rob Peters", organisation="Camping Zon", email="rob@zon.example"
        )
        client.force_login(board_member)
        for query in ["laura", "Hotel De", "laura@example"]:
            html = client.get(INDEX, {"q": query}).content.decode()
            assert "Laura Jansen" in html and "Rob Peters" not in html, query
        html = client.get(INDEX, {"q": "zon.example"}).content.decode()
        assert "Rob Peters" in html and "Laura Jansen" not in html
        html = client.get(INDEX, {"status": "new"}).content.decode()
        assert "Rob Peters" in html and "Laura Jansen" not in html


HOSTILE_CELLS = ["=1+2", "+31 6 1234", "-2+3", "@SUM(A1)", "\tTab", "\rCR", " =HYPERLINK()"]
HOSTILE_EMAIL = "=1+2@example.com"


@pytest.mark.django_db
class ExportTests:
    @pytest.fixture
    def hostile(self, db):
        return MembershipApplicationFactory(
            name=HOSTILE_CELLS[0],
            phone=HOSTILE_CELLS[1],
            organisation=HOSTILE_CELLS[2],
            municipality=HOSTILE_CELLS[3],
            motivation=HOSTILE_CELLS[4],
            board_notes=HOSTILE_CELLS[5],
            membership_type=HOSTILE_CELLS[6],
            email="safe@example.com",
        )

    @pytest.fixture
    def hostile_address(self, db):
        """A valid address can start a formula too; the board's message and the privacy
        statement's title are text like any other."""
        validate_email(HOSTILE_EMAIL)
        return MembershipApplicationFactory(
            email=HOSTILE_EMAIL,
            status=Status.REJECTED,
            decision_message="-cmd|' /C calc'!A0",
            privacy_version="@Privacyverklaring",
        )

    def test_csv_export_neutralises_formulas(self, client, board_member, hostile, hostile_address):
        client.force_login(board_member)
        response = client.get(INDEX, {"export": "csv"})
        assert response.status_code == 200
        assert "aanmeldingen.csv" in response["Content-Disposition"]
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        text = b"".join(response.streaming_content).decode("utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""), delimiter=";"))
        cells = [cell for row in rows[1:] for cell in row]
        assert "safe@example.com" in cells
        assert rows[0][:3] == ["Aangemeld op", "Status", "Naam"]
        # One column per field the detail view shows, each heading once.
        assert len(rows[0]) == len(set(rows[0])) == len(APPLICATION_FIELDS)
        assert "Sector" in rows[0] and "Besloten door" in rows[0]
        assert Status.NEW.label in cells and "Verblijf" in cells  # readable choices
        for cell in cells:
            assert not cell.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), cell
        for value in [*HOSTILE_CELLS, HOSTILE_EMAIL, "-cmd|' /C calc'!A0", "@Privacyverklaring"]:
            assert "'" + value in cells

    def test_xlsx_export_neutralises_formulas(self, client, board_member, hostile, hostile_address):
        client.force_login(board_member)
        response = client.get(INDEX, {"export": "xlsx"})
        assert response.status_code == 200
        workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
        sheet = workbook.active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        values = [cell.value for cell in cells if isinstance(cell.value, str)]
        assert "safe@example.com" in values and "'" + HOSTILE_EMAIL in values
        for cell in cells:
            assert cell.data_type != "f"
            if isinstance(cell.value, str):
                assert not cell.value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r"))

    @pytest.mark.parametrize(
        ("value", "expected"),
        [
            ("=cmd", "'=cmd"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@x", "'@x"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("  =x", "'  =x"),
            ("＝x", "'＝x"),
            ("Laura", "Laura"),
            ("a=b", "a=b"),
            (5, 5),
            (None, None),
        ],
    )
    def test_spreadsheet_safe(self, value, expected):
        assert spreadsheet_safe(value) == expected


def detail_fields(response) -> str:
    """The field list of the detail view, without the admin around it."""
    html = response.content.decode()
    return html[html.index("<dl") : html.rindex("</dl>")]


@pytest.mark.django_db
class BoardReadingTests:
    """The detail view and the dashboard as a board member reads them (issue 12, point 12)."""

    def test_the_detail_shows_local_times_and_yes_or_no(self, client, board_member):
        # 10:15 UTC is 11:15 in Amsterdam in winter, as the listing shows it.
        moment = datetime.datetime(2026, 1, 15, 10, 15, tzinfo=datetime.UTC)
        application = MembershipApplicationFactory(
            name="Laura Jansen",
            status=Status.CONFIRMED,
            submitted_at=moment,
            confirmed_at=moment,
            newsletter=False,
        )
        client.force_login(board_member)
        fields = detail_fields(client.get(f"{INDEX}inspect/{application.pk}/"))
        assert "15 januari 2026, 11:15" in fields
        assert "10:15" not in fields
        assert "Nee" in fields
        for raw in ("True", "False", "None"):
            assert raw not in fields, raw
        application.newsletter = True
        application.save()
        fields = detail_fields(client.get(f"{INDEX}inspect/{application.pk}/"))
        assert "Ja" in fields and "None" not in fields and "True" not in fields
        assert "Besloten op" in fields and "-" in fields  # an empty time is a dash

    def test_status_names_tell_a_confirmed_address_from_an_approval(self, client, board_member):
        application = MembershipApplicationFactory(status=Status.CONFIRMED)
        client.force_login(board_member)
        html = client.get(f"{INDEX}inspect/{application.pk}/").content.decode()
        assert "E-mailadres bevestigd, wacht op besluit" in html
        assert "Goedgekeurd" not in html.replace('"Goedkeuren"', "")
        assert Status.NEW.label == "Nieuw, e-mailadres nog niet bevestigd"
        assert "goedgekeurd" not in Status.CONFIRMED.label.casefold()

    def test_menu_count_and_dashboard_panel_for_waiting_applications(self, client, board_member):
        MembershipApplicationFactory(name="Wachtende Een", status=Status.CONFIRMED)
        MembershipApplicationFactory(name="Wachtende Twee", status=Status.CONFIRMED)
        MembershipApplicationFactory(name="Nog Onbevestigd", status=Status.NEW)
        MembershipApplicationFactory(name="Al Besloten", status=Status.APPROVED)
        client.force_login(board_member)
        html = client.get("/admin/").content.decode()
        assert "Aanmeldingen (2)" in html
        assert "2 aanmeldingen wachten op een besluit" in html
        assert f"{INDEX}?status=confirmed" in html
        assert "Wachtende Een" in html and "Wachtende Twee" in html
        assert "Nog Onbevestigd" not in html and "Al Besloten" not in html

    def test_without_waiting_applications_the_panel_says_so(self, client, board_member):
        MembershipApplicationFactory(status=Status.NEW)
        client.force_login(board_member)
        html = client.get("/admin/").content.decode()
        assert "Geen aanmeldingen wachten op een besluit." in html
        assert "Aanmeldingen (" not in html

    def test_a_superuser_sees_the_panel(self, client):
        MembershipApplicationFactory(status=Status.CONFIRMED)
        root = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
        client.force_login(root)
        html = client.get("/admin/").content.decode()
        assert "1 aanmelding wacht op een besluit" in html
        assert "Aanmeldingen (1)" in html

    @pytest.mark.parametrize("group", ["Editors", "Moderators", None])
    def test_others_see_neither_count_nor_panel(self, client, group):
        MembershipApplicationFactory(name="Geheime Aanvrager", status=Status.CONFIRMED)
        user = user_in(group, "ander")
        if group is None:
            user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        html = client.get("/admin/").content.decode()
        assert "waiting-applications" not in html
        assert "wacht op een besluit" not in html and "Geheime Aanvrager" not in html
        assert "Aanmeldingen (1)" not in html
