"""Registrations in the Wagtail admin: the list per event with its waitlist and exports, and
cancelling a registration so that its seat goes to the waitlist."""

from collections import OrderedDict
from collections.abc import Callable
from typing import NamedTuple

from django import forms
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

import django_filters

from home.admin_views import FormOnlyPermissionPolicy, SpreadsheetSafeIndexView
from home.converters import valid_id

from .formatting import format_when
from .models import EventPage, Occurrence, Registration
from .services import registration_cancel


class RegistrationPermissionPolicy(FormOnlyPermissionPolicy):
    """Registrations come in through the public form only, and leave by being cancelled (so
    the seat goes to the waitlist) or by the privacy erase: no adding or deleting here."""

    refused_actions = ("add", "delete")


class IdChoiceField(forms.ModelChoiceField):
    """A choice by id that refuses a number no database holds (SQLite cannot even look it
    up: a page's id goes through its parent link, which has no range check)."""

    def to_python(self, value):
        if value not in self.empty_values and valid_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = IdChoiceField


class RegistrationFilterSet(WagtailFilterSet):
    event = IdChoiceFilter(
        label="Bijeenkomst",
        field_name="occurrence__event",
        queryset=EventPage.objects.order_by("title"),
    )
    occurrence = IdChoiceFilter(
        label="Datum",
        queryset=Occurrence.objects.select_related("event").order_by("-start"),
    )
    status = django_filters.ChoiceFilter(label="Status", choices=Registration.Status.choices)
    is_member = django_filters.BooleanFilter(label="Lid")
    when = django_filters.ChoiceFilter(
        label="Wanneer",
        choices=[("komend", "Komende data"), ("voorbij", "Voorbije data")],
        method="filter_when",
        empty_label="Alle data",
    )

    class Meta:
        model = Registration
        fields = ["event", "occurrence", "status", "is_member", "when"]

    def filter_when(self, queryset, name, value):
        now = timezone.now()
        if value == "komend":
            return queryset.filter(occurrence__end__gt=now)
        if value == "voorbij":
            return queryset.filter(occurrence__end__lte=now)
        return queryset


