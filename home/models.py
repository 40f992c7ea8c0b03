"""Pages, snippets and settings that every part of the site shares."""

import re
from dataclasses import dataclass

from django.core.validators import RegexValidator, URLValidator
from django.db import models
from django.http import Http404

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, PageViewRestriction
from wagtail.search import index

from modelcluster.fields import ParentalKey

from .admin_forms import BasePageForm
from .blocks import BodyBlock
from .caching import view_restrictions_exist
from .registry import registry

http_url_validator = URLValidator(schemes=["http", "https"])
kvk_number_validator = RegexValidator(
    r"^[0-9]{8}$", "Een KvK-nummer bestaat uit 8 cijfers, zonder spaties of punten."
)
# "Naam – functie": an en dash, an em dash or a hyphen with spaces around it.
BOARD_LINE_SEPARATOR = re.compile(r"\s*[–—]\s*|\s+-\s+")


@dataclass(frozen=True)
class BoardMember:
    name: str
    role: str


def parse_board(text: str) -> list[BoardMember]:
    """One board member per non-empty line, "Naam – functie"; a line without a dash is a name."""
    members = []
    for line in text.splitlines():
        name, *role = BOARD_LINE_SEPARATOR.split(line.strip(), maxsplit=1)
        if name:
            members.append(BoardMember(name=name, role=role[0] if role else ""))
    return members


class BasePage(Page):
    """Fields every public page has: a short intro, used on cards, in search results and as
    the meta description when the SEO description is empty, and an image for cards and
    social media previews."""

    intro = models.TextField("Inleiding", blank=True, max_length=600)
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Afbeelding voor overzichten en sociale media",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = Page.promote_panels + [FieldPanel("listing_image")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    base_form_class = BasePageForm

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.intro

    def share_image(self):
        """The image of social media previews (og:image); pages with an image of their own
        prefer it. None: the default image of the site settings is used."""
        return self.listing_image

    def get_view_restrictions(self):
        # Two queries on every request for a feature the site rarely uses.
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


class HomePage(BasePage):
    """The front door: who we are, featured projects, the next events, and what other apps
    add through the registry (the invitation to become a member)."""

    featured_title = models.CharField(
        "Kop boven uitgelichte projecten", max_length=120, default="Uit de keuken"
    )
    events_title = models.CharField("Kop boven de agenda", max_length=120, default="Binnenkort")

    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("featured_title"),
                InlinePanel("featured_projects", label="uitgelicht project"),
            ],
            heading="Uitgelichte projecten",
            help_text="Geen projecten gekozen? Dan staan de nieuwste projecten hier.",
        ),
        FieldPanel("events_title"),
    ]

    class Meta:
        verbose_name = "startpagina"
        verbose_name_plural = "startpagina's"

    def route(self, request, path_components):
        """Find the deepest page on the path in one query instead of one per level, then
        let that page route the rest (e.g. the feed of a routable index page)."""
        if not path_components:
            return super().route(request, path_components)
        depth_by_url_path = {
            self.url_path + "/".join(path_components[:depth]) + "/": depth
            for depth in range(1, len(path_components) + 1)
        }
        page = (
            Page.objects.filter(url_path__in=depth_by_url_path)
            .descendant_of(self)
            .order_by("-depth")
            .first()
        )
        if page is None:
            raise Http404
        return page.specific.route(request, path_components[depth_by_url_path[page.url_path] :])


class HomePageFeaturedProject(Orderable):
    """A project the editors put on the home page, in their order."""

    home_page = ParentalKey(HomePage, related_name="featured_projects", on_delete=models.CASCADE)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Project",
        on_delete=models.CASCADE,
        related_name="+",
    )

    # Which page types may be featured is the business of the apps that provide them: they
    # register them in home.registry (the list is read when the admin form is first built).
    panels = [PageChooserPanel("page", page_type=registry.featured_page_types)]

    class Meta(Orderable.Meta):
        verbose_name = "uitgelicht project"
        verbose_name_plural = "uitgelichte projecten"


