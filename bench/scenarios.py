"""What the bench measures: scenarios, each a setup function plus named pages, and the budgets.

Adding a scenario (say "project with 500 reactions" or "agenda with 200 events"):

1. Write a setup function that brings the throwaway database into the wanted state and returns a
   one-line description of it. It runs inside Django (in a subprocess, see bench/queries.py), so
   import models inside the function. Make it idempotent: scenarios run in the order of
   SCENARIOS against one database and build on each other's content.
2. Append a Scenario to SCENARIOS with its pages (name -> path). SQL queries are counted for
   every page; list in `load` the pages to hit with wrk and in `weight` the pages to weigh.
   Keep `load` short: each page costs warm-up + duration seconds of wrk. `max_queries` is the
   scenario's own query budget when it differs from MAX_QUERIES_PER_PAGE.
3. Add budgets below if the scenario needs its own: QUERY_GROWTH_CHECKS (a count that must not
   grow) or QUERY_SAME_CHECKS (a count that must be the same in every listed scenario, e.g.
   whatever the number of reactions).

Form posts (a reaction, a membership signup, 200 parallel signups on PostgreSQL) are not page
scenarios: bench/posts.py measures them, with the settings in POSTS below.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

# Budgets; bench/run.py exits non-zero when one is broken.
MAX_QUERIES_PER_PAGE = 10
# A project page with its reactions section (issue 3) may make up to 12.
MAX_QUERIES_PROJECT_WITH_REACTIONS = 12
# (page, from scenario, to scenario): the page's steady-state query count must not grow.
QUERY_GROWTH_CHECKS = [("index", "3 projects", "30 projects")]
REACTION_SCENARIOS = ("0 reactions", "50 reactions", "500 reactions")
EVENT_SCENARIOS = ("10 events", "200 events")
# (page, scenarios): the page's steady-state query count must be the same in all of them.
QUERY_SAME_CHECKS = [
    ("project", REACTION_SCENARIOS),
    ("agenda", EVENT_SCENARIOS),
    ("archive", EVENT_SCENARIOS),
]
# page -> maximum bytes of HTML + same-origin CSS + JS, each gzipped (-6) as sent over the wire.
MAX_GZIP_BYTES = {"project": 30_000}

SEED_PROJECT_SLUG = "van-fysiek-naar-online-in-elkaars-keuken-kijken"
PAGES = {
    "home": "/",
    "index": "/projecten/",
    "project": f"/projecten/{SEED_PROJECT_SLUG}/",
    "search": "/zoeken/?q=keuken",
}
AGENDA_PAGES = {"agenda": "/agenda/", "archive": "/agenda/eerder/"}

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


REACTION_WORDS = (
    "Mooi om te lezen hoe jullie dit hebben aangepakt. Wij merkten hetzelfde bij onze gasten: "
    "online blijven ze betrokken, maar ze missen de geur van de keuken."
)


def ensure_reactions(count: int) -> str:
    """Bring the seed project to `count` approved reactions, oldest first, about one in five a
    reply to an earlier reaction; every seventh has a web address (shown as a link). Stored as
    moderation stores them (Reaction.save, so the site's save signals run); none waits."""
    from django.contrib.contenttypes.models import ContentType
    from django.contrib.sites.models import Site as DjangoSite
    from django.db import transaction
    from django.utils import timezone

    from projects.models import ProjectPage, Reaction

    page = ProjectPage.objects.get(slug=SEED_PROJECT_SLUG)
    approved = Reaction.objects.for_page(page).approved()
    existing = approved.count()
    site = DjangoSite.objects.get_current()
    content_type = ContentType.objects.get_for_model(ProjectPage)
    started = timezone.now() - timedelta(days=count + 1)
    with transaction.atomic():
        roots = list(approved.filter(level=0).values_list("pk", flat=True))
        for number in range(existing + 1, count + 1):
            parent = roots[number % len(roots)] if roots and number % 5 == 0 else None
            text = f"{REACTION_WORDS} (reactie {number})"
            if number % 7 == 0:
                text += " Meer op https://example.org/keuken-" + str(number)
            reaction = Reaction(
                content_type=content_type,
                object_pk=str(page.pk),
                site=site,
                user_name=f"{BENCH_PEOPLE[number % len(BENCH_PEOPLE)][0]} {number}",
                user_email=f"lezer{number}@example.org",
                comment=text,
                submit_date=started + timedelta(days=number),
                is_public=True,
                is_removed=False,
                followup=False,
            )
            if parent is not None:
                reaction.parent_id = parent
            reaction.save()
            if parent is None:
                roots.append(reaction.pk)
    replies = approved.filter(level__gt=0).count()
    return (
        f"the seed project with {approved.count()} approved reactions ({replies} of them "
        f"replies; {existing} before setup)"
    )


def ensure_events(count: int) -> str:
    """Bring the agenda to `count` live event pages: the demo's weekly online contact moment
    (a series) and example workshop, then events of every type, physical, online or both,
    a quarter of them past (for the archive), some with a capacity and seats taken (one full),
    and, from 100 events on, a second series (a training every other week for a year).

    Pages are added live and their dates synced as publishing does (events.services), without
    a revision each: publishing 200 pages would take most of the bench's time."""
    from django.db import transaction
    from django.utils import timezone

    from events.models import (
        AttendanceMode,
        EventIndexPage,
        EventPage,
        EventType,
        Occurrence,
        Registration,
        Repeat,
    )
    from events.services import occurrences_sync

    index = EventIndexPage.objects.get()
    events = EventPage.objects.child_of(index).live()
    existing = events.count()
    types = list(EventType)
    modes = list(AttendanceMode)
    now = timezone.localtime()
    with transaction.atomic():
        for number in range(existing + 1, count + 1):
            mode = modes[number % len(modes)]
            past = number % 4 == 0
            days = -3 * number if past else number
            start = (now + timedelta(days=days)).replace(hour=19, minute=0, second=0, microsecond=0)
            series = number == 100
            page = EventPage(
                title=f"Benchbijeenkomst {number}: {types[number % len(types)].label.lower()}",
                slug=f"benchbijeenkomst-{number}",
                intro="Een bijeenkomst van de bench: leden laten elkaar hun keuken zien.",
                event_type=EventType.TRAINING if series else types[number % len(types)],
                start=start,
                end=start + timedelta(hours=2),
                repeat=Repeat.WEEKLY if series else Repeat.NONE,
                repeat_interval=2,
                repeat_until=(start + timedelta(days=365)).date() if series else None,
                attendance_mode=mode,
                venue_name="" if mode == AttendanceMode.ONLINE else "Hotel De Kroon",
                street_address="" if mode == AttendanceMode.ONLINE else "Markt 1",
                postal_code="" if mode == AttendanceMode.ONLINE else "6211 AA",
                city="" if mode == AttendanceMode.ONLINE else "Maastricht",
                online_meeting_url=""
                if mode == AttendanceMode.OFFLINE
                else "https://vergaderen.example.nl/bench",
                open_to_non_members=number % 3 != 0,
                capacity=3 if number % 3 == 0 else None,
                is_free=True,
            )
            index.add_child(instance=page)
            occurrences_sync(event=page)
            if page.capacity and not past:
                occurrence = Occurrence.objects.filter(event=page).first()
                for seat in range(1 if number % 2 else page.capacity):
                    Registration.objects.create(
                        occurrence=occurrence,
                        name=f"Deelnemer {number}-{seat}",
                        email=f"deelnemer{number}-{seat}@example.org",
                    )
    occurrences = Occurrence.objects.filter(event__in=events.values("pk"))
    series = events.exclude(repeat=Repeat.NONE).count()
    return (
        f"{events.count()} live events on the agenda ({series} of them series), "
        f"{occurrences.count()} dates, {occurrences.filter(end__gt=now).count()} upcoming "
        f"({existing} events before setup)"
    )


@dataclass(frozen=True)
class Scenario:
    name: str
    setup: Callable[[], str]
    pages: dict[str, str]
    load: tuple[str, ...] = field(default=())
    weight: tuple[str, ...] = field(default=())
    max_queries: int = MAX_QUERIES_PER_PAGE


PROJECT_PAGE = {"project": PAGES["project"]}

SCENARIOS = [
    Scenario("3 projects", partial(ensure_projects, 3), PAGES),
    Scenario(
        "30 projects",
        partial(ensure_projects, 30),
        PAGES,
        load=("home", "index", "project"),
        weight=("home", "index", "project"),
    ),
    *(
        Scenario(
            name,
            partial(ensure_reactions, int(name.split()[0])),
            PROJECT_PAGE,
            load=("project",),
            max_queries=MAX_QUERIES_PROJECT_WITH_REACTIONS,
        )
        for name in REACTION_SCENARIOS
    ),
    *(
        Scenario(name, partial(ensure_events, int(name.split()[0])), AGENDA_PAGES, load=("agenda",))
        for name in EVENT_SCENARIOS
    ),
]


@dataclass(frozen=True)
class FormPost:
    """A public form as a visitor sends it: GET `page` (cookies kept), read the form whose
    action is `action`, fill in `fields(visitor)`, POST it, and expect a 302 to `expect`."""

    name: str
    page: str
    action: str
    fields: Callable[[str], dict[str, str]]
    expect: str


def reaction_fields(visitor: str) -> dict[str, str]:
    return {
        "name": f"Bezoeker {visitor}",
        "email": f"{visitor}@example.org",
        "comment": f"{REACTION_WORDS} ({visitor})",
    }


def signup_fields(visitor: str) -> dict[str, str]:
    return {"name": f"Aanmelder {visitor}", "email": f"{visitor}@example.org"}


MEMBERSHIP_PAGE = "/lid-worden/"
POSTS = {
    "reaction": FormPost(
        "reaction",
        page=PAGES["project"],
        action="/reacties/plaatsen/",
        fields=reaction_fields,
        expect=PAGES["project"] + "?reactie=bevestig",
    ),
    "signup": FormPost(
        "signup",
        page=MEMBERSHIP_PAGE,
        action=MEMBERSHIP_PAGE,
        fields=signup_fields,
        expect=MEMBERSHIP_PAGE + "bedankt/",
    ),
}
# Posts timed one after the other against gunicorn (median and max are reported).
TIMED_POSTS = 7
# Parallel membership signups against PostgreSQL: exactly this many applications, no error.
PARALLEL_SIGNUPS = 200
PARALLEL_WORKERS = 4  # gunicorn workers for that part


def get_scenario(name: str) -> Scenario:
    for scenario in SCENARIOS:
        if scenario.name == name:
            return scenario
    raise KeyError(f"no scenario named {name!r}")
