from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from wagtail.models import Site

from home.caching import cached_until_change, public
from home.models import SiteSettings

register = template.Library()


def _site(context):
    request = context.get("request")
    return Site.find_for_request(request) if request is not None else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Live pages directly below the home page that editors marked "show in menus", as
    dicts with title, url, path and current (aria-current for the page being shown); the list
    is cached until a page is published, moved or removed."""
    site = _site(context)
    if site is None:
        return []

    def items():
        pages = public(site.root_page.get_children().live().in_menu())
        return [
            {"pk": page.pk, "title": page.title, "url": page.get_url(), "path": page.path}
            for page in pages.only("id", "title", "url_path", "path", "depth")
        ]

    page = context.get("page")
    path = getattr(page, "path", "")
    return [
        # A menu page is "current" for itself and for every page below it.
        {**item, "current": current_state(item, page_pk=getattr(page, "pk", None), path=path)}
        for item in cached_until_change(f"main-menu:{site.pk}", items)
    ]


def current_state(item: dict, *, page_pk, path: str) -> str:
    """The value of the menu link's aria-current: "page" on the page itself, "true" below it."""
    if page_pk == item["pk"]:
        return "page"
    return "true" if path.startswith(item["path"]) else ""


@register.simple_tag(takes_context=True)
def site_footer(context):
    """The footer with the site's contact details, rendered once per change of settings."""
    site = _site(context)
    html = cached_until_change(
        f"site-footer:{site.pk if site else 0}",
        lambda: render_to_string(
            "components/footer.html",
            {"site_settings": SiteSettings.for_site(site) if site else None},
        ),
    )
    return mark_safe(html)  # noqa: S308 - rendered from our own autoescaped template


@register.simple_tag(takes_context=True)
def canonical_url(context):
    page = context.get("page")
    request = context.get("request")
    if page is not None and hasattr(page, "get_full_url"):
        return page.get_full_url(request)
    if request is not None:
        return request.build_absolute_uri(request.path)
    return ""


def share_image_data(image) -> dict:
    """The og:image of an image: its 1200×630 crop (URL relative to the site) and its alt."""
    rendition = image.get_rendition("fill-1200x630")
    return {
        "url": rendition.url,
        "alt": image.description,
        "width": rendition.width,
        "height": rendition.height,
    }


@register.inclusion_tag("components/share_image.html", takes_context=True)
def share_image_meta(context):
    """og:image for every page: the page's own image (BasePage.share_image), else the default
    image of the site settings (cached with the footer: no query on a warm page); nothing
    when neither is set."""
    page = context.get("page")
    request = context.get("request")
    if request is None:
        return {}
    image = None
    if page is not None and callable(getattr(page, "share_image", None)):
        image = page.share_image()
    if image is not None:
        data = share_image_data(image)
    else:
        site = _site(context)
        if site is None:
            return {}

        def default():
            chosen = SiteSettings.for_site(site).default_share_image
            return share_image_data(chosen) if chosen is not None else {}

        data = cached_until_change(f"default-share-image:{site.pk}", default)
    if not data:
        return {}
    return {**data, "url": request.build_absolute_uri(data["url"])}
