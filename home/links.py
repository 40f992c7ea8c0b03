"""Absolute URLs for mails, and signed, expiring links (confirmations, cancellations).

Links are built from the default Wagtail site's root URL, so they say https and the real
host in production, and never example.com."""

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing

from .caching import cached_until_change
from .sites import default_site


class BadLink(Exception):
    """The link was changed, or made for something else."""


class ExpiredLink(BadLink):
    """The link was genuine but is too old."""


@dataclass(frozen=True)
class LinkProblem:
    """What a visitor reads when a link from one of our mails does not work, the same in
    every app (templates: {% link_problem %} from link_tags). Each app may add its
    own next step below it (post again, sign up again, write to us)."""

    title: str
    text: str
    status: int


EXPIRED_LINK = LinkProblem(
    "Deze link is verlopen",
    "Links in onze mails werken maar een beperkte tijd, en deze is te oud.",
    410,
)
BAD_LINK = LinkProblem(
    "Deze link werkt niet",
    "De link is niet compleet, klopt niet of is niet meer geldig. Kopieer hem in zijn geheel "
    "uit de nieuwste mail.",
    400,
)


def link_problem(error: BadLink) -> LinkProblem:
    return EXPIRED_LINK if isinstance(error, ExpiredLink) else BAD_LINK


def site_root_url() -> str:
    """The default site's root URL; cached until a Site is saved (home/signals.py)."""

    def url():
        site = default_site()
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
