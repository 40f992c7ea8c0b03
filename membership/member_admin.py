"""The board's "Leden" in the Wagtail admin: the list with filters, search and exports, the
detail view, adding a member by hand (founding members who never applied online), ending a
membership, and hiding a directory listing with a reason that is mailed.

Access follows the model's permissions: the "Bestuur" group (migration 0007) and superusers."""

from django import forms
from django.contrib.admin.utils import quote
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.permissions import PermissionCheckedMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton

from home.admin_views import SpreadsheetSafeIndexView

from .admin_views import export_columns
from .member_services import (
    MEMBER_ADMIN_VIEWSET_NAME,
    member_end,
    member_listing_hide,
    member_listing_show,
    member_welcome_send,
)
from .models import Member

# Everything the board sees of a member, in one order: the detail view and the export.
MEMBER_FIELDS = [
    "name",
    "email",
    "organisation",
    "sector",
    "municipality",
    "membership_type",
    "member_since",
    "status",
    "ended_on",
    "end_note",
    "keep_legal_record",
    "application",
    "newsletter",
    "newsletter_changed_at",
    "listed",
    "listed_at",
    "website",
    "listing_text",
    "listing_hidden_at",
    "listing_hidden_reason",
    "created_at",
]
# What the board types when adding a member by hand or correcting one.
FORM_FIELDS = [
    "name",
    "email",
    "organisation",
    "sector",
    "municipality",
    "membership_type",
    "member_since",
    "keep_legal_record",
]


class MemberFilterSet(WagtailFilterSet):
    class Meta:
        model = Member
        fields = ["status", "sector", "membership_type"]


class MemberIndexView(SpreadsheetSafeIndexView):
    """Names link to the detail view; the exports neutralise formulas."""

    def get_edit_url(self, instance):
        return None


class MemberInspectView(generic.InspectView):
    """The detail view, with "end membership" and the listing's hide/show at the top."""

    @cached_property
    def header_buttons(self):
        if not self.user_has_permission("change"):
            return []
        buttons = []
        if self.object.is_active:
            buttons.append(
                HeaderButton(
                    "Lidmaatschap beëindigen",
                    url=reverse(f"{MEMBER_ADMIN_VIEWSET_NAME}:end", args=(quote(self.object.pk),)),
                    icon_name="cross",
                )
            )
        if self.object.listed and self.object.listing_hidden_at is None:
            buttons.append(
                HeaderButton(
                    "Vermelding verbergen",
                    url=reverse(f"{MEMBER_ADMIN_VIEWSET_NAME}:hide", args=(quote(self.object.pk),)),
                    icon_name="view",
                )
            )
        if self.object.listing_hidden_at is not None:
            buttons.append(
                HeaderButton(
                    "Vermelding weer tonen",
                    url=reverse(f"{MEMBER_ADMIN_VIEWSET_NAME}:show", args=(quote(self.object.pk),)),
                    icon_name="view",
                )
            )
        return buttons


class MemberCreateView(generic.CreateView):
    """A member added by hand is active at once and gets the welcome mail."""

    def save_instance(self):
        instance = super().save_instance()
        member_welcome_send(member=instance)
        return instance

    def get_success_message(self, instance):
        return f"{instance} is toegevoegd als lid en krijgt een welkomstmail."


class EndForm(forms.Form):
    ended_on = forms.DateField(
        label="Einddatum",
        initial=timezone.localdate,
        error_messages={"required": "Vul de einddatum in.", "invalid": "Vul een geldige datum in."},
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    note = forms.CharField(
        label="Notitie",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Alleen zichtbaar voor het bestuur.",
    )


class HideForm(forms.Form):
    reason = forms.CharField(
        label="Reden",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Het lid krijgt deze reden per mail.",
        error_messages={"required": "Vul de reden in; het lid krijgt die per mail."},
    )


class ShowForm(forms.Form):
    pass


class MemberActionView(PermissionCheckedMixin, WagtailAdminTemplateMixin, FormView):
    """One action on one member, asked with a small form."""

    model = Member
    permission_required = "change"
    template_name = "membership/admin/member_action.html"
    header_icon = "user"
    action = ""  # "end", "hide" or "show"
    titles = {
        "end": "Lidmaatschap beëindigen",
        "hide": "Vermelding verbergen",
        "show": "Vermelding weer tonen",
    }
    form_classes = {"end": EndForm, "hide": HideForm, "show": ShowForm}

    @cached_property
    def object(self) -> Member:
        return get_object_or_404(Member, pk=self.kwargs["pk"])

    def get_form_class(self):
        return self.form_classes[self.action]

    def inspect_url(self) -> str:
        return reverse(f"{MEMBER_ADMIN_VIEWSET_NAME}:inspect", args=(quote(self.object.pk),))

    def get_page_title(self):
        return self.titles[self.action]

    def get_page_subtitle(self):
        return str(self.object)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(object=self.object, action=self.action, cancel_url=self.inspect_url())
        return context

    def form_valid(self, form):
        user = self.request.user
        if self.action == "end":
            member_end(
                member=self.object,
                ended_on=form.cleaned_data["ended_on"],
                note=form.cleaned_data["note"],
                user=user,
            )
            messages.success(self.request, f"Het lidmaatschap van {self.object} is beëindigd.")
        elif self.action == "hide":
            member_listing_hide(member=self.object, reason=form.cleaned_data["reason"], user=user)
            messages.success(
                self.request,
                f"De vermelding van {self.object} is verborgen; het lid krijgt een mail.",
            )
        else:
            member_listing_show(member=self.object, user=user)
            messages.success(self.request, f"De vermelding van {self.object} is weer zichtbaar.")
        return redirect(self.inspect_url())


class MemberViewSet(ModelViewSet):
    model = Member
    name = MEMBER_ADMIN_VIEWSET_NAME
    url_prefix = "leden"
    icon = "user"
    menu_label = "Leden"
    menu_order = 251
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True

    index_view_class = MemberIndexView
    inspect_view_class = MemberInspectView
    add_view_class = MemberCreateView

    list_display = ["name", "organisation", "email", "status", "member_since"]
    filterset_class = MemberFilterSet
    search_fields = ["name", "organisation", "email"]
    search_backend_name = None
    ordering = ["name"]
    list_export, export_headings = export_columns(Member, MEMBER_FIELDS)
    export_filename = "leden"
    inspect_view_fields = MEMBER_FIELDS
    form_fields = FORM_FIELDS

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("end/<int:pk>/", MemberActionView.as_view(action="end"), name="end"),
            path("hide/<int:pk>/", MemberActionView.as_view(action="hide"), name="hide"),
            path("show/<int:pk>/", MemberActionView.as_view(action="show"), name="show"),
        ]
