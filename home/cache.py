"""A Redis cache backend that lets the site run on while Redis is away.

Django's RedisCache raises on every call when Redis is unreachable, and the cache is used on
every page (menu, footer, the page cache, rate limits): one outage would turn the whole site
into 500s. This backend answers a failed read with "not cached" and a failed write with
nothing, logs that at most once a minute, and then leaves Redis alone for a few seconds, so
pages are rendered as they would be without any cache.

Changes made while Redis was away could not bump the page-cache version (home.caching). So
the first call that reaches Redis again after an outage bumps it: no page stored before the
outage is served afterwards.
"""

import logging
import threading
import time
import uuid

from django.core.cache.backends.redis import RedisCache, RedisCacheClient

from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOG_INTERVAL_SECONDS = 60
# After a failure, calls skip Redis for this long instead of waiting on it again per request.
RETRY_AFTER_SECONDS = 5

_lock = threading.Lock()
_state = {"down_until": 0.0, "logged_at": 0.0, "was_down": False}


def report_cache_failure(error: Exception) -> None:
    """Log a failing cache, at most once a minute per process (not once per request)."""
    now = time.monotonic()
    with _lock:
        if _state["logged_at"] and now - _state["logged_at"] < LOG_INTERVAL_SECONDS:
            return
        _state["logged_at"] = now
    logger.error("Cache unreachable, pages are rendered without it: %s", error)


def _failed(error: Exception) -> None:
    with _lock:
        _state["down_until"] = time.monotonic() + RETRY_AFTER_SECONDS
        _state["was_down"] = True
    report_cache_failure(error)


def reset_failure_state() -> None:
    """For tests: forget earlier failures."""
    with _lock:
        _state.update(down_until=0.0, logged_at=0.0, was_down=False)


class ReusingRedisCacheClient(RedisCacheClient):
    """Django's client builds a new redis.Redis object for every call, about 0.1 ms of setting
    up response callbacks each time: on a page-cache hit that was most of the time spent in
    Python. A redis.Redis object is safe to share (it takes connections from its pool), so
    keep one per pool."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class ResilientRedisCache(RedisCache):
    """RedisCache whose failures read as cache misses (see the module docstring)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusingRedisCacheClient

    def _call(self, name, default, *args, **kwargs):
        if _state["down_until"] > time.monotonic():
            return default
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except (RedisError, OSError) as error:
            _failed(error)
            return default
        if _state["was_down"]:
            self._recovered()
        return result

    def _recovered(self) -> None:
        # Not at the top: this module is the cache backend, loaded while django.core.cache
        # sets up, and home.caching imports django.core.cache.
        from .caching import CHROME_VERSION_KEY

        with _lock:
            if not _state["was_down"]:
                return
            _state["was_down"] = False
        try:
            super().set(CHROME_VERSION_KEY, uuid.uuid4().hex, None)
        except (RedisError, OSError) as error:
            _failed(error)

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=None, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=None, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=None, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=None, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        result = self._call("incr", None, key, delta, version)
        if result is None:
            # What a missing key raises too; django-ratelimit reads it as "count unknown".
            raise ValueError(f"Key '{key}' not found or the cache is unreachable.")
        return result

    def clear(self):
        return self._call("clear", False)
