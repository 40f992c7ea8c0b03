"""The one site this project serves: Wagtail's default site, and its settings.

Mails, moderation and the board's notifications happen outside a request (or for a request
to another host), so they read the default site's settings rather than the request's. Every
app asks here, for home's SiteSettings or for a capability's own BaseSiteSetting."""

from typing import TypeVar

from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

SettingT = TypeVar("SettingT", bound=BaseSiteSetting)


def default_site() -> Site | None:
    return Site.objects.filter(is_default_site=True).first()


def default_site_settings(setting_class: type[SettingT]) -> SettingT:
    """The default site's settings of that class; an unsaved instance with the field defaults
    when there is no default site yet (a fresh database), so callers need no None check."""
    site = default_site()
    return setting_class.for_site(site) if site is not None else setting_class()
