"""Thin views: the agenda listing, an event page with its registration form, calendar files
and the cancel link. What they change is done by services.py."""

from datetime import date, datetime, timedelta

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from home.antispam import post_rate_limit
from home.caching import cached_until_change, public
from home.formtokens import token_stale
from home.links import BadLink, ExpiredLink
from home.pagecache import expire_at
from home.pagination import paginate, query_without_page

from . import services
from .calendar import CONTENT_TYPE, events_calendar, occurrence_calendar
from .formatting import format_when
from .forms import CancelForm, RegistrationForm
from .jsonld import event_data, script_tag
from .models import AttendanceMode, EventPage, EventType, Occurrence, Registration, local

EVENTS_PER_PAGE = 20
MODE_FILTERS = {
    "locatie": ("Op locatie", [AttendanceMode.OFFLINE, AttendanceMode.MIXED]),
    "online": ("Online", [AttendanceMode.ONLINE, AttendanceMode.MIXED]),
}
FEED_CACHE_SECONDS = 15 * 60
# Subscribed calendars keep a month of history; older dates drop out of the feed.
FEED_HISTORY = timedelta(days=30)


# -- agenda ---------------------------------------------------------------------------------


def agenda_context(request, index, *, archive: bool) -> dict:
    """Cards for the upcoming dates (soonest first) or the archive (newest first), filtered
    by ?soort= (event type) and ?vorm= (locatie/online). A constant number of queries."""
    occurrences = index.occurrences()
    occurrences = occurrences.past() if archive else occurrences.upcoming()
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
    query = query_without_page(request, ("soort", "vorm")) if (event_type or mode) else ""
    feed_url = reverse("events:calendar_type", args=[event_type]) if event_type else None
    return {
        "occurrences": page_obj,
        "archive": archive,
        "event_types": EventType.choices,
        "modes": [(key, label) for key, (label, _modes) in MODE_FILTERS.items()],
        "current_type": event_type,
        "current_mode": mode,
        "filter_query": query,
        "calendar_url": reverse("events:calendar"),
        "type_calendar_url": feed_url,
        "type_label": EventType(event_type).label if event_type else "",
    }


# -- event page -----------------------------------------------------------------------------


def parse_day(day: str) -> date:
    try:
        return date.fromisoformat(day)
    except ValueError as error:
        raise Http404 from error


def preview_occurrences(page: EventPage) -> list[Occurrence]:
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


def choose_occurrence(page: EventPage, day: str | None, preview: bool):
    """The date the page shows, and the coming dates of a series to list beside it."""
    now = timezone.now()
    if preview:
        dates = [o for o in preview_occurrences(page) if o.end > now] or preview_occurrences(page)
        return dates[0], dates if page.is_series else []
    upcoming = list(page.occurrences.with_seats_taken().upcoming(now))
    if day is not None:
        wanted = parse_day(day)
        occurrence = next((o for o in upcoming if o.local_date == wanted), None)
        if occurrence is None:
            occurrence = page.occurrences.with_seats_taken().filter_local_date(wanted).first()
        if occurrence is None:
            raise Http404
    else:
        occurrence = next((o for o in upcoming if not o.is_cancelled), None)
        occurrence = occurrence or (upcoming[0] if upcoming else None)
        if occurrence is None:
            occurrence = page.occurrences.with_seats_taken().order_by("-start").first()
        if occurrence is None:
            raise Http404
    return occurrence, upcoming if page.is_series else []


