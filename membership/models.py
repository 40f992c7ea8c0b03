"""Membership: the "Lid worden" page with its signup form, and the applications it collects.

An application goes new → confirmed (the applicant clicked the link in the mail) → approved or
rejected (the board decided in the Wagtail admin). Only the board sees applications; see
wagtail_hooks.py and the "Bestuur" group made by the migrations.
"""

import secrets
from decimal import Decimal
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import number_format

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey

from home.blocks import BodyBlock
from home.emails import (  # noqa: F401 (normalise_email: migration 0003)
    EMAIL_MAX_LENGTH,
    NormalisedEmailMixin,
    normalise_email,
)
from home.models import BasePage, SiteSettings
from home.pagination import paginate, query_without_page
from home.sites import default_site_settings

from .choices import Sector
from .forms import SignupForm


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


@register_setting(icon="group")
class MembershipSettings(BaseSiteSetting):
    """Who hears of new applications, and the invitation to become a member on the home
    page (shown when there is a live "Lid worden" page, or else a contact address)."""

    board_emails = models.TextField(
        "E-mailadressen bestuur",
        blank=True,
        help_text="Eén adres per regel. Zij krijgen bericht van nieuwe aanmeldingen. Leeg "
        "gelaten? Dan gaat het bericht naar het contactadres van de site.",
    )
    home_title = models.CharField(
        "Kop op de startpagina", max_length=120, default="Interesse om ook aan te sluiten?"
    )
    home_text = models.TextField(
        "Tekst op de startpagina",
        blank=True,
        default="Word lid van Leisure Lab Limburg en kijk mee in elkaars keuken.",
    )
    home_link_text = models.CharField("Knoptekst", max_length=80, default="Lid worden")

    panels = [
        FieldPanel("board_emails"),
        MultiFieldPanel(
            [FieldPanel("home_title"), FieldPanel("home_text"), FieldPanel("home_link_text")],
            heading="Oproep op de startpagina",
        ),
    ]

    class Meta:
        verbose_name = "Lidmaatschap"

    @property
    def board_addresses(self) -> list[str]:
        return [line.strip() for line in self.board_emails.splitlines() if line.strip()]


def board_addresses() -> list[str]:
    """The board's addresses from the membership settings, or the site's contact address."""
    addresses = default_site_settings(MembershipSettings).board_addresses
    contact = default_site_settings(SiteSettings).contact_email
    if not addresses and contact:
        addresses = [contact]
    return addresses


