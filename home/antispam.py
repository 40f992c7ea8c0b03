"""Defences every public form shares: a honeypot field, a minimum fill time, and a rate limit
per IP address (5 posts a minute, 20 an hour).

django_comments brings its own honeypot and timestamp for reactions; the signup and
registration forms use SpamProtectedForm.
"""

import time

from django import forms
from django.conf import settings
from django.core import signing
from django.urls import reverse

from django_ratelimit.decorators import ratelimit

TIMESTAMP_SALT = "home.antispam.rendered-at"
# A form left open longer than this is stale: its timestamp no longer proves a human.
MAX_FORM_AGE_SECONDS = 60 * 60 * 24

TOO_FAST = "Dat ging wel erg snel. Controleer je gegevens en verstuur het formulier nog een keer."
EXPIRED = "Dit formulier is verlopen. Controleer je gegevens en verstuur het opnieuw."
REFUSED = "Je bericht kon niet worden verstuurd. Probeer het nog eens."
# A post from a cached page without its tokens (no JavaScript), see home.formtokens.
RESEND = (
    "Je formulier is nog niet verstuurd: de beveiligingscode ontbrak of was verlopen. "
    "Alles wat je invulde staat er nog. Verstuur het formulier nog een keer."
)


def post_rate_limit(group: str):
    """Decorate a view: at most 5 POSTs a minute and 20 an hour from one IP address.

    Past that, the RatelimitMiddleware answers with home.views.rate_limited (429)."""

    def decorator(view):
        view = ratelimit(group=group, key="ip", rate="20/h", method="POST", block=True)(view)
        return ratelimit(group=group, key="ip", rate="5/m", method="POST", block=True)(view)

    return decorator


def signed_timestamp(now: float | None = None) -> str:
    return signing.dumps(int(now if now is not None else time.time()), salt=TIMESTAMP_SALT)


class SpamProtectedForm(forms.Form):
    """A form with a honeypot that people never see, and a signed timestamp of when the form
    was shown: filled in faster than FORM_MIN_FILL_SECONDS, it is refused.

    On refusal the form keeps what was typed, and gets a fresh timestamp when it is shown
    again. A post without a valid CSRF token (token_stale, see home.formtokens) or without
    a timestamp is refused with RESEND: the visitor sends it once more."""

    honeypot = forms.CharField(
        required=False,
        label="Laat dit veld leeg",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    rendered_at = forms.CharField(widget=forms.HiddenInput, required=False)

    # Filled in late on a cached page: {% form_tokens form %} and home.formtokens.
    token_fields = ("rendered_at",)

    def __init__(self, *args, token_stale: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["rendered_at"].initial = signed_timestamp()
        self.token_stale = token_stale

    @property
    def token_url(self) -> str:
        return reverse("form_token")

    def refresh_timestamp(self) -> None:
        """Give a re-shown form a new timestamp (bound forms show the posted one)."""
        if self.is_bound:
            self.data = self.data.copy()
            self.data[self.add_prefix("rendered_at")] = signed_timestamp()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("honeypot"):
            raise forms.ValidationError(REFUSED, code="honeypot")
        if self.token_stale or not cleaned_data.get("rendered_at"):
            # Posted from a cached page without its tokens: once more, with fresh ones.
            raise forms.ValidationError(RESEND, code="resend")
        try:
            rendered_at = signing.loads(
                cleaned_data.get("rendered_at") or "",
                salt=TIMESTAMP_SALT,
                max_age=MAX_FORM_AGE_SECONDS,
            )
        except signing.SignatureExpired as error:
            raise forms.ValidationError(EXPIRED, code="expired") from error
        except signing.BadSignature as error:
            raise forms.ValidationError(REFUSED, code="bad_timestamp") from error
        if time.time() - rendered_at < settings.FORM_MIN_FILL_SECONDS:
            raise forms.ValidationError(TOO_FAST, code="too_fast")
        return cleaned_data
