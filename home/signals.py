"""Keep Django's Site record in step with the default Wagtail site, and the cached pages in
step with what they show.

django.contrib.sites (used by comments and by absolute links in mail) otherwise keeps saying
example.com. Every change that can show on a page (pages, site settings with the footer, the
menu, people, images, documents, redirects) invalidates the page cache after it commits;
the apps do the same for what they own (reactions, registrations).
"""

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import pagecache
from .caching import forget_view_restrictions
from .models import Person, SiteSettings


def django_site_domain(site: Site) -> str:
    if site.port in (80, 443):
        return site.hostname
    return f"{site.hostname}:{site.port}"


def sync_django_site(site: Site) -> None:
    DjangoSite.objects.update_or_create(
        pk=settings.SITE_ID,
        defaults={
            "domain": django_site_domain(site)[:100],
            "name": (site.site_name or settings.WAGTAIL_SITE_NAME)[:50],
        },
    )


@receiver(post_save, sender=Site)
def wagtail_site_saved(sender, instance: Site, raw=False, **kwargs):
    if not raw and instance.is_default_site:
        sync_django_site(instance)


@receiver(post_save, sender=Site)
@receiver(post_save, sender=SiteSettings)
@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def site_chrome_changed(sender, raw=False, **kwargs):
    if not raw:
        pagecache.invalidate()


@receiver(post_delete)
def page_deleted(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        pagecache.invalidate()


@receiver(post_save, sender=Person)
@receiver(post_delete, sender=Person)
@receiver(post_save, sender=get_image_model())
@receiver(post_delete, sender=get_image_model())
@receiver(post_save, sender=get_document_model())
@receiver(post_delete, sender=get_document_model())
@receiver(post_save, sender=Redirect)
@receiver(post_delete, sender=Redirect)
@receiver(post_delete, sender=Site)
@receiver(post_delete, sender=SiteSettings)
def shown_content_changed(sender, raw=False, **kwargs):
    """People (authors, hosts), images, documents and redirects show on many pages."""
    if not raw:
        pagecache.invalidate()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def view_restrictions_changed(sender, **kwargs):
    forget_view_restrictions()
    pagecache.invalidate()
