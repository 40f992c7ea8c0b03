"""Factories and helpers for the projects tests: the smallest site reactions need, form data
as the page would post it (with a timestamp old enough to pass the minimum fill time), and
reactions stored directly. No test here loads the demo content."""

import re
import secrets
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

from wagtail.models import Page, Site

import factory

from home.models import SiteSettings
from projects.forms import ReactionForm
from projects.models import (
    ProjectPage,
    Reaction,
    ReactionConfirmation,
    ReactionReview,
    ReactionSettings,
)
from projects.moderation import reaction_settings
from projects.reactions import suspicion_reasons
from projects.services import token_digest
from tests.factories import (
    HomePageFactory,
    PersonFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StandardPageFactory,
    add_author,
)

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
        skip_postgeneration_save = True

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

    @factory.post_generation
    def review(obj, create, extracted, **kwargs):
        """The review the site keeps beside every reaction: suspicious or not, as on a post."""
        if create:
            reasons = suspicion_reasons(
                text=obj.comment, email=obj.user_email, site_settings=reaction_settings()
            )
            ReactionReview.objects.create(
                reaction=obj, suspicious=bool(reasons), suspicion="; ".join(reasons)
            )


def unconfirmed_reaction(page, *, token: str = "", created_at=None, **fields) -> Reaction:
    """A guest's reaction as a post stores it: not public, waiting for its writer to confirm
    the link with `token` (random when not given)."""
    reaction = ReactionFactory(page=page, is_public=False, **fields)
    ReactionConfirmation.objects.create(
        reaction=reaction,
        token_hash=token_digest(token or secrets.token_urlsafe(32)),
        created_at=created_at or timezone.now(),
    )
    return reaction


MODERATORS = ["moderator1@example.com", "moderator2@example.com"]
PROJECT_TITLE = "Samen in elkaars keuken"


def build_site() -> ProjectPage:
    """The smallest site reactions need: a home page as the default site's root (at
    http://testserver, as mails say), a privacy statement named in the site settings, the
    projects index and one project with two authors (Laura with an address, Rob without),
    and moderator addresses in the reaction settings."""
    site = Site.objects.get(is_default_site=True)
    home = HomePageFactory(parent=Page.get_first_root_node())
    site.root_page, site.hostname, site.port = home, "testserver", 80
    site.save()
    site_settings = SiteSettings.for_site(site)
    site_settings.privacy_page = StandardPageFactory(
        parent=home, title="Privacyverklaring", slug="privacyverklaring"
    )
    site_settings.save()
    reaction_settings = ReactionSettings.for_site(site)
    reaction_settings.moderator_emails = "\n".join(MODERATORS)
    reaction_settings.save()
    index = ProjectIndexPageFactory(parent=home)
    project = ProjectPageFactory(parent=index, title=PROJECT_TITLE, slug="samen")
    add_author(project, PersonFactory(name="Laura", email="laura@example.com"), 0)
    add_author(project, PersonFactory(name="Rob", email=""), 1)
    return project


def moderator_user(username: str = "moderator"):
    user = get_user_model().objects.create_user(
        username, f"{username}@example.com", "pw", first_name="Mo", last_name="Derator"
    )
    user.groups.add(Group.objects.get(name="Moderators"))
    return user


class ReactionTestCase(TestCase):
    """A site built by build_site() and a moderator account; helpers to post, confirm and
    approve as people do."""

    @classmethod
    def setUpTestData(cls):
        cls.project = build_site()
        cls.project_url = cls.project.url
        cls.author = cls.project.authors.select_related("person").first().person
        cls.moderator = moderator_user()

    def post_reaction(self, page=None, *, client=None, **overrides):
        """Post the reaction form; mails queued on commit are sent."""
        page = page or self.project
        client = client or self.client
        with self.captureOnCommitCallbacks(execute=True):
            return client.post(reverse("projects:reaction_post"), reaction_data(page, **overrides))

    def mails_to(self, address: str):
        return [message for message in mail.outbox if address in message.to]

    def confirmation_path(self, address: str = "anna@example.com") -> str:
        """The confirmation link in the (latest) confirmation mail to address."""
        messages = [m for m in self.mails_to(address) if m.subject.startswith("Bevestig")]
        (link,) = [url for url in links_in(messages[-1].body) if "/reacties/bevestigen/" in url]
        return path_of(link)

    def confirm(self, address: str = "anna@example.com", *, client=None):
        """Open the confirmation link and click the button, as the writer does."""
        client = client or self.client
        path = self.confirmation_path(address)
        client.get(path)
        with self.captureOnCommitCallbacks(execute=True):
            return client.post(path)

    def post_and_confirm(self, page=None, **overrides) -> Reaction:
        self.post_reaction(page, **overrides)
        self.confirm(overrides.get("email", "anna@example.com"))
        return Reaction.objects.latest("pk")

    def approve(self, reaction):
        client = Client()
        client.force_login(self.moderator)
        with self.captureOnCommitCallbacks(execute=True):
            return client.post(reverse("reactions:approve", args=[reaction.pk]))
