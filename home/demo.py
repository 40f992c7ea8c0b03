"""Demo content built in code: the site, its home page, the projects index with the original
project page word for word, an about page and a draft privacy statement.

Idempotent: every page is looked up by its slug under its parent and only created when it is
missing, so a second run changes nothing and never overwrites what an editor changed.
"""

import html
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from wagtail.models import Page, Site
from wagtail.rich_text import RichText

from .models import HomePage, Person, SiteSettings, StandardPage

SEED_FILE = Path(__file__).resolve().parent / "demo_content" / "van-fysiek-naar-online.txt"
WEBSITE = "www.leisurelablimburg.nl"
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


def paragraph_html(text: str) -> str:
    escaped = html.escape(text, quote=False)
    link = f'<a href="https://{WEBSITE}">{WEBSITE}</a>'
    return f"<p>{escaped.replace(WEBSITE, link)}</p>"


def rich_paragraphs(texts: list[str]) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText(paragraph_html(text))) for text in texts]


class DemoContentLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created: list[str] = []

    def log(self, message: str) -> None:
        self.created.append(message)
        if self.stdout is not None:
            self.stdout.write(f"  + {message}")

    @transaction.atomic
    def load(self) -> list[str]:
        home = self.home_page()
        privacy = self.privacy_page(home)
        self.site_settings(home, privacy)
        index = self.projects_index(home)
        self.seed_project(index)
        self.about_page(home)
        return self.created

    def publish(self, parent: Page, page: Page) -> Page:
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.log(f"pagina “{page.title}”")
        return page

    def child(self, parent: Page, slug: str):
        return parent.get_children().filter(slug=slug).specific().first()

    def home_page(self) -> HomePage:
        home = HomePage.objects.first()
        if home is None:
            root = Page.get_first_root_node()
            # Wagtail's migrations leave a "Welcome" page at the home slug; replace it.
            for welcome in root.get_children().filter(
                content_type__app_label="wagtailcore", content_type__model="page"
            ):
                if welcome.is_leaf():
                    welcome.delete()
            home = HomePage(
                title="Samen beter worden in de Limburgse leisure",
                slug="home",
                intro=(
                    "Leisure Lab Limburg is een kennisplatform van en voor (Zuid) Limburgse "
                    "ondernemers in de leisure: horeca, attracties, verblijf en evenementen. "
                    "We kijken in elkaars keuken, delen kennis en leren van elkaar, fysiek en "
                    "online."
                ),
            )
            self.publish(root, home)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None or site.root_page_id != home.pk:
            base = urlsplit(settings.WAGTAILADMIN_BASE_URL)
            site = site or Site(is_default_site=True)
            site.hostname = base.hostname or "localhost"
            site.port = base.port or (443 if base.scheme == "https" else 80)
            site.site_name = "Leisure Lab Limburg"
            site.root_page = home
            site.save()
            self.log(f"site {site.hostname}:{site.port}")
        return home

    def privacy_page(self, home: HomePage) -> StandardPage:
        page = self.child(home, "privacyverklaring")
        if page is not None:
            return page
        texts = [
            "Stichting Leisure Lab Limburg gaat zorgvuldig om met je persoonsgegevens. In deze "
            "verklaring leggen we uit welke gegevens we verwerken, waarom, en hoe lang we ze "
            "bewaren.",
            "Wanneer je een reactie plaatst, je aanmeldt voor een bijeenkomst of lid wordt, "
            "bewaren we je naam, je e-mailadres en wat je ons schrijft. Je e-mailadres tonen we "
            "nooit op de site. We delen je gegevens niet met derden en de site laadt niets van "
            "andere websites.",
            "Bewaartermijnen: het IP-adres bij een reactie verwijderen we na 30 dagen. "
            "Onbevestigde aanmeldingen als lid verwijderen we na 30 dagen, afgewezen "
            "aanmeldingen na 6 maanden.",
            "Je kunt ons altijd vragen welke gegevens we van je hebben, en vragen die te "
            "verwijderen. Neem daarvoor contact op via het e-mailadres onderaan de pagina.",
        ]
        return self.publish(
            home,
            StandardPage(
                title="Privacyverklaring",
                slug="privacyverklaring",
                intro="Hoe we omgaan met je persoonsgegevens.",
                is_draft_text=True,
                body=[("heading", "Welke gegevens en waarom"), *rich_paragraphs(texts)],
            ),
        )

    def site_settings(self, home: HomePage, privacy: StandardPage) -> None:
        site = Site.objects.get(root_page=home)
        site_settings = SiteSettings.for_site(site)
        if site_settings.pk and (site_settings.contact_email or site_settings.privacy_page_id):
            return
        site_settings.contact_email = "info@leisurelablimburg.nl"
        site_settings.privacy_page = privacy
        site_settings.save()
        self.log("site-instellingen")

    def projects_index(self, home: HomePage):
        from projects.models import ProjectIndexPage

        page = self.child(home, "projecten")
        if page is not None:
            return page
        return self.publish(
            home,
            ProjectIndexPage(
                title="Projecten",
                slug="projecten",
                show_in_menus=True,
                intro="Verhalen van leden: wat ze deden, wat ze leerden en wat ze delen.",
            ),
        )

    def seed_project(self, index):
        from projects.models import ProjectPage, ProjectPageAuthor

        seed = read_seed()
        slug = "van-fysiek-naar-online-in-elkaars-keuken-kijken"
        page = self.child(index, slug)
        if page is not None:
            return page
        authors = []
        for name in seed["authors"]:
            person, created = Person.objects.get_or_create(
                name=name, defaults={"organisation": seed["organisation"]}
            )
            if created:
                self.log(f"persoon {name}")
            authors.append(person)
        page = ProjectPage(
            title=seed["title"],
            slug=slug,
            intro=(
                "Hoe het wekelijkse online contactmoment ondernemers door de coronacrisis hielp."
            ),
            organisation=seed["organisation"],
            website=f"https://{WEBSITE}",
            body=rich_paragraphs(split_paragraphs(seed["body"])),
        )
        page.authors = [
            ProjectPageAuthor(person=person, sort_order=order)
            for order, person in enumerate(authors)
        ]
        return self.publish(index, page)

    def about_page(self, home: HomePage) -> StandardPage:
        page = self.child(home, "over-ons")
        if page is not None:
            return page
        texts = [
            "Stichting Leisure Lab Limburg is een kennisplatform van en voor (Zuid) Limburgse "
            "ondernemers in de leisure: horeca, attracties, verblijf en evenementen.",
            "Onze leden ontmoeten elkaar het hele jaar door. Ze kijken in elkaars keuken, zijn "
            "kritisch naar elkaar, bespreken samen thema’s en delen kennis. Daarnaast volgen ze "
            "workshops, themasessies en trainingen.",
            "Tijdens de coronacrisis startte de stichting een wekelijks online contactmoment, "
            "ook open voor niet-leden. Zo’n twintig ondernemers schoven elke week aan. Die "
            "gemeenschap dragen we verder, offline én online.",
        ]
        return self.publish(
            home,
            StandardPage(
                title="Over ons",
                slug="over-ons",
                show_in_menus=True,
                intro="Een kennisplatform van en voor Limburgse ondernemers in de leisure.",
                body=rich_paragraphs(texts),
            ),
        )
