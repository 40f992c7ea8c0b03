"""What changes events and registrations: keeping dates in step with a published page,
taking a seat or a waitlist place, cancelling, promoting from the waitlist, and the mails
that go with each.

Seats are counted inside a transaction that holds a row lock on the date (SELECT ... FOR
UPDATE on the Occurrence): two people registering at the same moment are served one after
the other, so a date is never overbooked. SQLite (development) has no row locks; it lets
one writer at a time commit and refuses the other, so it does not overbook either.
"""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from home.emails import normalise_email
from home.links import absolute_url, make_token, read_token
from home.mail import Attachment, send_templated_mail
from home.registry import PersonalRecord, registry

from .calendar import private_occurrence_calendar
from .context import REGISTRATION_CLOSED
from .formatting import format_when
from .models import EventPage, Occurrence, Registration, local

logger = logging.getLogger(__name__)

CANCEL_SALT = "events.registration.cancel"
# Registrations are kept this long after their date has ended, then purged.
REGISTRATION_RETENTION_DAYS = 365
# A cancel link works until the date starts; this only bounds how old a link can be.
CANCEL_LINK_MAX_AGE = timedelta(days=3 * 366)
# "You were already registered" goes to one address for one date at most this often.
REPEAT_NOTICE_INTERVAL = timedelta(hours=1)


class RegistrationRefused(Exception):
    """Registration is not possible; `message` says why, in Dutch."""

    message = "Aanmelden is niet gelukt."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.message)
        if message:
            self.message = message


class RegistrationClosed(RegistrationRefused):
    message = REGISTRATION_CLOSED


class OccurrenceCancelled(RegistrationRefused):
    message = "Deze datum gaat niet door; aanmelden kan niet meer."


class MembersOnly(RegistrationRefused):
    message = "Deze bijeenkomst is alleen voor leden."


class AlreadyRegistered(RegistrationRefused):
    """The address holds a registration for the date. Never shown on screen (that would tell
    anyone who is registered): registration_submit mails the address instead."""

    message = "Met dit e-mailadres ben je al aangemeld voor deze datum."

    def __init__(self, registration: Registration):
        super().__init__()
        self.registration = registration


# -- dates ----------------------------------------------------------------------------------


@dataclass
class SyncResult:
    created: list[Occurrence] = field(default_factory=list)
    updated: list[Occurrence] = field(default_factory=list)
    cancelled: list[Occurrence] = field(default_factory=list)
    deleted: int = 0


@transaction.atomic
def occurrences_sync(*, event: EventPage) -> SyncResult:
    """Make the event's dates match the page: create new dates, move changed ones, cancel
    the cancelled ones and drop dates no longer planned (or cancel them, when people are
    registered). People registered for a date that is cancelled, moved or on again after
    all are told; seats freed by a larger capacity go to the waitlist."""
    result = SyncResult()
    now = timezone.now()
    cancelled_days = {item.date: item.reason for item in event.cancelled_dates.all()}
    existing = list(Occurrence.objects.select_for_update().filter(event=event).order_by("start"))
    by_day = {occurrence.local_date: occurrence for occurrence in existing}
    planned = event.planned_dates()
    first_day = local(planned[0][0]).date()
    if not event.is_series and len(existing) == 1 and first_day not in by_day:
        # A single event that moved to another day keeps its row, its registrations and
        # its calendar UID.
        by_day = {first_day: existing[0]}

    for start, end in planned:
        day = local(start).date()
        occurrence = by_day.pop(day, None)
        is_new = occurrence is None
        if is_new:
            occurrence = Occurrence(event=event)
        was_cancelled = occurrence.cancelled
        moved = not is_new and (occurrence.start != start or occurrence.end != end)
        occurrence.event = event
        occurrence.start, occurrence.end = start, end
        occurrence.registration_closes = event.registration_closes_for(start)
        occurrence.cancelled = event.is_cancelled or day in cancelled_days
        occurrence.cancel_reason = cancelled_days.get(day, "")
        occurrence.save()
        if is_new:
            result.created.append(occurrence)
            continue
        result.updated.append(occurrence)
        if occurrence.cancelled and not was_cancelled:
            result.cancelled.append(occurrence)
            notify_occurrence_change(occurrence, template="event_cancelled", now=now)
        elif was_cancelled and not occurrence.cancelled:
            # Their registrations were kept: told the date was off, they must hear it is on.
            notify_occurrence_change(occurrence, template="event_restored", now=now)
        elif moved and not occurrence.cancelled:
            notify_occurrence_change(occurrence, template="event_changed", now=now)
        if not occurrence.cancelled:
            waitlist_promote(occurrence=occurrence, now=now)

    for occurrence in by_day.values():
        if occurrence.registrations.exists():
            if not occurrence.cancelled:
                occurrence.cancelled = True
                occurrence.save(update_fields=["cancelled"])
                result.cancelled.append(occurrence)
                notify_occurrence_change(occurrence, template="event_cancelled", now=now)
        else:
            occurrence.delete()
            result.deleted += 1
    return result


