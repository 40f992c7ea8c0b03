"""What the bench measures: scenarios, each a setup function plus named pages, and the budgets.

Adding a scenario (say "project with 500 reactions" or "agenda with 200 events"):

1. Write a setup function that brings the throwaway database into the wanted state and returns a
   one-line description of it. It runs inside Django (in a subprocess, see bench/queries.py), so
   import models inside the function. Make it idempotent: scenarios run in the order of
   SCENARIOS against one database and build on each other's content.
2. Append a Scenario to SCENARIOS with its pages (name -> path). SQL queries are counted for
   every page; list in `load` the pages to hit with wrk and in `weight` the pages to weigh.
   Keep `load` short: each page costs warm-up + duration seconds of wrk.
3. Add budgets below if the scenario needs its own (e.g. a query count that must not grow with
   the number of reactions).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

# Budgets; bench/run.py exits non-zero when one is broken.
MAX_QUERIES_PER_PAGE = 10
# (page, from scenario, to scenario): the page's steady-state query count must not grow.
QUERY_GROWTH_CHECKS = [("index", "3 projects", "30 projects")]
# page -> maximum bytes of HTML + same-origin CSS + JS, each gzipped (-6) as sent over the wire.
MAX_GZIP_BYTES = {"project": 30_000}

SEED_PROJECT_SLUG = "van-fysiek-naar-online-in-elkaars-keuken-kijken"
PAGES = {
    "home": "/",
    "index": "/projecten/",
    "project": f"/projecten/{SEED_PROJECT_SLUG}/",
    "search": "/zoeken/?q=keuken",
}

BENCH_PEOPLE = [
    ("Anouk Hermans", "Hotel De Kroon"),
    ("Bram Lemmens", "Brouwerij Het Dal"),
    ("Chantal Vroemen", "Camping Geuldal"),
    ("Daan Ortmans", "Escape Room Maastricht"),
    ("Eva Schreurs", "Evenementenbureau Zuid"),
]
BENCH_TAGS = ["horeca", "verblijf", "attracties", "evenementen", "recreatie"]


def ensure_projects(count: int) -> str:
    """Add live projects under the index until there are `count`, each like the demo's first
    project: a copy of its story, one or two authors and two sector tags."""
    from django.utils import timezone

    from home.models import Person
    from projects.models import ProjectIndexPage, ProjectPage, ProjectPageAuthor

    index = ProjectIndexPage.objects.get()
    live = ProjectPage.objects.child_of(index).live()
    existing = live.count()
    model = live.order_by("pk").first()
    body = [{"type": block["type"], "value": block["value"]} for block in model.body.raw_data]
    people = [
        Person.objects.get_or_create(name=name, defaults={"organisation": organisation})[0]
        for name, organisation in BENCH_PEOPLE
    ]
    today = timezone.localdate()
    for number in range(existing + 1, count + 1):
        person = people[number % len(people)]
        page = ProjectPage(
            title=f"Benchproject {number}: in elkaars keuken bij {person.organisation}",
            slug=f"benchproject-{number}",
            intro=f"Wat {person.name} deed, wat het opleverde en wat andere leden ervan leren.",
            organisation=person.organisation,
            website=f"https://example.org/project-{number}",
            date=today - timedelta(days=7 * number),
            body=body,
        )
        authors = [person] if number % 2 else [person, people[(number + 1) % len(people)]]
        page.authors = [
            ProjectPageAuthor(person=author, sort_order=order)
            for order, author in enumerate(authors)
        ]
        page.tags.add(*(BENCH_TAGS[(number + step) % len(BENCH_TAGS)] for step in (0, 2)))
        index.add_child(instance=page)
        page.save_revision().publish()
    return f"{live.count()} live projects on the index ({existing} before setup)"


@dataclass(frozen=True)
class Scenario:
    name: str
    setup: Callable[[], str]
    pages: dict[str, str]
    load: tuple[str, ...] = field(default=())
    weight: tuple[str, ...] = field(default=())


SCENARIOS = [
    Scenario("3 projects", partial(ensure_projects, 3), PAGES),
    Scenario(
        "30 projects",
        partial(ensure_projects, 30),
        PAGES,
        load=("home", "index", "project"),
        weight=("home", "index", "project"),
    ),
]


def get_scenario(name: str) -> Scenario:
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise KeyError(f"no scenario named {name!r}")
