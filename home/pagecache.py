"""The shared page cache: anonymous visitors get pages from the cache, in one round trip.

Why our own middleware: wagtail-cache (the Wagtail package for this) has no release for
Wagtail 8 (3.0.0 requires wagtail<8.0), and Django's cache middleware keys on the full URL
(so `?x=random` fills the cache), stores responses that vary on cookies under a per-cookie
key, and looks up the header list and the entry in separate round trips.

What this one does (README, "Page cache"):

- It runs before sessions and authentication. A GET or HEAD without a session or messages
  cookie is a *candidate*: it is looked up, and forms on the page are rendered without
  per-visitor tokens (home.formtokens fills them in later).
- The key is the host, the path and only the query parameters the pages use
  (PAGE_CACHE_QUERY_PARAMS); anything else in the query is ignored. A request with a result
  state (`?reactie=`, `?aanmelding=`) or a search is never cached.
- One cache round trip per hit: the current version and the entry come in one get_many, or,
  for a page this process served before, only the version (the page is kept in memory).
  An entry records the version it was rendered under; invalidate() changes the version (the
  `cached_until_change` one of home.caching), after the transaction commits, so every server
  process sees the change at once.
- Only Wagtail pages are stored, and only a 200 without Set-Cookie, without Vary: Cookie and
  without private/no-store/no-cache. Each entry lives at most PAGE_CACHE_MAX_AGE seconds, or
  less when the page says when it changes by itself (expire_at()).
- Stored pages carry `Cache-Control: public, max-age=0, s-maxage=N` for a front cache; the
  page_cache_invalidated signal is where that front cache gets purged. Responses to personal
  requests (a session, a POST, a response that sets a cookie) carry `private, no-store`.
- When the cache fails, pages are rendered as without it (home.cache logs it once a minute).
"""

import hashlib
import math
import threading
import time
import uuid
from collections import OrderedDict

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import cc_delim_re, has_vary_header
from django.utils.http import urlencode

from .cache import report_cache_failure
from .caching import CHROME_VERSION_KEY

ENTRY_PREFIX = "pagecache:"
HIT_HEADER = "X-Page-Cache"
# Sent after the transaction that changed pages committed: the hook for a front cache
# (wagtail.contrib.frontend_cache) to purge what it holds.
page_cache_invalidated = Signal()


def _setting(name, default):
    return getattr(settings, name, default)


def enabled() -> bool:
    return _setting("PAGE_CACHE_ENABLED", True)


def max_age() -> int:
    return _setting("PAGE_CACHE_MAX_AGE", 300)


# -- invalidation ---------------------------------------------------------------------------


def _bump() -> None:
    try:
        cache.set(CHROME_VERSION_KEY, uuid.uuid4().hex, None)
    except Exception as error:  # noqa: BLE001 - a failing cache must not fail the change
        report_cache_failure(error)


def _bump_and_purge() -> None:
    _bump()
    page_cache_invalidated.send(sender=None)


def invalidate() -> None:
    """Every cached page (and every value of home.caching.cached_until_change) is stale.

    Bumped now, so that this process sees it at once, and again after the transaction
    commits: a page another process renders in between, from the data before the commit,
    is stored under the version of now and is never served after the commit."""
    _bump()
    transaction.on_commit(_bump_and_purge)


def expire_at(response, moment) -> None:
    """Keep `response` in the page cache no later than `moment` (an aware datetime): when
    registration closes, an event starts, reactions close. Ignored when `moment` is None
    or later than what was already asked; a moment already past changes nothing any more."""
    if moment is None:
        return
    seconds = math.floor((moment - timezone.now()).total_seconds())
    if seconds < 0:
        return
    current = getattr(response, "page_cache_max_age", None)
    response.page_cache_max_age = seconds if current is None else min(current, seconds)


# -- the request side -----------------------------------------------------------------------


def is_candidate(request) -> bool:
    """Whether this response may fill the shared cache (an anonymous GET of a Wagtail page).
    Templates ask this to leave per-visitor tokens out (home.templatetags.form_tokens)."""
    if not getattr(request, "page_cache_candidate", False):
        return False
    match = request.resolver_match
    return match is not None and match.url_name == "wagtail_serve"


def _personal(request) -> bool:
    cookies = request.COOKIES
    if not cookies:
        return False
    return any(name in cookies for name in _bypass_cookies())


def _bypass_cookies() -> tuple[str, ...]:
    return (
        settings.SESSION_COOKIE_NAME,
        _setting("MESSAGE_COOKIE_NAME", "messages"),
        *_setting("PAGE_CACHE_BYPASS_COOKIES", ()),
    )


def _query_key(request) -> str | None:
    """The query parameters that select content, normalised; None when the request carries
    a state that must not be cached."""
    query = request.GET
    if not query:
        return ""
    if any(name in query for name in _setting("PAGE_CACHE_BYPASS_PARAMS", ())):
        return None
    kept = []
    for name in _setting("PAGE_CACHE_QUERY_PARAMS", ()):
        value = query.get(name, "")
        if not value:
            continue
        if name == "page":
            # Paginator.get_page shows page 1 for anything that is not a number.
            if not value.isdigit() or len(value) > 6 or value.lstrip("0") in ("", "1"):
                continue
            value = value.lstrip("0")
        kept.append((name, value[:100]))
    return urlencode(kept)


