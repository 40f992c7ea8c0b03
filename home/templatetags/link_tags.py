from django import template

from home.links import BAD_LINK, EXPIRED_LINK

register = template.Library()


@register.inclusion_tag("components/link_problem.html")
def link_problem(expired=False, heading="h1"):
    """The heading and text for a link from one of our mails that does not work:
    {% link_problem %} for a bad link, {% link_problem expired=True %} for an expired one;
    heading="h2" below a page's own h1."""
    return {"problem": EXPIRED_LINK if expired else BAD_LINK, "heading": heading}
