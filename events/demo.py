"""The events part of the demo content: the "Agenda", the weekly online contact moment as a
series, one example workshop (members only) and one example theme session open to everyone
with a seat limit (so "nog N plaatsen" can be seen changing), both clearly marked as examples.

Dates are set from the day the demo content is first loaded; a second run changes nothing."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from home import demo_images
from home.demo import DemoContentLoader, rich_paragraphs

from .models import (
    AttendanceMode,
    EventIndexPage,
    EventPage,
    EventType,
    Registration,
    Repeat,
    local_zone,
)

CONTACT_MOMENT_SLUG = "wekelijks-online-contactmoment"
EXAMPLE_WORKSHOP_SLUG = "voorbeeld-workshop-gastvrijheid"
EXAMPLE_SESSION_SLUG = "voorbeeld-themasessie-duurzaam-ondernemen"
THURSDAY = 3


def load_demo_events(demo: DemoContentLoader) -> None:
    index = agenda(demo)
    contact_moment(demo, index)
    if demo.examples_wanted:
        example_workshop(demo, index)
        example_open_session(demo, index)


def example_events():
    """The example events the demo made: manage.py remove_demo_examples removes them."""
    return EventPage.objects.filter(is_example=True)


def example_keep_reason(page: EventPage) -> str:
    """People who registered for an example are told first; their registrations stay."""
    if Registration.objects.filter(occurrence__event=page).exists():
        return "people registered for it"
    return ""


def agenda(demo: DemoContentLoader) -> EventIndexPage:
    page = demo.child(demo.home, "agenda")
    if page is not None:
        return page
    return demo.publish(
        demo.home,
        EventIndexPage(
            title="Agenda",
            slug="agenda",
            show_in_menus=True,
            intro="Het wekelijkse online contactmoment, workshops, themasessies, trainingen en "
            "bedrijfsbezoeken: kijk in elkaars keuken.",
        ),
    )


def at(day, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)), local_zone())


def next_weekday(weekday: int, after_days: int = 1):
    day = timezone.localdate() + timedelta(days=after_days)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def contact_moment(demo: DemoContentLoader, index: EventIndexPage) -> EventPage:
    page = demo.child(index, CONTACT_MOMENT_SLUG)
    if page is not None:
        return page
    first = next_weekday(THURSDAY)
    return demo.publish(
        index,
        EventPage(
            title="Wekelijks online contactmoment",
            slug=CONTACT_MOMENT_SLUG,
            intro="Wekelijks online contactmoment, elke donderdag 16:00–17:00. Ondernemers "
            "praten elkaar bij, stellen vragen en delen wat werkt. Ook niet-leden zijn "
            "welkom.",
            event_type=EventType.CONTACT_MOMENT,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_interval=1,
            repeat_until=first + timedelta(weeks=26),
            attendance_mode=AttendanceMode.ONLINE,
            online_meeting_url="https://vergaderen.example.nl/leisurelab-contactmoment",
            open_to_non_members=True,
            is_free=True,
            image=demo.image(
                title="Online contactmoment",
                description="Tekening van een laptop met negen gezichten in beeld: een "
                "online bijeenkomst",
                filename="online-contactmoment.png",
                painter=demo_images.screen,
            ),
            body=rich_paragraphs(
                [
                    "Tijdens de coronacrisis begon de stichting met een wekelijks online "
                    "contactmoment. Zo’n twintig ondernemers schoven elke week aan via het "
                    "beeldscherm. Dat houden we erin.",
                    "Meld je aan voor een donderdag: je krijgt de link om deel te nemen in de "
                    "bevestigingsmail.",
                ]
            ),
        ),
    )


def example_workshop(demo: DemoContentLoader, index: EventIndexPage) -> EventPage:
    page = demo.child(index, EXAMPLE_WORKSHOP_SLUG)
    if page is not None:
        return page
    day = next_weekday(1, after_days=28)  # a Tuesday, four weeks ahead
    return demo.publish(
        index,
        EventPage(
            title="Voorbeeld: workshop gastvrijheid",
            slug=EXAMPLE_WORKSHOP_SLUG,
            is_example=True,
            intro="Dit is een voorbeeld van een workshop, om te laten zien hoe een "
            "bijeenkomst op de site staat. Er vindt niets plaats.",
            event_type=EventType.WORKSHOP,
            start=at(day, 19),
            end=at(day, 21, 30),
            attendance_mode=AttendanceMode.OFFLINE,
            venue_name="Voorbeeldlocatie",
            street_address="Voorbeeldstraat 1",
            postal_code="6211 AA",
            city="Maastricht",
            open_to_non_members=False,
            capacity=12,
            registration_deadline=at(day - timedelta(days=2), 12),
            is_free=True,
            image=workshop_table_image(demo),
            body=rich_paragraphs(
                [
                    "Een voorbeeld: een avond over gastvrijheid, bij een van de leden in de "
                    "keuken. Alleen voor leden, twaalf plaatsen, aanmelden tot twee dagen "
                    "vooraf.",
                ]
            ),
        ),
    )


def workshop_table_image(demo: DemoContentLoader):
    """The drawn table of the example workshop and theme session (made once, found again)."""
    return demo.image(
        title="Workshop aan tafel",
        description="Tekening van een lange gedekte tafel met stoelen, klaar voor een workshop",
        filename="workshop-aan-tafel.png",
        painter=demo_images.table,
    )


def example_open_session(demo: DemoContentLoader, index: EventIndexPage) -> EventPage:
    page = demo.child(index, EXAMPLE_SESSION_SLUG)
    if page is not None:
        return page
    day = next_weekday(2, after_days=21)  # a Wednesday, three weeks ahead
    return demo.publish(
        index,
        EventPage(
            title="Voorbeeld: themasessie duurzaam ondernemen",
            slug=EXAMPLE_SESSION_SLUG,
            is_example=True,
            intro="Dit is een voorbeeld van een themasessie die voor iedereen open staat, met "
            "een beperkt aantal plaatsen. Er vindt niets plaats.",
            event_type=EventType.THEME_SESSION,
            start=at(day, 14),
            end=at(day, 16),
            attendance_mode=AttendanceMode.OFFLINE,
            venue_name="Voorbeeldlocatie",
            street_address="Voorbeeldstraat 1",
            postal_code="6211 AA",
            city="Maastricht",
            open_to_non_members=True,
            capacity=8,
            registration_deadline=at(day - timedelta(days=1), 12),
            is_free=True,
            image=workshop_table_image(demo),
            body=rich_paragraphs(
                [
                    "Een voorbeeld: een middag over duurzaam ondernemen in de leisure, voor "
                    "leden en niet-leden. Acht plaatsen; is het vol, dan kun je op de "
                    "wachtlijst.",
                ]
            ),
        ),
    )
