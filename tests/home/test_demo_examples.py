"""manage.py remove_demo_examples: before launch, the example pages the demo content made go;
the seed project, real pages and any example an editor changed stay, and `make run` (which
loads the demo content every time) does not bring the examples back."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Page

import pytest

from events.demo import EXAMPLE_WORKSHOP_SLUG
from events.models import EventIndexPage, EventPage
from home.demo import editor_change
from home.models import SiteSettings
from projects.demo import SEED_SLUG
from tests.events.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    RegistrationFactory,
)
from tests.factories import StandardPageFactory


def remove() -> str:
    out = StringIO()
    call_command("remove_demo_examples", stdout=out)
    return out.getvalue()


def load_demo() -> None:
    call_command("load_demo_content", stdout=StringIO())


def example(index: EventIndexPage, **fields) -> EventPage:
    """An example event published once, as nobody, the way a demo loader makes one."""
    page = EventPageFactory(parent=index, is_example=True, **fields)
    page.save_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def agenda(home):
    return EventIndexPageFactory(parent=home)


@pytest.fixture
def editor(db):
    return get_user_model().objects.create_superuser("redacteur", "r@example.com", "pw")


@pytest.mark.django_db
class RemoveDemoExamplesTests:
    def test_removes_the_demo_example_and_keeps_everything_else(self, client):
        load_demo()
        assert EventPage.objects.filter(slug=EXAMPLE_WORKSHOP_SLUG).exists()
        examples = set(EventPage.objects.filter(is_example=True).values_list("pk", flat=True))
        assert len(examples) == 2  # the workshop and the open theme session
        others = set(Page.objects.exclude(pk__in=examples).values_list("pk", "title"))
        output = remove()
        assert "removed “Voorbeeld: workshop gastvrijheid”" in output
        assert "removed “Voorbeeld: themasessie duurzaam ondernemen”" in output
        assert not EventPage.objects.filter(slug=EXAMPLE_WORKSHOP_SLUG).exists()
        assert set(Page.objects.values_list("pk", "title")) == others
        assert Page.objects.filter(slug=SEED_SLUG, live=True).exists()
        assert client.get("/agenda/").status_code == 200
        assert "Voorbeeld: workshop" not in client.get("/agenda/").content.decode()
        assert client.get(f"/agenda/{EXAMPLE_WORKSHOP_SLUG}/").status_code == 404

    def test_idempotent_and_the_demo_does_not_bring_it_back(self):
        load_demo()
        remove()
        before = sorted(Page.objects.values_list("pk", "title", "live", "latest_revision_id"))
        assert "nothing to remove" in remove()
        load_demo()
        assert "nothing to remove" in remove()
        after = sorted(Page.objects.values_list("pk", "title", "live", "latest_revision_id"))
        assert after == before
        assert SiteSettings.objects.get().demo_examples_removed

    def test_before_removal_the_demo_still_makes_the_example(self):
        load_demo()
        EventPage.objects.get(slug=EXAMPLE_WORKSHOP_SLUG).delete()
        load_demo()  # an editor deleting it by hand is not "removed for launch"
        assert EventPage.objects.filter(slug=EXAMPLE_WORKSHOP_SLUG).exists()

    def test_never_deletes_an_example_an_editor_edited(self, agenda, editor):
        edited = example(agenda, title="Voorbeeld")
        edited.title = "Onze echte workshop"
        edited.save_revision(user=editor).publish(user=editor)
        draft = example(agenda, title="Met concept")
        draft.intro = "Nog niet gepubliceerd."
        draft.save_revision(user=editor)
        untouched = example(agenda, title="Onaangeroerd")
        real = EventPageFactory(parent=agenda, title="Echte bijeenkomst")
        output = remove()
        remaining = set(EventPage.objects.values_list("pk", flat=True))
        assert remaining == {edited.pk, draft.pk, real.pk}
        assert "kept “Onze echte workshop”" in output
        assert "removed “Onaangeroerd”" in output
        assert untouched.pk not in remaining

    def test_never_deletes_an_example_an_editor_moved_or_unpublished(self, agenda, editor):
        unpublished = example(agenda, title="Offline gehaald")
        unpublished.unpublish(user=editor)
        renamed = example(agenda, title="Hernoemd")
        renamed.move(agenda, pos="first-child", user=editor)
        shell = example(agenda, title="Via de shell")
        shell.save_revision().publish()  # a second revision, even without a user
        remove()
        remaining = set(EventPage.objects.values_list("pk", flat=True))
        assert {unpublished.pk, renamed.pk, shell.pk} <= remaining

    def test_keeps_an_example_people_registered_for(self, agenda):
        page = example(agenda, title="Met aanmeldingen")
        RegistrationFactory(occurrence=page.occurrences.get(), name="Iemand Echt")
        output = remove()
        assert EventPage.objects.filter(pk=page.pk).exists()
        assert "kept “Met aanmeldingen”: people registered for it" in output

    def test_pages_that_are_not_examples_stay_even_untouched(self, home, agenda):
        about = StandardPageFactory(parent=home, title="Over ons")
        about.save_revision().publish()
        real = EventPageFactory(parent=agenda, title="Echt")
        real.save_revision().publish()
        remove()
        assert Page.objects.filter(pk__in=[about.pk, real.pk]).count() == 2


@pytest.mark.django_db
class EditorChangeTests:
    def test_a_loader_page_is_untouched(self, agenda):
        assert editor_change(example(agenda)) == ""

    def test_a_page_without_any_revision_counts_as_changed(self, agenda):
        page = EventPageFactory(parent=agenda, is_example=True)
        assert editor_change(page) != ""

    def test_a_locked_page_counts_as_changed(self, agenda, editor):
        page = example(agenda)
        page.locked, page.locked_by = True, editor
        page.save()
        from wagtail.log_actions import log

        log(instance=page, action="wagtail.lock", user=editor)
        assert editor_change(page) != ""
