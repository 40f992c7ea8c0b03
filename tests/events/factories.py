"""Factories for events: the agenda, event pages (with their dates synced, as publishing
does), and registrations."""

import datetime
import re
import time

from django.utils import timezone

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