def notify_occurrence_change(occurrence: Occurrence, *, template: str, now) -> None:
    """Tell everyone registered for a coming date that it is cancelled (event_cancelled), has
    moved (event_changed) or goes ahead after all (event_restored)."""
    if occurrence.end <= now:
        return
    for registration in occurrence.registrations.active():
        registration.occurrence = occurrence
        send_registration_mail(registration, template=template)


# -- registrations --------------------------------------------------------------------------


def registration_create(
    *,
    occurrence: Occurrence,
    name: str,
    email: str,
    organisation: str = "",
    now=None,
) -> Registration:
    """A seat for one date, or a waitlist place when the date is full. Raises a
    RegistrationRefused (closed, cancelled, members only, already registered).

    Whether the address is an active member's is asked of the registry (membership answers),
    never of the visitor: a members-only date gives no seat, waitlist place or meeting link
    to any other address."""
    email = email.strip()
    email_normalised = normalise_email(email)
    event = occurrence.event
    is_member = bool(registry.ask("active_member", email, default=False))
    if not event.open_to_non_members and not is_member:
        raise MembersOnly
    try:
        with transaction.atomic():
            locked = Occurrence.objects.select_for_update().get(pk=occurrence.pk)
            locked.event = event
            if locked.is_cancelled:
                raise OccurrenceCancelled
            if not locked.registration_is_open(now):
                raise RegistrationClosed
            existing = (
                locked.registrations.active().filter(email_normalised=email_normalised).first()
            )
            if existing is not None:
                raise AlreadyRegistered(existing)
            if event.capacity is None:
                status = Registration.Status.CONFIRMED
            else:
                taken = locked.registrations.filter(status=Registration.Status.CONFIRMED).count()
                status = (
                    Registration.Status.CONFIRMED
                    if taken < event.capacity
                    else Registration.Status.WAITLIST
                )
            registration = Registration.objects.create(
                occurrence=locked,
                name=name.strip(),
                email=email,
                organisation=organisation.strip(),
                is_member=is_member,
                status=status,
            )
            send_registration_mail(registration)
    except IntegrityError:
        # The unique constraint caught a double submit that raced past the check above.
        existing = (
            Registration.objects.active()
            .filter(occurrence=occurrence, email_normalised=email_normalised)
            .first()
        )
        if existing is None:
            raise
        raise AlreadyRegistered(existing) from None
    return registration


@dataclass(frozen=True)
class Receipt:
    """What the page says after a post of the form: a seat, or a waitlist place and its
    position (1 = next in line)."""

    waitlisted: bool
    position: int | None = None


def waitlist_length(occurrence: Occurrence) -> int:
    return occurrence.registrations.filter(status=Registration.Status.WAITLIST).count()


def registration_submit(
    *,
    occurrence: Occurrence,
    name: str,
    email: str,
    organisation: str = "",
    now=None,
) -> Receipt:
    """What the public form does: registration_create, and for an address that is already
    registered for the date a mail saying so instead (registration_repeat_notify). The
    caller learns nothing about which of the two happened, so the page cannot tell anyone
    whether an address is registered: for a known address the receipt is the one a new
    registration would have had at that moment (the mail tells its own place). Raises the
    other RegistrationRefused reasons, which are the same for every address."""
    try:
        registration = registration_create(
            occurrence=occurrence,
            name=name,
            email=email,
            organisation=organisation,
            now=now,
        )
    except AlreadyRegistered as known:
        registration_repeat_notify(registration=known.registration, now=now)
        capacity = occurrence.event.capacity
        taken = occurrence.registrations.filter(status=Registration.Status.CONFIRMED).count()
        if capacity is not None and taken >= capacity:
            return Receipt(waitlisted=True, position=waitlist_length(occurrence) + 1)
        return Receipt(waitlisted=False)
    if registration.status != Registration.Status.WAITLIST:
        return Receipt(waitlisted=False)
    ahead = occurrence.registrations.filter(status=Registration.Status.WAITLIST).filter(
        Q(created_at__lt=registration.created_at)
        | Q(created_at=registration.created_at, pk__lt=registration.pk)
    )
    return Receipt(waitlisted=True, position=ahead.count() + 1)


