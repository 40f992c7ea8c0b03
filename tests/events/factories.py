"""Factories for events: a site with just the agenda, event pages (with their dates synced,
as publishing does), and registrations. The events tests build everything they need here;
none of them loads the demo content."""

import datetime
import re
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from wagtail.models import Page, Site

import factory
import wagtail_factories

from events.models import (
    AttendanceMode,
    EventIndexPage,
    EventPage,
    EventPageCancelledDate,
    EventType,
    Registration,
    local_zone,
)
from events.services import occurrences_sync
from home.antispam import signed_timestamp
from home.models import SiteSettings
from tests.factories import HomePageFactory


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An aware datetime in Amsterdam."""
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute)), local_zone()
    )


def days_from_now(days: int, hour: int = 19, minute: int = 0) -> datetime.datetime:
    return at(timezone.localdate() + datetime.timedelta(days=days), hour, minute)


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Agenda"
    slug = "agenda"
    show_in_menus = True

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Bijeenkomst {n}")
    intro = "Een korte inleiding."
    event_type = EventType.WORKSHOP
    start = factory.LazyFunction(lambda: days_from_now(7, 19))
    end = factory.LazyAttribute(lambda page: page.start + datetime.timedelta(hours=2))
    attendance_mode = AttendanceMode.OFFLINE
    venue_name = "Hotel De Berg"
    street_address = "Bergweg 1"
    postal_code = "6300 AA"
    city = "Valkenburg"

    class Meta:
        model = EventPage
        skip_postgeneration_save = True

    @factory.post_generation
    def cancelled_days(obj, create, extracted, **kwargs):
        for day in extracted or []:
            EventPageCancelledDate.objects.create(page=obj, date=day, reason="Feestdag")

    @factory.post_generation
    def sync(obj, create, extracted, **kwargs):
        if create and extracted is not False:
            occurrences_sync(event=obj)


def agenda_site() -> EventIndexPage:
    """The default site (at WAGTAILADMIN_BASE_URL, as the demo content sets it up) with a home
    page, its settings, and the agenda below it; nothing else."""
    home = HomePageFactory(parent=Page.get_first_root_node())
    base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.hostname, site.port = base.hostname, base.port or 80
    site.site_name, site.root_page = "Leisure Lab Limburg", home
    site.save()
    SiteSettings.for_site(site)  # stored now, not on the first request
    return EventIndexPageFactory(parent=home)


class RegistrationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Deelnemer {n}")
    email = factory.Sequence(lambda n: f"deelnemer{n}@example.com")
    organisation = "Testbedrijf"
    is_member = True

    class Meta:
        model = Registration


def registration_data(**overrides) -> dict:
    """A valid post of the registration form, filled in at human speed."""
    data = {
        "name": "Laura Jansen",
        "email": "laura@example.com",
        "organisation": "Hotel De Berg",
        "honeypot": "",
        "rendered_at": signed_timestamp(time.time() - 10),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def cancel_path(message) -> str:
    """The path of the cancel link in a registration mail."""
    match = re.search(r"https?://[^/\s]+(/bijeenkomsten/afmelden/[^/\s]+/)", message.body)
    assert match, message.body
    return match.group(1)
