"""Moderating reactions in the Wagtail admin: the list (filter by status and project, newest
first), approving, rejecting with an optional reason, both in bulk, and the dashboard panel.

Who may do this is decided by one permission, projects.moderate_reactions ("Mag reacties
modereren"): the Moderators group has it (migration 0003); grant it to other groups under
Settings → Groups. Nobody adds or edits a reaction in the admin."""

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import FormView

from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.utils import get_valid_next_url_from_request
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.permission_policies.base import BasePermissionPolicy

import django_filters

from home.converters import valid_id

from . import services
from .models import ProjectPage, Reaction
from .moderation import MODERATE_PERMISSION, can_moderate

MODERATOR_ACTIONS = {"view", "moderate"}
STATUS_CHOICES = [
    ("waiting", "Wacht op goedkeuring"),
    ("approved", "Goedgekeurd"),
    ("rejected", "Afgewezen"),
    ("suspicious", "Verdacht"),
]


class ReactionPermissionPolicy(BasePermissionPolicy):
    """Moderators may view and moderate reactions; nobody adds, edits or deletes them here."""

    def user_has_permission(self, user, action):
        return action in MODERATOR_ACTIONS and can_moderate(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if not set(actions) & MODERATOR_ACTIONS:
            return users.none()
        app_label, codename = MODERATE_PERMISSION.split(".")
        permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        return users.filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=permission)
            | Q(groups__permissions__in=permission)
        ).distinct()

    def users_with_permission(self, action):
        return self.users_with_any_permission([action])

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        return self.user_has_any_permission(user, actions)

    def instances_user_has_any_permission_for(self, user, actions):
        if self.user_has_any_permission(user, actions):
            return Reaction.objects.for_projects().confirmed()
        return Reaction.objects.none()

    def instances_user_has_permission_for(self, user, action):
        return self.instances_user_has_any_permission_for(user, [action])


def filter_by_status(queryset, status: str):
    if status == "waiting":
        return queryset.waiting()
    if status == "approved":
        return queryset.approved()
    if status == "rejected":
        return queryset.rejected()
    if status == "suspicious":
        return queryset.filter(review__suspicious=True)
    return queryset


class ProjectChoiceField(django_filters.fields.ModelChoiceField):
    def to_python(self, value):
        if value not in self.empty_values and valid_id(value) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class ProjectFilter(django_filters.ModelChoiceFilter):
    """A project by id; a number too long to be one is an invalid choice, not a 500."""

    field_class = ProjectChoiceField


class ReactionFilterSet(WagtailFilterSet):
    status = django_filters.ChoiceFilter(
        label="Status", choices=STATUS_CHOICES, method="filter_status", empty_label="Alle"
    )
    project = ProjectFilter(
        label="Project",
        queryset=ProjectPage.objects.order_by("title"),
        method="filter_project",
        empty_label="Alle projecten",
    )

    class Meta:
        model = Reaction
        fields = []

    def filter_status(self, queryset, name, value):
        return filter_by_status(queryset, value)

    def filter_project(self, queryset, name, value):
        return queryset.filter(object_pk=str(value.pk)) if value else queryset


class SelectColumn(Column):
    cell_template_name = "projects/admin/select_cell.html"


class ProjectColumn(Column):
    cell_template_name = "projects/admin/project_cell.html"


class TextColumn(Column):
    cell_template_name = "projects/admin/text_cell.html"


class StatusColumn(Column):
    cell_template_name = "projects/admin/status_cell.html"


class ReactionIndexView(generic.IndexView):
    """Every reaction on a project, newest first, with approve and reject per row and in bulk."""

    results_template_name = "projects/admin/reaction_index_results.html"
    default_ordering = "-submit_date"
    paginate_by = 50
    page_title = "Reacties"
    # static/css/admin-reactions.css lays each row out as a card on a phone.
    table_classname = "listing reactions-table"
    filterset_class = ReactionFilterSet
    any_permission_required = ["view"]

    def get_base_queryset(self):
        return Reaction.objects.for_projects().confirmed().select_related("review")

    @cached_property
    def columns(self):
        return [
            SelectColumn("select", label="Kies", accessor="pk", width="4%"),
            ProjectColumn("project", label="Project", accessor="object_pk"),
            Column("user_name", label="Naam"),
            Column("user_email", label="E-mailadres"),
            TextColumn("comment", label="Reactie", width="35%"),
            DateColumn("submit_date", label="Datum", sort_key="submit_date"),
            StatusColumn("status", label="Status", accessor="status_label"),
        ]

    def get_edit_url(self, instance):
        return None

    def get_list_buttons(self, instance):
        return []

    def get_context_data(self, *args, **kwargs):
        context = super().get_context_data(*args, **kwargs)
        rows = list(context["object_list"])
        ids = {int(row.object_pk) for row in rows if row.object_pk.isdigit()}
        projects = ProjectPage.objects.in_bulk(ids)
        for row in rows:
            row.project = projects.get(int(row.object_pk)) if row.object_pk.isdigit() else None
        context["bulk_form_id"] = "reactions-bulk"
        context["bulk_url"] = reverse(f"{services.ADMIN_VIEWSET_NAME}:bulk")
        context["reason_max_length"] = 1000
        return context


