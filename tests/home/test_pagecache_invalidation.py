"""The page cache is never stale: every change a page shows invalidates it after the commit,
for every server process. Each test warms the cache (and checks a second process is served
from it), makes one change, and asks again here and in a second process.

Transactional tests: the change really commits, and on_commit really runs."""

import datetime

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client, RequestFactory
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Page, Site

import pytest
import time_machine

from events import services as event_services
from events.models import EventPage, Registration
from home.models import HomePage, Person, SiteSettings, StandardPage
from projects import services as project_services
from projects.models import ProjectIndexPage, ProjectPage
from tests.events.factories import EventIndexPageFactory, EventPageFactory, days_from_now
from tests.factories import StandardPageFactory
from tests.projects.factories import ReactionFactory, build_site

from .pagecache_helpers import get, get_in_other_process, shared_cache  # noqa: F401

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("shared_cache"),
]


@pytest.fixture
def site():
    """A small site built with the factories: a project with two authors open to reactions
    (and the privacy statement), "Over ons" in the menu, the agenda with one event of 8
    seats whose registration closes the day before it starts."""
    build_site()
    home = HomePage.objects.get()
    StandardPageFactory(parent=home, title="Over ons", slug="over-ons", show_in_menus=True)
    agenda = EventIndexPageFactory(parent=home)
    EventPageFactory(
        parent=agenda,
        title="Themasessie duurzaam ondernemen",
        capacity=8,
        start=days_from_now(7, 19),
        registration_deadline=days_from_now(6, 12),
    )
    return Site.objects.get(is_default_site=True)


@pytest.fixture
def project(site) -> ProjectPage:
    return ProjectPage.objects.get()


@pytest.fixture
def open_event(site) -> EventPage:
    return EventPage.objects.get()


def warm(path: str) -> str:
    """Fill the cache here, and see a second process served from it."""
    status, html, _hit = get(path)
    assert status == 200
    assert get(path)[2] == "hit"
    other_status, other_html, other_hit = get_in_other_process(path)
    assert (other_status, other_hit) == (200, "hit")
    assert other_html == html
    return html


def seen_everywhere(path: str, text: str, *, status: int = 200) -> None:
    """The next anonymous GET shows `text`, here and in a second process."""
    for got_status, html, _hit in (get(path), get_in_other_process(path)):
        assert got_status == status
        assert text in html


def gone_everywhere(path: str, text: str) -> None:
    for _status, html, _hit in (get(path), get_in_other_process(path)):
        assert text not in html


def rendered_afresh(path: str) -> None:
    """The next GET, in a second process, is rendered again: the cached page was dropped."""
    assert get_in_other_process(path)[2] == "miss"


def moderator_request():
    user = get_user_model().objects.create_superuser("moderator", "mod@example.com", "x")
    request = RequestFactory().post("/admin/")
    request.user = user
    return request


