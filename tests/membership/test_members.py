"""Members: made on approval, and the board's "Leden" in the Wagtail admin."""

import csv
import datetime
import io

from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

import pytest
from openpyxl import load_workbook

from membership.member_admin import MEMBER_FIELDS
from membership.models import Member, MembershipApplication
from membership.services import membership_application_approve, membership_application_reject

from .factories import (
    MemberDirectoryPageFactory,
    MemberFactory,
    MembershipApplicationFactory,
    listed,
    models_holding,
    sign_in,
    user_in,
)

INDEX = "/admin/leden/"
Status = Member.Status


@pytest.fixture
def member(db):
    return MemberFactory(name="Laura Jansen", email="laura@example.com", organisation="De Berg")


def approve(application, user, capture):
    with capture(execute=True):
        return membership_application_approve(application=application, user=user)


@pytest.mark.django_db
class ApprovalMakesMemberTests:
    def test_approving_creates_a_member_and_mails_the_member_area_link(
        self, site, board_member, django_capture_on_commit_callbacks
    ):
        application = MembershipApplicationFactory(
            name="Laura Jansen",
            email="Laura@Example.com",
            organisation="Hotel De Berg",
            sector="verblijf",
            municipality="Valkenburg",
            membership_type="Ondernemer – € 150 per jaar",
            status=MembershipApplication.Status.CONFIRMED,
        )
        approve(application, board_member, django_capture_on_commit_callbacks)
        member = Member.objects.get()
        assert (member.name, member.email_normalised, member.organisation) == (
            "Laura Jansen",
            "laura@example.com",
            "Hotel De Berg",
        )
        assert (member.sector, member.municipality) == ("verblijf", "Valkenburg")
        assert member.membership_type == "Ondernemer – € 150 per jaar"
        assert member.status == Status.ACTIVE and member.application == application
        assert member.member_since == timezone.localdate()
        assert not member.listed  # the directory is opt-in
        (welcome,) = mail.outbox
        assert welcome.to == ["Laura@Example.com"]
        assert "http://testserver/mijn-leisure-lab/" in welcome.body

    def test_approving_a_former_member_makes_them_active_again(
        self, site, board_member, django_capture_on_commit_callbacks
    ):
        former = MemberFactory(
            email="laura@example.com",
            status=Status.ENDED,
            ended_on=datetime.date(2024, 1, 1),
            member_since=datetime.date(2020, 1, 1),
        )
        application = MembershipApplicationFactory(
            email="LAURA@example.com", status=MembershipApplication.Status.CONFIRMED
        )
        approve(application, board_member, django_capture_on_commit_callbacks)
        former.refresh_from_db()
        assert Member.objects.count() == 1
        assert former.status == Status.ACTIVE and former.ended_on is None
        assert former.member_since == timezone.localdate()
        assert former.application == application

    def test_a_rejection_makes_no_member(self, site, board_member):
        application = MembershipApplicationFactory(status=MembershipApplication.Status.CONFIRMED)
        membership_application_reject(application=application, user=board_member)
        assert not Member.objects.exists()


def member_urls(member) -> list[str]:
    pk = member.pk
    return [
        INDEX,
        f"{INDEX}?export=csv",
        f"{INDEX}new/",
        f"{INDEX}inspect/{pk}/",
        f"{INDEX}edit/{pk}/",
        f"{INDEX}end/{pk}/",
        f"{INDEX}hide/{pk}/",
    ]


@pytest.mark.django_db
class MemberAdminPermissionTests:
    def test_anonymous_is_sent_to_the_login(self, client, member):
        for url in member_urls(member):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"], url

    @pytest.mark.parametrize("group", ["Editors", "Moderators"])
    def test_editors_and_moderators_see_nothing(self, client, member, group):
        client.force_login(user_in(group, "redacteur"))
        assert INDEX not in client.get("/admin/").content.decode()
        for url in member_urls(member):
            response = client.get(url)
            assert response.status_code in (302, 403), url
            assert b"Laura" not in response.content, url
        client.post(f"{INDEX}end/{member.pk}/", {"ended_on": "2025-01-01"})
        member.refresh_from_db()
        assert member.status == Status.ACTIVE

    def test_a_signed_in_member_has_no_admin_access(self, client, member):
        sign_in(client, member)
        for url in member_urls(member):
            response = client.get(url)
            assert response.status_code == 302 and "/admin/login/" in response["Location"]

    @pytest.mark.parametrize("superuser", [False, True])
    def test_the_board_and_superusers_see_members(self, client, member, board_member, superuser):
        user = (
            get_user_model().objects.create_superuser("root", "root@example.com", "pw")
            if superuser
            else board_member
        )
        client.force_login(user)
        assert INDEX in client.get("/admin/").content.decode()
        assert "Laura Jansen" in client.get(INDEX).content.decode()
        detail = client.get(f"{INDEX}inspect/{member.pk}/").content.decode()
        assert "laura@example.com" in detail and f"{INDEX}end/{member.pk}/" in detail


