"""The spam defences of the reaction form: security hash, timestamp, honeypot, minimum fill
time, rate limit, and suspicious reactions held and marked for the moderators."""

import datetime

from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

import time_machine

from home.antispam import EXPIRED, REFUSED, TOO_FAST
from projects.forms import ReactionForm
from projects.models import Reaction, ReactionSettings
from tests.projects.factories import MODERATORS, ReactionTestCase, reaction_data
from tests.ratelimit import window_start

TYPED = {"name": "Anna de Vries", "email": "anna@example.com", "comment": "Mijn getypte tekst"}


class RefusedPostTests(ReactionTestCase):
    """A refused post shows the project page again, with the form, what was typed, a Dutch
    message and fresh security data; nothing is stored or mailed."""

    def assert_shown_again(self, response, message):
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "projects/project_page.html")
        self.assertContains(response, message)
        self.assertContains(response, 'class="error-summary"')
        self.assertContains(response, 'value="Anna de Vries"')
        self.assertContains(response, 'value="anna@example.com"')
        self.assertContains(response, "Mijn getypte tekst</textarea>")
        form = response.context["reaction_form"]
        timestamp = form.data["timestamp"]
        expected = form.generate_security_hash(
            "projects.projectpage", str(self.project.pk), timestamp
        )
        self.assertEqual(form.data["security_hash"], expected)
        self.assertEqual(form.data["honeypot"], "")
        self.assertFalse(Reaction.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_too_fast(self):
        response = self.post_reaction(seconds_ago=1, **TYPED)
        self.assert_shown_again(response, TOO_FAST)

    def test_honeypot(self):
        response = self.post_reaction(honeypot="http://spam.example", **TYPED)
        self.assert_shown_again(response, REFUSED)
        self.assertNotContains(response, "spam.example")

    def test_security_hash(self):
        response = self.post_reaction(security_hash="0" * 40, **TYPED)
        self.assert_shown_again(response, REFUSED)

    def test_changed_timestamp(self):
        data = reaction_data(self.project, **TYPED)
        data["timestamp"] = str(int(data["timestamp"]) - 100)  # no longer matches the hash
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("projects:reaction_post"), data)
        self.assert_shown_again(response, REFUSED)

    def test_form_left_open_too_long(self):
        response = self.post_reaction(seconds_ago=settings.COMMENTS_TIMEOUT + 60, **TYPED)
        self.assert_shown_again(response, EXPIRED)

    def test_errors_beside_the_fields_and_in_a_summary(self):
        response = self.post_reaction(name="", email="geen-adres", comment="")
        self.assertEqual(response.status_code, 200)
        for text in ("Vul je naam in.", "Vul een geldig e-mailadres in", "Schrijf je reactie."):
            self.assertContains(response, text, count=2)  # in the summary and beside the field
        self.assertContains(response, '<a href="#reactie-name">Naam: Vul je naam in.</a>')
        self.assertContains(response, 'value="geen-adres"')
        self.assertFalse(Reaction.objects.exists())

    def test_at_most_3000_characters(self):
        response = self.post_reaction(comment="a" * 3001)
        self.assertContains(response, "Je reactie is te lang: hoogstens 3000 tekens (nu 3001).")
        self.assertEqual(mail.outbox, [])
        self.post_reaction(comment="a" * 3000)
        self.assertEqual(len(mail.outbox), 1)

    def test_a_long_reaction_in_any_script_is_stored_and_its_link_stays_short(self):
        """The link carries a token, not the reaction: 3000 characters of Chinese are as
        welcome as a short line, and the link is as short as ever."""
        chinese = "".join(chr(0x4E00 + (n * 7919) % 20000) for n in range(3000))
        response = self.post_reaction(comment=chinese)
        self.assertEqual(response.status_code, 302)
        self.assertLess(len(self.confirmation_path()), 100)
        self.confirm()
        self.assertEqual(Reaction.objects.get().comment, chinese)

    def test_no_preview_of_a_reaction(self):
        response = self.post_reaction(preview="Voorbeeld", comment="Nog niet goedgekeurd")
        self.assertEqual(response.status_code, 302)
        self.assertNotContains(self.client.get(response["Location"]), "Nog niet goedgekeurd")

    def test_unknown_target_is_refused(self):
        for overrides in ({"content_type": "auth.user"}, {"object_pk": "999999"}):
            with self.subTest(**overrides):
                response = self.post_reaction(**overrides)
                self.assertIn(response.status_code, (400, 404))
        self.assertEqual(mail.outbox, [])

    def test_the_form_works_for_a_real_render(self):
        """The hidden fields the page renders, filled in after the minimum time, are accepted."""
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            form = self.client.get(self.project_url).context["reaction_form"]
        data = {field.name: field.value() for field in form.hidden_fields()} | TYPED
        with (
            time_machine.travel(start + datetime.timedelta(seconds=4), tick=False),
            self.captureOnCommitCallbacks(execute=True),
        ):
            response = self.client.post(reverse("projects:reaction_post"), data)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(len(mail.outbox), 1)


