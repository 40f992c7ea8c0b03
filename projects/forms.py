"""The reaction form: django-comments-xtd's form (security hash, timestamp, honeypot, reply_to,
followup) with Dutch labels and messages, no website field, and a minimum fill time."""

import time

from django import forms
from django.apps import apps
from django.conf import settings
from django.urls import reverse

from django_comments_xtd.forms import XtdCommentForm

from home.antispam import EXPIRED, REFUSED, RESEND, TOO_FAST
from home.converters import valid_id
from home.emails import normalise_email

NAME_MAX_LENGTH = 50  # django_comments' user_name column
EMAIL_TOO_LONG = "Dit e-mailadres is te lang. Gebruik een korter adres."
REPLY_REFUSED = "Je kunt alleen reageren op een reactie die op de site staat."
# Fields people never see: an error on one of them is shown as one general message.
SECURITY_FIELDS = ("honeypot", "timestamp", "security_hash", "content_type", "object_pk")


class ReactionForm(XtdCommentForm):
    # Filled in late on a cached page: {% form_tokens form %} and home.formtokens.
    token_fields = ("timestamp", "security_hash")

    def __init__(self, target_object, *args, token_stale: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "reactie-%s")
        super().__init__(target_object, *args, **kwargs)
        self.token_stale = token_stale
        # Readers leave no website: one less place for spam links.
        del self.fields["url"]

        name = self.fields["name"]
        name.label = "Naam"
        name.help_text = "Staat bij je reactie."
        name.widget = forms.TextInput(attrs={"autocomplete": "name", "maxlength": NAME_MAX_LENGTH})
        name.error_messages.update(
            required="Vul je naam in.",
            max_length=f"Je naam mag hoogstens {NAME_MAX_LENGTH} tekens lang zijn.",
        )

        email = self.fields["email"]
        email.label = "E-mailadres"
        email.help_text = "Om je reactie te bevestigen. We tonen het nooit op de site."
        email.widget = forms.EmailInput(attrs={"autocomplete": "email", "maxlength": 254})
        email.error_messages.update(
            required="Vul je e-mailadres in.",
            invalid="Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.",
        )

        comment = self.fields["comment"]
        comment.label = "Reactie"
        comment.help_text = (
            f"Hoogstens {settings.COMMENT_MAX_LENGTH} tekens. Webadressen worden een link."
        )
        comment.widget = forms.Textarea(attrs={"rows": 6, "maxlength": settings.COMMENT_MAX_LENGTH})
        comment.error_messages.update(
            required="Schrijf je reactie.",
            max_length="Je reactie is te lang: hoogstens %(limit_value)d tekens "
            "(nu %(show_value)d).",
        )

        followup = self.fields["followup"]
        followup.label = "Mail me als anderen reageren"
        followup.initial = False
        followup.widget = forms.CheckboxInput()

        honeypot = self.fields["honeypot"]
        honeypot.label = "Laat dit veld leeg"
        honeypot.widget = forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"})

        self.order_fields(["name", "email", "comment", "followup"])

    def clean_email(self):
        email = self.cleaned_data["email"]
        # Reactions store the address as home.emails spells it; this one would not fit.
        if normalise_email(email).startswith("sha256:"):
            raise forms.ValidationError(EMAIL_TOO_LONG, code="max_length")
        return email

    @property
    def token_url(self) -> str:
        return reverse("projects:reaction_token", args=[self.target_object.pk])

    def clean(self):
        cleaned_data = super().clean()
        if self.token_stale or not self.data.get("security_hash"):
            # Posted from a cached page without its tokens: once more, with fresh ones.
            raise forms.ValidationError(RESEND, code="resend")
        timestamp = cleaned_data.get("timestamp")
        too_fast = timestamp and time.time() - timestamp < settings.FORM_MIN_FILL_SECONDS
        if too_fast and not self.security_errors():
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        reply_to = cleaned_data.get("reply_to")
        if reply_to and self.reply_parent(reply_to) is None:
            raise forms.ValidationError(REPLY_REFUSED, code="reply_refused")
        return cleaned_data

    def reply_parent(self, reply_to):
        """The approved reaction on this project that reply_to names: one level of replies,
        and never under a reaction readers cannot see. None for anything else."""
        reply_to = valid_id(reply_to)
        if not reply_to:
            return None
        return (
            # models.py imports this module (through reactions.py): the model by name.
            apps.get_model("projects", "Reaction")
            .objects.for_page(self.target_object)
            .visible()
            .filter(pk=reply_to, level=0)
            .first()
        )

    def get_comment_create_data(self, site_id=None):
        self.cleaned_data.setdefault("url", "")
        return super().get_comment_create_data(site_id=site_id)

    def prepare_to_show_again(self) -> None:
        """Make a refused form fit to show again, with what the reader typed: fresh security
        data, an empty honeypot, and errors on hidden fields told as one Dutch message."""
        hidden_errors = [name for name in self.errors if name in (*SECURITY_FIELDS, "reply_to")]
        if hidden_errors:
            expired = hidden_errors == ["timestamp"]
            for name in hidden_errors:
                del self.errors[name]
            self.errors.setdefault("__all__", self.error_class(error_class="nonfield"))
            if RESEND not in self.errors["__all__"]:
                self.errors["__all__"].append(EXPIRED if expired else REFUSED)
        data = self.data.copy()
        data.update(self.generate_security_data())
        data["honeypot"] = ""
        self.data = data
