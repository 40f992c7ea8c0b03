"""A panel in the event page editor with the number of registrations per coming date.

Editors and moderators see how an event fills without seeing who registered: the people
themselves are in "Deelnemers", for the "Evenementen" group and the board only."""

from django.db.models import Count, Q
from django.urls import reverse

from wagtail.admin.panels import Panel

from .formatting import format_when
from .models.registrations import Registration

DATES_COUNTED = 10


def registration_counts(page) -> list[dict]:
    """Per coming date (at most DATES_COUNTED): seats taken, waiting, and seats left (None
    without a capacity). Numbers only, never names or addresses."""
    if page is None or page.pk is None:
        return []
    occurrences = page.occurrences.upcoming().annotate(
        confirmed=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.CONFIRMED)
        ),
        waiting=Count(
            "registrations", filter=Q(registrations__status=Registration.Status.WAITLIST)
        ),
    )[:DATES_COUNTED]
    return [
        {
            "when": format_when(occurrence.start, occurrence.end),
            "cancelled": occurrence.cancelled or page.is_cancelled,
            "confirmed": occurrence.confirmed,
            "waiting": occurrence.waiting,
            "left": None if page.capacity is None else max(0, page.capacity - occurrence.confirmed),
        }
        for occurrence in occurrences
    ]


class RegistrationCountsPanel(Panel):
    """Read-only: the numbers of registration_counts for the page being edited."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "events/admin/registration_counts_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["dates"] = registration_counts(self.instance)
            # The summary and the names behind it, for who may see registrants only.
            if self.instance.pk and self.request.user.has_perm("events.view_registration"):
                context["summary_url"] = (
                    reverse("event_registrations:summary") + f"?event={self.instance.pk}"
                )
            return context
