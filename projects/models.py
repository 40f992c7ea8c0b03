"""Project stories: what members did, told by themselves."""

from urllib.parse import urlsplit

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models
from django.db.models import Prefetch
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase

from home.blocks import BodyBlock
from home.caching import public
from home.models import BasePage, http_url_validator

PROJECTS_PER_PAGE = 12


class ProjectIndexPage(RoutablePageMixin, BasePage):
    """The "Projecten" page: every live project as a card, newest first, with a filter by sector and
    an RSS feed."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = "Projectenoverzicht"
        verbose_name_plural = "Projectenoverzichten"

    def live_projects(self):
        return public(ProjectPage.objects.child_of(self).live())

    def projects(self, live_projects=None):
        """Live projects, newest first, with what their cards show."""
        live_projects = self.live_projects() if live_projects is None else live_projects
        return (
            live_projects.select_related("listing_image", "hero_image")
            .prefetch_related(authors_with_people())
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        live_projects = self.live_projects()
        projects = self.projects(live_projects)
        tag = request.GET.get("tag", "").strip()[:100]
        if tag:
            projects = projects.filter(tags__slug=tag)
        paginator = Paginator(projects, PROJECTS_PER_PAGE)
        try:
            page_obj = paginator.page(request.GET.get("page", 1))
        except PageNotAnInteger:
            page_obj = paginator.page(1)
        except EmptyPage:
            page_obj = paginator.page(paginator.num_pages)
        context.update(
            projects=page_obj,
            paginator=paginator,
            current_tag=tag,
            tags=ProjectPageTag.tags_in_use(live_projects),
        )
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path("feed/", name="feed")
    def feed(self, request):
        from .feeds import ProjectFeed

        return ProjectFeed(self)(request)


def authors_with_people() -> Prefetch:
    return Prefetch("authors", queryset=ProjectPageAuthor.objects.select_related("person"))


class ProjectPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "projects.ProjectPage", related_name="tagged_items", on_delete=models.CASCADE
    )

    @classmethod
    def tags_in_use(cls, projects):
        from taggit.models import Tag

        return (
            Tag.objects.filter(
                projects_projectpagetag_items__content_object__in=projects.values("pk")
            )
            .distinct()
            .order_by("name")
        )


class ProjectPage(BasePage):
    """A project story: who told it, for which organisation, the story itself and where to
    read more. Readers react below it."""

    date = models.DateField("Datum", default=timezone.localdate)
    organisation = models.CharField("Organisatie", max_length=160, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Hoofdafbeelding",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    body = StreamField(BodyBlock(), verbose_name="Verhaal", blank=True)
    website = models.URLField(
        "Website",
        blank=True,
        validators=[http_url_validator],
        help_text="Een webadres dat begint met http:// of https://.",
    )
    tags = ClusterTaggableManager(
        through=ProjectPageTag, blank=True, verbose_name="Sectoren", help_text="Bijv. horeca"
    )

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [InlinePanel("authors", label="Auteur", min_num=0), FieldPanel("organisation")],
            heading="Auteurs",
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("website"),
        FieldPanel("date"),
        FieldPanel("tags"),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("organisation"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = "Project"
        verbose_name_plural = "Projecten"

    @property
    def card_image(self):
        return self.listing_image or self.hero_image

    @property
    def website_domain(self) -> str:
        host = urlsplit(self.website).hostname or ""
        return host

    def author_names(self) -> list[str]:
        return [author.person.name for author in self.authors.all()]

    def authors_with_people(self):
        return self.authors.select_related("person")


class ProjectPageAuthor(Orderable):
    """One author of a project, in the order the editor gave."""

    page = ParentalKey(ProjectPage, related_name="authors", on_delete=models.CASCADE)
    person = models.ForeignKey(
        "home.Person", verbose_name="Persoon", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = "Auteur"
        verbose_name_plural = "Auteurs"
