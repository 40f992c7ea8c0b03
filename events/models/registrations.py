"""The dates of events and the registrations for them."""

from datetime import UTC, date, datetime, timedelta

from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from home.emails import NormalisedEmailMixin, normalise_email

from ..formatting import format_date, format_day_month
from ..localtime import local, local_zone


class OccurrenceQuerySet(models.QuerySet):
    def with_seats_taken(self):
        """Annotate seats_taken (registrations holding a seat) in the same query."""
        taken = (
            Registration.objects.filter(
                occurrence=OuterRef("pk"), status=Registration.Status.CONFIRMED
            )
            .order_by()
            .values("occurrence")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(seats_taken=Coalesce(Subquery(taken), Value(0)))

    def listed(self):
        """What a card needs, in one query: the date, its event, its image and the seats
        taken (the image's renditions in one more, only when there are images)."""
        return (
            self.select_related("event", "event__image")
            .prefetch_related("event__image__renditions")
            .defer("event__body", "event__online_meeting_url")
            .with_seats_taken()
        )

    def upcoming(self, now=None):
        return self.filter(end__gt=now or timezone.now()).order_by("start", "pk")

    def one_per_series(self, *, archive: bool = False, now=None):
        """Every date of a single event, every cancelled date of a series, and of each series
        only the next date that goes ahead (in the archive: the last one held), so that a
        weekly series takes one card in the agenda. Still one query: the series date is a
        correlated subquery."""
        now = now or timezone.now()
        # A cancelled series (all its dates cancelled) takes one card too.
        series_cancelled = Q(event__status="cancelled")
        held = Occurrence.objects.filter(event=OuterRef("event")).filter(
            Q(cancelled=False) | series_cancelled
        )
        held = held.past(now) if archive else held.upcoming(now)
        return self.filter(
            Q(event__repeat="")
            | (Q(cancelled=True) & ~series_cancelled)
            | Q(pk=Subquery(held.values("pk")[:1]))
        )

    def past(self, now=None):
        return self.filter(end__lte=now or timezone.now()).order_by("-start", "-pk")

    def filter_local_date(self, day: date):
        """Dates starting on day in Amsterdam. A day at the very edge of the calendar (from a
        URL: 9999-12-31) has none: its midnight cannot even be said in UTC."""
        zone = local_zone()
        try:
            start = timezone.make_aware(datetime.combine(day, datetime.min.time()), zone)
            end = timezone.make_aware(
                datetime.combine(day + timedelta(days=1), datetime.min.time()), zone
            )
            start, end = start.astimezone(UTC), end.astimezone(UTC)
        except OverflowError:
            return self.none()
        return self.filter(start__gte=start, start__lt=end)


class Occurrence(models.Model):
    """One date of an event. Kept in step with the event page when it is published; a date
    that is dropped from a series while people are registered for it is cancelled, not
    deleted."""

    event = models.ForeignKey(
        "events.EventPage",
        verbose_name="Bijeenkomst",
        related_name="occurrences",
        on_delete=models.CASCADE,
    )
    start = models.DateTimeField("Begin", db_index=True)
    end = models.DateTimeField("Einde")
    registration_closes = models.DateTimeField("Aanmelden sluit")
    cancelled = models.BooleanField("Vervallen", default=False)
    cancel_reason = models.CharField("Reden", max_length=200, blank=True)

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = "Datum"
        verbose_name_plural = "Data"
        constraints = [
            models.UniqueConstraint(fields=["event", "start"], name="events_occurrence_unique")
        ]

    def __str__(self) -> str:
        return f"{self.event.title}, {format_date(self.start)}"

    @property
    def local_start(self) -> datetime:
        return local(self.start)

    @property
    def local_end(self) -> datetime:
        return local(self.end)

    @property
    def local_date(self) -> date:
        return self.local_start.date()

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled or self.event.is_cancelled

    def has_started(self, now=None) -> bool:
        return (now or timezone.now()) >= self.start

    def registration_is_open(self, now=None) -> bool:
        return (
            self.event.registration_enabled
            and not self.is_cancelled
            and (now or timezone.now()) < self.registration_closes
        )

    @property
    def seats_left(self) -> int | None:
        """Free seats (needs the seats_taken annotation); None without a capacity."""
        if self.event.capacity is None:
            return None
        return max(0, self.event.capacity - getattr(self, "seats_taken", 0))

    @property
    def is_full(self) -> bool:
        return self.seats_left == 0

    @property
    def series_summary(self) -> str:
        """ "Elke donderdag 16:00–17:00 · volgende: 3 december", the card of a series in the
        agenda (the year only when it is not this year); "" for a single event."""
        if not self.event.is_series:
            return ""
        return f"{self.event.rhythm_text} · volgende: {format_day_month(self.start)}"

    @property
    def seat_status(self) -> str:
        """The seats in a few words, for cards and the list of dates: "Gaat niet door",
        "Vol", "Nog 3 plaatsen", or "" without a capacity."""
        if self.is_cancelled:
            return "Gaat niet door"
        if self.seats_left is None:
            return ""
        if self.is_full:
            return "Vol"
        return f"Nog {self.seats_left} plaats{'' if self.seats_left == 1 else 'en'}"

    @property
    def seat_status_modifier(self) -> str:
        """The CSS modifier of seat_status: "cancelled", "full" or ""."""
        if self.is_cancelled:
            return "cancelled"
        return "full" if self.is_full else ""

    @property
    def seats_sentence(self) -> str:
        """The seats as the event page says them; "" without a capacity or when cancelled."""
        if self.seats_left is None or self.is_cancelled:
            return ""
        if self.is_full:
            taken = "De enige plaats is" if self.event.capacity == 1 else "Alle plaatsen zijn"
            return f"{taken} bezet. Er is een wachtlijst."
        capacity = self.event.capacity
        return f"Nog {self.seats_left} van de {capacity} plaats{'' if capacity == 1 else 'en'} vrij"

    @property
    def cancellation_sentence(self) -> str:
        """ "Deze datum gaat niet door: feestdag." for one date of a series, "Deze bijeenkomst
        gaat niet door." for a whole event; "" when it goes ahead."""
        if not self.is_cancelled:
            return ""
        what = "datum" if self.event.is_series and not self.event.is_cancelled else "bijeenkomst"
        reason = f": {self.cancel_reason}" if self.cancel_reason else ""
        return f"Deze {what} gaat niet door{reason}."

    @property
    def url_suffix(self) -> str:
        return f"{self.local_date.isoformat()}/"

    def get_url(self, request=None) -> str:
        """The page of this date: the event page itself for a single event."""
        url = self.event.get_url(request) or ""
        if self.event.is_series:
            return url + self.url_suffix
        return url

    def get_ics_url(self) -> str:
        return reverse("events:occurrence_ics", args=[self.event_id, self.local_date.isoformat()])


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def for_email(self, email: str):
        return self.filter(email_normalised=normalise_email(email))


class Registration(NormalisedEmailMixin, models.Model):
    """Someone who registered for one date: holding a seat, on the waitlist (in order of
    registration), or cancelled."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", "Aangemeld"
        WAITLIST = "waitlist", "Wachtlijst"
        CANCELLED = "cancelled", "Afgemeld"

    ACTIVE = (Status.CONFIRMED, Status.WAITLIST)

    occurrence = models.ForeignKey(
        Occurrence,
        verbose_name="Datum",
        related_name="registrations",
        on_delete=models.CASCADE,
    )
    name = models.CharField("Naam", max_length=120)
    email = models.EmailField("E-mailadres")
    # The address as home.emails.normalise_email spells it: one registration per address per
    # date, and the privacy export and erase find it however it was typed. Mail goes to
    # `email`, as typed (a normalised address can be a digest, no mailbox at all).
    email_normalised = models.CharField(max_length=254, editable=False, db_index=True)
    organisation = models.CharField("Organisatie", max_length=160, blank=True)
    is_member = models.BooleanField("Lid", default=False)
    status = models.CharField(
        "Status", max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField("Aangemeld op", default=timezone.now)
    promoted_at = models.DateTimeField("Van wachtlijst op", null=True, blank=True)
    cancelled_at = models.DateTimeField("Afgemeld op", null=True, blank=True)
    # When "you were already registered" was last mailed: at most one such mail an hour.
    repeat_notice_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["occurrence__start", "created_at", "pk"]
        verbose_name = "Aanmelding voor een bijeenkomst"
        verbose_name_plural = "Deelnemers bijeenkomsten"
        constraints = [
            # One active registration per address per date; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["occurrence", "email_normalised"],
                condition=Q(status__in=["confirmed", "waitlist"]),
                name="events_registration_one_per_email",
            )
        ]
        indexes = [models.Index(fields=["occurrence", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.name} – {self.occurrence}"

    @property
    def holds_seat(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == self.Status.WAITLIST
