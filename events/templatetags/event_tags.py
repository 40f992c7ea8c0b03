"""Events on other apps' pages without importing this app: `{% upcoming_events 3 %}` on the
home page, and the date formats every events template uses."""

from django import template
from django.db.models import OuterRef, Subquery
from django.utils import timezone

from home.caching import cached_until_change, public

from ..formatting import format_date, format_short_date, format_time, format_when
from ..models import EventIndexPage, EventPage, EventStatus, Occurrence

register = template.Library()


def agenda_url() -> str:
    """The URL of the live agenda page, cached with the menu (no query on a warm page)."""

    def url():
        page = EventIndexPage.objects.live().only("id", "url_path", "path", "depth").first()
        return (page.get_url() or "") if page is not None else ""

    return cached_until_change("events-agenda-url", url)


@register.inclusion_tag("events/upcoming_events.html", takes_context=True)
def upcoming_events(context, limit: int = 3):
    """The next events that go ahead, soonest first, as cards (one query): each at its next
    date, so that the weekly contact moment takes one place, not all three."""
    now = timezone.now()
    events = public(EventPage.objects.live()).exclude(status=EventStatus.CANCELLED)
    going_ahead = Occurrence.objects.filter(cancelled=False).upcoming(now)
    next_of_its_event = going_ahead.filter(event=OuterRef("event")).values("pk")[:1]
    occurrences = list(
        Occurrence.objects.listed()
        .filter(event__in=events.values("pk"), pk=Subquery(next_of_its_event))
        .upcoming(now)[:limit]
    )
    return {
        "occurrences": occurrences,
        "agenda_url": agenda_url(),
        "request": context.get("request"),
    }


@register.filter
def when(occurrence) -> str:
    """ "donderdag 6 maart 2025, 16:00–17:00" """
    return format_when(occurrence.start, occurrence.end)


@register.filter
def dutch_date(moment) -> str:
    return format_date(moment) if moment else ""


@register.filter
def short_date(moment) -> str:
    return format_short_date(moment) if moment else ""


@register.filter
def clock(moment) -> str:
    return format_time(moment) if moment else ""


@register.simple_tag(takes_context=True)
def occurrence_url(context, occurrence) -> str:
    """The page of one date (the event page itself for a single event)."""
    return occurrence.get_url(context.get("request"))
