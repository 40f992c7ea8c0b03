"""AVG: the export and erase commands, and the purge of old applications."""

import datetime
import json
from io import StringIO
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

import pytest
import time_machine

from home.registry import registry
from membership.member_services import member_sign_in_request, members_purge
from membership.models import Member, MembershipApplication, MemberSignInLink
from membership.services import (
    REJECTED_RETENTION_MONTHS,
    UNCONFIRMED_RETENTION_DAYS,
    membership_application_approve,
    membership_application_reject,
    membership_applications_purge,
    months_before,
)

from .factories import MemberFactory, MembershipApplicationFactory, listed, models_holding

Status = MembershipApplication.Status
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
EMAIL = "laura@example.com"


@pytest.mark.django_db
class PrivacyCommandTests:
    @pytest.fixture
    def applications(self, db, django_capture_on_commit_callbacks):
        board = get_user_model().objects.create_user("bestuurder", "b@example.com", "pw")
        old = MembershipApplicationFactory(
            email="Laura@Example.com", status=Status.CONFIRMED, motivation="Eerste poging"
        )
        with django_capture_on_commit_callbacks(execute=True):
            membership_application_reject(application=old, user=board, message="Nog niet.")
        current = MembershipApplicationFactory(
            email=EMAIL, status=Status.CONFIRMED, board_notes="Gebeld."
        )
        with django_capture_on_commit_callbacks(execute=True):
            membership_application_approve(application=current, user=board)
        other = MembershipApplicationFactory(email="rob@example.com")
        return old, current, other

    def test_membership_registers_its_personal_data(self):
        entry = registry.personal_data["membership"]
        assert entry.label == "Aanmeldingen als lid"

    def test_export_has_every_application_of_the_address(self, applications):
        out = StringIO()
        call_command("privacy_export", "LAURA@example.com", stdout=out)
        exported = json.loads(out.getvalue())
        assert exported["email"] == "LAURA@example.com"
        records = exported["data"]["membership"]["records"]
        assert {record["kind"] for record in records} == {"application"}
        assert all(record["created"] for record in records)
        fields = [record["fields"] for record in records]
        assert [field["status"] for field in fields] == ["rejected", "approved"]
        assert fields[0]["motivation"] == "Eerste poging"
        assert fields[0]["decision_message"] == "Nog niet."
        assert fields[1]["board_notes"] == "Gebeld."
        assert "rob@example.com" not in out.getvalue()

    def test_export_to_a_file(self, applications, tmp_path):
        target = tmp_path / "export.json"
        call_command("privacy_export", EMAIL, output=str(target), stderr=StringIO())
        assert json.loads(target.read_text())["data"]["membership"]["records"]

    def test_erase_leaves_no_model_holding_the_address(self, applications):
        old, current, other = applications
        assert models_holding(EMAIL)  # the applications, at least
        names = {old.name, current.name}
        out = StringIO()
        call_command("privacy_erase", EMAIL, yes=True, stdout=out)
        assert "Aanmeldingen als lid: 2 erased" in out.getvalue()
        assert models_holding(EMAIL) == []
        for name in names:  # not even in the admin history
            assert models_holding(name) == [], name
        assert MembershipApplication.objects.get() == other
        # Erasing again finds nothing.
        out = StringIO()
        call_command("privacy_erase", EMAIL, yes=True, stdout=out)
        assert "Total: 0 record(s)" in out.getvalue()

    def test_commands_refuse_what_is_not_an_address(self):
        with pytest.raises(CommandError):
            call_command("privacy_export", "not an address")
        with pytest.raises(CommandError):
            call_command("privacy_erase", "not an address", yes=True)


def at(year, month, day, hour=12):
    return datetime.datetime(year, month, day, hour, tzinfo=AMSTERDAM)


