"""Helpers for the page-cache tests: a cache shared between processes, and a second server
process that asks for a page the way another gunicorn worker would."""

import json
import os
import re

from django.db import connections
from django.test import Client

import pytest

from home.pagecache import HIT_HEADER

TOKEN_VALUE = re.compile(
    r'name="(csrfmiddlewaretoken|rendered_at|security_hash|timestamp)" value="([^"]+)"'
)


@pytest.fixture
def shared_cache(settings, tmp_path):
    """The file cache, which every process on the machine shares (as they share Redis)."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    settings.PAGE_CACHE_ENABLED = True
    return tmp_path / "cache"


def get(path: str, client: Client | None = None):
    response = (client or Client()).get(path)
    return response.status_code, response.content.decode(), response.get(HIT_HEADER, "")


def get_in_other_process(path: str) -> tuple[int, str, str]:
    """GET `path` in a forked process with its own database connection: (status, html, and
    the X-Page-Cache header). Only the cache and the database are shared with this one."""
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = 0
        try:
            os.close(read_end)
            for connection in connections.all(initialized_only=True):
                if connection.vendor != "sqlite":
                    # Never close the parent's socket from here: open a connection of our own.
                    connection.connection = None
            status, html, hit = get(path)
            with os.fdopen(write_end, "w") as pipe:
                json.dump([status, html, hit], pipe)
        except BaseException:  # noqa: BLE001
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    with os.fdopen(read_end) as pipe:
        payload = pipe.read()
    _pid, status = os.waitpid(pid, 0)
    assert status == 0 and payload, "the second process failed"
    status_code, html, hit = json.loads(payload)
    return status_code, html, hit


def token_values(html: str) -> dict[str, str]:
    return dict(TOKEN_VALUE.findall(html))
