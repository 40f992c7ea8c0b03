"""The AVG commands end to end, across every app: one person leaves a reaction, registers for
an event and applies for membership, each through the public forms and the admin as people
do; privacy_export then finds all three, and privacy_erase leaves no trace of the person in
any model (the copies of sent mail in the production mail queue included), while another
person's data stays."""

import datetime
import json
import re
from contextlib import contextmanager
from io import StringIO

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import pytest
from django_tasks_db.models import DBTaskResult

from events.models import Registration
from home.sites import default_site_settings
from membership.models import MembershipApplication, MembershipSettings
from projects.models import Reaction, ReactionSettings
from tests.events.factories import EventIndexPageFactory, EventPageFactory, at, registration_data
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory
from tests.membership.factories import MembershipPageFactory, models_holding, signup_data
from tests.projects.factories import reaction_data

EMAIL = "zoe.privacy@example.com"
NAME = "Zoë Vergeetmij"
OTHER_EMAIL = "rob.blijft@example.com"
OTHER_NAME = "Rob Blijftstaan"


def path_in(message, fragment: str) -> str:
    match = re.search(rf"https?://[^/\s]+({re.escape(fragment)}[^\s\"<>]+)", message.body)
    assert match, message.body
    return match.group(1)


@contextmanager
def delivered(capture):
    """Run the block; its mail goes through the database queue and is sent as the worker
    (manage.py db_worker) would, which keeps a copy of every mail it sent. The worker itself
    closes the database connection, which a test on PostgreSQL cannot survive."""
    with capture(execute=True):
        yield
    for result in DBTaskResult.objects.ready():
        result.claim("test")
        result.task.call(*result.args_kwargs["args"], **result.args_kwargs["kwargs"])
        result.set_successful(None)


def mail_to(address: str, subject_start: str):
    (message,) = [m for m in mail.outbox if address in m.to and m.subject.startswith(subject_start)]
    return message


@pytest.fixture
def people(home, settings, django_capture_on_commit_callbacks):
    """Zoë and Rob each react on a project, register for an event and apply for membership."""
    settings.RATELIMIT_ENABLE = False
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    capture = django_capture_on_commit_callbacks
    membership_settings = default_site_settings(MembershipSettings)
    membership_settings.board_emails = "bestuur@example.com"
    membership_settings.save()
    reaction_settings = default_site_settings(ReactionSettings)
    reaction_settings.moderator_emails = "moderator@example.com"
    reaction_settings.save()
    MembershipPageFactory(parent=home)
    users = get_user_model().objects
    moderator = users.create_user("moderator", "moderator@example.com", "pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    board = users.create_user("bestuurder", "bestuur@example.com", "pw")
    board.groups.add(Group.objects.get(name="Bestuur"))
    staff = Client()

    project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home))
    day = timezone.localdate() + datetime.timedelta(days=10)
    event = EventPageFactory(
        parent=EventIndexPageFactory(parent=home), title="Privacy-workshop", start=at(day, 19)
    )
    for name, email in [(NAME, EMAIL), (OTHER_NAME, OTHER_EMAIL)]:
        visitor = Client()
        # A reaction, confirmed through the mail and approved by a moderator.
        with delivered(capture):
            visitor.post(
                reverse("projects:reaction_post"),
                reaction_data(project, name=name, email=email, comment=f"Reactie van {name}"),
            )
        with delivered(capture):
            visitor.post(path_in(mail_to(email, "Bevestig"), "/reacties/bevestigen/"))
        reaction = Reaction.objects.get(user_email=email)
        staff.force_login(moderator)
        with delivered(capture):
            staff.post(reverse("reactions:approve", args=[reaction.pk]))

        # A seat at an event.
        with delivered(capture):
            response = visitor.post(event.url, registration_data(name=name, email=email))
        assert response.status_code == 302

        # A membership application, confirmed and approved by the board.
        with delivered(capture):
            response = visitor.post(
                "/lid-worden/",
                signup_data(name=name, email=email.upper(), phone="", newsletter="on"),
            )
        assert response.status_code == 302
        with delivered(capture):
            visitor.post(path_in(mail_to(email.upper(), "Bevestig"), "/aanmelding/bevestigen/"))
        application = MembershipApplication.objects.get(email_normalised=email)
        staff.force_login(board)
        with delivered(capture):
            staff.post(
                reverse("membership_applications:approve", args=[application.pk]),
                {"message": f"Welkom, {name}!"},
            )

    assert Reaction.objects.get(user_email=EMAIL).is_public
    assert Registration.objects.get(email=EMAIL).status == Registration.Status.CONFIRMED
    assert MembershipApplication.objects.get(email_normalised=EMAIL).status == "approved"


@pytest.mark.django_db
class PrivacyAcrossAppsTests:
    def test_export_holds_the_reactions_registrations_and_applications(self, people):
        out = StringIO()
        call_command("privacy_export", f" {EMAIL.title()} ", stdout=out)
        exported = json.loads(out.getvalue())
        data = exported["data"]
        assert set(data) == {"membership", "members", "reactions", "events"}
        member_records = data["members"]["records"]
        assert [record["kind"] for record in member_records] == ["member", "directory_listing"]
        (application,) = data["membership"]["records"]
        assert application["kind"] == "application"
        assert application["fields"]["name"] == NAME
        assert application["fields"]["status"] == "approved"
        (reaction,) = data["reactions"]["records"]
        assert reaction["kind"] == "reaction"
        assert reaction["fields"]["text"] == f"Reactie van {NAME}"
        (registration,) = data["events"]["records"]
        assert registration["kind"] == "event_registration"
        assert registration["fields"]["event"] == "Privacy-workshop"
        assert OTHER_EMAIL not in out.getvalue() and OTHER_NAME not in out.getvalue()

    def test_erase_leaves_no_trace_in_any_model_and_keeps_the_others(self, people):
        assert models_holding(EMAIL)
        out = StringIO()
        call_command("privacy_erase", EMAIL.upper(), yes=True, stdout=out)
        report = out.getvalue()
        assert "Aanmeldingen als lid: 1 erased" in report
        assert "Lidmaatschap: 1 erased" in report
        assert "Reacties: 1 erased" in report
        assert "Aanmeldingen voor bijeenkomsten: 1 erased" in report
        for trace in (EMAIL, NAME, "Vergeetmij", f"Reactie van {NAME}"):
            assert models_holding(trace) == [], trace

        # The export finds nothing any more; the other person's data is all still there.
        out = StringIO()
        call_command("privacy_export", EMAIL, stdout=out)
        data = json.loads(out.getvalue())["data"]
        assert data["membership"]["records"] == []
        assert data["reactions"]["records"] == []
        assert data["events"]["records"] == []
        out = StringIO()
        call_command("privacy_export", OTHER_EMAIL, stdout=out)
        data = json.loads(out.getvalue())["data"]
        assert len(data["membership"]["records"]) == 1
        assert len(data["reactions"]["records"]) == 1
        assert len(data["events"]["records"]) == 1
        assert Reaction.objects.get(user_email=OTHER_EMAIL).is_public
