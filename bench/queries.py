"""The Django side of the bench: set up one scenario, then count SQL queries per page.

bench/run.py runs this in a subprocess against the throwaway database, with the same
production settings as the gunicorn server:

    python -m bench.queries "30 projects" result.json
    python -m bench.queries --posts result.json

Each page is requested three times with Django's test client. The first request follows a
clear of the cache and of the in-process content-type cache (as after a deploy); the second is
the steady state that the budget applies to (Wagtail caches some things per request only, the
site keeps the site root paths, menu and footer in the cache); the third checks that the second
was steady.

With --posts, each form in bench.scenarios.POSTS is sent three times the way a visitor sends
it (GET the page with CSRF checks on, read the form, POST it from an address of its own), and
the queries of each POST are counted: the first after a clear of the cache, then two more.
The process needs FORM_MIN_FILL_SECONDS=0 (bench/run.py sets it).
"""

import json
import sys
from pathlib import Path

REQUESTS = 3
HOST = "127.0.0.1"


def count_queries(client, path: str) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
    counts, statuses, sql = [], [], []
    for _ in range(REQUESTS):
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        counts.append(len(captured))
        statuses.append(response.status_code)
        sql = [query["sql"] for query in captured.captured_queries]
    return {
        "path": path,
        "status": statuses,
        "cold": counts[0],
        "warm": counts[1],
        "steady": counts[1] == counts[2],
        "counts": counts,
        "sql": sql,
    }


def count_post_queries(post) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from bench.htmlforms import form_fields

    for cache in caches.all():
        cache.clear()
    ContentType.objects.clear_cache()
    counts, statuses, locations, sql = [], [], [], []
    for number in range(1, REQUESTS + 1):
        client = Client(
            enforce_csrf_checks=True, headers={"host": HOST}, REMOTE_ADDR=f"10.99.0.{number}"
        )
        page = client.get(post.page)
        data = form_fields(page.content.decode("utf-8"), post.action)
        data.update(post.fields(f"queries-{post.name}-{number}"))
        with CaptureQueriesContext(connection) as captured:
            response = client.post(post.action, data)
        counts.append(len(captured))
        statuses.append(response.status_code)
        locations.append(response.get("Location", ""))
        sql = [query["sql"] for query in captured.captured_queries]
    return {
        "path": post.action,
        "status": statuses,
        "locations": locations,
        "expect": post.expect,
        "cold": counts[0],
        "warm": counts[1],
        "steady": counts[1] == counts[2],
        "counts": counts,
        "sql": sql,
    }


def describe_settings() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    cache = settings.CACHES["default"]
    static = settings.STORAGES["staticfiles"]["BACKEND"]
    return (
        f"{settings.SETTINGS_MODULE}, DEBUG={settings.DEBUG}, "
        f"database {database['ENGINE'].rsplit('.', 1)[-1]} {database['NAME']}, "
        f"cache {cache['BACKEND'].rsplit('.', 1)[-1]} {cache.get('LOCATION', '')}, "
        f"static files {static.rsplit('.', 1)[-1]}"
    )


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    name, output = argv

    import django

    django.setup()

    from django.test import Client

    from bench.scenarios import POSTS, get_scenario

    if name == "--posts":
        result = {name: count_post_queries(post) for name, post in POSTS.items()}
        Path(output).write_text(json.dumps(result, indent=2), encoding="utf-8")
        return 0
    scenario = get_scenario(name)
    description = scenario.setup()
    client = Client(headers={"host": HOST})
    pages = {page: count_queries(client, path) for page, path in scenario.pages.items()}
    result = {
        "scenario": scenario.name,
        "description": description,
        "settings": describe_settings(),
        "pages": pages,
    }
    Path(output).write_text(json.dumps(result, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
