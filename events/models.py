"""Events: the agenda, event pages with their dates, and registrations.

An event page describes a meeting once; its dates are `Occurrence` rows. A single event has
one, a series ("elke donderdag 16:00–17:00") one per date. The rows are kept in step with the
page when it is published (see services.occurrences_sync), so that the agenda lists, sorts,
filters and paginates dates with one query, and so that each date has a row to lock while a
seat is taken. Editors cancel one date of a series on the page itself ("Vervallen data"):
drafts, revisions and previews work for that as for any other field.
"""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey

from home.blocks import BodyBlock
from home.caching import public
from home.models import BasePage, http_url_validator

ORGANISER_NAME = "Stichting Leisure Lab Limburg"
# A series is generated up to this far ahead; longer runs are split into a new series.
MAX_SERIES_LENGTH = timedelta(days=2 * 366)


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment, local_zone())


class EventType(models.TextChoices):
    # The values appear in URLs (?soort=, /kalender/<soort>.ics) and must stay stable.
    CONTACT_MOMENT = "contactmoment", "Contactmoment"
    WORKSHOP = "workshop", "Workshop"
    THEME_SESSION = "themasessie", "Themasessie"
    TRAINING = "training", "Training"
    COMPANY_VISIT = "bedrijfsbezoek", "Bedrijfsbezoek"


class AttendanceMode(models.TextChoices):
    OFFLINE = "offline", "Op locatie"
    ONLINE = "online", "Online"
    MIXED = "mixed", "Op locatie en online"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Gepland"
    CANCELLED = "cancelled", "Geannuleerd"
    RESCHEDULED = "rescheduled", "Verplaatst"


class Repeat(models.TextChoices):
    NONE = "", "Eenmalig"
    WEEKLY = "weekly", "Wekelijks of om de zoveel weken"


