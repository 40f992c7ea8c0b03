"""Membership: the "Lid worden" page with its signup form, and the applications it collects.

An application goes new → confirmed (the applicant clicked the link in the mail) → approved or
rejected (the board decided in the Wagtail admin). Only the board sees applications; see
wagtail_hooks.py and the "Bestuur" group made by the migrations.
"""

import secrets
from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.formats import number_format

from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable
from wagtail.search import index

from modelcluster.fields import ParentalKey

from home.blocks import BodyBlock
from home.emails import EMAIL_MAX_LENGTH, normalise_email  # noqa: F401 (migration 0003)
from home.models import BasePage


def new_nonce() -> str:
    return secrets.token_urlsafe(12)


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

    @path("")
    def signup(self, request):
        from .views import signup

        return signup(request, page=self)

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


class Sector(models.TextChoices):
    HORECA = "horeca", "Horeca"
    ATTRACTION = "attractie", "Attractie"
    ACCOMMODATION = "verblijf", "Verblijf"
    EVENTS = "evenementen", "Evenementen"
    OTHER = "overig", "Overig"


class ApplicationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status__in=MembershipApplication.ACTIVE_STATUSES)

    def for_email(self, email: str):
        return self.filter(email_normalised=normalise_email(email))


class MembershipApplication(models.Model):
    """One application to become a member, as the applicant typed it, with what the site
    recorded about consent and what the board decided."""

    class Status(models.TextChoices):
        NEW = "new", "Nieuw"
        CONFIRMED = "confirmed", "Bevestigd"
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

    def save(self, *args, **kwargs):
        self.email_normalised = normalise_email(self.email)
        if kwargs.get("update_fields") is not None and "email" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "email_normalised"}
        super().save(*args, **kwargs)

    @property
    def can_be_approved(self) -> bool:
        return self.status == self.Status.CONFIRMED

    @property
    def can_be_rejected(self) -> bool:
        return self.status in (self.Status.NEW, self.Status.CONFIRMED)
