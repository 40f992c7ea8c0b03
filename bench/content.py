"""The bench's content, built with the tests' factories in the throwaway database (bench/run.py
runs `python -m bench.content` with the bench's settings). Prints the pages to measure as JSON.

30 projects with the seed story as their text, one or two authors and two tags; three of them
with 0, 50 and 500 approved reactions; an agenda of 200 events (a quarter past, some with
seats taken, one full, a weekly series); the membership page; an about and a privacy page."""

import json
import sys
from datetime import timedelta

PROJECTS = 30
REACTIONS = (0, 50, 500)
EVENTS = 200


def build() -> dict[str, str]:
    from django.utils import timezone

    from events.models import Repeat
    from home.demo import rich_paragraphs
    from projects.demo import read_seed, split_paragraphs
    from tests.events.factories import (
        EventIndexPageFactory,
        EventPageFactory,
        RegistrationFactory,
        days_from_now,
    )
    from tests.factories import (
        PersonFactory,
        ProjectIndexPageFactory,
        ProjectPageFactory,
        StandardPageFactory,
        add_author,
        home_site,
        site_settings,
    )
    from tests.membership.factories import MembershipPageFactory
    from tests.projects.factories import ReactionFactory

    home = home_site(title="Samen beter worden in de Limburgse leisure", intro="Kennisplatform.")
    privacy = StandardPageFactory(parent=home, title="Privacyverklaring", slug="privacyverklaring")
    StandardPageFactory(parent=home, title="Over ons", slug="over-ons", show_in_menus=True)
    site_settings(contact_email="info@example.org", privacy_page=privacy)
    home.membership_page = MembershipPageFactory(parent=home)
    home.save()

    seed = read_seed()
    body = [("heading", "Wat we deden"), *rich_paragraphs(split_paragraphs(seed["body"]))]
    people = PersonFactory.create_batch(5)
    index = ProjectIndexPageFactory(parent=home)
    projects = []
    for number in range(PROJECTS):
        project = ProjectPageFactory(
            parent=index,
            title=f"Project {number}: in elkaars keuken kijken",
            website=f"https://example.org/project-{number}",
            body=body,
        )
        for order in range(1 + number % 2):
            add_author(project, people[(number + order) % len(people)], order)
        project.tags.add(f"sector-{number % 5}", f"regio-{number % 3}")
        projects.append(project)
    for project, count in zip(projects, REACTIONS, strict=False):
        ReactionFactory.create_batch(count, page=project)

    agenda = EventIndexPageFactory(parent=home)
    today = timezone.localdate()
    for number in range(EVENTS):
        past, series = number % 4 == 0, number == 10
        event = EventPageFactory(
            parent=agenda,
            start=days_from_now(-3 * number - 1 if past else number + 1),
            capacity=3 if number % 3 == 0 else None,
            repeat=Repeat.WEEKLY if series else Repeat.NONE,
            repeat_until=today + timedelta(weeks=20) if series else None,
        )
        if event.capacity and not past:
            occurrence = event.occurrences.first()
            RegistrationFactory.create_batch(1 + number % 2 * 2, occurrence=occurrence)
    return {
        "home": "/",
        "index": "/projecten/",
        **{f"project, {count} reactions": projects[i].url for i, count in enumerate(REACTIONS)},
        "agenda": "/agenda/",
        "event": event.url,
        "search": "/zoeken/?q=keuken",
        "membership": home.membership_page.url,
    }


if __name__ == "__main__":
    import django

    django.setup()
    json.dump(build(), sys.stdout)