class EventIndexPage(RoutablePageMixin, BasePage):
    """The "Agenda": every coming date of every event, soonest first, with filters by type
    and by physical or online, subscribable calendars, and an archive of earlier meetings."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "Agenda"
        verbose_name_plural = "Agenda's"

    def occurrences(self):
        """Dates of the live, public events below this page, with their seats taken."""
        events = public(EventPage.objects.child_of(self).live())
        return Occurrence.objects.listed().filter(event__in=events.values("pk"))

    def get_context(self, request, *args, **kwargs):
        from .views import agenda_context

        context = super().get_context(request, *args, **kwargs)
        context.update(agenda_context(request, self, archive=kwargs.get("archive", False)))
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path("eerder/", name="archive")
    def archive_route(self, request):
        return self.render(request, archive=True)


class EventPage(RoutablePageMixin, BasePage):
    """One meeting, or a series of them: a workshop, theme session, training, company visit
    or the weekly contact moment. Readers register for a date below the description."""

    event_type = models.CharField(
        "Soort", max_length=20, choices=EventType.choices, default=EventType.WORKSHOP
    )
    status = models.CharField(
        "Status",
        max_length=20,
        choices=EventStatus.choices,
        default=EventStatus.SCHEDULED,
        help_text="Verplaatst? Pas ook de datum aan. Geannuleerd geldt voor alle data; "
        "één datum van een reeks laat je vervallen onder “Vervallen data”.",
    )
    start = models.DateTimeField("Begin", help_text="Bij een reeks: de eerste datum.")
    end = models.DateTimeField("Einde")
    repeat = models.CharField(
        "Herhalen", max_length=10, choices=Repeat.choices, default=Repeat.NONE, blank=True
    )
    repeat_interval = models.PositiveSmallIntegerField(
        "Om de hoeveel weken",
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(52)],
        help_text="1 = elke week, 2 = om de week.",
    )
    repeat_until = models.DateField(
        "Herhalen tot en met", null=True, blank=True, help_text="De laatste mogelijke datum."
    )

    attendance_mode = models.CharField(
        "Vorm", max_length=10, choices=AttendanceMode.choices, default=AttendanceMode.OFFLINE
    )
    venue_name = models.CharField("Locatie", max_length=160, blank=True)
    street_address = models.CharField("Straat en huisnummer", max_length=160, blank=True)
    postal_code = models.CharField("Postcode", max_length=12, blank=True)
    city = models.CharField("Plaats", max_length=80, blank=True)
    online_meeting_url = models.URLField(
        "Link naar de online bijeenkomst",
        blank=True,
        max_length=500,
        validators=[http_url_validator],
        help_text="Nooit zichtbaar op de site, in de agenda of in agendabestanden: alleen "
        "aangemelde deelnemers met een plaats krijgen de link per e-mail.",
    )

    open_to_non_members = models.BooleanField(
        "Open voor niet-leden",
        default=True,
        help_text="Uitgevinkt: alleen leden kunnen zich aanmelden.",
    )
    registration_enabled = models.BooleanField(
        "Aanmelden via de site", default=True, help_text="Uitgevinkt: geen aanmeldformulier."
    )
    capacity = models.PositiveIntegerField(
        "Aantal plaatsen",
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Per datum. Leeg = onbeperkt. Vol? Dan komen aanmeldingen op de wachtlijst.",
    )
    registration_deadline = models.DateTimeField(
        "Aanmelden kan tot",
        null=True,
        blank=True,
        help_text="Leeg = tot het begin. Bij een reeks geldt dezelfde tijd vóór elke datum.",
    )
    is_free = models.BooleanField(
        "Gratis",
        null=True,
        blank=True,
        choices=[(True, "Ja, gratis"), (False, "Nee, er zijn kosten")],
        help_text="Leeg laten als dat niet vermeld hoeft te worden.",
    )
    is_example = models.BooleanField(
        "Voorbeeld",
        default=False,
        help_text="Toont bovenaan dat deze bijeenkomst een voorbeeld is.",
    )

    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Afbeelding",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name="Beschrijving", blank=True)

    parent_page_types = ["events.EventIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("event_type"), FieldPanel("status")]),
                FieldPanel("is_example"),
            ],
            heading="Soort en status",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldRowPanel(
                    [
                        FieldPanel("repeat"),
                        FieldPanel("repeat_interval"),
                        FieldPanel("repeat_until"),
                    ]
                ),
                InlinePanel("cancelled_dates", label="Vervallen datum", heading="Vervallen data"),
            ],
            heading="Wanneer",
        ),
        MultiFieldPanel(
            [
                FieldPanel("attendance_mode"),
                FieldPanel("venue_name"),
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldPanel("online_meeting_url"),
            ],
            heading="Waar",
        ),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldPanel("open_to_non_members"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_deadline")]),
                FieldPanel("is_free"),
            ],
            heading="Aanmelden",
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("people", label="Gastheer, gastvrouw of spreker", heading="Wie"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("city"),
        index.FilterField("event_type"),
    ]

    class Meta:
        verbose_name = "Bijeenkomst"
        verbose_name_plural = "Bijeenkomsten"

    # -- validation -----------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        if self.start and self.end and self.end <= self.start:
            errors["end"] = "Het einde moet na het begin liggen."
        if self.start and self.end and self.end - self.start > timedelta(days=14):
            errors["end"] = "Een bijeenkomst duurt hooguit twee weken."
        if self.repeat:
            if not self.repeat_until:
                errors["repeat_until"] = "Vul in tot wanneer de reeks doorloopt."
            elif self.start and self.repeat_until < local(self.start).date():
                errors["repeat_until"] = "Deze datum ligt vóór de eerste datum."
            elif self.start and self.repeat_until > (local(self.start) + MAX_SERIES_LENGTH).date():
                errors["repeat_until"] = "Een reeks loopt hooguit twee jaar."
            if (
                self.start
                and self.end
                and self.end - self.start >= timedelta(weeks=self.repeat_interval or 1)
            ):
                errors["end"] = "Een bijeenkomst in een reeks duurt korter dan de herhaling."
        if self.registration_deadline and self.start and self.registration_deadline > self.start:
            errors["registration_deadline"] = "Aanmelden sluit uiterlijk bij het begin."
        if self.attendance_mode != AttendanceMode.ONLINE and not (self.venue_name or self.city):
            errors["venue_name"] = "Vul de locatie of de plaats in."
        if errors:
            raise ValidationError(errors)

    # -- dates ----------------------------------------------------------------------------

    @property
    def is_series(self) -> bool:
        return self.repeat == Repeat.WEEKLY

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    def planned_dates(self) -> list[tuple[datetime, datetime]]:
        """(start, end) of every date, in order. A series keeps its wall-clock time in
        Amsterdam across the change to and from summer time."""
        if not self.is_series or not self.repeat_until:
            return [(self.start, self.end)]
        zone = local_zone()
        first = local(self.start).replace(tzinfo=None)
        duration = self.end - self.start
        step = timedelta(weeks=max(1, self.repeat_interval))
        last = min(self.repeat_until, (first + MAX_SERIES_LENGTH).date())
        dates = []
        moment = first
        while moment.date() <= last:
            start = timezone.make_aware(moment, zone)
            dates.append((start, start + duration))
            moment += step
        return dates

    def registration_closes_for(self, start: datetime) -> datetime:
        """When registration for the date starting at start closes: at the deadline, or for
        a series as long before each date as the deadline is before the first; at the latest
        at the start."""
        if self.registration_deadline is None:
            return start
        return min(start, start - (self.start - self.registration_deadline))

    # -- where and who --------------------------------------------------------------------

    @property
    def is_online(self) -> bool:
        return self.attendance_mode in (AttendanceMode.ONLINE, AttendanceMode.MIXED)

    @property
    def is_offline(self) -> bool:
        return self.attendance_mode in (AttendanceMode.OFFLINE, AttendanceMode.MIXED)

    @property
    def place_label(self) -> str:
        """Short, for cards: the town (or venue), "Online", or both."""
        place = self.city or self.venue_name
        if self.attendance_mode == AttendanceMode.ONLINE:
            return "Online"
        if self.attendance_mode == AttendanceMode.MIXED:
            return f"{place} en online" if place else "Op locatie en online"
        return place

    @property
    def address_lines(self) -> list[str]:
        if not self.is_offline:
            return []
        town = " ".join(part for part in [self.postal_code, self.city] if part)
        return [line for line in [self.venue_name, self.street_address, town] if line]

    @property
    def location_text(self) -> str:
        """One line, for calendar files and mails: the address, "Online", or both."""
        parts = [", ".join(self.address_lines)] if self.address_lines else []
        if self.is_online:
            parts.append("Online")
        return " en ".join(part for part in parts if part)

    @property
    def audience_label(self) -> str:
        return "Iedereen welkom" if self.open_to_non_members else "Alleen voor leden"

    def people_with_persons(self):
        return self.people.select_related("person", "person__photo")

    # -- routes ---------------------------------------------------------------------------

    def occurrence_for_date(self, day: date):
        return self.occurrences.filter_local_date(day).first()

    @path("")
    def index_route(self, request, *args, **kwargs):
        from .views import event_page

        return event_page(request, page=self)

    @re_path(r"^(?P<day>\d{4}-\d{2}-\d{2})/$", name="occurrence")
    def occurrence_route(self, request, day):
        from .views import event_page

        return event_page(request, page=self, day=day)

    def get_ics_url(self) -> str:
        """ "Zet in je agenda" for the whole event; a stable address, whatever the slug."""
        from django.urls import reverse

        return reverse("events:event_ics", args=[self.pk])

    def serve_preview(self, request, mode_name):
        from .views import event_page

        return event_page(request, page=self, preview=True)


class EventPageCancelledDate(Orderable):
    """One date of a series that does not take place; the rest of the series goes on."""

    page = ParentalKey(EventPage, related_name="cancelled_dates", on_delete=models.CASCADE)
    date = models.DateField("Datum")
    reason = models.CharField("Reden", max_length=200, blank=True, help_text="Bijv. feestdag.")

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = "Vervallen datum"
        verbose_name_plural = "Vervallen data"


class EventPagePerson(Orderable):
    """A host or speaker of an event, in the editor's order."""

    class Role(models.TextChoices):
        HOST = "host", "Gastheer of gastvrouw"
        SPEAKER = "speaker", "Spreker"

    page = ParentalKey(EventPage, related_name="people", on_delete=models.CASCADE)
    person = models.ForeignKey(
        "home.Person", verbose_name="Persoon", on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField("Rol", max_length=10, choices=Role.choices, default=Role.HOST)

    panels = [FieldRowPanel([FieldPanel("person"), FieldPanel("role")])]

    class Meta(Orderable.Meta):
        verbose_name = "Gastheer, gastvrouw of spreker"
        verbose_name_plural = "Gastheren, gastvrouwen en sprekers"


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
        """What a card needs, in one query: the date, its event and the seats taken."""
        return (
            self.select_related("event")
            .defer("event__body", "event__online_meeting_url")
            .with_seats_taken()
        )

    def upcoming(self, now=None):
        return self.filter(end__gt=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        return self.filter(end__lte=now or timezone.now()).order_by("-start", "-pk")

    def filter_local_date(self, day: date):
        zone = local_zone()
        start = timezone.make_aware(datetime.combine(day, datetime.min.time()), zone)
        end = timezone.make_aware(
            datetime.combine(day + timedelta(days=1), datetime.min.time()), zone
        )
        return self.filter(start__gte=start, start__lt=end)


class Occurrence(models.Model):
    """One date of an event. Kept in step with the event page when it is published; a date
    that is dropped from a series while people are registered for it is cancelled, not
    deleted."""

    event = models.ForeignKey(
        EventPage,
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
        from .formatting import format_date

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

    def is_past(self, now=None) -> bool:
        return (now or timezone.now()) >= self.end

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
    def url_suffix(self) -> str:
        return f"{self.local_date.isoformat()}/"

    def get_url(self, request=None) -> str:
        """The page of this date: the event page itself for a single event."""
        url = self.event.get_url(request) or ""
        if self.event.is_series:
            return url + self.url_suffix
        return url

    def get_ics_url(self) -> str:
        from django.urls import reverse

        return reverse("events:occurrence_ics", args=[self.event_id, self.local_date.isoformat()])


class RegistrationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=Registration.ACTIVE)

    def for_email(self, email: str):
        return self.filter(email=normalise_email(email))


def normalise_email(email: str) -> str:
    """One spelling per address, for the one-registration-per-date rule."""
    return email.strip().lower()


class Registration(models.Model):
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
    organisation = models.CharField("Organisatie", max_length=160, blank=True)
    is_member = models.BooleanField("Lid", default=False)
    status = models.CharField(
        "Status", max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    created_at = models.DateTimeField("Aangemeld op", default=timezone.now)
    promoted_at = models.DateTimeField("Van wachtlijst op", null=True, blank=True)
    cancelled_at = models.DateTimeField("Afgemeld op", null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        ordering = ["occurrence__start", "created_at", "pk"]
        verbose_name = "Aanmelding voor een bijeenkomst"
        verbose_name_plural = "Aanmeldingen voor bijeenkomsten"
        constraints = [
            # One active registration per address per date; cancelled ones stay as history.
            models.UniqueConstraint(
                fields=["occurrence", "email"],
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

    # -- columns for the admin list and its exports ---------------------------------------

    def event_title(self) -> str:
        return self.occurrence.event.title

    event_title.short_description = "Bijeenkomst"

    def date_text(self) -> str:
        from .formatting import format_when

        return format_when(self.occurrence.start, self.occurrence.end)

    date_text.short_description = "Datum"

    def member_text(self) -> str:
        return "ja" if self.is_member else "nee"

    member_text.short_description = "Lid"

    def status_text(self) -> str:
        return self.get_status_display()

    status_text.short_description = "Status"

    def waitlist_position(self) -> int | str:
        """Place in line (needs the admin's position_in_line annotation)."""
        if self.status != self.Status.WAITLIST:
            return ""
        return getattr(self, "position_in_line", "") or ""

    waitlist_position.short_description = "Plek op wachtlijst"

    def created_text(self) -> str:
        return timezone.localtime(self.created_at).strftime("%d-%m-%Y %H:%M")

    created_text.short_description = "Aangemeld op"
