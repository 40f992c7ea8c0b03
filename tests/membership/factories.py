"""Factories and helpers for membership tests."""

import json
import re
import time
from decimal import Decimal

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models
from django.utils import timezone

from wagtail.models import Page, Site

import factory
import wagtail_factories

from home.antispam import signed_timestamp
from home.models import HomePage, SiteSettings, StandardPage
from membership.member_session import SESSION_KEY
from membership.models import (
    Member,
    MemberDirectoryPage,
    MembershipApplication,
    MembershipPage,
    MembershipSettings,
    MembershipType,
)
from tests.factories import HomePageFactory, StandardPageFactory

LINK = re.compile(r"https?://[^\s\"<>]+")


class MembershipApplicationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Aanvrager {n}")
    email = factory.Sequence(lambda n: f"aanvrager{n}@example.com")
    organisation = "Hotel De Berg"
    sector = "verblijf"
    municipality = "Valkenburg aan de Geul"
    submitted_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = MembershipApplication


class MembershipPageFactory(wagtail_factories.PageFactory):
    title = "Lid worden"
    slug = "lid-worden"
    show_in_menus = True
    intro = "Meld je hieronder aan als lid."

    class Meta:
        model = MembershipPage


TYPES = [
    ("Ondernemer", "Voor één onderneming.", Decimal("150")),
    ("Starter", "De eerste twee jaar.", Decimal("75")),
]


def membership_site(*, board_emails: str = "bestuur@example.com\nvoorzitter@example.com"):
    """The least a membership test needs: the default site with a home page, the privacy
    statement named in the site settings, the "Lid worden" page at /lid-worden/ with two
    membership types (example fees) and the board's addresses. Returns the membership page."""
    root = Page.get_first_root_node()
    home = HomePage.objects.first() or HomePageFactory(parent=root)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port, site.root_page = "testserver", 80, home
    site.save()  # the host of the test client, so mailed links name it
    privacy = StandardPage.objects.filter(slug="privacyverklaring").first()
    if privacy is None:
        privacy = StandardPageFactory(
            parent=home, title="Privacyverklaring", slug="privacyverklaring"
        )
        privacy.save_revision().publish()  # the version an application records
    site_settings = SiteSettings.for_site(site)
    site_settings.privacy_page = privacy
    site_settings.contact_email = "info@example.com"
    site_settings.save()
    MembershipSettings.objects.update_or_create(site=site, defaults={"board_emails": board_emails})
    page = MembershipPageFactory(parent=home)
    for order, (name, description, fee) in enumerate(TYPES):
        MembershipType.objects.create(
            page=page,
            name=name,
            description=description,
            yearly_fee=fee,
            fee_is_example=True,
            sort_order=order,
        )
    return page


def signup_data(**overrides) -> dict:
    """A valid post of the signup form, filled in at human speed."""
    data = {
        "name": "Laura Jansen",
        "email": "laura@example.com",
        "organisation": "Hotel De Berg",
        "sector": "verblijf",
        "municipality": "Valkenburg aan de Geul",
        "phone": "043 123 45 67",
        "motivation": "Ik wil graag in andermans keuken kijken.",
        "honeypot": "",
        "rendered_at": signed_timestamp(time.time() - 10),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def links_in(message) -> list[str]:
    return LINK.findall(message.body)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def without_links(text: str) -> str:
    """A mail's text with its signed links blanked out, to compare two mails."""
    return re.sub(
        r"/aanmelding/(bevestigen|nieuwsbrief)/[^/\s\"]+/", r"/aanmelding/\1/TOKEN/", text
    )


def models_holding(text: str) -> list[str]:
    """Every model with a text or JSON column that contains text (case-insensitive).

    SQLite keeps JSON as text with non-ASCII characters escaped ("Zo\\u00eb"), so JSON
    columns are searched for that spelling too."""
    escaped = json.dumps(text)[1:-1]
    holding = []
    for model in apps.get_models():
        lookups = models.Q()
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                lookups |= models.Q(**{f"{field.attname}__icontains": text})
            if isinstance(field, models.JSONField) and escaped != text:
                lookups |= models.Q(**{f"{field.attname}__icontains": escaped})
        if lookups and model._default_manager.filter(lookups).exists():
            holding.append(model._meta.label)
    return holding


class MemberFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Lid {n}")
    email = factory.Sequence(lambda n: f"lid{n}@example.com")
    organisation = factory.Sequence(lambda n: f"Bedrijf {n}")
    sector = "horeca"
    municipality = "Maastricht"
    membership_type = "Ondernemer – € 150 per jaar"

    class Meta:
        model = Member


class MemberDirectoryPageFactory(wagtail_factories.PageFactory):
    title = "Onze leden"
    slug = "onze-leden"
    show_in_menus = True

    class Meta:
        model = MemberDirectoryPage


def listed(member: Member, **fields) -> Member:
    """The member, opted in to the directory."""
    member.listed = True
    member.listed_at = timezone.now()
    for name, value in fields.items():
        setattr(member, name, value)
    member.save()
    return member


def sign_in(client, member: Member) -> None:
    """Sign `member` in as the session would after the link's button."""
    session = client.session
    session[SESSION_KEY] = member.pk
    session.save()


def sign_in_links(outbox) -> list[str]:
    return [
        path_of(link)
        for message in outbox
        for link in links_in(message)
        if "/leden/inloggen/" in link
    ]


def user_in(group_name: str | None, username: str):
    """An admin user in one of the migrations' groups ("Bestuur", "Editors", …), or in none."""
    user = get_user_model().objects.create_user(username, f"{username}@example.com", "pw")
    if group_name:
        user.groups.add(Group.objects.get(name=group_name))
    return user
