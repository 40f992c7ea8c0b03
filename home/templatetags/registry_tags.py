"""What capabilities contribute to shared templates through home.registry, so that the home
page and one capability's templates never name another capability."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from home.registry import registry

register = template.Library()


@register.simple_tag(takes_context=True)
def sections(context, slot: str):
    """Every section the apps add to `slot` ("home", "page_end"), in their order."""
    sections = registry.render_sections(slot, context.get("request"))
    return format_html_join("\n", "{}", ((mark_safe(html),) for html in sections))  # noqa: S308 - each app renders its own autoescaped template


@register.simple_tag
def site_link(name: str) -> dict:
    """A named link another app provides, e.g. {% site_link "join" as join %} gives
    join.url and join.label ("" while no app provides it)."""
    url, label = registry.link(name)
    return {"url": url, "label": label}
