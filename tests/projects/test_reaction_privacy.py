"""Personal data in reactions: the IP purge, the purge of unconfirmed reactions, the privacy
export and erase, unsubscribing from the mails about new reactions, and links that give
nothing away."""

import base64
import binascii
import contextlib
import datetime
import json
import pickle
import re
import zlib
from io import StringIO

from django.contrib.sessions.models import Session
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

import time_machine
from django_comments_xtd.models import XtdComment

from home.registry import PersonalRecord, registry
from projects.models import (
    Reaction,
    ReactionConfirmation,
    ReactionMute,
    ReactionReview,
    ReactionUnsubscribeLink,
)
from projects.services import token_digest
from tests.projects.factories import (
    ReactionFactory,
    ReactionTestCase,
    links_in,
    path_of,
    unconfirmed_reaction,
)

NAME = "Annabel Zuidersma"
EMAIL = "annabel.zuidersma@voorbeeld.nl"
TEXT = "Geheime tekst over de keuken van Zuidersma."
IP = "198.51.100.77"


class IpAddressTests(ReactionTestCase):
    def test_the_ip_address_is_kept_with_the_reaction(self):
        client = Client(REMOTE_ADDR="198.51.100.23")
        self.post_reaction(client=client)
        self.confirm(client=client)
        self.assertEqual(Reaction.objects.get().ip_address, "198.51.100.23")

    def test_purge_forgets_addresses_older_than_30_days(self):
        now = timezone.now()
        old = ReactionFactory(
            page=self.project,
            ip_address="192.0.2.1",
            submit_date=now - datetime.timedelta(days=31),
        )
        recent = ReactionFactory(
            page=self.project,
            ip_address="192.0.2.2",
            submit_date=now - datetime.timedelta(days=29),
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


class UnconfirmedPurgeTests(ReactionTestCase):
    def test_unconfirmed_reactions_go_after_seven_days(self):
        now = timezone.now()
        old = unconfirmed_reaction(
            self.project, token="oud", created_at=now - datetime.timedelta(days=7, minutes=1)
        )
        fresh = unconfirmed_reaction(
            self.project, token="vers", created_at=now - datetime.timedelta(days=6, hours=23)
        )
        confirmed_long_ago = unconfirmed_reaction(
            self.project, token="bevestigd", created_at=now - datetime.timedelta(days=30)
        )
        ReactionConfirmation.objects.filter(reaction=confirmed_long_ago).update(confirmed_at=now)
        from_before_confirmations = ReactionFactory(
            page=self.project, is_public=False, submit_date=now - datetime.timedelta(days=60)
        )
        old_link = ReactionUnsubscribeLink.objects.create(
            page=self.project, email="volger@example.com", token_hash="a" * 64
        )
        ReactionUnsubscribeLink.objects.filter(pk=old_link.pk).update(
            created_at=now - datetime.timedelta(days=366)
        )
        new_link = ReactionUnsubscribeLink.objects.create(
            page=self.project, email="volger@example.com", token_hash="b" * 64
        )

        out = StringIO()
        call_command("purge_unconfirmed_reactions", stdout=out)
        self.assertIn("1 onbevestigde reactie(s) en 1 afmeldlink(s) gewist.", out.getvalue())
        remaining = set(Reaction.objects.values_list("pk", flat=True))
        self.assertEqual(remaining, {fresh.pk, confirmed_long_ago.pk, from_before_confirmations.pk})
        # Gone from both of the package's tables, with its confirmation and review.
        self.assertFalse(XtdComment.objects.filter(pk=old.pk).exists())
        self.assertFalse(ReactionConfirmation.objects.filter(reaction_id=old.pk).exists())
        self.assertFalse(ReactionReview.objects.filter(reaction_id=old.pk).exists())
        self.assertEqual(list(ReactionUnsubscribeLink.objects.all()), [new_link])

        out = StringIO()
        call_command("purge_unconfirmed_reactions", stdout=out)
        self.assertIn("0 onbevestigde reactie(s) en 0 afmeldlink(s) gewist.", out.getvalue())

    def test_a_purged_reactions_link_no_longer_works(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.post_reaction()
        path = self.confirmation_path()
        with time_machine.travel(start + datetime.timedelta(days=8), tick=False):
            call_command("purge_unconfirmed_reactions", stdout=StringIO())
            response = self.client.post(path)
        self.assertContains(response, "Deze link werkt niet", status_code=404)
        self.assertFalse(Reaction.objects.exists())


class PersonalDataTests(ReactionTestCase):
    def test_export_and_erase_by_address(self):
        mine = ReactionFactory(page=self.project, user_email="anna@example.com", comment="Van Anna")
        ReactionFactory(page=self.project, user_email="bert@example.com", comment="Van Bert")
        pending = unconfirmed_reaction(
            self.project, user_email="anna@example.com", comment="Nog niet bevestigd"
        )
        ReactionMute.objects.create(page=self.project, email="anna@example.com")
        ReactionUnsubscribeLink.objects.create(
            page=self.project, email="anna@example.com", token_hash="c" * 64
        )
        entry = registry.personal_data["reactions"]
        self.assertEqual(entry.label, "Reacties")

        # However the address is typed, it is the same address.
        exported = entry.export(" Anna@EXAMPLE.com ")
        self.assertTrue(all(isinstance(record, PersonalRecord) for record in exported))
        kinds = [record.kind for record in exported]
        self.assertEqual(
            kinds, ["reaction", "reaction", "reaction_unsubscribe", "reaction_notification"]
        )
        reaction, unconfirmed = exported[:2]
        self.assertEqual(reaction.fields["text"], "Van Anna")
        self.assertEqual(reaction.fields["project"], self.project.title)
        self.assertEqual(reaction.fields["status"], "approved")
        self.assertTrue(reaction.fields["confirmed"])
        self.assertEqual(reaction.created, mine.submit_date)
        self.assertFalse(unconfirmed.fields["confirmed"])
        json.dumps(registry.export_personal_data("anna@example.com"), default=str)

        self.assertEqual(entry.erase("ANNA@example.com"), 4)
        mine.refresh_from_db()
        self.assertEqual((mine.user_email, mine.user_name, mine.comment), ("", "", ""))
        self.assertEqual(mine.status, "rejected")
        pending.refresh_from_db()
        self.assertEqual((pending.comment, pending.status), ("", "rejected"))
        html = self.client.get(self.project_url).content.decode()
        self.assertNotIn("Van Anna", html)
        self.assertIn("Van Bert", html)
        self.assertEqual(entry.export("anna@example.com"), [])

    def test_a_confirmation_link_does_not_bring_an_erased_reaction_back(self):
        for confirm_first in (True, False):
            with self.subTest(confirm_first=confirm_first):
                mail.outbox.clear()
                Reaction.objects.all().delete()
                self.post_reaction()
                if confirm_first:
                    self.confirm()
                path = self.confirmation_path()
                registry.personal_data["reactions"].erase("anna@example.com")
                mail.outbox.clear()
                with self.captureOnCommitCallbacks(execute=True):
                    response = self.client.post(path)
                self.assertContains(response, "Deze reactie is er niet meer", status_code=410)
                reaction = Reaction.objects.get()
                self.assertEqual((reaction.user_email, reaction.status), ("", "rejected"))
                self.assertEqual(mail.outbox, [])


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

    def unsubscribe_path(self, address: str) -> str:
        (notification,) = self.mails_to(address)
        return path_of(notification.extra_headers["List-Unsubscribe"].strip("<>"))

    def test_the_link_asks_and_the_button_stops_the_mails(self):
        self.assertIn("volger@example.com", self.approve_new())
        (notification,) = self.mails_to("volger@example.com")
        (link,) = [url for url in links_in(notification.body) if "/reacties/afmelden/" in url]
        opened = self.client.get(path_of(link))
        self.assertContains(opened, "Afmelden voor reactiemails")
        self.assertContains(opened, '<button type="submit" class="button">Afmelden</button>')
        self.assertFalse(ReactionMute.objects.exists())
        response = self.client.post(path_of(link))
        self.assertContains(response, "Je bent afgemeld")
        self.follower.refresh_from_db()
        self.assertFalse(self.follower.followup)
        self.assertEqual(
            list(ReactionMute.objects.values_list("email", flat=True)), ["volger@example.com"]
        )
        self.assertNotIn("volger@example.com", self.approve_new())
        # Twice is fine, and says the same.
        self.assertContains(self.client.post(path_of(link)), "Je bent afgemeld")
        self.assertEqual(ReactionMute.objects.count(), 1)

    def test_one_click_post_needs_no_csrf_token_and_no_session(self):
        self.approve_new()
        client = Client(enforce_csrf_checks=True)
        response = client.post(
            self.unsubscribe_path("laura@example.com"),
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        self.assertContains(response, "Je bent afgemeld")
        self.assertNotIn("sessionid", response.cookies)
        # The author unsubscribed; the follower still hears of new reactions.
        recipients = self.approve_new()
        self.assertNotIn("laura@example.com", recipients)
        self.assertIn("volger@example.com", recipients)

    def test_ticking_the_box_again_subscribes_again(self):
        self.approve_new()
        self.client.post(self.unsubscribe_path("volger@example.com"))
        self.approve_new(user_email="volger@example.com", followup=True)
        self.assertIn("volger@example.com", self.approve_new())

    def test_authors_without_an_address_get_nothing(self):
        recipients = self.approve_new()
        self.assertEqual(recipients.count("laura@example.com"), 1)
        self.assertEqual(len(recipients), 3)  # the writer, Laura, the follower; not Rob

    def test_a_changed_link_does_nothing(self):
        self.approve_new()
        path = self.unsubscribe_path("volger@example.com")
        for method in (self.client.get, self.client.post):
            response = method(path[:-5] + "xxxx/")
            self.assertContains(response, "Deze link werkt niet", status_code=404)
        self.assertFalse(ReactionMute.objects.exists())


def table_rows() -> dict:
    """Every row the reactions keep, and the sessions, to compare before and after a
    request."""
    return {
        model.__name__: sorted(map(repr, model.objects.values()))
        for model in (
            Session,
            XtdComment,
            ReactionConfirmation,
            ReactionReview,
            ReactionMute,
            ReactionUnsubscribeLink,
        )
    }


def decodings(part: str) -> list[bytes]:
    """What a piece of a link could hide, read every way an encoder might have written it:
    base64 (URL-safe or not, Django's signing), zlib on top, and JSON or pickle inside."""
    found = [part.encode()]
    for candidate in {part, part.lstrip("."), *part.split(":"), *part.split(".")}:
        for decode in (base64.urlsafe_b64decode, base64.b64decode):
            try:
                raw = decode(candidate + "=" * (-len(candidate) % 4))
            except (binascii.Error, ValueError):
                continue
            found.append(raw)
            with contextlib.suppress(zlib.error):
                found.append(zlib.decompress(raw))
    for raw in list(found):
        with contextlib.suppress(ValueError, UnicodeDecodeError):
            found.append(json.dumps(json.loads(raw)).encode())
        # Our own test data only: a link that held a pickle would be a defect anyway. Most
        # pieces are no pickle at all, and fail in any of many ways.
        with contextlib.suppress(Exception):
            found.append(repr(pickle.loads(raw)).encode())  # noqa: S301
    return found


class LinkSecrecyTests(ReactionTestCase):
    def every_reaction_mail(self):
        """Every mail reactions send: the confirmation, the moderators', the writer's
        "online" mail, and the notifications to a follower and an author."""
        ReactionFactory(page=self.project, user_email="volger@example.com", followup=True)
        self.post_reaction(
            client=Client(REMOTE_ADDR=IP), name=NAME, email=EMAIL, comment=TEXT, followup="on"
        )
        self.confirm(EMAIL)
        self.approve(Reaction.objects.get(user_email=EMAIL))
        subjects = sorted(message.subject for message in mail.outbox)
        self.assertEqual(len(subjects), 5, subjects)
        return list(mail.outbox)

    def links(self, messages) -> list[str]:
        links = []
        for message in messages:
            bodies = [message.body, *(content for content, _type in message.alternatives)]
            links += [url for body in bodies for url in links_in(body)]
            header = message.extra_headers.get("List-Unsubscribe")
            if header:
                links.append(header.strip("<>"))
        return links

    def test_no_link_in_any_reaction_mail_gives_away_personal_data(self):
        links = self.links(self.every_reaction_mail())
        self.assertTrue(any("/reacties/bevestigen/" in link for link in links))
        self.assertTrue(any("/reacties/afmelden/" in link for link in links))
        secrets = [NAME, "Zuidersma", EMAIL, "annabel", "voorbeeld.nl", TEXT[:20], IP]
        for link in links:
            for part in re.split(r"[/?&=#]", link):
                for decoded in decodings(part):
                    text = decoded.decode("utf-8", "replace").casefold()
                    for secret in secrets:
                        self.assertNotIn(secret.casefold(), text, f"{secret!r} in {link}")

    def test_tokens_are_random_and_only_their_digest_is_stored(self):
        links = self.links(self.every_reaction_mail())
        tokens = [
            link.rstrip("/").rsplit("/", 1)[1]
            for link in links
            if "/reacties/bevestigen/" in link or "/reacties/afmelden/" in link
        ]
        self.assertEqual(len(set(tokens)), 3)  # one confirmation, two unsubscribe links
        stored = repr(table_rows())
        for token in tokens:
            self.assertGreaterEqual(len(base64.urlsafe_b64decode(token + "==")), 16)  # 128 bits
            self.assertNotIn(token, stored)
            self.assertIn(token_digest(token), stored)

    def test_opening_the_links_changes_no_row(self):
        ReactionFactory(page=self.project, user_email="volger@example.com", followup=True)
        self.post_reaction()
        confirm = self.confirmation_path()
        other = ReactionFactory(page=self.project, is_public=False)
        self.approve(other)
        (notification,) = self.mails_to("volger@example.com")
        unsubscribe = path_of(notification.extra_headers["List-Unsubscribe"].strip("<>"))
        mail.outbox.clear()
        before = table_rows()
        for path in (confirm, unsubscribe):
            for _ in range(2):
                with self.captureOnCommitCallbacks(execute=True):
                    self.assertEqual(self.client.get(path).status_code, 200)
                    self.assertEqual(self.client.head(path).status_code, 200)
        self.assertEqual(table_rows(), before)
        self.assertEqual(mail.outbox, [])

    def test_the_moderation_screens_never_show_an_unconfirmed_reaction(self):
        pending = unconfirmed_reaction(self.project, comment="Nog niet bevestigd")
        client = Client()
        client.force_login(self.moderator)
        for status in ("", "waiting", "rejected", "suspicious"):
            response = client.get(reverse("reactions:index"), {"status": status})
            self.assertNotContains(response, "Nog niet bevestigd")
        self.assertNotContains(client.get("/admin/"), "Nog niet bevestigd")
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(reverse("reactions:approve", args=[pending.pk]))
        self.assertEqual(response.status_code, 404)
        pending.refresh_from_db()
        self.assertFalse(pending.is_public)
        self.assertEqual(mail.outbox, [])
