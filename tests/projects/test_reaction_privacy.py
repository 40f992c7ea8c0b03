"""Personal data in reactions: the IP purge, the privacy export and erase, and unsubscribing
from the mails about new reactions."""

import datetime
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from home.registry import registry
from projects.models import Reaction, ReactionMute
from projects.services import unsubscribe_url
from tests.projects.factories import ReactionFactory, ReactionTestCase, path_of


class IpAddressTests(ReactionTestCase):
    def test_the_ip_address_is_kept_with_the_reaction(self):
        client = Client(REMOTE_ADDR="198.51.100.23")
        self.post_reaction(client=client)
        self.confirm(client=client)
        self.assertEqual(Reaction.objects.get().ip_address, "198.51.100.23")

    def test_purge_forgets_addresses_older_than_30_days(self):
        now = timezone.now()
        old = ReactionFactory(
            page=self.project, ip_address="192.0.2.1", submit_date=now - datetime.timedelta(days=31)
        )
        recent = ReactionFactory(
            page=self.project, ip_address="192.0.2.2", submit_date=now - datetime.timedelta(days=29)
        )
        out = StringIO()
        call_command("purge_reaction_ips", stdout=out)
        old.refresh_from_db()
        recent.refresh_from_db()
        self.assertIsNone(old.ip_address)
        self.assertEqual(recent.ip_address, "192.0.2.2")
        self.assertIn("1 reactie(s)", out.getvalue())
        # Nothing else changes: the reaction stays online.
        self.assertEqual(old.status, "approved")


class PersonalDataTests(ReactionTestCase):
    def test_export_and_erase_by_address(self):
        mine = ReactionFactory(page=self.project, user_email="Anna@Example.com", comment="Van Anna")
        ReactionFactory(page=self.project, user_email="bert@example.com", comment="Van Bert")
        ReactionMute.objects.create(page=self.project, email="anna@example.com")
        entry = registry.personal_data["reactions"]
        self.assertEqual(entry.label, "Reacties")

        exported = entry.export("anna@example.com")
        (reaction,) = exported["reacties"]
        self.assertEqual(reaction["reactie"], "Van Anna")
        self.assertEqual(reaction["project"], self.project.title)
        self.assertEqual(len(exported["afmeldingen"]), 1)

        self.assertEqual(entry.erase("anna@example.com"), 2)
        mine.refresh_from_db()
        self.assertEqual((mine.user_email, mine.user_name, mine.comment), ("", "", ""))
        self.assertEqual(mine.status, "rejected")
        html = self.client.get(self.project_url).content.decode()
        self.assertNotIn("Van Anna", html)
        self.assertIn("Van Bert", html)
        self.assertEqual(entry.export("anna@example.com"), {"reacties": [], "afmeldingen": []})

    def test_an_old_confirmation_link_does_not_bring_an_erased_reaction_back(self):
        self.post_reaction()
        self.confirm()
        registry.personal_data["reactions"].erase("anna@example.com")
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.get(self.confirmation_path())
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Reaction.objects.filter(user_email="anna@example.com").exists())
        self.assertEqual(Reaction.objects.count(), 1)


class UnsubscribeTests(ReactionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.follower = ReactionFactory(
            page=cls.project, user_email="volger@example.com", followup=True
        )

    def approve_new(self, **overrides):
        mail.outbox.clear()
        reaction = ReactionFactory(page=self.project, is_public=False, **overrides)
        self.approve(reaction)
        return sorted(address for message in mail.outbox for address in message.to)

    def test_one_click_link_stops_the_mails(self):
        self.assertIn("volger@example.com", self.approve_new())
        (notification,) = self.mails_to("volger@example.com")
        (link,) = [line for line in notification.body.split() if "/reacties/afmelden/" in line]
        response = self.client.get(path_of(link))
        self.assertContains(response, "Je bent afgemeld")
        self.follower.refresh_from_db()
        self.assertFalse(self.follower.followup)
        self.assertNotIn("volger@example.com", self.approve_new())

    def test_list_unsubscribe_post_needs_no_csrf_token(self):
        self.approve_new()
        (notification,) = self.mails_to("laura@example.com")
        url = notification.extra_headers["List-Unsubscribe"].strip("<>")
        client = Client(enforce_csrf_checks=True)
        response = client.post(path_of(url), {"List-Unsubscribe": "One-Click"})
        self.assertEqual(response.status_code, 200)
        # The author unsubscribed; the follower still hears of new reactions.
        recipients = self.approve_new()
        self.assertNotIn("laura@example.com", recipients)
        self.assertIn("volger@example.com", recipients)

    def test_ticking_the_box_again_subscribes_again(self):
        self.client.get(path_of(unsubscribe_url(page=self.project, email="volger@example.com")))
        self.approve_new(user_email="volger@example.com", followup=True)
        self.assertIn("volger@example.com", self.approve_new())

    def test_authors_without_an_address_get_nothing(self):
        recipients = self.approve_new()
        self.assertEqual(recipients.count("laura@example.com"), 1)
        self.assertEqual(len(recipients), 3)  # the writer, Laura, the follower; not Rob

    def test_a_changed_link_does_nothing(self):
        url = path_of(unsubscribe_url(page=self.project, email="volger@example.com"))
        response = self.client.get(url[:-5] + "xxxx/")
        self.assertContains(response, "Deze link werkt niet", status_code=400)
        self.assertFalse(ReactionMute.objects.exists())