@pytest.mark.django_db
class MemberAdminTests:
    def test_filters_and_search(self, client, board_member):
        MemberFactory(name="Anna Horeca", sector="horeca", membership_type="Starter")
        MemberFactory(name="Bert Verblijf", sector="verblijf", membership_type="Ondernemer")
        MemberFactory(name="Carla Oud", sector="horeca", status=Status.ENDED)
        client.force_login(board_member)

        def names(query):
            html = client.get(INDEX, query).content.decode()
            return {n for n in ("Anna Horeca", "Bert Verblijf", "Carla Oud") if n in html}

        assert names({}) == {"Anna Horeca", "Bert Verblijf", "Carla Oud"}
        assert names({"status": "active"}) == {"Anna Horeca", "Bert Verblijf"}
        assert names({"sector": "horeca"}) == {"Anna Horeca", "Carla Oud"}
        assert names({"membership_type": "Starter"}) == {"Anna Horeca"}
        assert names({"q": "verblijf"}) == {"Bert Verblijf"}

    def test_exports_are_formula_safe_with_one_column_per_field(self, client, board_member):
        MemberFactory(name="=HYPERLINK(1)", organisation="+31 bedrijf", email="safe@example.com")
        client.force_login(board_member)
        response = client.get(INDEX, {"export": "csv"})
        text = b"".join(response.streaming_content).decode("utf-8-sig")  # Dutch Excel's BOM
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
        assert len(rows[0]) == len(set(rows[0])) == len(MEMBER_FIELDS)
        assert rows[0][0] == "Naam" and "Status" in rows[0]
        cells = rows[1]
        assert "'=HYPERLINK(1)" in cells and "'+31 bedrijf" in cells and "Actief" in cells
        response = client.get(INDEX, {"export": "xlsx"})
        sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                assert cell.data_type != "f"

    def test_the_board_adds_a_founding_member_by_hand(
        self, client, site, board_member, django_capture_on_commit_callbacks
    ):
        client.force_login(board_member)
        data = {
            "name": "Oprichter Piet",
            "email": "Piet@Example.com",
            "organisation": "Kasteel",
            "sector": "attractie",
            "municipality": "Heerlen",
            "membership_type": "Ondernemer",
            "member_since": "2019-05-01",
        }
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(f"{INDEX}new/", data)
        assert response.status_code == 302
        member = Member.objects.get()
        assert member.email_normalised == "piet@example.com"
        assert member.member_since == datetime.date(2019, 5, 1)
        assert member.status == Status.ACTIVE
        (welcome,) = mail.outbox
        assert welcome.to == ["Piet@Example.com"]
        assert "http://testserver/mijn-leisure-lab/" in welcome.body

        # The same address again is a clear error, not a crash, and keeps what was typed.
        response = client.post(f"{INDEX}new/", {**data, "email": "PIET@example.com"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Er is al een lid met dit e-mailadres" in html and "Oprichter Piet" in html
        assert Member.objects.count() == 1

    def test_ending_a_membership_removes_the_listing_at_once(
        self, client, site, board_member, member
    ):
        directory = MemberDirectoryPageFactory(parent=site.get_parent())
        listed(member)
        assert "De Berg" in client.get(directory.url).content.decode()
        staff = type(client)()
        staff.force_login(board_member)
        response = staff.get(f"{INDEX}end/{member.pk}/")
        assert response.status_code == 200
        response = staff.post(
            f"{INDEX}end/{member.pk}/", {"ended_on": "2025-06-30", "note": "Bedrijf gestopt"}
        )
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.status == Status.ENDED
        assert member.ended_on == datetime.date(2025, 6, 30)
        assert member.end_note == "Bedrijf gestopt"
        assert "De Berg" not in client.get(directory.url).content.decode()

    def test_an_invalid_end_date_keeps_the_form(self, client, board_member, member):
        client.force_login(board_member)
        response = client.post(f"{INDEX}end/{member.pk}/", {"ended_on": "gisteren", "note": "x"})
        assert response.status_code == 200
        assert "Vul een geldige datum in." in response.content.decode()
        member.refresh_from_db()
        assert member.status == Status.ACTIVE

    def test_hiding_a_listing_mails_the_reason(
        self, client, site, board_member, member, django_capture_on_commit_callbacks
    ):
        directory = MemberDirectoryPageFactory(parent=site.get_parent())
        listed(member)
        client.force_login(board_member)
        response = client.post(f"{INDEX}hide/{member.pk}/", {"reason": ""})
        assert response.status_code == 200  # a reason is required
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"{INDEX}hide/{member.pk}/", {"reason": "Geen logo's van derden."}
            )
        assert response.status_code == 302
        (message,) = mail.outbox
        assert message.to == ["laura@example.com"]
        assert "Geen logo's van derden." in message.body
        visitor = type(client)()
        assert "De Berg" not in visitor.get(directory.url).content.decode()
        client.post(f"{INDEX}show/{member.pk}/")
        assert "De Berg" in visitor.get(directory.url).content.decode()

    def test_deleting_a_member_in_the_admin_leaves_no_history_naming_them(
        self, client, board_member, member
    ):
        client.force_login(board_member)
        client.post(f"{INDEX}end/{member.pk}/", {"ended_on": "2025-01-01", "note": ""})
        assert models_holding("Laura Jansen")  # the member, and the history of the end
        response = client.post(f"{INDEX}delete/{member.pk}/")
        assert response.status_code == 302
        assert not Member.objects.exists()
        assert models_holding("Laura Jansen") == []