@post_rate_limit("events-registration")
def event_page(request, *, page: EventPage, day: str | None = None, preview: bool = False):
    """An event page, showing one date (the next one, or the one in the URL) with its form.

    The outcome of a post is a state in the URL (?aanmelding=...), so the page itself stays
    the same for every visitor and can come from the page cache."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    occurrence, dates = choose_occurrence(page, day, preview)
    registration_open = not preview and occurrence.registration_is_open()
    form = None
    members_only_refused = False
    if registration_open:
        if request.method == "POST":
            form = RegistrationForm(request.POST, token_stale=token_stale(request))
            if form.is_valid():
                try:
                    registration = services.registration_create(
                        occurrence=occurrence,
                        name=form.cleaned_data["name"],
                        email=form.cleaned_data["email"],
                        organisation=form.cleaned_data["organisation"],
                        is_member=form.member,
                    )
                except services.AlreadyRegistered as refusal:
                    services.registration_resend(registration=refusal.registration)
                    return redirect_with_state(request, occurrence, "al-aangemeld")
                except services.MembersOnly as refusal:
                    members_only_refused = True
                    form.add_error("is_member", refusal.message)
                except services.RegistrationRefused as refusal:
                    form.add_error(None, refusal.message)
                else:
                    state = "aangemeld" if registration.holds_seat else "wachtlijst"
                    return redirect_with_state(request, occurrence, state)
            form.refresh_timestamp()
        else:
            form = RegistrationForm()
    elif request.method == "POST" and not preview:
        return redirect_with_state(request, occurrence, "gesloten")

    url = occurrence.get_url(request) if not preview else page.get_url(request)
    full_url = request.build_absolute_uri(url or "/")
    image_url = ""
    if page.image_id or page.listing_image_id:
        image = page.image or page.listing_image
        image_url = request.build_absolute_uri(image.get_rendition("fill-1200x630").url)
    if page.is_series and not preview:
        ics_url, series_ics_url = occurrence.get_ics_url(), page.get_ics_url()
    else:
        ics_url, series_ics_url = page.get_ics_url(), ""
    context = page.get_context(request)
    context.update(
        occurrence=occurrence,
        ics_url=ics_url,
        series_ics_url=series_ics_url,
        dates=dates,
        when=format_when(occurrence.start, occurrence.end),
        form=form,
        registration_open=registration_open,
        members_only_refused=members_only_refused,
        is_preview=preview,
        occurrence_url=url,
        canonical_url=full_url,
        jsonld=script_tag(
            event_data(
                occurrence,
                url=full_url,
                image_url=image_url,
                organizer_url=request.build_absolute_uri("/"),
            )
        ),
        agenda_url=agenda_url_of(page, request),
        image_url=image_url,
        people=list(page.people_with_persons()),
        registration_status=registration_status(request, occurrence),
    )
    response = TemplateResponse(request, page.get_template(request), context)
    if not preview:
        expire_at(response, next_change(occurrence, dates))
    return response


def redirect_with_state(request, occurrence: Occurrence, state: str):
    return redirect(f"{occurrence.get_url(request)}?aanmelding={state}#aanmelden")


def registration_status(request, occurrence: Occurrence) -> str:
    """The line that tells the outcome of a registration (?aanmelding=, after the redirect)."""
    state = request.GET.get("aanmelding", "")
    if state == "aangemeld":
        when = format_when(occurrence.start, occurrence.end)
        return (
            f"Je bent aangemeld voor {occurrence.event.title} op {when}. De bevestiging met het "
            f"agendabestand staat in je mailbox."
        )
    if state == "wachtlijst":
        return (
            "Deze datum is vol: je staat op de wachtlijst. Komt er een plaats vrij, dan krijg "
            "je meteen bericht."
        )
    if state == "al-aangemeld":
        return services.AlreadyRegistered.message
    if state == "gesloten":
        return services.RegistrationClosed.message
    return ""


def next_change(occurrence: Occurrence, dates) -> datetime | None:
    """The first moment the page changes by itself: registration closes, a date starts or
    ends. The page cache keeps the page no longer than that."""
    now = timezone.now()
    moments = [
        moment
        for item in [occurrence, *dates[:10]]
        for moment in (item.registration_closes, item.start, item.end)
        if moment > now
    ]
    return min(moments, default=None)


def agenda_url_of(page: EventPage, request) -> str:
    """The agenda's URL, from the event's own (no query for the parent page)."""
    url = page.get_url(request) or ""
    suffix = f"{page.slug}/"
    return url[: -len(suffix)] if url.endswith(suffix) else "/"


# -- calendar files -------------------------------------------------------------------------


def calendar_response(content: bytes, *, filename: str, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPE)
    # filename*= for a slug in another script: a raw header would be MIME-encoded whole.
    response["Content-Disposition"] = content_disposition_header(attachment, filename)
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def event_ics(request, page_id: str, day: str | None = None):
    """ "Zet in je agenda": the whole event (a series as one VEVENT), or one date."""
    page = (
        public(EventPage.objects.live()).defer("body", "online_meeting_url").filter(pk=int(page_id))
    ).first()
    if page is None:
        raise Http404
    if day is not None:
        occurrence = page.occurrences.filter_local_date(parse_day(day)).first()
        if occurrence is None:
            raise Http404
        return calendar_response(
            occurrence_calendar(occurrence, request=request),
            filename=services.ics_filename(occurrence),
            attachment=True,
        )
    occurrences = list(page.occurrences.all())
    if not occurrences:
        raise Http404
    page.occurrences_for_calendar = occurrences
    content = events_calendar([page], name=page.title, request=request)
    return calendar_response(content, filename=f"{page.slug}.ics", attachment=True)


@require_safe
def calendar_feed(request, event_type: str | None = None):
    """The subscribable calendar of every coming event, or of one type (webcal://)."""
    if event_type is not None and event_type not in EventType.values:
        raise Http404

    def content():
        recent = Occurrence.objects.filter(end__gte=timezone.now() - FEED_HISTORY)
        events = public(EventPage.objects.live()).filter(pk__in=recent.values("event_id"))
        if event_type:
            events = events.filter(event_type=event_type)
        events = events.defer("body", "online_meeting_url").prefetch_related(
            Prefetch(
                "occurrences",
                queryset=Occurrence.objects.order_by("start"),
                to_attr="occurrences_for_calendar",
            )
        )
        name = "Leisure Lab Limburg – agenda"
        if event_type:
            name = f"Leisure Lab Limburg – {EventType(event_type).label.lower()}"
        return events_calendar(events.order_by("start"), name=name, request=request)

    content = cached_until_change(
        f"events-calendar:{event_type or 'all'}:{request.get_host()}",
        content,
        timeout=FEED_CACHE_SECONDS,
    )
    filename = f"leisurelab-{event_type or 'agenda'}.ics"
    return calendar_response(content, filename=filename, attachment=False)


# -- cancel link ----------------------------------------------------------------------------


def registration_cancel(request, token: str):
    """The signed link in the mail: GET asks to confirm, POST cancels and frees the seat."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    state = "confirm"
    registration = None
    try:
        registration = services.registration_from_token(token)
    except ExpiredLink:
        state = "expired"
    except BadLink:
        state = "bad"
    if state == "confirm" and registration is None:
        state = "missing"
    if registration is not None:
        occurrence = registration.occurrence
        if registration.status == Registration.Status.CANCELLED:
            state = "cancelled"
        elif occurrence.has_started():
            state = "started"
        elif request.method == "POST":
            services.registration_cancel(registration=registration)
            return redirect(request.path)
    status = {"bad": 404, "missing": 404, "expired": 410}.get(state, 200)
    context = {
        "state": state,
        "registration": registration,
        "form": CancelForm(),
        "when": format_when(registration.occurrence.start, registration.occurrence.end)
        if registration
        else "",
    }
    return TemplateResponse(request, "events/registration_cancel.html", context, status=status)
