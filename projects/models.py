"""Project stories: what members did, told by themselves."""

from datetime import datetime, time
from urllib.parse import quote, urlencode, urlsplit

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import CharField, Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from django_comments_xtd.models import XtdComment
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import Tag, TaggedItemBase

from home.blocks import BodyBlock
from home.caching import public
from home.models import BasePage, http_url_validator
from home.pagecache import expire_at
from home.pagination import paginate

from .feeds import ProjectFeed
from .reactions import reactions_context

PROJECTS_PER_PAGE = 12
# Projects with a tag in common, at the foot of a project page.
RELATED_PROJECTS = 3


class ProjectIndexPage(RoutablePageMixin, BasePage):
    """The "Projecten" page: every live project as a card, newest first, with a filter by sector and
    an RSS feed."""

    parent_page_types = ["home.HomePage"]
    subpage_types = ["projects.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = "projectenoverzicht"
        verbose_name_plural = "projectenoverzichten"

    def live_projects(self):
        return public(ProjectPage.objects.child_of(self).live())

    def projects(self, live_projects=None):
        """Live projects, newest first, with what their cards show."""
        live_projects = self.live_projects() if live_projects is None else live_projects
        return with_reaction_counts(
            live_projects.select_related("listing_image", "hero_image")
            .prefetch_related(authors_with_people())
            .order_by("-date", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        live_projects = self.live_projects()
        projects = self.projects(live_projects)
        # No slug holds a NUL character, and PostgreSQL refuses one in a query.
        tag = request.GET.get("tag", "").replace("\x00", "").strip()[:100]
        if tag:
            projects = projects.filter(tags__slug=tag)
        page_obj = paginate(request, projects, PROJECTS_PER_PAGE)
        context.update(
            projects=page_obj,
            paginator=page_obj.paginator,
            current_tag=tag,
            pagination_query=urlencode({"tag": tag}) if tag else "",
            tags=ProjectPageTag.tags_in_use(live_projects),
        )
        return context

    @path("")
    def index_route(self, request, *args, **kwargs):
        return self.render(request)

    @path("feed/", name="feed")
    def feed(self, request):
        return ProjectFeed(self)(request)


def authors_with_people() -> Prefetch:
    return Prefetch("authors", queryset=ProjectPageAuthor.objects.select_related("person"))


class ProjectPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "projects.ProjectPage", related_name="tagged_items", on_delete=models.CASCADE
    )

    @classmethod
    def tags_in_use(cls, projects):

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
    reactions_enabled = models.BooleanField(
        "Reacties aan",
        default=True,
        help_text="Uit: de pagina toont geen reacties en geen reactieformulier.",
    )
    reactions_close_date = models.DateField(
        "Reageren gesloten vanaf",
        null=True,
        blank=True,
        help_text="Vanaf deze datum kan niemand meer reageren; goedgekeurde reacties blijven "
        "staan. Leeg: geen einddatum.",
    )

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types = []

    content_panels = BasePage.content_panels + [
        MultiFieldPanel(
            [InlinePanel("authors", label="auteur", min_num=0), FieldPanel("organisation")],
            heading="Auteurs",
        ),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("website"),
        FieldPanel("date"),
        FieldPanel("tags"),
        MultiFieldPanel(
            [FieldPanel("reactions_enabled"), FieldPanel("reactions_close_date")],
            heading="Reacties",
        ),
    ]
    search_fields = BasePage.search_fields + [
        index.SearchField("body"),
        index.SearchField("organisation"),
        index.FilterField("date"),
    ]

    class Meta:
        verbose_name = "project"
        verbose_name_plural = "projecten"

    @property
    def card_image(self):
        return self.listing_image or self.hero_image

    def share_image(self):
        return self.card_image

    @property
    def website_domain(self) -> str:
        host = urlsplit(self.website).hostname or ""
        return host

    def author_names(self) -> list[str]:
        return [author.person.name for author in self.authors.all()]

    def authors_with_people(self):
        return self.authors.select_related("person")

    @property
    def reactions_open(self) -> bool:
        """Whether readers may post a reaction now."""
        if not self.reactions_enabled:
            return False
        close_date = self.reactions_close_date
        return close_date is None or timezone.localdate() < close_date

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        if self.reactions_enabled and self.reactions_close_date:
            # The form disappears at midnight (local time) of the closing date.
            closes = datetime.combine(self.reactions_close_date, time.min)
            expire_at(response, timezone.make_aware(closes))
        return response

    def index_url(self, request=None) -> str:
        """The URL of the projects index above this page, from the page's own (no query)."""
        url = self.get_url(request) or ""
        suffix = f"{self.slug}/"
        return url[: -len(suffix)] if url.endswith(suffix) else "/"

    def related_projects(self, tags, limit: int = RELATED_PROJECTS):
        """Up to limit other live projects sharing a tag, newest first, with what their cards
        show: two queries, however many cards; none without tags."""
        if not tags:
            return []
        related = (
            public(ProjectPage.objects.live().sibling_of(self, inclusive=False))
            .filter(tags__in=[tag.pk for tag in tags])
            .distinct()
        )
        return list(
            with_reaction_counts(
                related.select_related("listing_image", "hero_image")
                .prefetch_related(authors_with_people())
                .order_by("-date", "-pk")
            )[:limit]
        )

    def share_links(self, request) -> list[dict]:
        """Plain links to share the page by mail, WhatsApp and LinkedIn: nothing is loaded
        from those services until the reader clicks."""
        url = self.get_full_url(request) or ""
        text = f"{self.title} – {url}"
        return [
            {
                "label": "E-mail",
                "url": "mailto:?"
                + urlencode({"subject": self.title, "body": url}, quote_via=quote),
            },
            {
                "label": "WhatsApp",
                "url": "https://wa.me/?" + urlencode({"text": text}),
                "new_window": True,
            },
            {
                "label": "LinkedIn",
                "url": "https://www.linkedin.com/sharing/share-offsite/?" + urlencode({"url": url}),
                "new_window": True,
            },
        ]

    def get_context(self, request, *args, reaction_form=None, **kwargs):
        """The reactions section: approved reactions and, while open, the form (a bound one
        with its errors when a post was refused; see projects.views); the tags as links to
        the filtered index, share links and related projects."""

        context = super().get_context(request, *args, **kwargs)
        context.update(reactions_context(self, request, form=reaction_form))
        tags = list(self.tags.all())
        index_url = self.index_url(request)
        context.update(
            tag_links=[
                {"name": tag.name, "url": index_url + "?" + urlencode({"tag": tag.slug})}
                for tag in tags
            ],
            share_links=self.share_links(request),
            related_projects=self.related_projects(tags),
        )
        return context


class ProjectPageAuthor(Orderable):
    """One author of a project, in the order the editor gave."""

    page = ParentalKey(ProjectPage, related_name="authors", on_delete=models.CASCADE)
    person = models.ForeignKey(
        "home.Person", verbose_name="Persoon", on_delete=models.CASCADE, related_name="+"
    )

    panels = [FieldPanel("person")]

    class Meta(Orderable.Meta):
        verbose_name = "auteur"
        verbose_name_plural = "auteurs"


class ReactionQuerySet(models.QuerySet):
    def for_projects(self):
        return self.filter(content_type=ContentType.objects.get_for_model(ProjectPage))

    def for_page(self, page):
        return self.for_projects().filter(object_pk=str(page.pk))

    def unconfirmed(self):
        """Posted by a guest who has not yet confirmed the address: nobody but the writer,
        through the mailed link, ever sees these."""
        return self.filter(confirmation__isnull=False, confirmation__confirmed_at__isnull=True)

    def confirmed(self):
        """Everything moderators see: confirmed by mail, or needing no confirmation."""
        return self.filter(
            Q(confirmation__isnull=True) | Q(confirmation__confirmed_at__isnull=False)
        )

    def waiting(self):
        return self.confirmed().filter(is_public=False, is_removed=False)

    def approved(self):
        return self.filter(is_public=True, is_removed=False)

    def rejected(self):
        return self.filter(is_removed=True)

    def visible(self):
        """Approved reactions as readers see them: a reply only under an approved reaction."""
        approved_roots = Reaction.objects.approved().filter(level=0).values("pk")
        return self.approved().filter(Q(level=0) | Q(thread_id__in=approved_roots))


class Reaction(XtdComment):
    """A reaction under a project: a django-comments-xtd comment, seen the way this site
    moderates it. Unconfirmed (a guest's, until the mailed link is confirmed; see
    ReactionConfirmation), waiting (not public, not removed), approved (public) or rejected
    (removed).

    A proxy, so the package keeps its table. Moderation saves Reaction instances on purpose:
    the package's pre_save handler, which publishes or hides every reply along with its
    parent, listens to XtdComment only, so approving a reaction never publishes a reply that
    still waits for a moderator."""

    objects = ReactionQuerySet.as_manager()

    class Meta:
        proxy = True
        ordering = ["-submit_date"]
        verbose_name = "reactie"
        verbose_name_plural = "reacties"
        default_permissions = ()
        permissions = [("moderate_reactions", "Mag reacties modereren")]

    def __str__(self) -> str:
        return f"{self.user_name}: {self.comment[:50]}"

    @property
    def status(self) -> str:
        if self.is_removed:
            return "rejected"
        return "approved" if self.is_public else "waiting"

    @property
    def status_label(self) -> str:
        return {"rejected": "Afgewezen", "approved": "Goedgekeurd", "waiting": "Wacht"}[self.status]

    @property
    def is_reply(self) -> bool:
        return self.level > 0

    def anchor(self) -> str:
        """The id of the reaction on its project page (and the fragment of links to it)."""
        return f"reactie-{self.pk}"


def with_reaction_counts(projects):
    """Annotate each project with reaction_count: its approved reactions (not rejected,
    replies only under an approved reaction), in the same query as the projects."""
    counts = (
        Reaction.objects.visible()
        .filter(
            content_type=ContentType.objects.get_for_model(ProjectPage),
            object_pk=Cast(OuterRef("pk"), output_field=CharField()),
        )
        .order_by()
        .values("object_pk")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return projects.annotate(
        reaction_count=Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))
    )


class ReactionReview(models.Model):
    """What moderators know of a reaction besides the reaction itself: why it looks like spam,
    and who decided on it, when, and why it was rejected."""

    reaction = models.OneToOneField(
        Reaction, verbose_name="Reactie", on_delete=models.CASCADE, related_name="review"
    )
    suspicious = models.BooleanField("Verdacht", default=False, db_index=True)
    suspicion = models.CharField("Waarom verdacht", max_length=255, blank=True)
    rejection_reason = models.TextField("Reden van afwijzing", blank=True, max_length=1000)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Beoordeeld door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField("Beoordeeld op", null=True, blank=True)

    class Meta:
        verbose_name = "beoordeling van een reactie"
        verbose_name_plural = "beoordelingen van reacties"

    def __str__(self) -> str:
        return f"Beoordeling van reactie {self.reaction_id}"


class ReactionMute(models.Model):
    """Someone who unsubscribed from the mails about new reactions on one project: a follower
    or one of its authors."""

    page = models.ForeignKey(
        ProjectPage, verbose_name="Project", on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField("E-mailadres")
    created_at = models.DateTimeField("Afgemeld op", auto_now_add=True)

    class Meta:
        verbose_name = "afmelding voor reactiemails"
        verbose_name_plural = "afmeldingen voor reactiemails"
        constraints = [
            models.UniqueConstraint(fields=["page", "email"], name="unique_reaction_mute")
        ]

    def __str__(self) -> str:
        return f"{self.email} – {self.page_id}"


class ReactionConfirmation(models.Model):
    """A guest's reaction is stored at once, and waits here for its writer to confirm the
    address with the mailed link. The link carries a random token; only its SHA-256 digest
    is stored, so neither the link nor the database gives away the other. The row stays after
    confirmation, so a second click can say it was confirmed already. Unconfirmed reactions
    are purged after 7 days (purge_unconfirmed_reactions)."""

    reaction = models.OneToOneField(
        Reaction, verbose_name="Reactie", on_delete=models.CASCADE, related_name="confirmation"
    )
    token_hash = models.CharField("Vingerafdruk van de link", max_length=64, unique=True)
    created_at = models.DateTimeField("Geplaatst op", default=timezone.now, db_index=True)
    confirmed_at = models.DateTimeField("Bevestigd op", null=True, blank=True)

    class Meta:
        verbose_name = "bevestiging van een reactie"
        verbose_name_plural = "bevestigingen van reacties"

    def __str__(self) -> str:
        return f"Bevestiging van reactie {self.reaction_id}"


class ReactionUnsubscribeLink(models.Model):
    """The unsubscribe link in one mail about a new reaction: a random token (only its
    SHA-256 digest is stored) that stands for one address and one project, so the link
    carries no address. Kept for a year (purge_unconfirmed_reactions)."""

    page = models.ForeignKey(
        ProjectPage, verbose_name="Project", on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField("E-mailadres")
    token_hash = models.CharField("Vingerafdruk van de link", max_length=64, unique=True)
    created_at = models.DateTimeField("Verstuurd op", default=timezone.now, db_index=True)

    class Meta:
        verbose_name = "afmeldlink voor reactiemails"
        verbose_name_plural = "afmeldlinks voor reactiemails"

    def __str__(self) -> str:
        return f"Afmeldlink {self.pk} – {self.page_id}"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@register_setting(icon="comment")
class ReactionSettings(BaseSiteSetting):
    """Who is told about new reactions, and what makes one look like spam."""

    moderator_emails = models.TextField(
        "E-mailadressen moderatoren",
        blank=True,
        help_text="Eén adres per regel. Zij krijgen bericht van nieuwe reacties.",
    )
    blocklist_words = models.TextField(
        "Verdachte woorden in reacties",
        blank=True,
        help_text="Eén woord of woordgroep per regel. Een reactie die er een bevat, wordt "
        "als verdacht gemarkeerd.",
    )
    blocklist_domains = models.TextField(
        "Verdachte e-maildomeinen",
        blank=True,
        help_text="Eén domein per regel, bijv. spam.example. Reacties vanaf die domeinen "
        "worden als verdacht gemarkeerd.",
    )

    panels = [
        FieldPanel("moderator_emails"),
        MultiFieldPanel(
            [FieldPanel("blocklist_words"), FieldPanel("blocklist_domains")],
            heading="Spam",
        ),
    ]

    class Meta:
        verbose_name = "reacties"

    @property
    def moderator_addresses(self) -> list[str]:
        return _lines(self.moderator_emails)

    @property
    def blocked_words(self) -> list[str]:
        return [word.lower() for word in _lines(self.blocklist_words)]

    @property
    def blocked_domains(self) -> list[str]:
        return [domain.lower().lstrip("@") for domain in _lines(self.blocklist_domains)]
