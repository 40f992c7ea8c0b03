"""Links to the membership page for other apps' templates (home, projects, events), without
them importing this app."""

from django import template
from django.core.cache import cache

from wagtail.models import Page

from home.caching import TIMEOUT, chrome_version

register = template.Library()


@register.simple_tag
def membership_page_url() -> str:
    """The URL of the live membership page ("Lid worden"), or "" while there is none.

    Cached with the menu, so it costs no query on a warm page."""
    key = f"membership-page-url:{chrome_version()}"
    url = cache.get(key)
    if url is None:
        page = (
            Page.objects.live()
            .filter(content_type__app_label="membership", content_type__model="membershippage")
            .first()
        )
        url = page.get_url() if page is not None else ""
        cache.set(key, url, TIMEOUT)
    return url