class MembershipPage(RoutablePageMixin, BasePage):
    """The "Lid worden" page: what membership brings, the kinds of membership with their yearly
    fee, and the signup form. Applications made here show up under "Aanmeldingen" in the
    admin, for the board only."""

    body = StreamField(
        BodyBlock(),
        verbose_name="Wat het lidmaatschap je brengt",
        blank=True,
    )
    types_title = models.CharField(
        "Kop boven de soorten lidmaatschap", max_length=120, default="Soorten lidmaatschap"
    )
    form_title = models.CharField("Kop boven het formulier", max_length=120, default="Meld je aan")
    thank_you_title = models.CharField(
        "Kop na het aanmelden", max_length=120, default="Bedankt voor je aanmelding"
    )
    thank_you_text = models.TextField(
        "Tekst na het aanmelden",
        default=(
            "We hebben je een e-mail gestuurd. Klik op de link in die mail om je aanmelding "
            "te bevestigen; de link is 7 dagen geldig. Daarna neemt het bestuur contact met je "
            "op. Geen mail gekregen? Kijk ook in je map met ongewenste mail."
        ),
    )

    content_panels = BasePage.content_panels + [
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("types_title"), InlinePanel("membership_types", label="Soort")],
            heading="Soorten lidmaatschap",
        ),
        MultiFieldPanel(
            [
                FieldPanel("form_title"),
                FieldPanel("thank_you_title"),
                FieldPanel("thank_you_text"),
            ],
            heading="Formulier",
        ),
    ]
    search_fields = BasePage.search_fields + [index.SearchField("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1
    # Its signup form comes from the page cache without a token (home.formtokens).
    accepts_stale_form_token = True

    class Meta:
        verbose_name = "Lidmaatschapspagina"
        verbose_name_plural = "Lidmaatschapspagina's"

    def get_context(self, request, *args, **kwargs):
        """The page with an empty signup form, the same for every visitor (so it can come from
        the page cache). A post is taken before the page serves, by views.signup_post
        (wagtail_hooks.py), which renders the page again with the form as typed."""
        context = super().get_context(request, *args, **kwargs)
        membership_types = list(self.membership_types.all())
        context.update(
            form=SignupForm(membership_types=membership_types),
            membership_types=membership_types,
        )
        return context

    @path("bedankt/", name="thanks")
    def thanks(self, request):
        return self.render(request, template="membership/membership_page_thanks.html")

    def thanks_url(self, request=None) -> str:
        return self.get_url(request) + self.reverse_subpage("thanks")


class MembershipType(Orderable):
    """A kind of membership with its yearly fee, shown on the page and offered in the form."""

    page = ParentalKey(MembershipPage, related_name="membership_types", on_delete=models.CASCADE)
    name = models.CharField("Naam", max_length=80)
    description = models.CharField("Omschrijving", max_length=255, blank=True)
    yearly_fee = models.DecimalField(
        "Contributie per jaar (€)",
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
    )
    fee_is_example = models.BooleanField(
        "Voorbeeldbedrag",
        default=False,
        help_text="Toont bij het bedrag dat het een voorbeeld is, zolang het bestuur het "
        "bedrag nog niet heeft vastgesteld.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("yearly_fee"),
        FieldPanel("fee_is_example"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "Soort lidmaatschap"
        verbose_name_plural = "Soorten lidmaatschap"

    def __str__(self) -> str:
        return self.name

    @property
    def fee_display(self) -> str:
        decimals = 0 if self.yearly_fee == self.yearly_fee.to_integral_value() else 2
        fee = number_format(self.yearly_fee, decimal_pos=decimals, use_l10n=True)
        return f"€ {fee} per jaar"

    @property
    def label(self) -> str:
        """How the choice reads in the form, and what an application keeps of it."""
        example = " (voorbeeldbedrag)" if self.fee_is_example else ""
        return f"{self.name} – {self.fee_display}{example}"


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=MembershipApplication.ACTIVE_STATUSES)

    def for_email(self, email: str):
        return self.filter(email_normalised=normalise_email(email))


class MembershipApplication(NormalisedEmailMixin, models.Model):
    """One application to become a member, as the applicant typed it, with what the site
    recorded about consent and what the board decided."""

    class Status(models.TextChoices):
        # The labels say where an application stands for the board: a confirmed address is
        # not yet an approved membership.
        NEW = "new", "Nieuw, e-mailadres nog niet bevestigd"
        CONFIRMED = "confirmed", "E-mailadres bevestigd, wacht op besluit"
        APPROVED = "approved", "Goedgekeurd"
        REJECTED = "rejected", "Afgewezen"

    ACTIVE_STATUSES = (Status.NEW, Status.CONFIRMED, Status.APPROVED)

    status = models.CharField(
        "Status", max_length=16, choices=Status.choices, default=Status.NEW, db_index=True
    )
    name = models.CharField("Naam", max_length=120)
    email = models.EmailField("E-mailadres", max_length=EMAIL_MAX_LENGTH)
    email_normalised = models.CharField(
        "E-mailadres (genormaliseerd)", max_length=EMAIL_MAX_LENGTH, editable=False, db_index=True
    )
    organisation = models.CharField("Organisatie of bedrijf", max_length=160, blank=True)
    sector = models.CharField("Sector", max_length=16, choices=Sector.choices, blank=True)
    municipality = models.CharField("Gemeente", max_length=100, blank=True)
    phone = models.CharField("Telefoon", max_length=40, blank=True)
    membership_type = models.CharField(
        "Soort lidmaatschap",
        max_length=200,
        blank=True,
        help_text="Zoals het op het moment van aanmelden op de pagina stond.",
    )
    motivation = models.TextField("Motivatie", max_length=2000, blank=True)

    created_at = models.DateTimeField("Aangemeld op", auto_now_add=True)
    submitted_at = models.DateTimeField(
        "Laatst verstuurd op",
        help_text="Verstuurt iemand het formulier opnieuw voordat de aanmelding is bevestigd, "
        "dan gelden de nieuwste gegevens.",
    )
    confirmed_at = models.DateTimeField("E-mailadres bevestigd op", null=True, blank=True)
    privacy_version = models.CharField(
        "Versie privacyverklaring",
        max_length=200,
        blank=True,
        help_text="De gepubliceerde versie van de privacyverklaring op het moment van aanmelden.",
    )
    privacy_revision_id = models.PositiveBigIntegerField(
        "Revisie privacyverklaring", null=True, blank=True, editable=False
    )

    newsletter = models.BooleanField("Wil de nieuwsbrief", default=False)
    newsletter_requested_at = models.DateTimeField(
        "Nieuwsbrief aangevinkt op", null=True, blank=True
    )
    newsletter_confirmed_at = models.DateTimeField(
        "Nieuwsbrief bevestigd op", null=True, blank=True
    )

    decided_at = models.DateTimeField("Besloten op", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Besloten door",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decision_message = models.TextField("Bericht aan de aanvrager", blank=True)
    board_notes = models.TextField(
        "Notities van het bestuur",
        blank=True,
        help_text="Alleen zichtbaar voor het bestuur; de aanvrager ziet dit nooit.",
    )

    # Changes on every new submission while unconfirmed, so a link from an older mail cannot
    # confirm details its reader never saw.
    nonce = models.CharField(max_length=32, default=new_nonce, editable=False)

    objects = ApplicationQuerySet.as_manager()

    panels = [FieldPanel("board_notes")]

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "Aanmelding"
        verbose_name_plural = "Aanmeldingen"
        constraints = [
            # One address, one active application: the database decides between two
            # signups that arrive at the same moment.
            models.UniqueConstraint(
                fields=["email_normalised"],
                condition=Q(status__in=["new", "confirmed", "approved"]),
                name="membership_one_active_application_per_email",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def can_be_approved(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def can_be_rejected(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.CONFIRMED)


# Members --------------------------------------------------------------------------------------


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def for_email(self, email: str):
        return self.filter(email_normalised=normalise_email(email))

    def in_directory(self):
        """Active members who opted in to the directory and whom the board did not hide."""
        return self.active().filter(listed=True, listing_hidden_at__isnull=True)


def logo_path(instance, filename: str) -> str:
    return f"leden/logo/{secrets.token_hex(8)}/{filename[-80:]}"


class Member(NormalisedEmailMixin, models.Model):
    """A member of the foundation: made when the board approves an application, or added by
    hand by the board (founding members who never applied online). A member signs in to
    "Mijn Leisure Lab" by a link by mail, and may be listed in the directory ("Onze leden")."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Actief"
        CANCELLED = "cancelled", "Opgezegd"
        ENDED = "ended", "Beëindigd"

    name = models.CharField("Naam", max_length=120)
    email = models.EmailField("E-mailadres", max_length=EMAIL_MAX_LENGTH)
    email_normalised = models.CharField(
        "E-mailadres (genormaliseerd)",
        max_length=EMAIL_MAX_LENGTH,
        editable=False,
        unique=True,
    )
    organisation = models.CharField("Organisatie of bedrijf", max_length=160, blank=True)
    sector = models.CharField("Sector", max_length=16, choices=Sector.choices, blank=True)
    municipality = models.CharField("Plaats", max_length=100, blank=True)
    membership_type = models.CharField("Soort lidmaatschap", max_length=200, blank=True)
    member_since = models.DateField("Lid sinds", default=timezone.localdate)
    status = models.CharField(
        "Status", max_length=16, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    ended_on = models.DateField("Einddatum", null=True, blank=True)
    end_note = models.TextField(
        "Notitie bij het einde", blank=True, help_text="Alleen zichtbaar voor het bestuur."
    )
    keep_legal_record = models.BooleanField(
        "Bewaren voor de administratie",
        default=False,
        help_text="Aangevinkt: de gegevens blijven ook een jaar na het einde bewaard, omdat "
        "de wet dat vraagt (bijvoorbeeld voor de boekhouding).",
    )
    application = models.ForeignKey(
        MembershipApplication,
        verbose_name="Aanmelding",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="members",
    )
    created_at = models.DateTimeField("Vastgelegd op", auto_now_add=True)

    newsletter = models.BooleanField("Wil de nieuwsbrief", default=False)
    newsletter_changed_at = models.DateTimeField(
        "Nieuwsbriefkeuze gemaakt op", null=True, blank=True
    )

    # The directory listing ("Onze leden"): off until the member opts in.
    listed = models.BooleanField("In de ledenlijst", default=False)
    listed_at = models.DateTimeField("Toestemming ledenlijst gegeven op", null=True, blank=True)
    website = models.URLField("Website", max_length=200, blank=True)
    logo = models.ImageField("Logo", upload_to=logo_path, blank=True, max_length=200)
    listing_text = models.TextField("Korte tekst", max_length=500, blank=True)
    listing_hidden_at = models.DateTimeField("Vermelding verborgen op", null=True, blank=True)
    listing_hidden_reason = models.TextField("Reden verbergen", blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = "Lid"
        verbose_name_plural = "Leden"

    def __str__(self) -> str:
        return self.name

    def clean(self):
        super().clean()
        if self.email and Member.objects.for_email(self.email).exclude(pk=self.pk).exists():
            raise ValidationError(
                {"email": "Er is al een lid met dit e-mailadres. Zoek het op in de lijst."}
            )

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def in_directory(self) -> bool:
        return self.is_active and self.listed and self.listing_hidden_at is None

    @property
    def website_domain(self) -> str:
        host = urlsplit(self.website).hostname or ""
        return host.removeprefix("www.")


class MemberSignInLink(models.Model):
    """A single-use sign-in link mailed to a member: only a hash of its token is stored, so
    the database cannot be used to sign in. Valid for 15 minutes, used at most once."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="sign_in_links")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    next_path = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "Inloglink"
        verbose_name_plural = "Inloglinks"

    def __str__(self) -> str:
        return f"Inloglink van {self.member} ({self.created_at:%Y-%m-%d %H:%M})"


class MemberDirectoryPage(BasePage):
    """The public list of members who chose to be in it ("Onze leden"): organisation, sector,
    place, website, logo and a short text, with filters by sector and place."""

    per_page = 12

    parent_page_types = ["home.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = "Ledenlijst"
        verbose_name_plural = "Ledenlijsten"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        members = Member.objects.in_directory().order_by("organisation", "name", "pk")
        sector = request.GET.get("sector", "")
        place = request.GET.get("plaats", "")
        if sector in Sector.values:
            members = members.filter(sector=sector)
        else:
            sector = ""
        listed_places = Member.objects.in_directory().values_list("municipality", flat=True)
        places = sorted({value for value in listed_places if value}, key=str.casefold)
        if place in places:
            members = members.filter(municipality=place)
        else:
            place = ""
        context.update(
            page_obj=paginate(request, members, self.per_page),
            query=query_without_page(request, keep=("sector", "plaats")),
            sectors=Sector.choices,
            places=places,
            sector=sector,
            place=place,
        )
        return context
