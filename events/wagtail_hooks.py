"""The admin side of events: registrations and waitlists per event and date ("Deelnemers"),
exported as CSV or XLSX, and a button from each event page to its registrations.

Access follows the model's permissions (view, change on Registration), which only the
"Evenementen" group and the board ("Bestuur") have (migration 0004); nobody adds or deletes a
registration here: they come in through the site and leave by being cancelled or erased.

A post of the registration form on an event page is taken here, before the page serves, by
the registration view: the page model renders and imports no view."""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.http import urlencode

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button
from wagtail.permissions import register_permission_policy

from .admin_views import (
    EXPORT_FIELDS,
    REGISTRATION_FIELDS,
    RegistrationCancelView,
    RegistrationFilterSet,
    RegistrationIndexView,
    RegistrationPermissionPolicy,
    RegistrationSummaryView,
    list_display,
)
from .models import EventPage, Registration
from .views import event_registration

register_permission_policy(Registration, RegistrationPermissionPolicy(Registration))


class RegistrationViewSet(ModelViewSet):
    model = Registration
    name = "event_registrations"
    url_prefix = "deelnemers"
    icon = "group"
    # Not "Aanmeldingen": that is the board's menu item for membership applications.
    menu_label = "Deelnemers bijeenkomsten"
    menu_order = 260
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True
    index_view_class = RegistrationIndexView

    list_display = list_display()
    filterset_class = RegistrationFilterSet
    search_fields = ["name", "email", "organisation"]
    search_backend_name = None  # plain database lookups: always current
    list_export = EXPORT_FIELDS
    export_headings = {name: REGISTRATION_FIELDS[name].heading for name in EXPORT_FIELDS}
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
            path("overzicht/", RegistrationSummaryView.as_view(), name="summary"),
        ]


@hooks.register("register_admin_viewset")
def register_registration_viewset():
    return RegistrationViewSet()


def registrations_url(page) -> str:
    return reverse("event_registrations:index") + "?" + urlencode({"event": page.pk})


def event_registrations_button(page, user, *args, **kwargs):
    """ "Deelnemers" on an event page's header and in the page listing, for who may see them."""
    if issubclass(page.specific_class or type(page), EventPage) and user.has_perm(
        "events.view_registration"
    ):
        yield Button("Deelnemers", url=registrations_url(page), icon_name="group", priority=90)


hooks.register("register_page_header_buttons", event_registrations_button)
hooks.register("register_page_listing_more_buttons", event_registrations_button)


# Inside Wagtail's check of view restrictions (an on_serve_page hook of order 0), so that a
# protected page takes no post either.
@hooks.register("on_serve_page", order=10)
def event_registration_post(serve):
    """A post to an event page, or to one date of a series, is a registration."""

    def inner(page, request, serve_args, serve_kwargs):
        if request.method == "POST" and isinstance(page, EventPage):
            # RoutablePageMixin.route() hands on (view, args, kwargs); kwargs holds the day.
            route_kwargs = serve_args[2] if len(serve_args) == 3 else {}
            return event_registration(request, page=page, day=route_kwargs.get("day"))
        return serve(page, request, serve_args, serve_kwargs)

    return inner


@hooks.register("insert_global_admin_css")
def registrations_admin_css():
    """Names in the registration list break between words, addresses anywhere."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-registrations.css"))