def registration_repeat_notify(*, registration: Registration, now=None) -> bool:
    """Mail "you were already registered" (with the registration's details and cancel link),
    at most once per REPEAT_NOTICE_INTERVAL per registration, that is per address and date:
    posting the form again and again sends no stream of mail. True if a mail went out.

    The conditional UPDATE claims the hour in one statement, so two posts at the same moment
    send one mail."""
    now = now or timezone.now()
    claimed = (
        Registration.objects.filter(pk=registration.pk, status__in=Registration.ACTIVE)
        .filter(
            Q(repeat_notice_sent_at__isnull=True)
            | Q(repeat_notice_sent_at__lte=now - REPEAT_NOTICE_INTERVAL)
        )
        .update(repeat_notice_sent_at=now)
    )
    if not claimed:
        return False
    registration.repeat_notice_sent_at = now
    send_registration_mail(registration, template="event_registration_repeat")
    return True


@transaction.atomic
def registration_cancel(*, registration: Registration, notify: bool = True, now=None):
    """Cancel a registration. A freed seat goes to the first on the waitlist, who is told.
    Returns the registrations promoted."""
    now = now or timezone.now()
    occurrence = Occurrence.objects.select_for_update().get(pk=registration.occurrence_id)
    occurrence.event = registration.occurrence.event
    current = Registration.objects.select_for_update().get(pk=registration.pk)
    if current.status == Registration.Status.CANCELLED:
        return []
    held_seat = current.holds_seat
    current.status = Registration.Status.CANCELLED
    current.cancelled_at = now
    current.save(update_fields=["status", "cancelled_at"])
    registration.status, registration.cancelled_at = current.status, current.cancelled_at
    current.occurrence = occurrence
    if notify:
        send_registration_mail(current, template="event_registration_cancelled")
    if held_seat:
        return waitlist_promote(occurrence=occurrence, now=now)
    return []


def waitlist_promote(*, occurrence: Occurrence, now=None) -> list[Registration]:
    """Give free seats to the waitlist, first come first served. The caller holds the lock
    on the occurrence (or runs inside occurrences_sync, which does)."""
    now = now or timezone.now()
    event = occurrence.event
    if occurrence.is_cancelled or occurrence.has_started(now):
        return []
    waiting = occurrence.registrations.filter(status=Registration.Status.WAITLIST).order_by(
        "created_at", "pk"
    )
    if event.capacity is not None:
        taken = occurrence.registrations.filter(status=Registration.Status.CONFIRMED).count()
        free = event.capacity - taken
        if free <= 0:
            return []
        waiting = waiting[:free]
    promoted = list(waiting.select_for_update())
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.promoted_at = now
        registration.save(update_fields=["status", "promoted_at"])
        registration.occurrence = occurrence
        send_registration_mail(registration, template="event_registration_promoted")
    return promoted


# -- mail -----------------------------------------------------------------------------------


def cancel_token(registration: Registration) -> str:
    return make_token({"registration": registration.pk}, salt=CANCEL_SALT)


def registration_from_token(token: str) -> Registration | None:
    """The registration a cancel link is for; None if it no longer exists. Raises
    home.links.BadLink (or ExpiredLink) for a link we did not make.

    Someone who cancelled and registered again for the same date gets their current
    registration from the old link too: it went to the same address, and "you are cancelled"
    would be untrue while they hold a seat."""
    payload = read_token(token, salt=CANCEL_SALT, max_age=CANCEL_LINK_MAX_AGE)
    registration_id = payload.get("registration") if isinstance(payload, dict) else None
    if not isinstance(registration_id, int):
        return None
    registrations = Registration.objects.select_related("occurrence__event")
    registration = registrations.filter(pk=registration_id).first()
    if registration is not None and registration.status == Registration.Status.CANCELLED:
        current = (
            registrations.active()
            .filter(
                occurrence=registration.occurrence_id,
                email_normalised=registration.email_normalised,
            )
            .first()
        )
        return current or registration
    return registration


