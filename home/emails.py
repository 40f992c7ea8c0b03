"""One spelling per email address, for every app that compares or stores addresses.

Registrations, applications, members and reactions all decide "is this the same person" by
this function, so an address typed as "Jan@Example.nl" in one form and "jan@example.nl" in
another is one address everywhere (privacy export and erase included)."""

import contextlib
import hashlib
import unicodedata

from django.utils.encoding import punycode

EMAIL_MAX_LENGTH = 254


def normalise_email(email: str) -> str:
    """The form of an address that decides whether two records are from one person.

    Case is ignored throughout: mail providers treat the local part case-insensitively in
    practice. The domain is spelled as mail is sent to it (punycode), so an international
    domain, or one with an invisible character that IDNA drops, is one domain however it was
    typed."""
    email = unicodedata.normalize("NFKC", email or "").strip()
    local, at, domain = email.rpartition("@")
    if at:
        with contextlib.suppress(UnicodeError):  # not a valid domain: keep it as typed
            domain = punycode(domain)
    normalised = f"{local}{at}{domain}".casefold()
    if len(normalised) > EMAIL_MAX_LENGTH:
        # Punycode and NFKC can make a valid address longer than the column: a digest of it
        # is one value per address all the same.
        return "sha256:" + hashlib.sha256(normalised.encode()).hexdigest()
    return normalised


class NormalisedEmailMixin:
    """For a model with `email` and `email_normalised`: saving keeps the second in step with
    the first (registrations, applications, members)."""

    def save(self, *args, **kwargs):
        self.email_normalised = normalise_email(self.email)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "email" in update_fields:
            kwargs["update_fields"] = {*update_fields, "email_normalised"}
        super().save(*args, **kwargs)
