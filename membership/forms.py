"""The signup form on the "Lid worden" page, and the forms of the member area."""

import re

from django import forms
from django.conf import settings

from PIL import Image

from home.antispam import SpamProtectedForm

from .choices import Sector

PHONE = re.compile(r"^\+?[0-9 ()./-]{6,30}$")


class SignupForm(SpamProtectedForm):
    """Name and email are required, everything else is optional. The newsletter box starts
    unticked and is confirmed apart from the application."""

    name = forms.CharField(
        label="Naam",
        max_length=120,
        error_messages={
            "required": "Vul je naam in.",
            "max_length": "Je naam mag hoogstens %(limit_value)d tekens lang zijn.",
        },
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        help_text="We sturen je een mail om je aanmelding te bevestigen.",
        error_messages={
            "required": "Vul je e-mailadres in.",
            "invalid": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
            "max_length": "Dit e-mailadres is te lang.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label="Organisatie of bedrijf",
        max_length=160,
        required=False,
        error_messages={"max_length": "Gebruik hoogstens %(limit_value)d tekens."},
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sector = forms.ChoiceField(
        label="Sector",
        required=False,
        choices=[("", "Kies een sector"), *Sector.choices],
        error_messages={"invalid_choice": "Kies een van de sectoren uit de lijst."},
    )
    municipality = forms.CharField(
        label="Gemeente",
        max_length=100,
        required=False,
        error_messages={"max_length": "Gebruik hoogstens %(limit_value)d tekens."},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    phone = forms.CharField(
        label="Telefoonnummer",
        max_length=30,
        required=False,
        error_messages={"max_length": "Dit telefoonnummer is te lang."},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    membership_type = forms.ChoiceField(
        label="Soort lidmaatschap",
        required=False,
        error_messages={"invalid_choice": "Kies een van de soorten lidmaatschap uit de lijst."},
    )
    motivation = forms.CharField(
        label="Waarom wil je lid worden?",
        max_length=2000,
        required=False,
        help_text="Een paar zinnen is genoeg.",
        error_messages={"max_length": "Gebruik hoogstens %(limit_value)d tekens."},
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    newsletter = forms.BooleanField(
        label="Ja, stuur me ook de nieuwsbrief",
        required=False,
        help_text="Los van je aanmelding. Je bevestigt dit apart via een link in de mail.",
    )

    field_order = [
        "name",
        "email",
        "organisation",
        "sector",
        "municipality",
        "phone",
        "membership_type",
        "motivation",
        "newsletter",
    ]

    def __init__(self, *args, membership_types=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.membership_types = {str(item.pk): item for item in membership_types}
        if self.membership_types:
            self.fields["membership_type"].choices = [
                ("", "Kies een soort lidmaatschap"),
                *((key, item.label) for key, item in self.membership_types.items()),
            ]
        else:
            del self.fields["membership_type"]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        if phone and not PHONE.match(phone):
            raise forms.ValidationError(
                "Vul een geldig telefoonnummer in, zoals 043 123 45 67 of +31 6 12345678.",
                code="invalid",
            )
        return phone

    def clean_membership_type(self) -> str:
        """Keep the choice as the page showed it: fees change, the application should not."""
        key = self.cleaned_data.get("membership_type") or ""
        item = self.membership_types.get(key)
        return item.label if item is not None else ""

    def application_fields(self) -> dict:
        """What the service stores, from a valid form."""
        data = self.cleaned_data
        fields = {
            name: data.get(name, "")
            for name in ("name", "email", "organisation", "sector", "municipality", "phone")
        }
        fields["membership_type"] = data.get("membership_type", "")
        fields["motivation"] = data.get("motivation", "")
        return fields


# Members --------------------------------------------------------------------------------------

LOGO_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}
LOGO_ACCEPT = "image/jpeg,image/png,image/webp,image/gif"


class SignInForm(SpamProtectedForm):
    """ "Inloggen": only an email address. The answer is the same for every address."""

    email = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        help_text="Het adres waarmee je lid bent. We mailen je een inloglink.",
        error_messages={
            "required": "Vul je e-mailadres in.",
            "invalid": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
            "max_length": "Dit e-mailadres is te lang.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    next = forms.CharField(required=False, max_length=300, widget=forms.HiddenInput)


class NewsletterForm(forms.Form):
    newsletter = forms.BooleanField(label="Ja, stuur me de nieuwsbrief", required=False)


class ListingForm(forms.Form):
    """A member's own listing in the directory ("Onze leden"). Off by default; a logo is
    checked as the admin checks images: size and pixel limits, bitmap formats only."""

    listed = forms.BooleanField(
        label="Toon mijn organisatie in de ledenlijst „Onze leden”",
        required=False,
        help_text="Je kunt dit altijd weer uitzetten; dan verdwijnt je vermelding meteen.",
    )
    website = forms.URLField(
        label="Website",
        required=False,
        max_length=200,
        assume_scheme="https",
        error_messages={
            "invalid": "Vul een geldig webadres in, zoals https://www.voorbeeld.nl.",
            "max_length": "Dit webadres is te lang.",
        },
    )
    listing_text = forms.CharField(
        label="Korte tekst",
        required=False,
        max_length=500,
        help_text="Hoogstens 500 tekens, zonder opmaak.",
        error_messages={"max_length": "Gebruik hoogstens %(limit_value)d tekens."},
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 500}),
    )
    logo = forms.FileField(
        label="Logo",
        required=False,
        help_text="JPG, PNG, WebP of GIF, hoogstens 10 MB.",
        widget=forms.FileInput(attrs={"accept": LOGO_ACCEPT}),
    )
    remove_logo = forms.BooleanField(label="Logo verwijderen", required=False)

    def clean_website(self) -> str:
        website = self.cleaned_data["website"]
        if website and not website.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(
                "Vul een geldig webadres in, zoals https://www.voorbeeld.nl.", code="invalid"
            )
        return website

    def clean_listing_text(self) -> str:
        return self.cleaned_data["listing_text"].strip()

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        max_size = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
        max_pixels = getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128_000_000)
        if upload.size > max_size:
            raise forms.ValidationError("Dit bestand is te groot: hoogstens 10 MB.", code="size")
        try:
            with Image.open(upload) as image:
                image_format = image.format
                width, height = image.size
                image.verify()
        except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
            raise forms.ValidationError(
                "Dit is geen afbeelding die we kunnen gebruiken. Kies een JPG, PNG, WebP of GIF.",
                code="invalid_image",
            ) from error
        if image_format not in LOGO_FORMATS:
            raise forms.ValidationError(
                "Kies een JPG, PNG, WebP of GIF (geen SVG of ander formaat).", code="format"
            )
        if width * height > max_pixels:
            raise forms.ValidationError("Deze afbeelding heeft te veel pixels.", code="pixels")
        upload.seek(0)
        extension = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}[image_format]
        upload.name = f"logo.{extension}"  # never the visitor's own file name
        return upload


class CancelForm(forms.Form):
    confirm = forms.BooleanField(
        label="Ja, ik zeg mijn lidmaatschap op",
        error_messages={"required": "Vink aan dat je je lidmaatschap wilt opzeggen."},
    )
