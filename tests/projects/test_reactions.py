"""Posting a reaction, confirming it, moderating it, and what the project page shows."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

import time_machine

from projects import services
from projects.forms import ReactionForm
from projects.models import (
    ProjectIndexPage,
    Reaction,
    ReactionConfirmation,
    ReactionMute,
    ReactionReview,
)
from projects.reactions import bump_reactions_version
from projects.services import token_digest
from tests.factories import PersonFactory, ProjectPageFactory, add_author
from tests.projects.factories import (
    MODERATORS,
    PROJECT_TITLE,
    ReactionFactory,
    ReactionTestCase,
    links_in,
    path_of,
    reaction_data,
)

TEXT = "Mooi project, hier kunnen we van leren."
WAITING = "Je reactie wacht op goedkeuring"


class ReactionSectionTests(ReactionTestCase):
    def test_seed_page_ends_with_the_reactions_section(self):
        response = self.client.get(self.project_url)
        html = response.content.decode()
        self.assertContains(response, '<h2 id="reacties-titel">Reacties</h2>', html=True)
        self.assertContains(response, "Dit project heeft nog geen reacties!")
        self.assertContains(response, "Laat een reactie achter")
        self.assertLess(html.index("Reacties</h2>"), html.index("Laat een reactie achter"))

    def test_form_fields_and_privacy_notice(self):
        response = self.client.get(self.project_url)
        form = response.context["reaction_form"]
        visible = [field.name for field in form.visible_fields()]
        self.assertEqual(visible, ["name", "email", "comment", "followup", "honeypot"])
        self.assertNotIn("url", form.fields)
        self.assertContains(response, 'name="followup" id="reactie-followup">', count=1)
        self.assertNotContains(response, 'name="followup" id="reactie-followup" checked')
        self.assertEqual(form.fields["comment"].max_length, 3000)
        self.assertContains(response, '<a href="/privacyverklaring/">privacyverklaring</a>')
        self.assertContains(response, "je e-mailadres tonen we nooit")
        # The honeypot is hidden with the hidden attribute, not with an inline style.
        self.assertContains(response, '<div class="honeypot" hidden>')
        self.assertNotIn("display:none", html := response.content.decode())
        self.assertNotIn("display: none", html)

    def test_approved_reactions_oldest_first_with_name_and_date(self):
        with time_machine.travel(datetime.datetime(2025, 3, 1, 12, 0, tzinfo=datetime.UTC)):
            ReactionFactory(page=self.project, user_name="Eerste", comment="Oudste reactie")
        ReactionFactory(page=self.project, user_name="Tweede", comment="Nieuwere reactie")
        ReactionFactory(
            page=self.project, user_name="Wachter", comment="Wacht nog", is_public=False
        )
        response = self.client.get(self.project_url)
        html = response.content.decode()
        self.assertLess(html.index("Oudste reactie"), html.index("Nieuwere reactie"))
        self.assertContains(response, "Eerste")
        self.assertContains(response, '<time class="reaction__date" datetime="2025-03-01T13:00:00')
        self.assertContains(response, "1 maart 2025, 13:00")
        self.assertNotContains(response, "Wacht nog")
        self.assertNotContains(response, "Dit project heeft nog geen reacties!")


class ReactionFlowTests(ReactionTestCase):
    def test_post_confirm_hold_approve_visible(self):
        follower = ReactionFactory(
            page=self.project, user_email="volger@example.com", followup=True, comment="Eerder"
        )

        response = self.post_reaction(followup="on")
        self.assertRedirects(
            response, f"{self.project_url}?reactie=bevestig#reacties", fetch_redirect_response=False
        )
        # Stored at once, unconfirmed: not public, not waiting for a moderator; only the
        # writer got a mail.
        reaction = Reaction.objects.get(user_email="anna@example.com")
        self.assertEqual(list(Reaction.objects.unconfirmed()), [reaction])
        self.assertFalse(reaction.is_public)
        self.assertFalse(Reaction.objects.waiting().exists())
        self.assertEqual([m.to for m in mail.outbox], [["anna@example.com"]])
        confirmation = mail.outbox[0]
        self.assertEqual(confirmation.subject, f"Bevestig je reactie op “{PROJECT_TITLE}”")
        self.assertNotIn(TEXT, confirmation.body)  # nobody can mail a stranger a message
        self.assertIn("7 dagen geldig", confirmation.body)
        page = self.client.get(f"{self.project_url}?reactie=bevestig")
        self.assertContains(page, "Klik op de link in die mail")
        self.assertNotContains(page, TEXT)

        # Opening the link shows the reaction and a button; only the button confirms.
        path = self.confirmation_path()
        mail.outbox.clear()
        opened = self.client.get(path)
        self.assertContains(opened, "Bevestig je reactie", count=3)  # title, heading, button
        self.assertContains(opened, TEXT)
        self.assertContains(opened, '<form method="post"')
        self.assertIsNone(ReactionConfirmation.objects.get().confirmed_at)
        self.assertEqual(mail.outbox, [])
        with self.captureOnCommitCallbacks(execute=True):
            confirmed = self.client.post(path)
        self.assertRedirects(
            confirmed, f"{self.project_url}?reactie=wacht#reacties", fetch_redirect_response=False
        )
        reaction.refresh_from_db()
        self.assertEqual(reaction.status, "waiting")
        self.assertEqual(list(Reaction.objects.waiting()), [reaction])
        self.assertTrue(reaction.followup)
        page = self.client.get(confirmed["Location"])
        self.assertContains(page, WAITING)
        self.assertNotContains(page, TEXT)
        # The moderators are told, with a link to the moderation screen; nobody else yet.
        self.assertEqual([m.to for m in mail.outbox], [MODERATORS])
        moderation_mail = mail.outbox[0]
        self.assertIn(TEXT, moderation_mail.body)
        self.assertIn("anna@example.com", moderation_mail.body)
        self.assertIn("http://testserver/admin/reacties/?status=waiting", moderation_mail.body)
        moderator = Client()
        moderator.force_login(self.moderator)
        listing = moderator.get(path_of(links_in(moderation_mail.body)[-1]))
        self.assertContains(listing, TEXT)

        mail.outbox.clear()
        self.approve(reaction)
        reaction.refresh_from_db()
        self.assertEqual(reaction.status, "approved")
        self.assertContains(self.client.get(self.project_url), TEXT)
        recipients = sorted(address for message in mail.outbox for address in message.to)
        self.assertEqual(recipients, ["anna@example.com", "laura@example.com", follower.user_email])
        (online,) = self.mails_to("anna@example.com")
        self.assertEqual(online.subject, "Je reactie staat online")
        (link,) = links_in(online.body)[:1]
        self.assertEqual(link, f"http://testserver{self.project_url}#{reaction.anchor()}")
        self.assertContains(self.client.get(path_of(link)), TEXT)
        for address in ("laura@example.com", follower.user_email):
            (notification,) = self.mails_to(address)
            self.assertIn(TEXT, notification.body)
            unsubscribe = notification.extra_headers["List-Unsubscribe"].strip("<>")
            self.assertIn(unsubscribe, notification.body)
            self.assertEqual(
                notification.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click"
            )
            self.assertContains(self.client.get(path_of(unsubscribe)), "Afmelden")
        self.assertFalse(ReactionMute.objects.exists())

    def test_confirming_twice_after_approval_or_rejection_changes_nothing(self):
        self.post_reaction()
        path = self.confirmation_path()
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post(path)
            again = self.client.post(path)
        self.assertContains(again, "Je reactie is al bevestigd")
        self.assertEqual(Reaction.objects.filter(user_email="anna@example.com").count(), 1)
        self.assertEqual(ReactionReview.objects.count(), 1)
        self.assertEqual(len(self.mails_to(MODERATORS[0])), 1)
        reaction = Reaction.objects.get(user_email="anna@example.com")
        confirmed_at = reaction.confirmation.confirmed_at
        self.approve(reaction)
        self.assertContains(self.client.post(path), "Je reactie is al bevestigd")
        # Rejected: the link says so, and confirms nothing.
        client = Client()
        client.force_login(self.moderator)
        client.post(reverse("reactions:reject", args=[reaction.pk]), {"reason": ""})
        for method in (self.client.get, self.client.post):
            response = method(path)
            self.assertContains(response, "Deze reactie is er niet meer", status_code=410)
            self.assertNotContains(response, TEXT, status_code=410)
        reaction.refresh_from_db()
        self.assertEqual(reaction.status, "rejected")
        self.assertEqual(reaction.confirmation.confirmed_at, confirmed_at)

    def test_link_expires_after_seven_days(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.post_reaction()
        path = self.confirmation_path()
        almost_a_week = start + datetime.timedelta(days=6, hours=23)
        with time_machine.travel(almost_a_week, tick=False):
            self.assertContains(self.client.get(path), "Bevestig je reactie")
        with time_machine.travel(start + datetime.timedelta(days=7, minutes=1), tick=False):
            for method in (self.client.get, self.client.post):
                response = method(path)
                self.assertContains(response, "Deze link is verlopen", status_code=410)
        self.assertEqual(Reaction.objects.unconfirmed().count(), 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_changed_links_do_not_work(self):
        self.post_reaction()
        path = self.confirmation_path()
        token = path.strip("/").split("/")[-1]
        bad = [
            path.replace(token, token[:-3] + "abc"),
            path.replace(token, token[:20]),
            path.replace(token, token_digest(token)),  # the stored digest is no link
        ]
        for bad_path in bad:
            with self.subTest(path=bad_path):
                for method in (self.client.get, self.client.post):
                    response = method(bad_path)
                    self.assertContains(response, "Deze link werkt niet", status_code=404)
        self.assertEqual(Reaction.objects.unconfirmed().count(), 1)

    def test_links_are_absolute_https_in_production(self):
        site = Site.objects.get(is_default_site=True)
        site.hostname, site.port = "www.leisurelablimburg.nl", 443
        site.save()
        self.post_reaction()
        (message,) = mail.outbox
        self.assertIn("https://www.leisurelablimburg.nl/reacties/bevestigen/", message.body)

    def test_moderator_is_published_at_once(self):
        ReactionFactory(page=self.project, user_email="volger@example.com", followup=True)
        self.client.force_login(self.moderator)
        response = self.post_reaction(name="Mo", email="moderator@example.com")
        reaction = Reaction.objects.get(user_email="moderator@example.com")
        self.assertEqual(reaction.status, "approved")
        self.assertFalse(ReactionConfirmation.objects.exists())
        self.assertRedirects(
            response,
            f"{self.project_url}?reactie=geplaatst#{reaction.anchor()}",
            fetch_redirect_response=False,
        )
        self.assertContains(self.client.get(self.project_url), TEXT)
        # No confirmation, no moderator mail; followers and authors hear of it now.
        self.assertEqual(
            sorted(a for m in mail.outbox for a in m.to),
            ["laura@example.com", "volger@example.com"],
        )

    def test_other_logged_in_users_confirm_like_guests(self):
        user = get_user_model().objects.create_user("lid", "lid@example.com", "pw")
        self.client.force_login(user)
        self.post_reaction(email="lid@example.com")
        self.assertEqual(Reaction.objects.unconfirmed().get().user, user)
        self.confirm("lid@example.com")
        reaction = Reaction.objects.get()
        self.assertEqual(reaction.status, "waiting")
        self.assertEqual(reaction.user, user)

    def test_the_ip_address_is_the_posters(self):
        self.post_reaction(client=Client(REMOTE_ADDR="198.51.100.1"))
        self.confirm(client=Client(REMOTE_ADDR="203.0.113.9"))
        self.assertEqual(Reaction.objects.get().ip_address, "198.51.100.1")

    def test_the_address_is_stored_normalised(self):
        self.post_reaction(email="Anna@Example.COM")
        self.assertEqual(Reaction.objects.get().user_email, "anna@example.com")
        self.assertEqual(mail.outbox[0].to, ["anna@example.com"])


class DoubleSubmitTests(ReactionTestCase):
    def test_two_quick_identical_posts_leave_one_reaction_and_one_mail(self):
        first = self.post_reaction()
        second = self.post_reaction()
        self.assertEqual(first["Location"], second["Location"])
        self.assertEqual(Reaction.objects.unconfirmed().count(), 1)
        self.assertEqual(ReactionConfirmation.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_the_same_text_again_after_a_minute_is_a_new_reaction(self):
        start = timezone.now()
        with time_machine.travel(start, tick=False):
            self.post_reaction()
        with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
            self.post_reaction()
        self.assertEqual(Reaction.objects.unconfirmed().count(), 2)
        self.assertEqual(len(mail.outbox), 2)

    def test_another_text_or_project_is_another_reaction(self):
        other = ProjectPageFactory(parent=ProjectIndexPage.objects.get())
        self.post_reaction()
        self.post_reaction(comment="Iets anders")
        self.post_reaction(other)
        self.assertEqual(Reaction.objects.unconfirmed().count(), 3)

    def test_a_moderators_double_click_publishes_and_mails_once(self):
        self.client.force_login(self.moderator)
        self.post_reaction(email="mo@example.com")
        self.post_reaction(email="mo@example.com")
        self.assertEqual(Reaction.objects.approved().count(), 1)
        self.assertEqual([m.to for m in mail.outbox], [["laura@example.com"]])


class ReplyTests(ReactionTestCase):
    def test_one_level_of_replies_held_the_same_way(self):
        parent = ReactionFactory(page=self.project, user_name="Bert", comment="Eerste reactie")
        page = self.client.get(self.project_url)
        reply_url = reverse("projects:reaction_reply", args=[parent.pk])
        self.assertContains(page, f'href="{reply_url}"')
        reply_page = self.client.get(reply_url)
        self.assertContains(reply_page, "Reageer op Bert")
        self.assertContains(reply_page, f'name="reply_to" value="{parent.pk}"')

        self.post_reaction(reply_to=str(parent.pk), comment="Een antwoord")
        self.confirm()
        reply = Reaction.objects.get(comment="Een antwoord")
        self.assertEqual((reply.level, reply.parent_id, reply.status), (1, parent.pk, "waiting"))
        self.assertNotContains(self.client.get(self.project_url), "Een antwoord")

        self.approve(reply)
        html = self.client.get(self.project_url).content.decode()
        replies = html[html.index('class="reaction-replies"') :]
        self.assertIn("Een antwoord", replies)
        # No reply to a reply: its page does not exist and a post naming it is refused.
        self.assertEqual(
            self.client.get(reverse("projects:reaction_reply", args=[reply.pk])).status_code, 404
        )
        mail.outbox.clear()
        response = self.post_reaction(reply_to=str(reply.pk), comment="Dieper")
        self.assertContains(response, "Je kunt alleen reageren op een reactie die op de site staat")
        self.assertContains(response, "Dieper")
        self.assertEqual(mail.outbox, [])

    def test_a_refused_reply_shows_the_reply_page_again(self):
        parent = ReactionFactory(page=self.project, user_name="Bert")
        response = self.post_reaction(reply_to=str(parent.pk), comment="", name="Anna")
        self.assertTemplateUsed(response, "projects/reaction_reply.html")
        self.assertContains(response, "Reageer op Bert")
        self.assertContains(response, "Schrijf je reactie.")
        self.assertContains(response, 'value="Anna"')
        self.assertContains(response, f'name="reply_to" value="{parent.pk}"')

    def test_no_reply_to_a_reaction_that_is_not_approved(self):
        for parent in (
            ReactionFactory(page=self.project, is_public=False),
            ReactionFactory(page=self.project, is_removed=True),
        ):
            with self.subTest(status=parent.status):
                url = reverse("projects:reaction_reply", args=[parent.pk])
                self.assertEqual(self.client.get(url).status_code, 404)
                response = self.post_reaction(reply_to=str(parent.pk))
                self.assertContains(response, "Je kunt alleen reageren op een reactie")
                self.assertNotContains(response, parent.comment)
        self.assertEqual(mail.outbox, [])

    def test_a_reply_goes_online_only_under_an_approved_reaction(self):
        """Approved under a reaction that is not online, a reply would not be on the page,
        while its writer and the followers were told it is."""
        parent = ReactionFactory(page=self.project, is_public=False, comment="Eerste reactie")
        reply = ReactionFactory(
            page=self.project, parent_id=parent.pk, is_public=False, comment="Een antwoord"
        )
        mail.outbox.clear()
        moderator = Client()
        moderator.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            listing = moderator.post(reverse("reactions:approve", args=[reply.pk]), follow=True)
        self.assertContains(listing, "Keur eerst de reactie goed waarop het antwoordt")
        reply.refresh_from_db()
        self.assertEqual(reply.status, "waiting")
        self.assertEqual(mail.outbox, [])

        # In bulk, the reaction goes first and its reply after it.
        with self.captureOnCommitCallbacks(execute=True):
            moderator.post(
                reverse("reactions:bulk"), {"action": "approve", "ids": [reply.pk, parent.pk]}
            )
        reply.refresh_from_db()
        self.assertEqual(reply.status, "approved")
        html = self.client.get(self.project_url).content.decode()
        self.assertIn("Een antwoord", html[html.index('class="reaction-replies"') :])
        self.assertEqual(len(self.mails_to(reply.user_email)), 1)

    def test_a_bulk_approval_names_the_replies_it_left_waiting(self):
        parent = ReactionFactory(page=self.project, is_removed=True)
        reply = ReactionFactory(page=self.project, parent_id=parent.pk, is_public=False)
        other = ReactionFactory(page=self.project, is_public=False)
        moderator = Client()
        moderator.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            response = moderator.post(
                reverse("reactions:bulk"),
                {"action": "approve", "ids": [reply.pk, other.pk]},
                follow=True,
            )
        self.assertContains(response, "1 reactie(s) goedgekeurd.")
        self.assertContains(response, "Keur eerst de reactie goed waarop het antwoordt")
        reply.refresh_from_db()
        other.refresh_from_db()
        self.assertEqual((reply.status, other.status), ("waiting", "approved"))

    def test_approving_or_rejecting_a_reaction_leaves_its_replies_alone(self):
        parent = ReactionFactory(page=self.project)
        approved = ReactionFactory(page=self.project, parent_id=parent.pk, comment="Goed antwoord")
        waiting = ReactionFactory(
            page=self.project, parent_id=parent.pk, is_public=False, comment="Wacht nog"
        )
        client = Client()
        client.force_login(self.moderator)
        client.post(reverse("reactions:reject", args=[parent.pk]), {"reason": ""})
        self.approve(Reaction.objects.get(pk=parent.pk))
        approved.refresh_from_db()
        waiting.refresh_from_db()
        self.assertEqual((approved.status, waiting.status), ("approved", "waiting"))
        html = self.client.get(self.project_url).content.decode()
        self.assertIn("Goed antwoord", html)
        self.assertNotIn("Wacht nog", html)


class ClosedProjectTests(ReactionTestCase):
    def close(self, **changes):
        for name, value in changes.items():
            setattr(self.project, name, value)
        self.project.save_revision().publish()

    def test_closing_date_replaces_the_form_with_a_sentence(self):
        ReactionFactory(page=self.project, comment="Blijft staan")
        self.close(reactions_close_date=timezone.localdate())
        response = self.client.get(self.project_url)
        self.assertContains(response, "Reageren op dit project is gesloten.")
        self.assertContains(response, "Blijft staan")
        self.assertNotContains(response, "Laat een reactie achter")
        self.assertNotContains(response, 'name="security_hash"')
        self.assertNotContains(response, "/reageren/")
        posted = self.post_reaction()
        self.assertContains(posted, "Reageren is gesloten", status_code=403)
        self.assertFalse(Reaction.objects.exclude(comment="Blijft staan").exists())
        self.assertEqual(mail.outbox, [])

    def test_open_until_the_closing_date(self):
        self.close(reactions_close_date=timezone.localdate() + datetime.timedelta(days=1))
        self.assertContains(self.client.get(self.project_url), "Laat een reactie achter")

    def test_confirming_after_closing_confirms_nothing(self):
        self.post_reaction()
        self.close(reactions_close_date=timezone.localdate())
        response = self.confirm()
        self.assertContains(response, "Reageren is gesloten", status_code=403)
        self.assertEqual(Reaction.objects.unconfirmed().count(), 1)
        self.assertFalse(Reaction.objects.confirmed().exists())
        self.assertEqual(len(mail.outbox), 1)

    def test_reactions_off_hides_the_section(self):
        ReactionFactory(page=self.project, comment="Verborgen reactie")
        self.close(reactions_enabled=False)
        response = self.client.get(self.project_url)
        self.assertNotContains(response, "Reacties</h2>")
        self.assertNotContains(response, "Verborgen reactie")
        self.assertEqual(self.post_reaction().status_code, 403)

    def test_editor_sets_both_in_the_page_editor(self):
        admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
        self.client.force_login(admin)
        response = self.client.get(reverse("wagtailadmin_pages:edit", args=[self.project.pk]))
        self.assertContains(response, 'name="reactions_enabled"')
        self.assertContains(response, 'name="reactions_close_date"')


class ReactionCountTests(ReactionTestCase):
    def test_cards_count_approved_reactions_only(self):
        index = ProjectIndexPage.objects.get()
        other = ProjectPageFactory(parent=index, title="Ander project")
        add_author(other, PersonFactory())
        ReactionFactory.create_batch(2, page=self.project)
        rejected = ReactionFactory(page=self.project, is_removed=True)
        ReactionFactory(page=self.project, parent_id=rejected.pk)  # under a rejected reaction
        ReactionFactory(page=self.project, is_public=False)
        ReactionFactory(page=other)
        counts = {
            p.title: p.reaction_count for p in self.client.get("/projecten/").context["projects"]
        }
        self.assertEqual(counts, {self.project.title: 2, "Ander project": 1})

    def test_cards_show_the_count(self):
        ReactionFactory.create_batch(2, page=self.project)
        response = self.client.get("/projecten/")
        self.assertContains(response, "<span>2 reacties</span>", html=True)
        ReactionFactory(page=ProjectPageFactory(parent=ProjectIndexPage.objects.get()))
        self.assertContains(self.client.get("/projecten/"), "<span>1 reactie</span>", html=True)

    def test_counting_costs_no_query_per_card(self):
        index = ProjectIndexPage.objects.get()
        self.client.get("/projecten/")
        with CaptureQueriesContext(connection) as few:
            self.client.get("/projecten/")
        for number in range(6):
            project = ProjectPageFactory(parent=index, title=f"Project {number}")
            ReactionFactory.create_batch(3, page=project)
        self.client.get("/projecten/")
        with CaptureQueriesContext(connection) as many:
            self.client.get("/projecten/")
        self.assertEqual(len(few), len(many))


class QueryBudgetTests(ReactionTestCase):
    def queries(self, url) -> int:
        with CaptureQueriesContext(connection) as context:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        return len(context)

    def test_seed_page_queries_do_not_grow_with_reactions(self):
        warm, cold = [], []
        created = 0
        for total in (0, 50, 500):
            ReactionFactory.create_batch(total - created, page=self.project)
            created = total
            cache.clear()
            self.client.get(self.project_url)  # menu, footer and settings caches filled again
            bump_reactions_version(self.project.pk)
            cold.append(self.queries(self.project_url))
            warm.append(self.queries(self.project_url))
            page = self.client.get(self.project_url).content.decode()
            self.assertEqual(len(re.findall(r'<article class="reaction"', page)), total)
        self.assertEqual(len(set(warm)), 1, warm)
        self.assertEqual(len(set(cold)), 1, cold)
        self.assertLessEqual(max(cold), 12)


class PostServiceTests(ReactionTestCase):
    """services.reaction_post says what became of a post; the view only reads that."""

    def post(self, user=None, **overrides):
        form = ReactionForm(self.project, data=reaction_data(self.project, **overrides))
        self.assertTrue(form.is_valid(), form.errors)
        with self.captureOnCommitCallbacks(execute=True):
            return services.reaction_post(
                form=form, page=self.project, user=user, ip_address="192.0.2.1"
            )

    def test_a_guests_post_waits_for_confirmation(self):
        result = self.post(user=AnonymousUser())
        self.assertEqual(result.outcome, services.Outcome.CONFIRM)
        self.assertEqual(list(Reaction.objects.unconfirmed()), [result.reaction])
        self.assertEqual(result.reaction.ip_address, "192.0.2.1")

    def test_a_moderators_post_is_published_or_held_when_suspicious(self):
        published = self.post(user=self.moderator)
        self.assertEqual(published.outcome, services.Outcome.PUBLISHED)
        self.assertTrue(published.reaction.is_public)
        held = self.post(user=self.moderator, comment="https://a.example https://b.example")
        self.assertEqual(held.outcome, services.Outcome.HELD)
        self.assertEqual(held.reaction.status, "waiting")
        self.assertTrue(held.reaction.review.suspicious)

    def test_a_closed_project_refuses_with_a_reason(self):
        self.project.reactions_enabled = False
        result = self.post()
        self.assertEqual(result.outcome, services.Outcome.REFUSED)
        self.assertEqual(result.reason, "Op dit project kun je niet meer reageren.")
        self.assertFalse(Reaction.objects.exists())
        self.assertEqual(mail.outbox, [])
