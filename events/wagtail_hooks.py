"""The admin side of events: registrations and waitlists per event and date ("Deelnemers"),
exported as CSV or XLSX, and a button from each event page to its registrations.

Access follows the model's permissions (view, change on Registration); nobody adds or deletes
a registration here: they come in through the site and leave by being cancelled or erased."""

from django.urls import path, reverse
from django.utils.http import urlencode

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from .admin_views import (
    RegistrationCancelView,
    RegistrationFilterSet,
    RegistrationIndexView,
    RegistrationPermissionPolicy,
)
from .models import EventPage, Registration

register_permission_policy(Registration, RegistrationPermissionPolicy(Registration))


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "event_registrations"
    url_prefix = "deelnemers"
    icon = "group"
    menu_label = "Deelnemers"
    menu_order = 260
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = RegistrationIndexView

    list_display = [
        "name",
        "event_title",
        "date_text",
        "status_text",
        "waitlist_position",
        "organisation",
        "member_text",
        "email",
        "created_text",
    ]
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None  # plain database lookups: always current
    list_export = [
        "event_title",
        "date_text",
        "status_text",
        "waitlist_position",
        "name",
        "email",
        "organisation",
        "member_text",
        "created_text",
    ]
    export_headings = {
        "event_title": "Bijeenkomst",
        "date_text": "Datum",
        "status_text": "Status",
        "waitlist_position": "Plek op wachtlijst",
        "name": "Naam",
        "email": "E-mailadres",
        "organisation": "Organisatie",
        "member_text": "Lid",
        "created_text": "Aangemeld op",
    }
    export_filename = "deelnemers"
    form_fields = ["name", "organisation", "is_member"]
    inspect_view_fields = [
        "name",
        "email",
        "organisation",
        "is_member",
        "occurrence",
        "status",
        "created_at",
        "promoted_at",
        "cancelled_at",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("afmelden/<id:pk>/", RegistrationCancelView.as_view(), name="cancel"),
        ]


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet()


def registrations_url(page) -> str:
    return reverse("event_registrations:index") + "?" + urlencode({"event": page.pk})


@hooks.register("register_page_header_buttons")
def event_registrations_header_button(page, user, view_name=None, next_url=None):
    if issubclass(page.specific_class or type(page), EventPage) and user.has_perm(
        "events.view_registration"
    ):
        yield Button(
            "Deelnemers",
            url=registrations_url(page),
            icon_name="group",
            priority=90,
        )


@hooks.register("register_page_listing_more_buttons")
def event_registrations_listing_button(page, user, next_url=None):
    if issubclass(page.specific_class or type(page), EventPage) and user.has_perm(
        "events.view_registration"
    ):
        yield Button(
            "Deelnemers",
            url=registrations_url(page),
            icon_name="group",
            priority=90,
        )
