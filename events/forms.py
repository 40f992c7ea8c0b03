from django import forms

from home.antispam import SpamProtectedForm

from .models.registrations import Registration


class RegistrationForm(SpamProtectedForm):
    """Registration for one date: who you are. Whether you are a member is not asked: the
    registry knows (see services.registration_create)."""

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
    field_order = ["name", "email", "organisation"]

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


class MemberRegistrationForm(forms.Form):
    """A members-only date for a signed-in member: one click, with the member's own name and
    address (asked of the registry, never typed). The member is signed in, so the button
    needs no spam defences beyond the CSRF token."""

    def refresh_timestamp(self) -> None:
        """Nothing to refresh: see RegistrationForm."""


class MemberEmailForm(SpamProtectedForm):
    """A members-only date without a signed-in member: only the address, to which a sign-in
    link is mailed if it is an active member's (the answer is the same for every address)."""

    email = forms.EmailField(
        label="Het e-mailadres waarmee je lid bent",
        max_length=254,
        help_text="We mailen je een inloglink; daarmee kom je terug op deze datum.",
        error_messages={
            "required": "Vul je e-mailadres in.",
            "invalid": "Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )


class CancelForm(forms.Form):
    """The button that confirms a cancellation: a GET from a mail scanner changes nothing."""