def entry_key(request, query: str) -> str:
    raw = f"{request.get_host()}\n{request.path}\n{query}".encode("utf-8", "surrogateescape")
    return ENTRY_PREFIX + hashlib.sha256(raw).hexdigest()


def _skipped_path(path: str) -> bool:
    return path.startswith(_setting("PAGE_CACHE_SKIP_PREFIXES", ()))


# -- the response side ----------------------------------------------------------------------


def _cache_control(response) -> set[str]:
    value = response.get("Cache-Control", "")
    return {part.split("=", 1)[0].strip().lower() for part in cc_delim_re.split(value) if part}


def storable(request, response) -> bool:
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    match = request.resolver_match
    if match is None or match.url_name != "wagtail_serve":
        return False
    if response.cookies or has_vary_header(response, "Cookie"):
        return False
    return not _cache_control(response) & {"private", "no-store", "no-cache"}


def make_personal(response) -> None:
    response.headers["Cache-Control"] = "private, no-store"


def _public_headers(response, seconds: int) -> None:
    response.headers["Cache-Control"] = f"public, max-age=0, s-maxage={seconds}"


class _LocalEntries:
    """The entries this process served last, so that a hit asks the shared cache only for
    the (small) current version instead of the whole page: still one round trip, and still
    never stale, as an entry is served only under the version the shared cache names now."""

    def __init__(self):
        self._entries: OrderedDict[str, tuple] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str):
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def put(self, key: str, entry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > _setting("PAGE_CACHE_LOCAL_ENTRIES", 200):
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


local_entries = _LocalEntries()


def _read(key: str):
    """(version, entry) in one round trip; (None, None) when the cache fails."""
    known = local_entries.get(key)
    try:
        if known is not None and known[1] > time.time():
            version = cache.get(CHROME_VERSION_KEY)
            if version is not None and version == known[0]:
                return version, known
            # Changed since: another process may have stored the new page already.
        found = cache.get_many([CHROME_VERSION_KEY, key])
    except Exception as error:  # noqa: BLE001
        report_cache_failure(error)
        return None, None
    version, entry = found.get(CHROME_VERSION_KEY), found.get(key)
    if entry is not None and entry[0] == version:
        local_entries.put(key, entry)
    return version, entry


def _current_version() -> str | None:
    """The version to store under when none was set yet (first request after a flush)."""
    version = uuid.uuid4().hex
    try:
        if cache.add(CHROME_VERSION_KEY, version, None):
            return version
        return cache.get(CHROME_VERSION_KEY)
    except Exception as error:  # noqa: BLE001
        report_cache_failure(error)
        return None


def _from_entry(request, entry) -> HttpResponse:
    _version, stored_until, status, headers, body = entry
    response = HttpResponse(b"" if request.method == "HEAD" else body, status=status)
    for name, value in headers:
        response.headers[name] = value
    if request.method == "HEAD":
        response.headers["Content-Length"] = str(len(body))
    _public_headers(response, max(0, int(stored_until - time.time())))
    response.headers[HIT_HEADER] = "hit"
    return response


class PageCacheMiddleware:
    """Serve and fill the shared page cache; see the module docstring. Place it after
    SecurityMiddleware and WhiteNoise, before SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            request.method not in ("GET", "HEAD")
            or not enabled()
            or _personal(request)
            or _skipped_path(request.path)
        ):
            return self._pass(request)
        query = _query_key(request)
        if query is None:
            return self._pass(request)
        key = entry_key(request, query)
        version, entry = _read(key)
        if entry is not None and version is not None and entry[0] == version:
            return _from_entry(request, entry)
        if version is None:
            version = _current_version()
        if version is None:  # the cache fails: render the page as without one
            return self._pass(request)
        request.page_cache_candidate = True
        response = self.get_response(request)
        if storable(request, response):
            self._store(key, version, response)
        elif response.cookies:
            make_personal(response)
        return response

    def _pass(self, request):
        response = self.get_response(request)
        if request.method not in ("GET", "HEAD") or _personal(request) or response.cookies:
            make_personal(response)
        return response

    def _store(self, key, version, response) -> None:
        seconds = max_age()
        page_says = getattr(response, "page_cache_max_age", None)
        if page_says is not None:
            seconds = min(seconds, page_says)
        if seconds <= 0:
            return
        _public_headers(response, seconds)
        headers = tuple(
            (name, value)
            for name, value in response.headers.items()
            if name.lower() not in ("cache-control", HIT_HEADER.lower())
        )
        entry = (version, time.time() + seconds, response.status_code, headers, response.content)
        try:
            cache.set(key, entry, seconds)
        except Exception as error:  # noqa: BLE001
            report_cache_failure(error)
            return
        local_entries.put(key, entry)
        response.headers[HIT_HEADER] = "miss"


class AnonymousWithoutSessionMiddleware:
    """A request without a session cookie is anonymous: say so without opening the session.

    Opening it (the userbar asks who is there) would add `Vary: Cookie` to the response, and
    a response that varies on cookies is never stored in the page cache. Place it right
    after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            request.user = AnonymousUser()
        return self.get_response(request)
