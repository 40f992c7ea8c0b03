from django import template

from projects.reactions import reaction_html

register = template.Library()


@register.filter
def reaction_text(text) -> str:
    """Reaction text as safe HTML: escaped, line breaks kept, web addresses as nofollow links."""
    return reaction_html(str(text or ""))