def publish_changes(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


class PageChangeTests:
    def test_publish(self, project):
        warm(project.url)
        warm("/projecten/")
        publish_changes(project, title="Een nieuwe titel voor het verhaal")
        seen_everywhere(project.url, "Een nieuwe titel voor het verhaal")
        seen_everywhere("/projecten/", "Een nieuwe titel voor het verhaal")

    def test_unpublish(self, project):
        warm(project.url)
        project.unpublish()
        seen_everywhere(project.url, "", status=404)

    def test_delete(self, project):
        warm(project.url)
        warm("/projecten/")
        title = project.title
        project.delete()
        seen_everywhere(project.url, "", status=404)
        gone_everywhere("/projecten/", title)

    def test_move(self, site):
        about = StandardPage.objects.get(slug="over-ons")
        warm("/over-ons/")
        privacy = StandardPage.objects.get(slug="privacyverklaring")
        about.move(privacy, pos="last-child")
        # Wagtail leaves a redirect from the old address.
        seen_everywhere("/over-ons/", "", status=301)
        seen_everywhere("/privacyverklaring/over-ons/", about.title)

    def test_slug_change(self, project):
        old_url = project.url
        warm(old_url)
        publish_changes(project, slug="een-nieuw-adres")
        seen_everywhere(old_url, "", status=301)
        seen_everywhere("/projecten/een-nieuw-adres/", project.title)
        seen_everywhere("/projecten/", "/projecten/een-nieuw-adres/")

    def test_scheduled_publishing(self, project):
        warm(project.url)
        project.title = "Gepland gepubliceerd"
        revision = project.save_revision(approved_go_live_at=timezone.now())
        assert revision.approved_go_live_at is not None
        with time_machine.travel(timezone.now() + datetime.timedelta(minutes=1)):
            call_command("publish_scheduled")
        seen_everywhere(project.url, "Gepland gepubliceerd")

    def test_menu(self, site):
        about = StandardPage.objects.get(slug="over-ons")
        publish_changes(about, show_in_menus=False)
        html = warm("/")
        assert 'href="/over-ons/"' not in html.split("site-nav", 1)[1].split("</nav>")[0]
        publish_changes(about, show_in_menus=True, title="Wie we zijn")
        for _status, html, _hit in (get("/"), get_in_other_process("/")):
            assert 'href="/over-ons/">Wie we zijn' in html.split("</nav>")[0]


class ReactionTests:
    def test_approved(self, project):
        reaction = ReactionFactory(page=project, is_public=False, comment="Wacht op goedkeuring")
        html = warm(project.url)
        assert "Wacht op goedkeuring" not in html
        project_services.reaction_approve(reaction=reaction, request=moderator_request())
        seen_everywhere(project.url, "Wacht op goedkeuring")

    def test_rejected(self, project):
        reaction = ReactionFactory(page=project, comment="Dit gaat eraf")
        assert "Dit gaat eraf" in warm(project.url)
        project_services.reaction_reject(reaction=reaction, request=moderator_request())
        gone_everywhere(project.url, "Dit gaat eraf")

    def test_deleted(self, project):
        reaction = ReactionFactory(page=project, comment="Straks verwijderd")
        assert "Straks verwijderd" in warm(project.url)
        reaction.delete()
        gone_everywhere(project.url, "Straks verwijderd")


class RegistrationTests:
    def register(self, event, email):
        return event_services.registration_create(
            occurrence=event.occurrences.get(), name="Lezer", email=email
        )

    def test_made(self, open_event):
        assert "Nog 8 van de 8 plaatsen vrij" in warm(open_event.url)
        self.register(open_event, "een@example.com")
        seen_everywhere(open_event.url, "Nog 7 van de 8 plaatsen vrij")

    def test_cancelled(self, open_event):
        registration = self.register(open_event, "een@example.com")
        assert "Nog 7 van de 8 plaatsen vrij" in warm(open_event.url)
        event_services.registration_cancel(registration=registration)
        seen_everywhere(open_event.url, "Nog 8 van de 8 plaatsen vrij")

    def test_full_and_promoted_from_the_waitlist(self, open_event):
        seats = [self.register(open_event, f"lid{index}@example.com") for index in range(8)]
        waiting = self.register(open_event, "wacht@example.com")
        assert waiting.status == Registration.Status.WAITLIST
        assert "Alle plaatsen zijn bezet. Er is een wachtlijst." in warm(open_event.url)
        promoted = event_services.registration_cancel(registration=seats[0])
        assert [item.pk for item in promoted] == [waiting.pk]
        # The seat went to the waitlist: still full, and the page says so fresh.
        rendered_afresh(open_event.url)
        event_services.registration_cancel(registration=seats[1])
        seen_everywhere(open_event.url, "Nog 1 van de 8 plaatsen vrij")


class SharedContentTests:
    def test_site_settings_and_footer(self, site):
        warm("/")
        settings = SiteSettings.for_site(site)
        settings.address = "Markt 1\n6211 CK Maastricht"
        settings.save()
        seen_everywhere("/", "Markt 1<br>6211 CK Maastricht")

    def test_person(self, project):
        author = Person.objects.get(pk=project.authors.first().person_id)
        assert author.name in warm(project.url)
        author.name = "Een Andere Naam"
        author.save()
        seen_everywhere(project.url, "Een Andere Naam")

    def test_image(self, project):
        image = get_image_model().objects.create(title="Foto", file=get_test_image_file())
        publish_changes(project, hero_image=image)
        html = warm(project.url)
        image.file = get_test_image_file(filename="andere.png", size=(300, 200))
        image.save()
        rendered_afresh(project.url)
        assert get(project.url)[2] == "hit"
        assert html

    def test_redirect(self, project):
        warm("/projecten/")
        Redirect.objects.create(old_path="/oud-adres", redirect_page=project)
        rendered_afresh("/projecten/")
        assert get("/oud-adres/")[0] == 301


class TimeTests:
    def test_event_page_expires_when_registration_closes(self, open_event):
        occurrence = open_event.occurrences.get()
        assert "Zet me op de wachtlijst" not in warm(open_event.url)
        with time_machine.travel(occurrence.registration_closes + datetime.timedelta(seconds=1)):
            status, html, hit = get(open_event.url)
        assert hit == "miss"
        assert "Aanmelden voor deze datum is gesloten." in html

    def test_project_page_expires_when_reactions_close(self, project):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        publish_changes(project, reactions_close_date=tomorrow)
        assert "Laat een reactie achter" in warm(project.url)
        midnight = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time.min))
        with time_machine.travel(midnight + datetime.timedelta(seconds=1)):
            status, html, hit = get(project.url)
        assert hit == "miss"
        assert "Reageren op dit project is gesloten." in html

    def test_every_page_has_an_upper_bound_on_age(self, site, settings):
        for path in ("/", "/agenda/", ProjectIndexPage.objects.get().url, "/over-ons/"):
            response = Client().get(path)
            response_age = int(response["Cache-Control"].split("s-maxage=")[1])
            assert 0 < response_age <= settings.PAGE_CACHE_MAX_AGE
        with time_machine.travel(
            timezone.now() + datetime.timedelta(seconds=settings.PAGE_CACHE_MAX_AGE + 1)
        ):
            assert get("/")[2] == "miss"


def test_a_page_is_gone_from_the_cache_when_its_tree_changes(site):
    """Deleting a whole branch (the agenda with its events) drops every page in it."""
    warm("/agenda/")
    Page.objects.get(slug="agenda").delete()
    seen_everywhere("/agenda/", "", status=404)
