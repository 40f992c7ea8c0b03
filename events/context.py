"""What the agenda and an event page show: the context their get_context() adds, built from
small helpers. The page models build on this module; it imports no page model and no view,
so models/pages.py can import it at the top."""

from datetime import date, datetime

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from home.converters import valid_id
from home.pagination import paginate, query_without_page
from home.registry import registry

from .formatting import format_when
from .forms import MemberEmailForm, MemberRegistrationForm, RegistrationForm
from .jsonld import event_data, script_tag
from .localtime import local
from .models.choices import AttendanceMode, EventType
from .models.registrations import Occurrence

EVENTS_PER_PAGE = 20
MODE_FILTERS = {
    "locatie": ("Op locatie", [AttendanceMode.OFFLINE, AttendanceMode.MIXED]),
    "online": ("Online", [AttendanceMode.ONLINE, AttendanceMode.MIXED]),
}
# A series page lists this many coming dates; the agenda has the rest.
DATES_SHOWN = 10
REGISTRATION_CLOSED = "Aanmelden voor deze datum is gesloten."


# -- agenda ---------------------------------------------------------------------------------


def agenda_context(request, index, *, archive: bool) -> dict:
    """Cards for the upcoming dates (soonest first) or the archive (newest first), filtered
    by ?soort= (event type) and ?vorm= (locatie/online); a series takes one card (its next
    date), besides its cancelled dates. A constant number of queries."""
    now = timezone.now()
    occurrences = index.occurrences().one_per_series(archive=archive, now=now)
    occurrences = occurrences.past(now) if archive else occurrences.upcoming(now)
    event_type = request.GET.get("soort", "")
    if event_type not in EventType.values:
        event_type = ""
    mode = request.GET.get("vorm", "")
    if mode not in MODE_FILTERS:
        mode = ""
    if event_type:
        occurrences = occurrences.filter(event__event_type=event_type)
    if mode:
        occurrences = occurrences.filter(event__attendance_mode__in=MODE_FILTERS[mode][1])
    page_obj = paginate(request, occurrences, EVENTS_PER_PAGE)
    type_choices = [("", "Alle soorten"), *EventType.choices]
    mode_choices = [("", "Op locatie en online")]
    mode_choices += [(key, label) for key, (label, _modes) in MODE_FILTERS.items()]
    query = query_without_page(request, ("soort", "vorm")) if (event_type or mode) else ""
    feed_url = reverse("events:calendar_type", args=[event_type]) if event_type else None
    return {
        "occurrences": page_obj,
        "archive": archive,
        "type_filters": [
            filter_link(label, soort=value, vorm=mode, current=value == event_type)
            for value, label in type_choices
        ],
        "mode_filters": [
            filter_link(label, soort=event_type, vorm=value, current=value == mode)
            for value, label in mode_choices
        ],
        "filtered": bool(event_type or mode),
        "filter_query": query,
        "calendar_url": reverse("events:calendar"),
        "type_calendar_url": feed_url,
        "type_label": EventType(event_type).label if event_type else "",
    }


def filter_link(label: str, *, current: bool, **query: str) -> dict:
    """One link of the agenda's filters: the query keeps the other filter, drops empty ones."""
    return {
        "label": label,
        "url": "?" + urlencode({name: value for name, value in query.items() if value}),
        "current": current,
    }


# -- which date an event page shows -----------------------------------------------------------


def parse_day(day: str) -> date:
    try:
        return date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error


def preview_occurrences(page) -> list[Occurrence]:
    """Unsaved dates from the draft, for the editor's preview."""
    cancelled_days = {item.date for item in page.cancelled_dates.all()}
    return [
        Occurrence(
            event=page,
            start=start,
            end=end,
            registration_closes=page.registration_closes_for(start),
            cancelled=page.is_cancelled or local(start).date() in cancelled_days,
        )
        for start, end in page.planned_dates()
    ]


def choose_occurrence(page, day: str | None = None, *, preview: bool = False):
    """The date the page shows (the one in the URL, else the next that goes ahead, else the
    last one), and the coming dates of a series to list beside it. Http404 for a day that is
    not a date of the event."""
    now = timezone.now()
    if preview:
        dates = [o for o in preview_occurrences(page) if o.end > now] or preview_occurrences(page)
        return dates[0], dates if page.is_series else []
    upcoming = list(page.occurrences.with_seats_taken().upcoming(now))
    if day is not None:
        wanted = parse_day(day)
        occurrence = next((o for o in upcoming if o.local_date == wanted), None)
        occurrence = occurrence or (
            page.occurrences.with_seats_taken().filter_local_date(wanted).first()
        )
    else:
        occurrence = next((o for o in upcoming if not o.is_cancelled), None)
        occurrence = occurrence or (upcoming[0] if upcoming else None)
        occurrence = occurrence or page.occurrences.with_seats_taken().order_by("-start").first()
    if occurrence is None:
        raise Http404
    return occurrence, upcoming if page.is_series else []


# -- what an event page shows ---------------------------------------------------------------


