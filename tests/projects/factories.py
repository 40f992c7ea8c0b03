"""Helpers and factories for reaction tests: form data as the page would post it (with a
timestamp old enough to pass the minimum fill time), and reactions stored directly."""

import re
import time
from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.contrib.sites.models import Site as DjangoSite
from django.core import mail
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Site

import factory

from home.demo import DemoContentLoader
from home.models import SiteSettings
from projects.forms import ReactionForm
from projects.models import ProjectPage, Reaction

CONTENT_TYPE = "projects.projectpage"


def reaction_data(page, *, seconds_ago: int = 10, **overrides) -> dict:
    """What the reaction form on a page posts, filled in seconds_ago after it was shown."""
    timestamp = str(int(time.time()) - seconds_ago)
    form = ReactionForm(page)
    data = {
        "content_type": CONTENT_TYPE,
        "object_pk": str(page.pk),
        "timestamp": timestamp,
        "security_hash": form.generate_security_hash(CONTENT_TYPE, str(page.pk), timestamp),
        "reply_to": "0",
        "honeypot": "",
        "name": "Anna de Vries",
        "email": "anna@example.com",
        "comment": "Mooi project, hier kunnen we van leren.",
    }
    data.update(overrides)
    return data


def links_in(text: str) -> list[str]:
    return re.findall(r"https?://[^\s<>\"]+", text)


def path_of(url: str) -> str:
    parts = urlsplit(url)
    return parts.path + (f"?{parts.query}" if parts.query else "")


class ReactionFactory(factory.django.DjangoModelFactory):
    """A reaction stored as if confirmed; approved unless is_public=False."""

    class Meta:
        model = Reaction

    class Params:
        page = None

    content_type = factory.LazyFunction(lambda: ContentType.objects.get_for_model(ProjectPage))
    object_pk = factory.LazyAttribute(lambda obj: str(obj.page.pk))
    site = factory.LazyFunction(lambda: DjangoSite.objects.get_current())
    user_name = factory.Sequence(lambda n: f"Lezer {n}")
    user_email = factory.Sequence(lambda n: f"lezer{n}@example.com")
    comment = factory.Sequence(lambda n: f"Reactie nummer {n}.")
    submit_date = factory.LazyFunction(timezone.now)
    is_public = True
    is_removed = False
    followup = False


SEED_SLUG = "van-fysiek-naar-online-in-elkaars-keuken-kijken"
MODERATORS = ["moderator1@example.com", "moderator2@example.com"]


class ReactionTestCase(TestCase):
    """The demo content with moderator addresses in the site settings, an author with an
    address, and a moderator account; helpers to post, confirm and approve as people do."""

    @classmethod
    def setUpTestData(cls):
        DemoContentLoader().load()
        cls.seed = ProjectPage.objects.get(slug=SEED_SLUG)
        cls.seed_url = cls.seed.url
        site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        site_settings.moderator_emails = "\n".join(MODERATORS)
        site_settings.save()
        cls.author = cls.seed.authors.select_related("person").first().person
        cls.author.email = "laura@example.com"
        cls.author.save()
        cls.moderator = get_user_model().objects.create_user(
            "moderator", "moderator@example.com", "pw", first_name="Mo", last_name="Derator"
        )
        cls.moderator.groups.add(Group.objects.get(name="Moderators"))

    def post_reaction(self, page=None, *, client=None, **overrides):
        """Post the reaction form; mails queued on commit are sent."""
        page = page or self.seed
        client = client or self.client
        with self.captureOnCommitCallbacks(execute=True):
            return client.post(reverse("projects:reaction_post"), reaction_data(page, **overrides))

    def mails_to(self, address: str):
        return [message for message in mail.outbox if address in message.to]

    def confirmation_path(self, address: str = "anna@example.com") -> str:
        (message,) = [m for m in self.mails_to(address) if m.subject.startswith("Bevestig")]
        (link,) = [url for url in links_in(message.body) if "/reacties/bevestigen/" in url]
        return path_of(link)

    def confirm(self, address: str = "anna@example.com", *, client=None):
        client = client or self.client
        with self.captureOnCommitCallbacks(execute=True):
            return client.get(self.confirmation_path(address))

    def post_and_confirm(self, page=None, **overrides) -> Reaction:
        self.post_reaction(page, **overrides)
        self.confirm(overrides.get("email", "anna@example.com"))
        return Reaction.objects.latest("pk")

    def approve(self, reaction):
        client = Client()
        client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            return client.post(reverse("reactions:approve", args=[reaction.pk]))
