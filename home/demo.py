"""Demo content built in code: the site, its home page, an about page and a draft privacy
statement; then what the other apps register (projects with the original project page word
for word, events, the membership page): see home/registry.py.

Idempotent: every page is looked up by its slug under its parent and only created when it is
missing, so a second run changes nothing and never overwrites what an editor changed.
"""

import html
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction

from wagtail.actions.delete_page import DeletePageAction
from wagtail.models import Page, PageLogEntry, Site
from wagtail.rich_text import RichText

from . import demo_images
from .models import HomePage, SiteSettings, StandardPage
from .registry import registry
from .sites import default_site, default_site_settings

WEBSITE = "www.leisurelablimburg.nl"


def paragraph_html(text: str) -> str:
    """A paragraph of plain text, with the foundation's web address as a real link."""
    escaped = html.escape(text, quote=False)
    link = f'<a href="https://{WEBSITE}">{WEBSITE}</a>'
    return f"<p>{escaped.replace(WEBSITE, link)}</p>"


def rich_paragraphs(texts: list[str]) -> list[tuple[str, RichText]]:
    return [("paragraph", RichText(paragraph_html(text))) for text in texts]


class DemoContentLoader:
    def __init__(self, stdout=None):
        self.stdout = stdout
        self.created: list[str] = []

    @property
    def examples_wanted(self) -> bool:
        """False once remove_demo_examples has run: a later run (`make run` loads the demo
        content every time) does not bring the examples back."""
        return not default_site_settings(SiteSettings).demo_examples_removed

    def log(self, message: str) -> None:
        self.created.append(message)
        if self.stdout is not None:
            self.stdout.write(f"  + {message}")

    @transaction.atomic
    def load(self) -> list[str]:
        self.home = self.home_page()
        privacy = self.privacy_page(self.home)
        self.site_settings(self.home, privacy)
        for _order, _name, loader in registry.demo_loaders:
            loader(self)
        about = self.about_page(self.home)  # last, so it comes last in the menu
        self.link_about_page(self.home, about)
        return self.created

    def image(self, *, title: str, description: str, filename: str, painter, **colours):
        """A picture drawn for the demo content (home/demo_images.py), made once; its
        description is its alt text."""
        Image = demo_images.get_image_model()  # noqa: N806 - a model class
        if not Image.objects.filter(title=title).exists():
            self.log(f"afbeelding “{title}”")
        return demo_images.demo_image(
            title=title, description=description, filename=filename, painter=painter, **colours
        )

    def home_image(self):
        return self.image(
            title="Heuvels van Zuid-Limburg",
            description="Getekende heuvels van Zuid-Limburg in warme roodbruine tinten, "
            "met een laagstaande zon",
            filename="leisure-lab-heuvels.png",
            painter=demo_images.hills,
        )

    def publish(self, parent: Page, page: Page) -> Page:
        parent.add_child(instance=page)
        page.save_revision().publish()
        self.log(f"pagina “{page.title}”")
        return page

    def child(self, parent: Page, slug: str):
        """The page at slug under parent, as its specific type, or None."""
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
                listing_image=self.home_image(),
            )
            self.publish(root, home)
        site = default_site()
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
            "Bewaartermijnen: een reactie die je niet binnen 7 dagen bevestigt, verwijderen we "
            "na die 7 dagen; het IP-adres bij een reactie verwijderen we na 30 dagen. "
            "Onbevestigde aanmeldingen als lid verwijderen we na 30 dagen, afgewezen "
            "aanmeldingen na 6 maanden. Aanmeldingen voor bijeenkomsten bewaren we tot een jaar "
            "na de bijeenkomst.",
            "Leden: wie lid is, staat in onze ledenadministratie met naam, e-mailadres, "
            "organisatie, sector, plaats, soort lidmaatschap en de datum waarop het "
            "lidmaatschap begon. Je logt in op Mijn Leisure Lab met een link die we je mailen; "
            "wanneer die link is gemaakt en gebruikt, bewaren we een dag. In de ledenlijst "
            "„Onze leden” sta je alleen als je dat zelf aanzet in Mijn Leisure Lab (standaard "
            "staat het uit); we bewaren wanneer je die toestemming gaf, en je zet het altijd "
            "weer uit. Eindigt je lidmaatschap, dan verdwijnt je vermelding meteen en "
            "verwijderen we je gegevens een jaar na het einde, tenzij de wet ons verplicht ze "
            "langer te bewaren (bijvoorbeeld voor de boekhouding).",
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
        site_settings.default_share_image = self.home_image()
        site_settings.save()
        self.log("site-instellingen")

    def link_about_page(self, home: HomePage, about: StandardPage) -> None:
        """The footer links to "Over ons". The board stays empty: the foundation fills in
        its own board members; the demo invents no names."""
        site_settings = SiteSettings.for_site(Site.objects.get(root_page=home))
        if site_settings.about_page_id is None:
            site_settings.about_page = about
            site_settings.save(update_fields=["about_page"])
            self.log("site-instellingen: Over ons-pagina")

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


def editor_change(page: Page) -> str:
    """Why `page` is no longer what a demo loader made, or "" if it is untouched.

    A loader adds a page and publishes it once, as nobody: one revision without a user, and no
    log entry by a user. Any edit, draft, autosave, move, rename, unpublish, lock or copy by
    an editor adds a revision or a log entry with that editor's name; a change from the shell
    adds a second revision. Pages below it would go with it, so they count as a change too."""
    revisions = page.revisions
    if revisions.count() != 1:
        return "edited: more than one revision"
    if revisions.filter(user__isnull=False).exists():
        return "edited by an editor"
    if PageLogEntry.objects.filter(page_id=page.pk, user__isnull=False).exists():
        return "an editor acted on it (moved, renamed, unpublished, locked, ...)"
    if not page.live or page.has_unpublished_changes:
        return "not live as the demo published it"
    if page.get_children().exists():
        return "it has pages below it"
    return ""


@dataclass
class ExampleRemoval:
    removed: list[str] = field(default_factory=list)
    kept: list[tuple[str, str]] = field(default_factory=list)


@transaction.atomic
def demo_examples_remove() -> ExampleRemoval:
    """Delete every example page the apps register (home.registry) that no editor changed,
    and stop the demo content from adding them again. Idempotent; the seed project and every
    page that is not a registered example stay."""
    result = ExampleRemoval()
    for _app, page, app_reason in registry.example_pages():
        reason = app_reason or editor_change(page)
        if reason:
            result.kept.append((page.title, reason))
            continue
        DeletePageAction(page).execute(skip_permission_checks=True)
        result.removed.append(page.title)
    site_settings = default_site_settings(SiteSettings)
    if site_settings.pk and not site_settings.demo_examples_removed:
        site_settings.demo_examples_removed = True
        site_settings.save(update_fields=["demo_examples_removed"])
    return result
