"""Thin views: a post of the registration form, calendar files and the cancel link. The
agenda and event pages render themselves (get_context, with events/context.py); what the
views change is done by services.py."""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from home.antispam import post_rate_limit
from home.caching import cached_until_change, public
from home.links import BadLink, ExpiredLink

from . import services
from .calendar import CONTENT_TYPE, events_calendar, occurrence_calendar
from .context import RECEIVED_TAG, choose_occurrence, parse_day
from .formatting import format_when
from .forms import CancelForm, RegistrationForm
from .models import EventPage, EventType, Occurrence, Registration

FEED_CACHE_SECONDS = 15 * 60
# Subscribed calendars keep a month of history; older dates drop out of the feed.
FEED_HISTORY = timedelta(days=30)


# -- registration -------------------------------------------------------------------------


@post_rate_limit("events-registration")
def event_registration(request, *, page: EventPage, day: str | None = None):
    """A post of the registration form on an event page (wagtail_hooks.py routes it here).
    Registered or not, every address gets the same answer on screen; errors show the page
    again with the form as typed."""
    occurrence, _dates = choose_occurrence(page, day)
    anchor = occurrence.get_url(request) + "#aanmelden"
    if not occurrence.registration_is_open():
        messages.error(request, services.RegistrationClosed.message)
        return redirect(anchor)
    form = RegistrationForm(request.POST)
    members_only_refused = False
    if form.is_valid():
        try:
            receipt = services.registration_submit(
                occurrence=occurrence,
                name=form.cleaned_data["name"],
                email=form.cleaned_data["email"],
                organisation=form.cleaned_data["organisation"],
                is_member=form.member,
            )
        except services.MembersOnly as refusal:
            members_only_refused = True
            form.add_error("is_member", refusal.message)
        except services.RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            messages.success(
                request, received_message(occurrence, receipt), extra_tags=RECEIVED_TAG
            )
            return redirect(anchor)
    form.refresh_timestamp()
    return page.render(request, day=day, form=form, members_only_refused=members_only_refused)


def received_message(occurrence: Occurrence, receipt: services.Receipt) -> str:
    """What everyone who registers reads, new or already registered: the same words, so the
    page tells nobody whether an address is registered. The mail says the rest."""
    when = format_when(occurrence.start, occurrence.end)
    if receipt.waitlisted:
        return (
            f"Dank je wel. {occurrence.event.title} op {when} is vol, dus je staat op de "
            f"wachtlijst, op plaats {receipt.position}. Komt er een plaats vrij, dan krijg je "
            "meteen bericht. In je mailbox vind je de bevestiging."
        )
    return (
        f"Dank je wel. Je aanmelding voor {occurrence.event.title} op {when} is ontvangen. "
        "In je mailbox vind je de bevestiging, met of je een plaats hebt of op de wachtlijst "
        "staat."
    )


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
