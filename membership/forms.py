"""The signup form on the "Lid worden" page."""

import re

from django import forms

from home.antispam import SpamProtectedForm

from .models import Sector

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