def cancel_url(registration: Registration) -> str:
    return absolute_url(reverse("events:cancel", args=[cancel_token(registration)]))


def ics_filename(occurrence: Occurrence) -> str:
    return f"{occurrence.event.slug}-{occurrence.local_date.isoformat()}.ics"


def send_registration_mail(
    registration: Registration, *, template: str = "event_registration"
) -> None:
    """The mails to one registration: confirmation (seat or waitlist), promotion, cancelled
    registration, and a cancelled or moved date. Only someone holding a seat is sent the
    online meeting link, in the mail and in the attached calendar file."""
    occurrence = registration.occurrence
    event = occurrence.event
    holds_seat = registration.holds_seat and not occurrence.is_cancelled
    meeting_url = event.online_meeting_url if (holds_seat and event.is_online) else ""
    context = {
        "registration": registration,
        "event": event,
        "occurrence": occurrence,
        "when": format_when(occurrence.start, occurrence.end),
        "place_lines": event.address_lines,
        "is_online": event.is_online,
        "meeting_url": meeting_url,
        "holds_seat": holds_seat,
        "event_url": absolute_url(occurrence.get_url()),
        "cancel_url": cancel_url(registration)
        if registration.status in Registration.ACTIVE
        else "",
    }
    attachments = []
    if template != "event_registration_cancelled":
        attachments.append(
            Attachment(
                ics_filename(occurrence),
                private_occurrence_calendar(
                    occurrence,
                    meeting_url=meeting_url,
                    tentative=registration.is_waitlisted,
                ),
                "text/calendar",
            )
        )
    send_templated_mail(
        template=template, to=[registration.email], context=context, attachments=attachments
    )


# -- personal data (AVG) -------------------------------------------------------------------


def registrations_export(email: str) -> list[PersonalRecord]:
    """Every registration held for an address, for a request under the AVG."""
    registrations = (
        Registration.objects.for_email(email)
        .select_related("occurrence__event")
        .order_by("created_at", "pk")
    )
    return [
        PersonalRecord(
            kind="event_registration",
            created=registration.created_at,
            fields={
                "event": registration.occurrence.event.title,
                "date": format_when(registration.occurrence.start, registration.occurrence.end),
                "name": registration.name,
                "email": registration.email,
                "organisation": registration.organisation,
                "member": registration.is_member,
                "status": registration.get_status_display(),
                "registered_at": registration.created_at.isoformat(),
                "promoted_at": registration.promoted_at.isoformat()
                if registration.promoted_at
                else None,
                "cancelled_at": registration.cancelled_at.isoformat()
                if registration.cancelled_at
                else None,
            },
        )
        for registration in registrations
    ]


def registrations_erase(email: str) -> int:
    """Delete every registration of an address. A seat it held for a coming date goes to the
    waitlist first; the erased person gets no more mail."""
    count = 0
    for registration in Registration.objects.for_email(email).select_related("occurrence__event"):
        if registration.status in Registration.ACTIVE:
            registration_cancel(registration=registration, notify=False)
        registration.delete()
        count += 1
    return count


def registrations_purge(*, older_than_days: int = REGISTRATION_RETENTION_DAYS, now=None) -> int:
    """Delete the registrations of dates that ended more than older_than_days ago."""
    cutoff = (now or timezone.now()) - timedelta(days=older_than_days)
    deleted, _by_model = Registration.objects.filter(occurrence__end__lt=cutoff).delete()
    return deleted


def member_area_registrations(request, email: str) -> str:
    """The member area's list of this address's coming registrations, each with its cancel
    link (registered as a "member_area" section in apps.py; membership renders it)."""
    registrations = (
        Registration.objects.active()
        .for_email(email)
        .filter(occurrence__end__gt=timezone.now())
        .select_related("occurrence__event")
        .order_by("occurrence__start", "pk")
    )
    rows = [
        {
            "title": registration.occurrence.event.title,
            "when": format_when(registration.occurrence.start, registration.occurrence.end),
            "url": registration.occurrence.get_url(request),
            "waitlist": registration.status == Registration.Status.WAITLIST,
            "cancel_url": cancel_url(registration),
        }
        for registration in registrations
    ]
    return render_to_string("events/member_registrations.html", {"rows": rows})
