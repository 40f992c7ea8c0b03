"""iCalendar files: "Zet in je agenda" for one event or one date, the subscribable calendars,
and the attachment of the confirmation mail.

- Every date has a stable UID (its Occurrence row survives a change of time or place), a
  series one UID for the series: one VEVENT with an RRULE, its cancelled dates as EXDATE.
- Times carry TZID=Europe/Amsterdam with a VTIMEZONE, so a weekly 16:00 stays 16:00 after the
  change to summer time.
- The online meeting link is only written by private_occurrence_calendar(), for the mail to
  someone holding a seat; every public file is built without it.
"""

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

from django.utils import timezone

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vRecur,
    vText,
)

from home.links import site_root_url

from .models import EventPage, EventStatus, Occurrence, local, local_zone

PRODID = "-//Stichting Leisure Lab Limburg//Agenda//NL"
CONTENT_TYPE = "text/calendar; charset=utf-8"


def uid_domain() -> str:
    host = site_root_url().split("://", 1)[-1].split("/")[0].split(":")[0]
    return host or "leisurelablimburg.nl"


def occurrence_uid(occurrence: Occurrence) -> str:
    return f"occurrence-{occurrence.pk}@{uid_domain()}"


def series_uid(event: EventPage) -> str:
    return f"series-{event.pk}@{uid_domain()}"


def new_calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    # An X- property is not escaped as text unless it is given as text.
    calendar.add("x-wr-calname", vText(name))
    calendar.add("x-wr-timezone", "Europe/Amsterdam")
    return calendar


def amsterdam_timezone() -> Timezone:
    """Europe/Amsterdam with the EU summer-time rule (since 1996) as yearly RRULEs: valid for
    every coming year, unlike a list of transition dates, and the form calendar programs
    write themselves. Some readers (vobject, and so Radicale) keep the first definition of a
    TZID they see, so a definition that covers only a few years would do lasting harm."""
    zone = Timezone()
    zone.add("tzid", "Europe/Amsterdam")
    zone.add("x-lic-location", "Europe/Amsterdam")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("tzoffsetfrom", timedelta(hours=1))
    summer.add("tzoffsetto", timedelta(hours=2))
    summer.add("dtstart", datetime(1970, 3, 29, 2, 0))
    summer.add("rrule", vRecur(freq="YEARLY", bymonth=3, byday="-1SU"))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("tzoffsetfrom", timedelta(hours=2))
    winter.add("tzoffsetto", timedelta(hours=1))
    winter.add("dtstart", datetime(1970, 10, 25, 3, 0))
    winter.add("rrule", vRecur(freq="YEARLY", bymonth=10, byday="-1SU"))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def finish(calendar: Calendar) -> bytes:
    """Add the VTIMEZONE the times refer to, and serialise."""
    if local_zone().key == "Europe/Amsterdam":
        calendar.subcomponents.insert(0, amsterdam_timezone())
    else:  # another TIME_ZONE: let icalendar describe it
        calendar.add_missing_timezones()
    return calendar.to_ical()


def description_for(event: EventPage, url: str, extra: str = "") -> str:
    parts = [event.intro.strip()] if event.intro.strip() else []
    if extra:
        parts.append(extra)
    parts.append(f"Meer informatie en aanmelden: {url}")
    return "\n\n".join(parts)


def base_vevent(event: EventPage, *, uid: str, start, end, url: str, now) -> Event:
    vevent = Event()
    vevent.add("uid", uid)
    vevent.add("dtstamp", now)
    vevent.add("dtstart", local(start))
    vevent.add("dtend", local(end))
    vevent.add("summary", event.title)
    vevent.add("url", url)
    location = event.location_text
    if location:
        vevent.add("location", location)
    vevent.add("categories", [event.get_event_type_display()])
    if event.last_published_at:
        vevent.add("last-modified", event.last_published_at.astimezone(UTC))
    return vevent


def occurrence_vevent(
    occurrence: Occurrence, *, now, request=None, private_note: str = "", tentative=False
) -> Event:
    event = occurrence.event
    url = occurrence_full_url(occurrence, request)
    vevent = base_vevent(
        event,
        uid=occurrence_uid(occurrence),
        start=occurrence.start,
        end=occurrence.end,
        url=url,
        now=now,
    )
    vevent.add("description", description_for(event, url, private_note))
    if occurrence.is_cancelled:
        vevent.add("status", "CANCELLED")
    elif tentative:
        vevent.add("status", "TENTATIVE")
    else:
        vevent.add("status", "CONFIRMED")
    return vevent


def series_vevent(event: EventPage, occurrences: list[Occurrence], *, now, request=None) -> Event:
    """One VEVENT for the whole series: RRULE up to its last date, cancelled dates as EXDATE.

    Dates dropped from the rule but kept for their registrations are not part of it."""
    planned = {start for start, _end in event.planned_dates()}
    in_rule = [occurrence for occurrence in occurrences if occurrence.start in planned]
    first_start, first_end = event.start, event.end
    url = event.get_full_url(request)
    vevent = base_vevent(
        event, uid=series_uid(event), start=first_start, end=first_end, url=url, now=now
    )
    vevent.add("description", description_for(event, url))
    last_start = max(planned)
    vevent.add(
        "rrule",
        vRecur(
            freq="WEEKLY",
            interval=max(1, event.repeat_interval),
            until=last_start.astimezone(UTC),
        ),
    )
    cancelled = [local(o.start) for o in in_rule if o.cancelled]
    if cancelled:
        vevent.add("exdate", cancelled)
    vevent.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return vevent


def occurrence_full_url(occurrence: Occurrence, request=None) -> str:
    url = occurrence.event.get_full_url(request) or ""
    if occurrence.event.is_series:
        return url + occurrence.url_suffix
    return url


def event_vevents(event: EventPage, occurrences: list[Occurrence], *, now, request=None):
    if event.is_series:
        return [series_vevent(event, occurrences, now=now, request=request)]
    return [occurrence_vevent(occurrence, now=now, request=request) for occurrence in occurrences]


def events_calendar(events: Iterable[EventPage], *, name: str, request=None, now=None) -> bytes:
    """A calendar of events; each event needs its occurrences prefetched (attached to the
    event as `.occurrences_for_calendar` or through the related manager)."""
    now = now or timezone.now()
    calendar = new_calendar(name)
    for event in events:
        occurrences = getattr(event, "occurrences_for_calendar", None)
        if occurrences is None:
            occurrences = list(event.occurrences.all())
        for occurrence in occurrences:
            occurrence.event = event
        if not occurrences:
            continue
        for vevent in event_vevents(event, occurrences, now=now, request=request):
            calendar.add_component(vevent)
    return finish(calendar)


def occurrence_calendar(occurrence: Occurrence, *, request=None, now=None) -> bytes:
    """The public file of one date."""
    now = now or timezone.now()
    calendar = new_calendar(occurrence.event.title)
    calendar.add_component(occurrence_vevent(occurrence, now=now, request=request))
    return finish(calendar)


def private_occurrence_calendar(
    occurrence: Occurrence, *, meeting_url: str = "", tentative: bool = False, now=None
) -> bytes:
    """The file attached to a registration mail. Only someone holding a seat gets the
    meeting link in it (pass meeting_url only for them); the waitlist gets a TENTATIVE one."""
    now = now or timezone.now()
    note = f"Deelnemen via: {meeting_url}" if meeting_url else ""
    calendar = new_calendar(occurrence.event.title)
    calendar.add_component(
        occurrence_vevent(occurrence, now=now, private_note=note, tentative=tentative)
    )
    return finish(calendar)