class RateLimitTests(ReactionTestCase):
    def test_five_posts_a_minute(self):
        with time_machine.travel(window_start(60)):
            for _ in range(5):
                self.assertNotEqual(self.post_reaction(seconds_ago=1).status_code, 429)
            response = self.post_reaction()
        self.assertEqual(response.status_code, 429)
        self.assertIn("Retry-After", response)
        self.assertContains(response, "erg vaak een formulier verstuurd", status_code=429)
        # Another address is not limited.
        other = Client(REMOTE_ADDR="192.0.2.7")
        with self.captureOnCommitCallbacks(execute=True):
            allowed = other.post(reverse("projects:reaction_post"), reaction_data(self.project))
        self.assertEqual(allowed.status_code, 302)

    def test_twenty_posts_an_hour(self):
        start = window_start(3600)
        for minute in range(4):
            with time_machine.travel(start + datetime.timedelta(minutes=minute, seconds=1)):
                for _ in range(5):
                    self.assertNotEqual(self.post_reaction(seconds_ago=1).status_code, 429)
        with time_machine.travel(start + datetime.timedelta(minutes=5)):
            self.assertEqual(self.post_reaction().status_code, 429)

    def test_reading_is_never_limited(self):
        for _ in range(10):
            self.assertEqual(self.client.get(self.project_url).status_code, 200)


