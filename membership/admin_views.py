"""The board's views of applications in the Wagtail admin: the listing with its exports, the
detail view, and approving or rejecting with an optional message to the applicant."""

from django import forms
from django.contrib.admin.utils import quote
from django.db import models
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.widgets.button import HeaderButton

import django_filters

from home.admin_views import FormOnlyPermissionPolicy, SpreadsheetSafeIndexView

from .models import MembershipApplication
from .services import (
    DecisionNotAllowed,
    membership_application_approve,
    membership_application_reject,
)

# Everything the board sees of an application, in one order: the detail view shows these and
# the export has a column for each (see export_columns).
APPLICATION_FIELDS = [
    "created_at",
    "status",
    "name",
    "email",
    "organisation",
    "sector",
    "municipality",
    "phone",
    "membership_type",
    "motivation",
    "submitted_at",
    "confirmed_at",
    "privacy_version",
    "newsletter",
    "newsletter_requested_at",
    "newsletter_confirmed_at",
    "decided_at",
    "decided_by",
    "decision_message",
    "board_notes",
]


def export_columns(model, fields: list[str]) -> tuple[list[str], dict[str, str]]:
    """A viewset's list_export and export_headings from one list of fields: a field with
    choices exports its Dutch label (get_FOO_display) under the field's own heading."""
    columns, headings = [], {}
    for name in fields:
        field = model._meta.get_field(name)
        if field.choices:
            column = f"get_{name}_display"
            headings[column] = capfirst(field.verbose_name)
            columns.append(column)
        else:
            columns.append(name)
    return columns, headings


class ApplicationPermissionPolicy(FormOnlyPermissionPolicy):
    """Applications come in through the public form only: nobody adds one in the admin."""

    refused_actions = ("add",)


class ApplicationFilterSet(WagtailFilterSet):
    """The newsletter filter goes by the confirmation, not the box: anyone can tick it for
    someone else's address, so only a confirmed wish may end up on a mailing list."""

    newsletter = django_filters.ChoiceFilter(
        label="Nieuwsbrief",
        choices=[
            ("confirmed", "Bevestigd"),
            ("requested", "Aangevinkt, niet bevestigd"),
            ("no", "Niet aangevinkt"),
        ],
        method="filter_newsletter",
        empty_label="Alle",
    )

    class Meta:
        model = MembershipApplication
        fields = ["status", "sector", "newsletter", "membership_type"]

    def filter_newsletter(self, queryset, name, value):
        if value == "confirmed":
            return queryset.filter(newsletter=True, newsletter_confirmed_at__isnull=False)
        if value == "requested":
            return queryset.filter(newsletter=True, newsletter_confirmed_at__isnull=True)
        return queryset.filter(newsletter=False)


def can_see_applications(user) -> bool:
    """The board and superusers: whoever may view applications (see the Bestuur group)."""
    return user.has_perm("membership.view_membershipapplication")


def waiting_applications():
    """Applications whose address is confirmed and that wait for the board's decision."""
    return MembershipApplication.objects.filter(status=MembershipApplication.Status.CONFIRMED)


def waiting_applications_url() -> str:
    return (
        reverse("membership_applications:index")
        + "?status="
        + MembershipApplication.Status.CONFIRMED
    )


class WaitingApplicationsPanel(Component):
    """On the dashboard: how many applications wait for a decision, and the oldest of them."""

    name = "waiting_applications"
    template_name = "membership/admin/waiting_applications_panel.html"
    order = 60

    def get_context_data(self, parent_context):
        waiting = waiting_applications()
        return {
            "count": waiting.count(),
            "oldest": list(waiting.order_by("confirmed_at", "pk")[:5]),
            "index_url": waiting_applications_url(),
        }


class ApplicationIndexView(SpreadsheetSafeIndexView):
    """Titles link to the detail view; the exports neutralise formulas."""

    def get_edit_url(self, instance):
        return None

    def get_list_buttons(self, instance):
        return []


