"""Small caches that keep every page within its query budget.

The header menu and the footer are the same on every page, and page view restrictions are
rare; all three are cached and dropped by signals (home/signals.py) when what they show
changes. The cache is shared between server processes (Redis or files, see settings), so one
worker's invalidation holds for all.
"""

import uuid

from django.core.cache import cache

from wagtail.models import PageViewRestriction

CHROME_VERSION_KEY = "site-chrome-version"
VIEW_RESTRICTIONS_KEY = "page-view-restrictions-exist"
TIMEOUT = 60 * 60 * 24


def current_version(key: str) -> str:
    """A token kept in the cache under key, to build other cache keys on: bump_version(key)
    changes it, so every entry built on it is out of date at once (and expires on its own)."""
    version = cache.get(key)
    if version is None:
        version = uuid.uuid4().hex
        cache.set(key, version, None)
    return version


def bump_version(key: str) -> None:
    cache.set(key, uuid.uuid4().hex, None)


def chrome_version() -> str:
    """A token that changes whenever the menu or the footer may have changed."""
    return current_version(CHROME_VERSION_KEY)


def bump_chrome_version() -> None:
    bump_version(CHROME_VERSION_KEY)


def cached_until_change(name: str, compute, timeout: int = TIMEOUT):
    """compute() once, then from the cache until pages or site settings change (the
    chrome version). `name` tells apart what is cached; compute() must not return None."""
    key = f"{name}:{chrome_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, timeout)
    return value


def view_restrictions_exist() -> bool:
    exists = cache.get(VIEW_RESTRICTIONS_KEY)
    if exists is None:
        exists = PageViewRestriction.objects.exists()
        cache.set(VIEW_RESTRICTIONS_KEY, exists, TIMEOUT)
    return exists


def forget_view_restrictions() -> None:
    cache.delete(VIEW_RESTRICTIONS_KEY)


def public(queryset):
    """`queryset.public()` without its query while no page has a view restriction."""
    return queryset.public() if view_restrictions_exist() else queryset