def with_waitlist_position(queryset):
    """Annotate waitlist_position: 1 for the first in line, None for everyone else."""
    ahead = (
        Registration.objects.filter(
            occurrence=OuterRef("occurrence"),
            status=Registration.Status.WAITLIST,
        )
        .filter(
            Q(created_at__lt=OuterRef("created_at"))
            | Q(created_at=OuterRef("created_at"), pk__lte=OuterRef("pk"))
        )
        .order_by()
        .values("occurrence")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return queryset.annotate(
        position_in_line=Coalesce(Subquery(ahead), Value(0)),
    )


class RegistrationField(NamedTuple):
    heading: str
    value: Callable[[Registration], object]


def waitlist_position(registration: Registration) -> int | str:
    """Place in line (from with_waitlist_position), "" for anyone not waiting."""
    if registration.status != Registration.Status.WAITLIST:
        return ""
    return getattr(registration, "position_in_line", "") or ""


# Every column of the list and the exports, defined once: heading and value.
REGISTRATION_FIELDS = {
    "name": RegistrationField("Naam", lambda r: r.name),
    "event": RegistrationField("Bijeenkomst", lambda r: r.occurrence.event.title),
    "date": RegistrationField("Datum", lambda r: format_when(r.occurrence.start, r.occurrence.end)),
    "status": RegistrationField("Status", lambda r: r.get_status_display()),
    "waitlist_position": RegistrationField("Plek op wachtlijst", waitlist_position),
    "organisation": RegistrationField("Organisatie", lambda r: r.organisation),
    "member": RegistrationField("Lid", lambda r: "ja" if r.is_member else "nee"),
    "email": RegistrationField("E-mailadres", lambda r: r.email),
    "created": RegistrationField(
        "Aangemeld op", lambda r: timezone.localtime(r.created_at).strftime("%d-%m-%Y %H:%M")
    ),
}
LIST_FIELDS = [
    "name",
    "event",
    "date",
    "status",
    "waitlist_position",
    "organisation",
    "member",
    "email",
    "created",
]
EXPORT_FIELDS = [
    "event",
    "date",
    "status",
    "waitlist_position",
    "name",
    "email",
    "organisation",
    "member",
    "created",
]


# Columns whose values may break anywhere: an address has no words to break between. Names
# and titles break between words only (see static/css/admin-registrations.css).
WRAP_ANYWHERE = {"email"}


def list_display() -> list:
    """The list's columns: the name (linking to the registration) first, then the rest."""
    first, *rest = LIST_FIELDS
    return [first] + [
        Column(
            name,
            label=REGISTRATION_FIELDS[name].heading,
            accessor=REGISTRATION_FIELDS[name].value,
            classname="wrap-anywhere" if name in WRAP_ANYWHERE else None,
        )
        for name in rest
    ]


def summary_url(event=None) -> str:
    url = reverse("event_registrations:summary")
    return f"{url}?event={event.pk}" if event is not None else url


class RegistrationIndexView(SpreadsheetSafeIndexView):
    """Per event and date: who holds a seat, who waits in which order, and who cancelled;
    exported as CSV or XLSX with formulas neutralised."""

    table_classname = "listing registrations-table"

    @cached_property
    def header_buttons(self):
        return [
            *super().header_buttons,
            HeaderButton("Overzicht per datum", url=summary_url(), icon_name="table"),
        ]

    def to_row_dict(self, item):
        return OrderedDict(
            (name, REGISTRATION_FIELDS[name].value(item)) for name in self.list_export
        )

    def get_base_queryset(self):
        return with_waitlist_position(
            Registration.objects.select_related("occurrence__event").order_by(
                "occurrence__start", "status", "created_at", "pk"
            )
        )

    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        if instance.status in Registration.ACTIVE and self.user_has_permission("change"):
            buttons.append(
                MenuItem(
                    "Afmelden",
                    url=reverse("event_registrations:cancel", args=[instance.pk]),
                    icon_name="cross",
                    priority=40,
                )
            )
        return buttons


class RegistrationCancelView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """An editor cancels a registration; the registrant is told and the seat moves on."""

    permission_policy = RegistrationPermissionPolicy(Registration)
    permission_required = "change"
    form_class = forms.Form
    template_name = "events/admin/cancel.html"
    page_title = "Aanmelding afmelden"
    header_icon = "cross"

    def dispatch(self, request, *args, **kwargs):
        self.registration = get_object_or_404(
            Registration.objects.select_related("occurrence__event"), pk=kwargs["pk"]
        )
        return super().dispatch(request, *args, **kwargs)

    def get_page_subtitle(self):
        return self.registration.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        occurrence = self.registration.occurrence
        context.update(
            registration=self.registration,
            when=format_when(occurrence.start, occurrence.end),
            index_url=reverse("event_registrations:index") + f"?occurrence={occurrence.pk}",
        )
        return context

    def form_valid(self, form):
        promoted = registration_cancel(registration=self.registration)
        text = f"{self.registration.name} is afgemeld."
        if promoted:
            names = ", ".join(registration.name for registration in promoted)
            text += f" Van de wachtlijst kreeg een plaats: {names}."
        messages.success(self.request, text)
        return redirect(
            reverse("event_registrations:index") + f"?occurrence={self.registration.occurrence_id}"
        )


class RegistrationSummaryView(PermissionCheckedMixin, WagtailAdminTemplateMixin, TemplateView):
    """Per event and date: seats taken out of the capacity, and how many wait. Coming dates by
    default, past dates on request; one event with ?event=<id>. Numbers only: the names are
    one click away, in the list of that date."""

    permission_policy = RegistrationPermissionPolicy(Registration)
    permission_required = "view"
    template_name = "events/admin/summary.html"
    page_title = "Overzicht per datum"
    header_icon = "table"

    @cached_property
    def event(self) -> EventPage | None:
        pk = valid_id(self.request.GET.get("event", ""))
        return EventPage.objects.filter(pk=pk).first() if pk is not None else None

    @cached_property
    def past(self) -> bool:
        return self.request.GET.get("when") == "voorbij"

    def get_page_subtitle(self):
        return self.event.title if self.event else "Deelnemers bijeenkomsten"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("event_registrations:index"), "label": "Deelnemers bijeenkomsten"},
            {"url": "", "label": self.page_title},
        ]

    def rows(self) -> list[dict]:
        now = timezone.now()
        occurrences = Occurrence.objects.select_related("event").annotate(
            confirmed=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
            ),
            waiting=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.WAITLIST)
            ),
        )
        if self.past:
            occurrences = occurrences.filter(end__lte=now).order_by("-start", "pk")
        else:
            occurrences = occurrences.filter(end__gt=now).order_by("start", "pk")
        if self.event is not None:
            occurrences = occurrences.filter(event=self.event)
        index = reverse("event_registrations:index")
        return [
            {
                "event": occurrence.event.title,
                "when": format_when(occurrence.start, occurrence.end),
                "cancelled": occurrence.cancelled or occurrence.event.is_cancelled,
                "confirmed": occurrence.confirmed,
                "capacity": occurrence.event.capacity,
                "full": occurrence.event.capacity is not None
                and occurrence.confirmed >= occurrence.event.capacity,
                "waiting": occurrence.waiting,
                "url": f"{index}?occurrence={occurrence.pk}",
            }
            for occurrence in occurrences[:500]
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        coming_url = summary_url(self.event)
        context.update(
            rows=self.rows(),
            event=self.event,
            past=self.past,
            coming_url=coming_url,
            past_url=coming_url + ("&" if self.event else "?") + "when=voorbij",
            all_events_url=summary_url(),
        )
        return context