class ModeratorRequiredMixin:
    def dispatch(self, request, *args, **kwargs):
        if not can_moderate(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def next_url(self):
        return get_valid_next_url_from_request(self.request) or reverse(
            f"{services.ADMIN_VIEWSET_NAME}:index"
        )


PARENT_FIRST = "Keur eerst de reactie goed waarop het antwoordt."


class ReactionApproveView(ModeratorRequiredMixin, View):
    http_method_names = ["post"]

    def post(self, request, pk):
        reaction = get_object_or_404(Reaction.objects.for_projects().confirmed(), pk=pk)
        try:
            approved = services.reaction_approve(reaction=reaction, request=request)
        except services.ParentNotOnline:
            messages.error(
                request,
                f"Het antwoord van {reaction.user_name} kan pas online als de reactie waarop "
                f"het antwoordt online staat. {PARENT_FIRST}",
            )
            return redirect(self.next_url())
        if approved:
            messages.success(request, f"De reactie van {reaction.user_name} staat online.")
        else:
            messages.warning(request, f"De reactie van {reaction.user_name} stond al online.")
        return redirect(self.next_url())


class RejectForm(forms.Form):
    reason = forms.CharField(
        label="Reden (niet verplicht)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Alleen voor moderatoren; de schrijver krijgt geen bericht.",
    )


class ReactionRejectView(ModeratorRequiredMixin, WagtailAdminTemplateMixin, FormView):
    template_name = "projects/admin/reaction_reject.html"
    form_class = RejectForm
    page_title = "Reactie afwijzen"
    header_icon = "comment"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.reaction = get_object_or_404(
            Reaction.objects.for_projects().confirmed(), pk=kwargs["pk"]
        )

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("wagtailadmin_home"), "label": "Dashboard"},
            {"url": reverse(f"{services.ADMIN_VIEWSET_NAME}:index"), "label": "Reacties"},
            {"url": "", "label": "Afwijzen"},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            reaction=self.reaction,
            project=services.project_of(self.reaction),
            next=self.next_url(),
        )
        return context

    def form_valid(self, form):
        reason = form.cleaned_data["reason"]
        if services.reaction_reject(reaction=self.reaction, request=self.request, reason=reason):
            name = self.reaction.user_name
            messages.success(self.request, f"De reactie van {name} is afgewezen.")
        else:
            messages.warning(self.request, "Die reactie was al afgewezen.")
        return redirect(self.next_url())


class ReactionBulkView(ModeratorRequiredMixin, View):
    """Approve or reject the ticked reactions at once."""

    http_method_names = ["post"]

    def post(self, request):
        action = request.POST.get("action")
        ids = [pk for pk in map(valid_id, request.POST.getlist("ids")) if pk]
        reactions = list(
            Reaction.objects.for_projects().confirmed().filter(pk__in=ids).order_by("pk")
        )
        if action not in ("approve", "reject") or not reactions:
            messages.warning(request, "Kies eerst een of meer reacties en wat ermee moet.")
            return redirect(self.next_url())
        changed = 0
        if action == "approve":
            # By id: a reaction before the replies to it, which may go online after it.
            waiting_replies = 0
            for reaction in reactions:
                try:
                    changed += services.reaction_approve(reaction=reaction, request=request)
                except services.ParentNotOnline:
                    waiting_replies += 1
            messages.success(request, f"{changed} reactie(s) goedgekeurd.")
            if waiting_replies:
                messages.warning(
                    request,
                    f"{waiting_replies} antwoord(en) wachten nog: de reactie waarop het "
                    f"antwoordt staat niet online. {PARENT_FIRST}",
                )
        else:
            reason = request.POST.get("reason", "")[:1000]
            for reaction in reactions:
                changed += services.reaction_reject(
                    reaction=reaction, request=request, reason=reason
                )
            messages.success(request, f"{changed} reactie(s) afgewezen.")
        return redirect(self.next_url())


class WaitingReactionsPanel(Component):
    """On the dashboard: how many reactions wait, and the newest of them."""

    name = "waiting_reactions"
    template_name = "projects/admin/waiting_reactions_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        waiting = Reaction.objects.for_projects().waiting().select_related("review")
        latest = list(waiting.order_by("-submit_date")[:5])
        projects = ProjectPage.objects.in_bulk(
            {int(reaction.object_pk) for reaction in latest if reaction.object_pk.isdigit()}
        )
        for reaction in latest:
            reaction.project = projects.get(int(reaction.object_pk))
        return {
            "count": waiting.count(),
            "latest": latest,
            "index_url": reverse(f"{services.ADMIN_VIEWSET_NAME}:index") + "?status=waiting",
        }
