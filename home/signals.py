"""Keep Django's Site record in step with the default Wagtail site.

django.contrib.sites (used by comments and by absolute links in mail) otherwise keeps saying
example.com.
"""

from django.conf import settings
from django.contrib.sites.models import Site as DjangoSite
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import bump_chrome_version, forget_view_restrictions
from .models import SiteSettings


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
def site_chrome_changed(sender, **kwargs):
    bump_chrome_version()


@receiver(post_delete)
def page_deleted(sender, instance=None, **kwargs):
    if isinstance(instance, Page):
        bump_chrome_version()


@receiver(post_save, sender=PageViewRestriction)
@receiver(post_delete, sender=PageViewRestriction)
def view_restrictions_changed(sender, **kwargs):
    forget_view_restrictions()
    bump_chrome_version()
