"""The "Aanmeldingen" part of the Wagtail admin, for the board only.

Access follows the model's permissions: the "Bestuur" group (made by a data migration) may
view, change and delete applications; an editor without those permissions sees no menu item
and gets 403 on every URL. Nobody can add an application in the admin.

A post of the signup form on the "Lid worden" page is taken here, before the page serves, by
views.signup_post: the page model renders the empty form and imports no view.
"""

from django.contrib.auth import get_permission_codename
from django.urls import path
from django.utils.functional import cached_property

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin_views import (
    APPLICATION_FIELDS,
    ApplicationEditView,
    ApplicationFilterSet,
    ApplicationIndexView,
    ApplicationInspectView,
    ApplicationPermissionPolicy,
    DecisionView,
    WaitingApplicationsPanel,
    can_see_applications,
    export_columns,
    waiting_applications,
)
from .member_admin import MemberViewSet
from .models import MembershipApplication, MembershipPage
from .services import ADMIN_VIEWSET_NAME
from .views import signup_post

register_permission_policy(
    MembershipApplication, ApplicationPermissionPolicy(MembershipApplication)
)


class ApplicationsMenuItem(MenuItem):
    """ "Aanmeldingen", with the number waiting for the board's decision when there are any."""

    def is_shown(self, request):
        return can_see_applications(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = waiting_applications().count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
            component.attrs = {
                **component.attrs,
                "aria-label": f"{self.label}: {waiting} wachten op besluit",
            }
        return component


class MembershipApplicationViewSet(ModelViewSet):
    model = MembershipApplication
    name = ADMIN_VIEWSET_NAME
    url_prefix = "aanmeldingen"
    icon = "group"
    menu_label = "Aanmeldingen"
    menu_order = 250
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    inspect_view_enabled = True

    index_view_class = ApplicationIndexView
    inspect_view_class = ApplicationInspectView
    edit_view_class = ApplicationEditView

    list_display = ["name", "organisation", "email", "status", "created_at", "confirmed_at"]
    filterset_class = ApplicationFilterSet
    search_fields = ["name", "organisation", "email"]
    search_backend_name = None  # plain database lookups: always current, no index to keep
    ordering = ["-created_at"]
    list_export, export_headings = export_columns(MembershipApplication, APPLICATION_FIELDS)
    export_filename = "aanmeldingen"
    inspect_view_fields = APPLICATION_FIELDS
    form_fields = ["board_notes"]

    @cached_property
    def menu_item_class(self):
        return ApplicationsMenuItem

    def get_permissions_to_register(self):
        add = get_permission_codename("add", self.model_opts)
        return super().get_permissions_to_register().exclude(codename=add)

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path(
                "approve/<id:pk>/",
                DecisionView.as_view(decision="approve"),
                name="approve",
            ),
            path(
                "reject/<id:pk>/",
                DecisionView.as_view(decision="reject"),
                name="reject",
            ),
        ]


@hooks.register("register_admin_viewset")
def register_membership_application_viewset():
    return MembershipApplicationViewSet()


@hooks.register("construct_homepage_panels")
def add_waiting_applications_panel(request, panels):
    if can_see_applications(request.user):
        panels.append(WaitingApplicationsPanel())


@hooks.register("register_admin_viewset")
def register_member_viewset():
    return MemberViewSet()


@hooks.register("register_log_actions")
def register_membership_log_actions(actions):
    actions.register_action(
        "membership.confirm", "Bevestigd door aanvrager", "Aanmelding bevestigd door aanvrager"
    )
    actions.register_action("membership.approve", "Goedgekeurd", "Aanmelding goedgekeurd")
    actions.register_action("membership.reject", "Afgewezen", "Aanmelding afgewezen")
    actions.register_action("membership.member_reactivate", "Weer lid", "Weer lid geworden")
    actions.register_action("membership.member_cancel", "Opgezegd", "Lidmaatschap opgezegd")
    actions.register_action("membership.member_end", "Beëindigd", "Lidmaatschap beëindigd")
    actions.register_action("membership.listing_hide", "Verborgen", "Vermelding verborgen")
    actions.register_action("membership.listing_show", "Getoond", "Vermelding weer getoond")


# Inside Wagtail's check of view restrictions (an on_serve_page hook of order 0), so that a
# protected page takes no post either. A post whose CSRF token was stale comes here too
# (home.formtokens.csrf_failure runs the page's serve view again, with token_stale set).
@hooks.register("on_serve_page", order=10)
def membership_signup_post(serve):
    """A post to the "Lid worden" page itself (not to its thank-you page) is a signup."""

    def inner(page, request, serve_args, serve_kwargs):
        route = getattr(request, "routable_resolver_match", None)
        if (
            request.method == "POST"
            and isinstance(page, MembershipPage)
            and route is not None
            and route.url_name == "index_route"
        ):
            return signup_post(request, page=page)
        return serve(page, request, serve_args, serve_kwargs)

    return inner
