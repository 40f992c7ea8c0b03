"""Home's pieces of the Wagtail admin: the Person snippet, whose chooser can create a person
so an editor adds a new author without leaving the page."""

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.chooser import SnippetChooserViewSet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Person


class PersonChooserViewSet(SnippetChooserViewSet):
    form_fields = ["name", "role", "organisation", "email"]
    create_action_label = "Persoon toevoegen"
    creation_tab_label = "Nieuwe persoon"


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    chooser_viewset_class = PersonChooserViewSet
    list_display = ["name", "role", "organisation"]
    search_fields = ["name", "organisation"]


register_snippet(PersonViewSet)
