from django import forms

from home.antispam import SpamProtectedForm

from .models.registrations import Registration

MEMBER_CHOICES = [("ja", "Ja"), ("nee", "Nee")]


class RegistrationForm(SpamProtectedForm):
    """Registration for one date: who you are, and whether you are a member."""

    name = forms.CharField(
        label="Naam",
        max_length=Registration._meta.get_field("name").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="E-mailadres",
        max_length=254,
        help_text="Hierheen sturen we de bevestiging en het agendabestand.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    organisation = forms.CharField(
        label="Organisatie",
        required=False,
        max_length=Registration._meta.get_field("organisation").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    is_member = forms.ChoiceField(
        label="Ik ben lid van Leisure Lab Limburg",
        choices=MEMBER_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Geef aan of je lid bent."},
    )

    field_order = ["name", "email", "organisation", "is_member"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].error_messages["required"] = "Vul je naam in."
        self.fields["email"].error_messages["required"] = "Vul je e-mailadres in."
        self.fields["email"].error_messages["invalid"] = (
            "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl."
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError("Vul je naam in.", code="required")
        return name

    @property
    def member(self) -> bool:
        return self.cleaned_data.get("is_member") == "ja"


class CancelForm(forms.Form):
    """The button that confirms a cancellation: a GET from a mail scanner changes nothing."""
