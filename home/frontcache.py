"""Purging the front caches (Varnish) beyond what Wagtail purges by itself.

Wagtail's frontend_cache app purges a page's own URL from every node in WAGTAILFRONTENDCACHE
(settings: VARNISH_URLS) when it is published or unpublished. A change that shows on many
pages at once (the menu, the footer, a moderated reaction on a listing, a full event) needs
more: purge_all() sends a BAN to every node, and deploy/varnish/default.vcl drops every
cached object for it. Call it after the transaction that made the change has committed (the
page cache's invalidation hook does), so a node cannot fetch the old state again.
"""

import logging
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2
HTTP_BACKEND = "wagtail.contrib.frontend_cache.backends.HTTPBackend"


class BanRequest(urllib.request.Request):
    def get_method(self):
        return "BAN"


def varnish_locations() -> list[str]:
    """The URL of every Varnish node, from the frontend_cache configuration."""
    backends = getattr(settings, "WAGTAILFRONTENDCACHE", {}) or {}
    return [
        config["LOCATION"] for config in backends.values() if config.get("BACKEND") == HTTP_BACKEND
    ]


def purge_all() -> int:
    """Ban everything on every Varnish node; return how many nodes confirmed. A node that
    does not answer is logged, never raised: its objects expire by their own s-maxage."""
    confirmed = 0
    for location in varnish_locations():
        scheme, netloc, *_ = urlsplit(location)
        request = BanRequest(
            urlunsplit((scheme, netloc, "/", "", "")),
            headers={"User-Agent": "leisurelab-frontcache"},
        )
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 - the configured Varnish URL
                confirmed += response.status == 200
        except (urllib.error.URLError, OSError) as error:
            logger.error("Could not ban the front cache at %s: %s", location, error)
    return confirmed


def purge_all_on_change(sender=None, **kwargs) -> None:
    """A signal receiver for "pages changed" hooks (the page cache's invalidation signal)."""
    purge_all()
