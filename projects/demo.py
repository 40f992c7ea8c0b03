"""The projects part of the demo content: the "Projecten" index and the original project page
"Van fysiek naar online in elkaars keuken kijken", word for word, from demo_content/."""

from pathlib import Path

from home import demo_images
from home.demo import WEBSITE, DemoContentLoader, rich_paragraphs
from home.models import Person

from .models import ProjectIndexPage, ProjectPage, ProjectPageAuthor

SEED_FILE = Path(__file__).resolve().parent / "demo_content" / "van-fysiek-naar-online.txt"
SEED_SLUG = "van-fysiek-naar-online-in-elkaars-keuken-kijken"
# The seed body is one long paragraph; it is split before these sentences, nothing reworded.
PARAGRAPH_STARTS = [
    "Uitgerekend de voorbije maanden",
    "Vanuit de gedachte",
    "We vonden het prachtig",
    "Interesse om ook aan te sluiten?",
    "Tot gauw!",
]


def read_seed() -> dict:
    lines = SEED_FILE.read_text(encoding="utf-8").splitlines()
    return {
        "title": lines[0].strip(),
        "authors": [name.strip() for name in lines[2].split("&")],
        "organisation": lines[4].strip(),
        "body": lines[6].strip(),
    }


def split_paragraphs(body: str) -> list[str]:
    paragraphs = []
    rest = body
    for start in PARAGRAPH_STARTS:
        before, found, after = rest.partition(" " + start)
        if not found:
            continue
        paragraphs.append(before.strip())
        rest = start + after
    paragraphs.append(rest.strip())
    return paragraphs


def load_demo_projects(demo: DemoContentLoader) -> None:
    index = projects_index(demo)
    seed_project(demo, index)


def projects_index(demo: DemoContentLoader) -> ProjectIndexPage:
    page = demo.child(demo.home, "projecten")
    if page is not None:
        return page
    return demo.publish(
        demo.home,
        ProjectIndexPage(
            title="Projecten",
            slug="projecten",
            show_in_menus=True,
            intro="Verhalen van leden: wat ze deden, wat ze leerden en wat ze delen.",
        ),
    )


def seed_project(demo: DemoContentLoader, index: ProjectIndexPage) -> ProjectPage:
    seed = read_seed()
    slug = SEED_SLUG
    page = demo.child(index, slug)
    if page is not None:
        return page
    authors = []
    for name in seed["authors"]:
        person, created = Person.objects.get_or_create(
            name=name, defaults={"organisation": seed["organisation"]}
        )
        if created:
            demo.log(f"persoon {name}")
        authors.append(person)
    page = ProjectPage(
        title=seed["title"],
        slug=slug,
        # Nothing is added to the original text: the description for search engines and
        # social media is its first sentence.
        search_description=seed["body"].split(". ")[0] + ".",
        organisation=seed["organisation"],
        website=f"https://{WEBSITE}",
        body=rich_paragraphs(split_paragraphs(seed["body"])),
        hero_image=demo.image(
            title="In elkaars keuken",
            description="Tekening van een pan en een dampende kookpot op het fornuis, in "
            "warme roodbruine tinten",
            filename="in-elkaars-keuken.png",
            painter=demo_images.kitchen,
        ),
    )
    page.authors = [
        ProjectPageAuthor(person=person, sort_order=order) for order, person in enumerate(authors)
    ]
    return demo.publish(index, page)