@pytest.mark.django_db
class PurgeTests:
    def test_months_before(self):
        assert months_before(at(2025, 8, 31), 6) == at(2025, 2, 28)
        assert months_before(at(2025, 3, 15), 6) == at(2024, 9, 15)

    def test_purge_with_frozen_time(self):
        start = at(2025, 1, 10)
        with time_machine.travel(start, tick=False):
            unconfirmed = MembershipApplicationFactory(status=Status.NEW)
            confirmed = MembershipApplicationFactory(status=Status.CONFIRMED)
            approved = MembershipApplicationFactory(status=Status.APPROVED)
            rejected = MembershipApplicationFactory(
                status=Status.REJECTED, decided_at=at(2025, 1, 10)
            )
        with time_machine.travel(at(2025, 1, 20), tick=False):
            recent = MembershipApplicationFactory(status=Status.NEW)

        # 30 days later, to the minute: still there.
        with time_machine.travel(start + datetime.timedelta(days=30, minutes=-1), tick=False):
            assert membership_applications_purge() == {"unconfirmed": 0, "rejected": 0}
        with time_machine.travel(start + datetime.timedelta(days=30, minutes=1), tick=False):
            assert membership_applications_purge() == {"unconfirmed": 1, "rejected": 0}
            assert membership_applications_purge() == {"unconfirmed": 0, "rejected": 0}
        assert not MembershipApplication.objects.filter(pk=unconfirmed.pk).exists()
        assert MembershipApplication.objects.filter(pk=recent.pk).exists()

        # Six months after the decision, to the hour: the rejected one is still there.
        with time_machine.travel(at(2025, 7, 10, 11), tick=False):
            assert membership_applications_purge() == {"unconfirmed": 1, "rejected": 0}
        with time_machine.travel(at(2025, 7, 10, 13), tick=False):
            out = StringIO()
            call_command("purge_membership_applications", stdout=out)
            assert "Removed 0 unconfirmed and 1 rejected" in out.getvalue()
            out = StringIO()
            call_command("purge_membership_applications", stdout=out)
            assert "Removed 0 unconfirmed and 0 rejected" in out.getvalue()
        remaining = set(MembershipApplication.objects.values_list("pk", flat=True))
        assert remaining == {confirmed.pk, approved.pk}
        assert rejected.pk not in remaining

    def test_the_privacy_statement_promises_these_terms(self, client, demo):
        text = " ".join(client.get("/privacyverklaring/").content.decode().split())
        assert (
            f"Onbevestigde aanmeldingen als lid verwijderen we na {UNCONFIRMED_RETENTION_DAYS} "
            f"dagen, afgewezen aanmeldingen na {REJECTED_RETENTION_MONTHS} maanden" in text
        )

    def test_a_resubmission_restarts_the_thirty_days(self):
        with time_machine.travel(at(2025, 1, 1), tick=False):
            application = MembershipApplicationFactory(status=Status.NEW)
        application.submitted_at = at(2025, 1, 25)
        application.save()
        with time_machine.travel(at(2025, 2, 5), tick=False):
            assert membership_applications_purge()["unconfirmed"] == 0


@pytest.mark.django_db
class MemberPrivacyTests:
    @pytest.fixture
    def members(self, site, django_capture_on_commit_callbacks):
        laura = listed(
            MemberFactory(name="Laura Lid", email="Laura@Example.com", website="https://l.example"),
            listing_text="Onze keuken",
        )
        with django_capture_on_commit_callbacks(execute=True):
            member_sign_in_request(email=EMAIL)
        other = MemberFactory(name="Rob Lid", email="rob@example.com")
        return laura, other

    def test_members_register_their_personal_data(self):
        assert registry.personal_data["members"].label == "Lidmaatschap"

    def test_export_has_the_member_the_listing_and_the_sign_in_links(self, members):
        out = StringIO()
        call_command("privacy_export", EMAIL.upper(), stdout=out)
        records = json.loads(out.getvalue())["data"]["members"]["records"]
        assert [record["kind"] for record in records] == [
            "member",
            "directory_listing",
            "sign_in_link",
        ]
        assert records[0]["fields"]["name"] == "Laura Lid"
        assert records[1]["fields"]["text"] == "Onze keuken"
        assert records[1]["created"]  # when the consent was given
        assert "Rob Lid" not in out.getvalue()

    def test_erase_removes_member_and_logins(self, members):
        out = StringIO()
        call_command("privacy_erase", EMAIL, yes=True, stdout=out)
        assert "Lidmaatschap: 1 erased" in out.getvalue()
        assert models_holding(EMAIL) == []
        assert models_holding("Laura Lid") == []
        assert not MemberSignInLink.objects.exists()
        assert Member.objects.get().name == "Rob Lid"


@pytest.mark.django_db
class MemberPurgeTests:
    def test_ended_members_go_a_year_after_the_end_unless_kept(self):
        with time_machine.travel(at(2026, 6, 1), tick=False):
            recent = MemberFactory(status=Member.Status.ENDED, ended_on=datetime.date(2025, 6, 1))
            old = MemberFactory(status=Member.Status.CANCELLED, ended_on=datetime.date(2025, 5, 31))
            kept = MemberFactory(
                status=Member.Status.ENDED,
                ended_on=datetime.date(2020, 1, 1),
                keep_legal_record=True,
            )
            active = MemberFactory(member_since=datetime.date(2000, 1, 1))
            out = StringIO()
            call_command("purge_members", stdout=out)
            assert "Removed 1 former member(s)" in out.getvalue()
            out = StringIO()
            call_command("purge_members", stdout=out)
            assert "Removed 0 former member(s)" in out.getvalue()
        remaining = set(Member.objects.values_list("pk", flat=True))
        assert remaining == {recent.pk, kept.pk, active.pk}
        assert old.pk not in remaining

    def test_sign_in_links_go_after_a_day(self, site, django_capture_on_commit_callbacks):
        member = MemberFactory()
        with time_machine.travel(at(2026, 1, 1), tick=False):
            member_sign_in_request(email=member.email)
        with time_machine.travel(at(2026, 1, 2, 13), tick=False):
            assert members_purge()["sign_in_links"] == 1

    def test_the_privacy_statement_describes_members(self, client, demo):
        text = " ".join(client.get("/privacyverklaring/").content.decode().split())
        assert "In de ledenlijst „Onze leden” sta je alleen als je dat zelf aanzet" in text
        assert "verwijderen we je gegevens een jaar na het einde" in text