def image_url(page, request) -> str:
    """The absolute URL of the page's share image (Open Graph, JSON-LD), or ""."""
    if not (page.image_id or page.listing_image_id):
        return ""
    image = page.image or page.listing_image
    return request.build_absolute_uri(image.get_rendition("fill-1200x630").url)


def calendar_links(page, occurrence: Occurrence, *, preview: bool) -> dict:
    """ "Zet in je agenda" for the date shown, and for a series also all its dates."""
    if page.is_series and not preview:
        return {"ics_url": occurrence.get_ics_url(), "series_ics_url": page.get_ics_url()}
    return {"ics_url": page.get_ics_url(), "series_ics_url": ""}


def agenda_url_of(page, request) -> str:
    """The agenda's URL, from the event's own (no query for the parent page)."""
    url = page.get_url(request) or ""
    suffix = f"{page.slug}/"
    return url[: -len(suffix)] if url.endswith(suffix) else "/"


def current_member(page, request) -> dict | None:
    """The member signed in on this request (name, email, organisation), asked of the
    registry (membership answers); only members-only events need to know."""
    if page.open_to_non_members:
        return None
    return registry.ask("current_member", request)


def registration_form_class(page, member: dict | None):
    """Open events: the registration form. Members-only: one click for a signed-in member,
    else the address to mail a sign-in link to."""
    if page.open_to_non_members:
        return RegistrationForm
    return MemberRegistrationForm if member else MemberEmailForm


def event_page_context(
    page,
    request,
    *,
    day: str | None = None,
    preview: bool = False,
    form=None,
    members_only_refused: bool = False,
) -> dict:
    """The date shown, its facts, links and structured data, and the registration form (a
    fresh one, or the one posted with its errors)."""
    occurrence, dates = choose_occurrence(page, day, preview=preview)
    registration_open = not preview and occurrence.registration_is_open()
    member = current_member(page, request)
    if registration_open and form is None:
        form = registration_form_class(page, member)()
    url = page.get_url(request) if preview else occurrence.get_url(request)
    full_url = request.build_absolute_uri(url or "/")
    share_image = image_url(page, request)
    jsonld = event_data(
        occurrence,
        url=full_url,
        image_url=share_image,
        organizer_url=request.build_absolute_uri("/"),
    )
    return {
        "occurrence": occurrence,
        **calendar_links(page, occurrence, preview=preview),
        "dates": dates[:DATES_SHOWN],
        "more_dates": max(0, len(dates) - DATES_SHOWN),
        "when": format_when(occurrence.start, occurrence.end),
        "form": form if registration_open else None,
        "registration_open": registration_open,
        "members_only_refused": members_only_refused,
        "member": member,
        "registration_status": registration_status(request, occurrence),
        # After a registration the page says so once, instead of the form (it stays folded
        # under "Nog iemand aanmelden?").
        "registration_received": not preview and registration_received(request),
        # Where to become a member, from whichever app offers it (home.registry).
        "signup_url": registry.link("join")[0] if not page.open_to_non_members else "",
        "is_preview": preview,
        "occurrence_url": url,
        "jsonld": script_tag(jsonld, nonce=str(getattr(request, "csp_nonce", ""))),
        "agenda_url": agenda_url_of(page, request),
        "image_url": share_image,
        "people": list(page.people_with_persons()),
    }


def registration_status(request, occurrence: Occurrence) -> str:
    """The line that tells the outcome of a post (?aanmelding=, after the redirect). The same
    words for a new and an already registered address: the mail says which it was."""
    state = request.GET.get("aanmelding", "")
    if state == "wachtlijst":
        when = format_when(occurrence.start, occurrence.end)
        position = valid_id(request.GET.get("plaats"))
        place = f", op plaats {position}" if position else ""
        return (
            f"Dank je wel. {occurrence.event.title} op {when} is vol, dus je staat op de "
            f"wachtlijst{place}. Komt er een plaats vrij, dan krijg je meteen bericht. In je "
            "mailbox vind je de bevestiging."
        )
    if state == "ontvangen":
        when = format_when(occurrence.start, occurrence.end)
        return (
            f"Dank je wel. Je aanmelding voor {occurrence.event.title} op {when} is ontvangen. "
            "In je mailbox vind je de bevestiging, met of je een plaats hebt of op de "
            "wachtlijst staat."
        )
    if state == "inloglink":
        return (
            "Is dit het adres waarmee je lid bent, dan staat er nu een inloglink in je mail. "
            "Daarmee kom je terug op deze datum en meld je je met één klik aan. De link is 15 "
            "minuten geldig."
        )
    if state == "gesloten":
        return REGISTRATION_CLOSED
    return ""


def registration_received(request) -> bool:
    """Whether the page follows a registration (?aanmelding=ontvangen or wachtlijst)."""
    return request.GET.get("aanmelding", "") in ("ontvangen", "wachtlijst")


def next_change(occurrence: Occurrence, dates) -> datetime | None:
    """The first moment the page changes by itself: registration closes, a date starts or
    ends. The page cache keeps the page no longer than that."""
    now = timezone.now()
    moments = [
        moment
        for item in [occurrence, *dates[:10]]
        for moment in (item.registration_closes, item.start, item.end)
        if moment and moment > now
    ]
    return min(moments, default=None)