class SuspiciousReactionTests(ReactionTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        reaction_settings = ReactionSettings.for_site(Site.objects.get(is_default_site=True))
        reaction_settings.blocklist_words = "goedkope pillen\nCasino"
        reaction_settings.blocklist_domains = "spam.example\n@wegwerp.example"
        reaction_settings.save()

    def review_of(self, **overrides):
        reaction = self.post_and_confirm(**overrides)
        return reaction, reaction.review

    def test_two_links_are_suspicious(self):
        reaction, review = self.review_of(
            comment="Kijk op https://a.example en www.b.example voor meer."
        )
        self.assertTrue(review.suspicious)
        self.assertIn("2 links", review.suspicion)
        self.assertEqual(reaction.status, "waiting")
        (moderation_mail,) = self.mails_to(MODERATORS[0])
        self.assertIn("Verdacht: 2 links", moderation_mail.body)

    def test_one_link_is_fine(self):
        _, review = self.review_of(comment="Meer op https://www.leisurelablimburg.nl")
        self.assertFalse(review.suspicious)

    def test_blocked_words_and_domains(self):
        for overrides, reason in [
            ({"comment": "Koop GOEDKOPE PILLEN hier"}, "verdachte woorden: goedkope pillen"),
            ({"comment": "Online casino!"}, "verdachte woorden: casino"),
            ({"email": "iemand@spam.example"}, "verdacht e-maildomein: spam.example"),
            ({"email": "iemand@mail.wegwerp.example"}, "verdacht e-maildomein: wegwerp.example"),
        ]:
            with self.subTest(reason=reason):
                mail.outbox.clear()
                _, review = self.review_of(**overrides)
                self.assertTrue(review.suspicious)
                self.assertIn(reason, review.suspicion)

    def test_lookalike_domain_is_not_blocked(self):
        _, review = self.review_of(email="iemand@notspam.example")
        self.assertFalse(review.suspicious)

    def test_a_moderators_suspicious_reaction_is_held_too(self):
        self.client.force_login(self.moderator)
        self.post_reaction(comment="https://a.example https://b.example", email="mo@example.com")
        reaction = Reaction.objects.get()
        self.assertEqual(reaction.status, "waiting")
        self.assertTrue(reaction.review.suspicious)
        self.assertEqual([m.to for m in mail.outbox], [MODERATORS])

    def test_suspicious_reactions_are_marked_in_the_moderation_list(self):
        self.review_of(comment="https://a.example https://b.example")
        client = Client()
        client.force_login(self.moderator)
        response = client.get(reverse("reactions:index"), {"status": "suspicious"})
        self.assertContains(response, "Verdacht")
        self.assertContains(response, "2 links")


class FormClassTests(ReactionTestCase):
    def test_the_package_uses_our_form(self):
        import django_comments

        self.assertIs(django_comments.get_form(), ReactionForm)


# Larger than any id the database can hold: SQLite raises OverflowError on it.
HUGE_ID = "9" * 30


class OddNumberTests(ReactionTestCase):
    """Ids from a URL or a form that are no id at all: never a 500."""

    def test_post_to_a_project_id_no_database_can_hold(self):
        for object_pk in (HUGE_ID, "²", "٣"):
            with self.subTest(object_pk=object_pk):
                self.assertEqual(self.post_reaction(object_pk=object_pk).status_code, 404)
        self.assertEqual(mail.outbox, [])

    def test_reply_to_that_is_no_id_is_refused_with_what_was_typed(self):
        for reply_to in (HUGE_ID, "²", "-5"):
            with self.subTest(reply_to=reply_to):
                response = self.post_reaction(reply_to=reply_to, **TYPED)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, "Mijn getypte tekst</textarea>")
                self.assertTrue(response.context["reaction_form"].errors)
        self.assertEqual(mail.outbox, [])

    def test_reply_page_of_an_id_no_database_can_hold(self):
        response = self.client.get(f"/reacties/{HUGE_ID}/reageren/")
        self.assertEqual(response.status_code, 404)

    def test_odd_link_tokens_are_bad_links(self):
        for token in ("%00", "x" * 5000, "%F0%9F%92%A9", "'%20OR%201=1--", HUGE_ID):
            for name in ("projects:reaction_confirm", "projects:reaction_unsubscribe"):
                path = reverse(name, args=["TOKEN"]).replace("TOKEN", token)
                for method in (self.client.get, self.client.post):
                    with self.subTest(token=token[:20], name=name, method=method.__name__):
                        response = method(path)
                        self.assertContains(response, "Deze link werkt niet", status_code=404)


class LongAddressTests(ReactionTestCase):
    def test_an_address_too_long_to_store_normalised_is_refused_with_what_was_typed(self):
        """Reactions store the address as home.emails spells it (punycode): this valid
        address of 124 characters would become longer than any address column."""
        labels = [
            "".join(chr(0x4E00 + (i * 131 + j * 977) % 20000) for i in range(12)) for j in range(7)
        ]
        email = "a" * 30 + "@" + ".".join(labels) + ".nl"
        response = self.post_reaction(email=email, comment="Mijn getypte tekst")
        self.assertContains(response, "Dit e-mailadres is te lang.", count=2)
        self.assertContains(response, "Mijn getypte tekst</textarea>")
        self.assertFalse(Reaction.objects.exists())
        self.assertEqual(mail.outbox, [])
