"""The agenda page and event pages: what editors write about a meeting or a series."""

from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.http import HttpResponseNotAllowed
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey

from home.blocks import BodyBlock
from home.caching import public
from home.models import BasePage, http_url_validator
from home.pagecache import expire_at

from ..admin_forms import EventPageForm
from ..admin_panels import RegistrationCountsPanel
from ..context import agenda_context, event_page_context, next_change
from ..formatting import format_date_without_weekday, format_time, format_weekday
from ..localtime import local, local_zone
from .choices import AttendanceMode, EventStatus, EventType, Repeat
from .registrations import Occurrence

# A series is generated up to this far ahead; longer runs are split into a new series.
MAX_SERIES_LENGTH = timedelta(days=2 * 366)
# The agenda's archive route; an event page with this slug could never be reached.
ARCHIVE_SLUG = "eerder"
# Dates an editor can give: wide enough for any archive, far from the end of the calendar.
FIRST_YEAR, LAST_YEAR = 1900, 2999


class EventIndexPage(RoutablePageMixin, BasePage):
    """The "Agenda": every coming date of every event, soonest first, with filters by type
    and by physical or online, subscribable calendars, and an archive of earlier meetings."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = "agenda"
        verbose_name_plural = "agenda's"

    def occurrences(self):
        """Dates of the live, public events below this page, with their seats taken."""
        events = public(EventPage.objects.child_of(self).live())
        return Occurrence.objects.listed().filter(event__in=events.values("pk"))

    def get_context(self, request, *args, archive: bool = False, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(agenda_context(request, self, archive=archive))
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path(f"{ARCHIVE_SLUG}/", name="archive")
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
    # Its registration form comes from the page cache without a token (home.formtokens).
    accepts_stale_form_token = True
    base_form_class = EventPageForm

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
                InlinePanel("cancelled_dates", label="vervallen datum", heading="Vervallen data"),
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
                RegistrationCountsPanel(heading="Aanmeldingen per datum"),
            ],
            heading="Aanmelden",
        ),
        FieldPanel("image"),
        FieldPanel("body"),
        InlinePanel("people", label="gastheer, gastvrouw of spreker", heading="Wie"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("city"),
        index.FilterField("event_type"),
    ]

    class Meta:
        verbose_name = "bijeenkomst"
        verbose_name_plural = "bijeenkomsten"

    # -- validation -----------------------------------------------------------------------

    def clean(self):
        super().clean()
        errors = {}
        for name in ["start", "end", "registration_deadline"]:
            moment = getattr(self, name)
            if moment and not FIRST_YEAR <= moment.year <= LAST_YEAR:
                errors[name] = f"Kies een datum tussen {FIRST_YEAR} en {LAST_YEAR}."
        if errors:
            # Dates further out cannot be counted with: a series would run past year 9999.
            raise ValidationError(errors)
        if self.slug == ARCHIVE_SLUG:
            errors["slug"] = (
                f"“{ARCHIVE_SLUG}” is het adres van de eerdere bijeenkomsten; kies een ander."
            )
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
    def route_url(self) -> str:
        """A route planner for the address: a plain link to OpenStreetMap (nothing is loaded
        from there); "" for an online event or without a street or town."""
        if not self.is_offline or not (self.street_address or self.city):
            return ""
        town = " ".join(part for part in [self.postal_code, self.city] if part)
        query = ", ".join(part for part in [self.street_address, town] if part)
        return "https://www.openstreetmap.org/search?" + urlencode({"query": query})

    @property
    def location_text(self) -> str:
        """One line, for calendar files and mails: the address, "Online", or both."""
        parts = [", ".join(self.address_lines)] if self.address_lines else []
        if self.is_online:
            parts.append("Online")
        return " en ".join(part for part in parts if part)

    @property
    def audience_label(self) -> str:
        """Who may register, as the event page says it."""
        return (
            "Iedereen is welkom, ook niet-leden"
            if self.open_to_non_members
            else ("Alleen voor leden")
        )

    @property
    def audience_short(self) -> str:
        """Who may register, in a word, for cards."""
        return "Iedereen" if self.open_to_non_members else "Leden"

    @property
    def series_text(self) -> str:
        """ "Elke week op donderdag, tot en met 3 april 2031"; "" for a single event."""
        if not self.is_series or not self.repeat_until:
            return ""
        every = "Elke week" if self.repeat_interval == 1 else f"Om de {self.repeat_interval} weken"
        until = format_date_without_weekday(self.repeat_until)
        return f"{every} op {format_weekday(self.start)}, tot en met {until}"

    @property
    def rhythm_text(self) -> str:
        """ "Elke donderdag 16:00–17:00", "Om de week op donderdag 16:00–17:00" (every other
        week), "Om de 3 weken op …"; "" for a single event."""
        if not self.is_series:
            return ""
        weekday = format_weekday(self.start)
        if self.repeat_interval <= 1:
            every = f"Elke {weekday}"
        elif self.repeat_interval == 2:
            every = f"Om de week op {weekday}"
        else:
            every = f"Om de {self.repeat_interval} weken op {weekday}"
        return f"{every} {format_time(self.start)}–{format_time(self.end)}"

    def share_image(self):
        return self.image or self.listing_image

    def people_with_persons(self):
        return self.people.select_related("person", "person__photo")

    # -- serving --------------------------------------------------------------------------

    def get_context(
        self,
        request,
        *args,
        day: str | None = None,
        preview: bool = False,
        form=None,
        members_only_refused: bool = False,
        **kwargs,
    ):
        context = super().get_context(request, *args, **kwargs)
        context.update(
            event_page_context(
                self,
                request,
                day=day,
                preview=preview,
                form=form,
                members_only_refused=members_only_refused,
            )
        )
        return context

    def serve_date(self, request, day: str | None = None):
        """The page of the next date, or of the date in the URL. A POST never gets here: the
        registration view takes it first (events/wagtail_hooks.py)."""
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
        response = self.render(request, day=day)
        # The page changes by itself when registration closes or a date starts or ends: the
        # page cache keeps it no longer than that.
        context = response.context_data
        expire_at(response, next_change(context["occurrence"], context["dates"]))
        return response

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.serve_date(request)

    @re_path(r"^(?P<day>[0-9]{4}-[0-9]{2}-[0-9]{2})/$", name="occurrence")
    def occurrence_route(self, request, day):
        return self.serve_date(request, day=day)

    def serve_preview(self, request, mode_name):
        return self.render(request, preview=True)

    def get_ics_url(self) -> str:
        """ "Zet in je agenda" for the whole event; a stable address, whatever the slug."""
        return reverse("events:event_ics", args=[self.pk])


class EventPageCancelledDate(Orderable):
    """One date of a series that does not take place; the rest of the series goes on."""

    page = ParentalKey(EventPage, related_name="cancelled_dates", on_delete=models.CASCADE)
    date = models.DateField("Datum")
    reason = models.CharField("Reden", max_length=200, blank=True, help_text="Bijv. feestdag.")

    panels = [FieldRowPanel([FieldPanel("date"), FieldPanel("reason")])]

    class Meta(Orderable.Meta):
        verbose_name = "vervallen datum"
        verbose_name_plural = "vervallen data"


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
        verbose_name = "gastheer, gastvrouw of spreker"
        verbose_name_plural = "gastheren, gastvrouwen en sprekers"
