"""SQL queries per public page, and that they do not grow with the content.

The page budgets `make bench` used to count (it now measures only speed and weight): each page
makes a fixed number of queries once the menu, footer and settings caches are warm, however
many projects, reactions or events there are. A new query on a page shows up here first;
raise a budget only with a reason in the commit message."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from events.models import Repeat
from tests.events.factories import EventIndexPageFactory, EventPageFactory, days_from_now
from tests.factories import (
    PersonFactory,
    ProjectIndexPageFactory,
    ProjectPageFactory,
    add_author,
    site_settings,
)
from tests.membership.factories import MembershipPageFactory
from tests.projects.factories import ReactionFactory

HOME = 7
PROJECT_INDEX = 8
PROJECT_PAGE = 7
AGENDA = 6
AGENDA_ARCHIVE = 6
SEARCH = 4


def steady_queries(client, path: str) -> tuple[int, list[str]]:
    """The queries of the second request: the first fills the caches, as any visitor does."""
    assert client.get(path).status_code == 200, path
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200, path
    return len(queries), [query["sql"] for query in queries]


def add_projects(index, count: int) -> list:
    """Projects as editors make them: an author or two and two sector tags each."""
    people = PersonFactory.create_batch(3)
    projects = []
    for number in range(count):
        project = ProjectPageFactory(parent=index)
        for order, person in enumerate(people[: 1 + number % 2]):
            add_author(project, person, order)
        project.tags.add(f"sector-{number % 4}", f"regio-{number % 3}")
        projects.append(project)
    return projects


def add_events(agenda, count: int) -> None:
    """Events of every kind: a quarter of them past (for the archive), some with seats taken,
    and from ten on a weekly series."""
    existing = agenda.get_children().count()
    for number in range(existing, existing + count):
        past = number % 4 == 0
        series = number == 10
        EventPageFactory(
            parent=agenda,
            start=days_from_now(-3 * number - 1 if past else number + 1),
            capacity=3 if number % 3 == 0 else None,
            repeat=Repeat.WEEKLY if series else Repeat.NONE,
            repeat_until=(timezone.localdate() + datetime.timedelta(weeks=20) if series else None),
        )


@pytest.fixture
def site(home):
    """The site as visitors see it: projects, an agenda, the membership page on the home page."""
    index = ProjectIndexPageFactory(parent=home)
    agenda = EventIndexPageFactory(parent=home)
    home.membership_page = MembershipPageFactory(parent=home)
    home.save()
    site_settings(contact_email="info@example.com")
    return home, index, agenda


@pytest.mark.django_db
class QueryBudgetTests:
    def test_home_page(self, client, site):
        home, index, agenda = site
        add_projects(index, 3)
        add_events(agenda, 3)
        count, sql = steady_queries(client, "/")
        assert count <= HOME, sql

    def test_project_index_with_3_and_30_projects(self, client, site):
        _home, index, _agenda = site
        add_projects(index, 3)
        few, sql = steady_queries(client, "/projecten/")
        assert few <= PROJECT_INDEX, sql
        add_projects(index, 27)
        many, sql = steady_queries(client, "/projecten/")
        assert many == few, sql

    def test_project_page_with_0_50_and_500_reactions(self, client, site):
        _home, index, _agenda = site
        (project,) = add_projects(index, 1)
        counts, created = [], 0
        for total in (0, 50, 500):
            ReactionFactory.create_batch(total - created, page=project)
            created = total
            count, sql = steady_queries(client, project.url)
            counts.append((total, count))
            assert count <= PROJECT_PAGE, (total, sql)
        assert len({count for _total, count in counts}) == 1, counts

    def test_agenda_and_archive_with_10_and_200_events(self, client, site):
        _home, _index, agenda = site
        add_events(agenda, 10)
        few = {path: steady_queries(client, path)[0] for path in ("/agenda/", "/agenda/eerder/")}
        assert few["/agenda/"] <= AGENDA
        assert few["/agenda/eerder/"] <= AGENDA_ARCHIVE
        add_events(agenda, 190)
        many = {path: steady_queries(client, path)[0] for path in ("/agenda/", "/agenda/eerder/")}
        assert many == few

    def test_search(self, client, site):
        _home, index, _agenda = site
        add_projects(index, 30)
        count, sql = steady_queries(client, "/zoeken/?q=project")
        assert count <= SEARCH, sql
        assert "30 resultaten voor" in client.get("/zoeken/?q=project").content.decode()
