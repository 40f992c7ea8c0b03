"""Thin views: a post of the registration form, calendar files and the cancel link. The
agenda and event pages render themselves (get_context, with events/context.py); what the
views change is done by services.py."""

from datetime import timedelta
from urllib.parse import urlencode

from django.db.models import Prefetch
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from home.antispam import SpamProtectedForm, post_rate_limit
from home.caching import cached_until_change, public
from home.formtokens import token_stale
from home.links import BadLink, ExpiredLink
from home.registry import registry

from . import services
from .calendar import CONTENT_TYPE, events_calendar, occurrence_calendar
from .context import choose_occurrence, current_member, parse_day, registration_form_class
from .formatting import format_when
from .forms import CancelForm, MemberEmailForm
from .models import EventPage, EventType, Occurrence, Registration

FEED_CACHE_SECONDS = 15 * 60
# Subscribed calendars keep a month of history; older dates drop out of the feed.
FEED_HISTORY = timedelta(days=30)


# -- registration -------------------------------------------------------------------------


@post_rate_limit("events-registration")
def event_registration(request, *, page: EventPage, day: str | None = None):
    """A post of the registration form on an event page (wagtail_hooks.py routes it here).
    Registered or not, every address gets the same answer on screen; errors show the page
    again with the form as typed. The answer is a state in the URL (?aanmelding=..., read by
    context.registration_status), so the page itself stays the same for every visitor and
    can come from the page cache.

    Members-only dates: a signed-in member registers in one click with their own name and
    address; anyone else gives an address, and an active member's is mailed a sign-in link
    back to this date (membership answers through the registry). The answer is the same."""
    occurrence, _dates = choose_occurrence(page, day)
    if not occurrence.registration_is_open():
        return redirect_with_state(request, occurrence, "gesloten")
    member = current_member(page, request)
    form_class = registration_form_class(page, member)
    if issubclass(form_class, SpamProtectedForm):
        form = form_class(request.POST, token_stale=token_stale(request))
    else:
        form = form_class(request.POST)
    members_only_refused = False
    if form.is_valid() and isinstance(form, MemberEmailForm):
        registry.ask(
            "member_sign_in_request", form.cleaned_data["email"], occurrence.get_url(request)
        )
        return redirect_with_state(request, occurrence, "inloglink")
    if form.is_valid():
        who = member or form.cleaned_data
        try:
            receipt = services.registration_submit(
                occurrence=occurrence,
                name=who["name"],
                email=who["email"],
                organisation=who.get("organisation", ""),
            )
        except services.MembersOnly as refusal:
            members_only_refused = True
            form.add_error(None, refusal.message)
        except services.RegistrationRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            if receipt.waitlisted:
                return redirect_with_state(
                    request, occurrence, "wachtlijst", plaats=str(receipt.position)
                )
            return redirect_with_state(request, occurrence, "ontvangen")
    form.refresh_timestamp()
    return page.render(request, day=day, form=form, members_only_refused=members_only_refused)


def redirect_with_state(request, occurrence: Occurrence, state: str, **extra: str):
    query = urlencode({"aanmelding": state, **extra})
    return redirect(f"{occurrence.get_url(request)}?{query}#aanmelden")


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
