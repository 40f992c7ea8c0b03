"""Factories and helpers for membership tests."""

import re
import time

from django.utils import timezone

import factory

from home.antispam import signed_timestamp
from membership.models import MembershipApplication

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
