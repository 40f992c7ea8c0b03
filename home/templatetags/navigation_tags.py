from django import template

from wagtail.models import Page, Site

register = template.Library()


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages directly below the site's home page that editors marked "show in menus"."""
    request = context.get("request")
    site = Site.find_for_request(request) if request else None
    if site is None:
        return Page.objects.none()
    return (
        site.root_page.get_children()
        .live()
        .public()
        .in_menu()
        .only("id", "title", "url_path", "path", "depth")
    )


@register.simple_tag(takes_context=True)
def canonical_url(context):
    page = context.get("page")
    request = context.get("request")
    if page is not None and hasattr(page, "get_full_url"):
        return page.get_full_url(request)
    if request is not None:
        return request.build_absolute_uri(request.path)
    return ""