class ApplicationInspectView(generic.InspectView):
    """The detail view, with approve and reject at the top."""

    template_name = "membership/admin/inspect.html"

    def get_page_title(self):
        return "Aanmelding"

    @cached_property
    def header_buttons(self):
        if not self.user_has_permission("change"):
            return []
        buttons = []
        if self.object.can_be_approved:
            buttons.append(
                HeaderButton(
                    "Goedkeuren",
                    url=reverse("membership_applications:approve", args=(quote(self.object.pk),)),
                    icon_name="check",
                )
            )
        if self.object.can_be_rejected:
            buttons.append(
                HeaderButton(
                    "Afwijzen",
                    url=reverse("membership_applications:reject", args=(quote(self.object.pk),)),
                    icon_name="cross",
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        for button in buttons:
            if button.url == self.get_edit_url():
                button.label = "Notities bewerken"
        return buttons

    def get_decided_by_display_value(self):
        user = self.object.decided_by
        return (user.get_full_name() or user.get_username()) if user else "-"

    def get_field_display_value(self, field_name, field):
        """Times in Dutch local time, as the listing shows them; yes and no in Dutch; an
        empty value as a dash rather than "None"."""
        if isinstance(field, (models.DateTimeField, models.BooleanField)):
            value = getattr(self.object, field_name)
            if value is None:
                return "-"
            if isinstance(field, models.BooleanField):
                return "Ja" if value else "Nee"
            return date_format(timezone.localtime(value), "j F Y, H:i")
        value = super().get_field_display_value(field_name, field)
        return "-" if value is None else value


class ApplicationEditView(generic.EditView):
    """Only the board's notes can be edited; what the applicant sent stays as it was sent."""

    def get_page_title(self):
        return "Notities bewerken"


class DecisionForm(forms.Form):
    message = forms.CharField(
        label="Bericht aan de aanvrager",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Niet verplicht. Komt in de mail die de aanvrager krijgt.",
    )


class DecisionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """Approve or reject one application; the applicant gets a Dutch mail either way."""

    model = MembershipApplication
    permission_required = "change"
    form_class = DecisionForm
    template_name = "membership/admin/decision.html"
    header_icon = "group"
    decision = ""  # "approve" or "reject"

    @cached_property
    def object(self) -> MembershipApplication:
        # Looked up after the permission check, so others cannot probe which ids exist.
        return get_object_or_404(MembershipApplication, pk=self.kwargs["pk"])

    @property
    def approving(self) -> bool:
        return self.decision == "approve"

    def inspect_url(self) -> str:
        return reverse("membership_applications:inspect", args=(quote(self.object.pk),))

    def get(self, request, *args, **kwargs):
        if not self.allowed():
            return self.refuse()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        if not self.allowed():
            return self.refuse()
        return super().post(request, *args, **kwargs)

    def allowed(self) -> bool:
        return self.object.can_be_approved if self.approving else self.object.can_be_rejected

    def refuse(self):
        messages.error(
            self.request,
            f"Een aanmelding met status “{self.object.get_status_display()}” kan niet worden "
            + ("goedgekeurd." if self.approving else "afgewezen."),
        )
        return redirect(self.inspect_url())

    def get_page_title(self):
        return "Aanmelding goedkeuren" if self.approving else "Aanmelding afwijzen"

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("membership_applications:index"), "label": "Aanmeldingen"},
            {"url": self.inspect_url(), "label": str(self.object)},
            {"url": "", "label": self.get_page_title()},
        ]

    @property
    def mails_applicant(self) -> bool:
        """Only a confirmed address hears of the decision (see services._decide)."""
        return self.object.status == MembershipApplication.Status.CONFIRMED

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            approving=self.approving,
            mails_applicant=self.mails_applicant,
            cancel_url=self.inspect_url(),
        )
        return context

    def form_valid(self, form):
        mailed = self.mails_applicant
        service = (
            membership_application_approve if self.approving else membership_application_reject
        )
        try:
            service(
                application=self.object,
                user=self.request.user,
                message=form.cleaned_data["message"],
            )
        except DecisionNotAllowed:
            # Someone else decided first.
            del self.object
            return self.refuse()
        messages.success(
            self.request,
            f"Aanmelding van {self.object} "
            + ("goedgekeurd" if self.approving else "afgewezen")
            + ("; de aanvrager krijgt een mail." if mailed else "; er gaat geen mail uit."),
        )
        return redirect(self.inspect_url())
