"""Absolute URLs for mails, and signed, expiring links (confirmations, cancellations).

Links are built from the default Wagtail site's root URL, so they say https and the real
host in production, and never example.com."""

from datetime import timedelta

from django.conf import settings
from django.core import signing

from wagtail.models import Site

from .caching import cached_until_change


class BadLink(Exception):
    """The link was changed, or made for something else."""


class ExpiredLink(BadLink):
    """The link was genuine but is too old."""


def site_root_url() -> str:
    """The default site's root URL; cached until a Site is saved (home/signals.py)."""

    def url():
        site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
        return site.root_url if site else settings.WAGTAILADMIN_BASE_URL.rstrip("/")

    return cached_until_change("site-root-url", url)


def absolute_url(path: str) -> str:
    if path.startswith(("http://", "https://")):
        return path
    return site_root_url() + "/" + path.lstrip("/")


def make_token(payload, *, salt: str) -> str:
    """Sign payload (JSON-serialisable) with SECRET_KEY and a salt of its own."""
    return signing.dumps(payload, salt=salt, compress=True)


def read_token(token: str, *, salt: str, max_age: timedelta | None = None):
    """The payload of a token made by make_token; BadLink or ExpiredLink when it is not."""
    if max_age is None:
        max_age = timedelta(days=settings.SIGNED_LINK_MAX_AGE_DAYS)
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as error:
        raise ExpiredLink(str(error)) from error
    except signing.BadSignature as error:
        raise BadLink(str(error)) from error
