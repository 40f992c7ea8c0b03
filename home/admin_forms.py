"""The admin form of every page type built on BasePage."""

from django.urls import reverse
from django.utils.html import format_html

from wagtail.admin.forms import WagtailAdminPageForm


class BasePageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if "slug" in self.errors and self.parent_page is not None:
            self.explain_abandoned_draft(self.data.get("slug", ""))
        return cleaned_data

    def explain_abandoned_draft(self, slug: str) -> None:
        """Wagtail's autosave stores a new page as a draft as soon as an editor types: one who
        left and starts the same page again finds its slug taken by a page they never saw.
        Say so, and link to that draft, instead of only "the slug is already in use"."""
        sibling = (
            self.parent_page.get_children()
            .filter(slug=slug, first_published_at__isnull=True)
            .exclude(pk=self.instance.pk)
            .first()
        )
        if sibling is None:
            return
        self.errors["slug"] = self.error_class(
            [
                format_html(
                    "Er is al een concept met de slug “{}”: “{}”, nog nooit gepubliceerd "
                    "(misschien automatisch bewaard toen je deze pagina eerder begon). "
                    '<a href="{}">Ga verder met dat concept</a>, verwijder het, of kies '
                    "een andere slug.",
                    slug,
                    sibling.title,
                    reverse("wagtailadmin_pages:edit", args=[sibling.pk]),
                )
            ]
        )
