"""Links to the membership page for other apps' templates (home, projects, events), without
them importing this app."""

from django import template

from wagtail.models import Page

from home.caching import cached_until_change

register = template.Library()


@register.simple_tag
def membership_page_url() -> str:
    """The URL of the live membership page ("Lid worden"), or "" while there is none.

    Cached with the menu, so it costs no query on a warm page."""

    def url():
        page = (
            Page.objects.live()
            .filter(content_type__app_label="membership", content_type__model="membershippage")
            .first()
        )
        return page.get_url() if page is not None else ""

    return cached_until_change("membership-page-url", url)