class StandardPage(BasePage):
    """A plain content page: about us, the privacy statement, and the like."""

    body = StreamField(BodyBlock(), verbose_name="Inhoud", blank=True)
    is_draft_text = models.BooleanField(
        "Concepttekst",
        default=False,
        help_text="Toont bovenaan de pagina dat de tekst nog een concept is.",
    )

    content_panels = BasePage.content_panels + [FieldPanel("body"), FieldPanel("is_draft_text")]
    search_fields = BasePage.search_fields + [index.SearchField("body")]
    parent_page_types = ["home.HomePage", "home.StandardPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # The board shows on the page its site's settings name as "Over ons", and only there.
        site = self.get_site()
        site_settings = SiteSettings.for_site(site) if site is not None else None
        if site_settings is not None and site_settings.about_page_id == self.pk:
            context["board_members"] = site_settings.board_members
        return context

    class Meta:
        verbose_name = "standaardpagina"
        verbose_name_plural = "standaardpagina's"


class Person(index.Indexed, models.Model):
    """Someone who writes, hosts or speaks: authors of projects, hosts of events. The email
    address is for notifications only and is never shown on the site."""

    name = models.CharField("Naam", max_length=120)
    role = models.CharField("Rol", max_length=120, blank=True)
    organisation = models.CharField("Organisatie", max_length=160, blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Foto",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    email = models.EmailField(
        "E-mailadres",
        blank=True,
        help_text="Alleen voor meldingen; wordt nooit op de site getoond.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("photo"),
        FieldPanel("email"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("organisation"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = "persoon"
        verbose_name_plural = "personen"

    def __str__(self) -> str:
        return self.name


@register_setting(icon="site")
class SiteSettings(BaseSiteSetting):
    """Contact details for the footer and social links. (Each capability keeps its own
    settings in its app.)"""

    contact_email = models.EmailField("Contact e-mailadres", blank=True)
    phone = models.CharField("Telefoon", max_length=40, blank=True)
    address = models.TextField("Adres", blank=True)
    linkedin_url = models.URLField("LinkedIn", blank=True, validators=[http_url_validator])
    facebook_url = models.URLField("Facebook", blank=True, validators=[http_url_validator])
    instagram_url = models.URLField("Instagram", blank=True, validators=[http_url_validator])
    privacy_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Privacyverklaring",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Formulieren en de voettekst verwijzen hiernaar.",
    )
    default_share_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Standaardafbeelding voor sociale media",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Getoond bij het delen van een pagina die zelf geen afbeelding heeft.",
    )
    kvk_number = models.CharField(
        "KvK-nummer",
        max_length=8,
        blank=True,
        validators=[kvk_number_validator],
        help_text="Het nummer van de stichting in het Handelsregister; staat in de voettekst.",
    )
    about_page = models.ForeignKey(
        "home.StandardPage",
        verbose_name="Over ons-pagina",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="De voettekst verwijst hiernaar; het bestuur staat op deze pagina.",
    )
    board = models.TextField(
        "Bestuur",
        blank=True,
        help_text=(
            "Eén bestuurslid per regel, als “Naam – functie”, bijvoorbeeld “Jan Jansen – "
            "voorzitter”. Staat op de Over ons-pagina; leeg laten om geen bestuur te tonen."
        ),
    )
    demo_examples_removed = models.BooleanField(
        "Voorbeelden verwijderd",
        default=False,
        editable=False,
        help_text="Gezet door manage.py remove_demo_examples: de demo maakt ze niet opnieuw.",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("phone"),
                FieldPanel("address"),
                FieldPanel("kvk_number"),
                FieldPanel("privacy_page"),
            ],
            heading="Contact",
        ),
        MultiFieldPanel(
            [FieldPanel("about_page"), FieldPanel("board")],
            heading="Over ons",
        ),
        MultiFieldPanel(
            [
                FieldPanel("linkedin_url"),
                FieldPanel("facebook_url"),
                FieldPanel("instagram_url"),
                FieldPanel("default_share_image"),
            ],
            heading="Sociale media",
        ),
    ]

    select_related = ["privacy_page", "about_page", "default_share_image"]

    class Meta:
        verbose_name = "site-instellingen"

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("LinkedIn", self.linkedin_url),
            ("Facebook", self.facebook_url),
            ("Instagram", self.instagram_url),
        ]
        return [(name, url) for name, url in links if url]

    @property
    def board_members(self) -> list[BoardMember]:
        return parse_board(self.board)
