"""Template tags for membership's own templates. Other apps reach membership through
home.registry ({% site_link "join" %}, {% sections %}), never through these."""

from django import template

from .. import sections

register = template.Library()


@register.simple_tag
def membership_page_url() -> str:
    """The URL of the live membership page ("Lid worden"), or "" while there is none."""
    return sections.membership_page_url()
