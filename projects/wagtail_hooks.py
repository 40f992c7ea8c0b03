"""The "Reacties" part of the Wagtail admin: a menu item with the number of reactions waiting,
a dashboard panel, and the moderation views (see admin_views.py)."""

from django.contrib.auth.models import Permission
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy

from .admin_views import (
    ReactionApproveView,
    ReactionBulkView,
    ReactionIndexView,
    ReactionPermissionPolicy,
    ReactionRejectView,
    WaitingReactionsPanel,
)
from .models import Reaction
from .moderation import MODERATE_PERMISSION, can_moderate
from .services import ADMIN_VIEWSET_NAME

register_permission_policy(Reaction, ReactionPermissionPolicy(Reaction))


class ReactionsMenuItem(MenuItem):
    """ "Reacties", with the number waiting for a moderator when there are any."""

    def is_shown(self, request):
        return can_moderate(request.user)

    def render_component(self, request):
        component = super().render_component(request)
        waiting = Reaction.objects.for_projects().waiting().count()
        if waiting:
            component.label = f"{self.label} ({waiting})"
            component.attrs = {**component.attrs, "aria-label": f"{self.label}: {waiting} wachten"}
        return component


class ReactionViewSet(ModelViewSet):
    model = Reaction
    name = ADMIN_VIEWSET_NAME
    url_prefix = "reacties"
    icon = "comment"
    menu_label = "Reacties"
    menu_order = 240
    add_to_admin_menu = True
    add_to_reference_index = False
    copy_view_enabled = False
    index_view_class = ReactionIndexView

    @cached_property
    def menu_item_class(self):
        return ReactionsMenuItem

    @cached_property
    def menu_url(self):
        return reverse(self.get_url_name("index")) + "?status=waiting"

    def get_permissions_to_register(self):
        app_label, codename = MODERATE_PERMISSION.split(".")
        return Permission.objects.filter(content_type__app_label=app_label, codename=codename)

    def register_admin_url_finder(self):
        # Reactions have no edit view for an admin URL finder to point to.
        pass

    def get_urlpatterns(self):
        # Only the listing and the moderation actions: no add, edit, delete or history views.
        return [
            path("", self.index_view, name="index"),
            path("results/", self.index_results_view, name="index_results"),
            path("<id:pk>/goedkeuren/", ReactionApproveView.as_view(), name="approve"),
            path("<id:pk>/afwijzen/", ReactionRejectView.as_view(), name="reject"),
            path("bulk/", ReactionBulkView.as_view(), name="bulk"),
        ]


@hooks.register("register_admin_viewset")
def register_reaction_viewset():
    return ReactionViewSet()


@hooks.register("construct_homepage_panels")
def add_waiting_reactions_panel(request, panels):
    if can_moderate(request.user):
        panels.append(WaitingReactionsPanel())


@hooks.register("insert_global_admin_css")
def reactions_admin_css():
    """The reaction list as cards on a phone (the list also loads through the filters)."""
    return format_html('<link rel="stylesheet" href="{}">', static("css/admin-reactions.css"))
