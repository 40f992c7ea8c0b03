"""Moderating reactions in the Wagtail admin: who may, the menu item and dashboard panel, the
list with its filters, and approving and rejecting, one by one and in bulk."""

import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

from projects.models import Reaction
from tests.projects.factories import ReactionFactory, ReactionTestCase

INDEX = "/admin/reacties/"


class ReactionAdminTestCase(ReactionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        cls.old = ReactionFactory(
            page=cls.project,
            user_name="Oud",
            comment="Oude reactie",
            submit_date=now - datetime.timedelta(days=2),
        )
        cls.waiting = ReactionFactory(
            page=cls.project,
            user_name="Wacht",
            user_email="wacht@example.com",
            comment="Wachtende reactie\nmet <b>opmaak</b>",
            is_public=False,
            submit_date=now - datetime.timedelta(hours=1),
        )
        cls.newest = ReactionFactory(
            page=cls.project,
            user_name="Nieuw",
            comment="Nieuwste wachtende reactie https://a.example https://b.example",
            is_public=False,
            submit_date=now,
        )
        cls.rejected = ReactionFactory(
            page=cls.project,
            user_name="Weg",
            comment="Afgewezen reactie",
            is_removed=True,
            submit_date=now - datetime.timedelta(minutes=30),
        )
        cls.editor = get_user_model().objects.create_user("editor", "editor@example.com", "pw")
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def setUp(self):
        self.client.force_login(self.moderator)


class PermissionTests(ReactionAdminTestCase):
    def test_moderators_group_has_the_permission(self):
        permission = Permission.objects.get(codename="moderate_reactions")
        self.assertEqual(permission.name, "Mag reacties modereren")
        self.assertIn(permission, Group.objects.get(name="Moderators").permissions.all())
        self.assertNotIn(permission, Group.objects.get(name="Editors").permissions.all())

    def test_reactions_are_moderated_in_one_place_only(self):
        """No /django-admin/ where staff could edit reactions outside the moderation record."""
        superuser = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
        self.client.force_login(superuser)
        for path in ("/django-admin/", "/django-admin/django_comments_xtd/xtdcomment/"):
            self.assertEqual(self.client.get(path).status_code, 404)
        self.assertNotIn("django.contrib.admin", settings.INSTALLED_APPS)
        self.assertNotIn("/django-admin/", self.client.get("/robots.txt").content.decode())

    def test_reaction_settings_have_their_own_screen(self):
        superuser = get_user_model().objects.create_superuser("root", "root@example.com", "pw")
        self.client.force_login(superuser)
        site = Site.objects.get(is_default_site=True)
        reactions = self.client.get(
            reverse("wagtailsettings:edit", args=["projects", "reactionsettings", site.pk])
        )
        self.assertContains(reactions, "E-mailadressen moderatoren")
        self.assertContains(reactions, "Verdachte e-maildomeinen")
        self.assertContains(reactions, "moderator1@example.com")
        general = self.client.get(
            reverse("wagtailsettings:edit", args=["home", "sitesettings", site.pk])
        )
        self.assertEqual(general.status_code, 200)
        self.assertNotContains(general, "moderatoren")
        self.assertNotContains(general, "Verdachte")

    def test_editors_without_the_permission_see_nothing(self):
        self.client.force_login(self.editor)
        dashboard = self.client.get("/admin/")
        self.assertEqual(dashboard.status_code, 200)
        self.assertNotContains(dashboard, INDEX)
        self.assertNotContains(dashboard, "Reacties die wachten")
        for method, url in [
            ("get", INDEX),
            ("post", reverse("reactions:approve", args=[self.waiting.pk])),
            ("get", reverse("reactions:reject", args=[self.waiting.pk])),
            ("post", reverse("reactions:bulk")),
        ]:
            with self.subTest(url=url):
                response = getattr(self.client, method)(url)
                self.assertIn(response.status_code, (302, 403))
        self.waiting.refresh_from_db()
        self.assertEqual(self.waiting.status, "waiting")

    def test_the_permission_can_be_granted_in_the_group_editor(self):
        admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
        self.client.force_login(admin)
        group = Group.objects.get(name="Editors")
        response = self.client.get(reverse("wagtailusers_groups:edit", args=[group.pk]))
        permission = Permission.objects.get(codename="moderate_reactions")
        self.assertContains(response, f'value="{permission.pk}"')

    def test_no_add_edit_or_delete_views(self):
        for url in [f"{INDEX}new/", f"{INDEX}edit/{self.waiting.pk}/", f"{INDEX}delete/1/"]:
            self.assertEqual(self.client.get(url).status_code, 404)


class MenuAndDashboardTests(ReactionAdminTestCase):
    def sidebar_items(self, response) -> list[dict]:
        html = response.content.decode()
        start = html.index('id="wagtail-sidebar-props"')
        start = html.index(">", start) + 1
        props = json.loads(html[start : html.index("</script>", start)])
        return json.dumps(props)

    def test_menu_item_shows_the_number_waiting(self):
        response = self.client.get("/admin/")
        sidebar = self.sidebar_items(response)
        self.assertIn("Reacties (2)", sidebar)
        self.assertIn(f"{INDEX}?status=waiting", sidebar)

    def test_dashboard_panel(self):
        response = self.client.get("/admin/")
        self.assertContains(response, "Reacties die wachten op goedkeuring")
        self.assertContains(response, "2 reacties wachten op goedkeuring")
        self.assertContains(response, f'href="{INDEX}?status=waiting"')
        self.assertContains(response, "Nieuw op Samen in elkaars keuken")

    def test_nothing_waiting(self):
        Reaction.objects.filter(is_public=False).update(is_public=True)
        response = self.client.get("/admin/")
        self.assertNotIn("Reacties (", self.sidebar_items(response))
        self.assertContains(response, "Geen reacties wachten op goedkeuring.")


class ListTests(ReactionAdminTestCase):
    def names(self, response) -> list[str]:
        return [reaction.user_name for reaction in response.context["object_list"]]

    def test_newest_first_with_all_columns(self):
        response = self.client.get(INDEX)
        self.assertEqual(self.names(response), ["Nieuw", "Weg", "Wacht", "Oud"])
        self.assertContains(response, f'href="{self.project_url}"')
        self.assertContains(response, "wacht@example.com")
        self.assertContains(response, "Wachtende reactie<br>met &lt;b&gt;opmaak&lt;/b&gt;")
        for header in ("Project", "Naam", "E-mailadres", "Reactie", "Datum", "Status"):
            self.assertContains(response, header)

    def test_filters(self):
        for status, expected in [
            ("waiting", ["Nieuw", "Wacht"]),
            ("approved", ["Oud"]),
            ("rejected", ["Weg"]),
            ("suspicious", ["Nieuw"]),
        ]:
            with self.subTest(status=status):
                response = self.client.get(INDEX, {"status": status})
                self.assertEqual(self.names(response), expected)
        response = self.client.get(INDEX, {"project": self.project.pk})
        self.assertEqual(len(self.names(response)), 4)

    def test_list_costs_no_query_per_row(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.client.get(INDEX)
        with CaptureQueriesContext(connection) as few:
            self.client.get(INDEX)
        ReactionFactory.create_batch(20, page=self.project, is_public=False)
        with CaptureQueriesContext(connection) as many:
            self.client.get(INDEX)
        self.assertEqual(len(few), len(many))


class ModerationTests(ReactionAdminTestCase):
    def test_approve_one(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("reactions:approve", args=[self.waiting.pk]),
                {"next": f"{INDEX}?status=waiting"},
            )
        self.assertRedirects(response, f"{INDEX}?status=waiting", fetch_redirect_response=False)
        self.waiting.refresh_from_db()
        self.assertEqual(self.waiting.status, "approved")
        self.assertEqual(self.waiting.review.reviewed_by, self.moderator)
        self.assertContains(self.client.get(self.project_url), "Wachtende reactie")
        self.assertEqual(len([m for m in mail.outbox if "wacht@example.com" in m.to]), 1)

    def test_approving_twice_mails_once(self):
        url = reverse("reactions:approve", args=[self.waiting.pk])
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(url)
            self.client.post(url)
        self.assertEqual(len([m for m in mail.outbox if "wacht@example.com" in m.to]), 1)

    def test_approve_only_by_post(self):
        response = self.client.get(reverse("reactions:approve", args=[self.waiting.pk]))
        self.assertEqual(response.status_code, 405)

    def test_reject_with_a_reason(self):
        url = reverse("reactions:reject", args=[self.old.pk])
        form = self.client.get(url)
        self.assertContains(form, "Oude reactie")
        self.assertContains(form, "Reden (niet verplicht)")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(url, {"reason": "Reclame"})
        self.assertEqual(response.status_code, 302)
        self.old.refresh_from_db()
        self.assertEqual(self.old.status, "rejected")
        self.assertEqual(self.old.review.rejection_reason, "Reclame")
        self.assertNotContains(self.client.get(self.project_url), "Oude reactie")
        self.assertEqual(mail.outbox, [])
        listing = self.client.get(INDEX, {"status": "rejected"})
        self.assertContains(listing, "Reden van afwijzing: Reclame")

    def test_reject_without_a_reason(self):
        self.client.post(reverse("reactions:reject", args=[self.waiting.pk]), {"reason": ""})
        self.waiting.refresh_from_db()
        self.assertEqual(self.waiting.status, "rejected")

    def test_a_rejected_reaction_can_be_approved_after_all(self):
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(reverse("reactions:approve", args=[self.rejected.pk]))
        self.rejected.refresh_from_db()
        self.assertEqual(self.rejected.status, "approved")
        self.assertEqual(self.rejected.review.rejection_reason, "")

    def test_bulk_approve(self):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("reactions:bulk"),
                {"action": "approve", "ids": [self.waiting.pk, self.newest.pk]},
            )
        self.assertEqual(response.status_code, 302)
        statuses = Reaction.objects.filter(pk__in=[self.waiting.pk, self.newest.pk])
        self.assertEqual({r.status for r in statuses}, {"approved"})
        # Each writer hears that theirs is online, the project's author of each one.
        recipients = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(
            recipients,
            sorted(["laura@example.com"] * 2 + [self.waiting.user_email, self.newest.user_email]),
        )

    def test_bulk_reject_with_reason(self):
        self.client.post(
            reverse("reactions:bulk"),
            {"action": "reject", "ids": [self.waiting.pk, self.old.pk], "reason": "Spam"},
        )
        for reaction in (self.waiting, self.old):
            reaction.refresh_from_db()
            self.assertEqual(
                (reaction.status, reaction.review.rejection_reason), ("rejected", "Spam")
            )

    def test_bulk_without_a_choice_changes_nothing(self):
        response = self.client.post(reverse("reactions:bulk"), {"action": "approve"}, follow=True)
        self.assertContains(response, "Kies eerst een of meer reacties")
        self.assertEqual(Reaction.objects.waiting().count(), 2)

    def test_the_list_offers_row_and_bulk_actions(self):
        response = self.client.get(INDEX)
        approve = reverse("reactions:approve", args=[self.waiting.pk])
        self.assertContains(response, f'formaction="{approve}"')
        self.assertContains(response, reverse("reactions:reject", args=[self.waiting.pk]))
        self.assertContains(response, f'name="ids" value="{self.waiting.pk}" form="reactions-bulk"')
        self.assertContains(response, 'name="action" value="approve"')
        self.assertContains(response, 'name="action" value="reject"')
        self.assertContains(response, 'name="reason"')


class OddNumberTests(ReactionAdminTestCase):
    """Ids no database can hold (SQLite raises OverflowError on them): never a 500."""

    HUGE_ID = "9" * 30

    def test_moderation_urls(self):
        for method, url in [
            ("post", f"{INDEX}{self.HUGE_ID}/goedkeuren/"),
            ("get", f"{INDEX}{self.HUGE_ID}/afwijzen/"),
            ("post", f"{INDEX}{self.HUGE_ID}/afwijzen/"),
        ]:
            with self.subTest(url=url):
                self.assertEqual(getattr(self.client, method)(url).status_code, 404)

    def test_bulk_and_filter(self):
        for ids in ([self.HUGE_ID], ["²"], [self.HUGE_ID, str(self.waiting.pk)]):
            with self.subTest(ids=ids):
                response = self.client.post(
                    reverse("reactions:bulk"), {"action": "reject", "ids": ids}
                )
                self.assertEqual(response.status_code, 302)
        self.waiting.refresh_from_db()
        self.assertEqual(self.waiting.status, "rejected")
        for project in (self.HUGE_ID, "²", "abc"):
            with self.subTest(project=project):
                self.assertEqual(self.client.get(INDEX, {"project": project}).status_code, 200)
