"""Helpers for tests of requests arriving at the same moment, on PostgreSQL (the production
database). SQLite serialises every write, so such tests only mean something on PostgreSQL:
they skip unless DATABASE_URL points there (CI runs the suite on both)."""

import threading
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import connections

import pytest

postgresql_only = [
    pytest.mark.skipif(
        "postgresql" not in settings.DATABASES["default"]["ENGINE"],
        reason="concurrency is tested on PostgreSQL: set DATABASE_URL=postgres://…",
    ),
    # serialized_rollback puts back what the flush removes (the root page, the locale).
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def run_in_parallel(work, count: int) -> list:
    """Run work(i) in `count` threads that all start at once, each with its own database
    connection (as each gunicorn worker has); return what each raised."""
    barrier = threading.Barrier(count)

    def worker(index):
        try:
            barrier.wait(timeout=30)
            work(index)
        except Exception as error:  # noqa: BLE001 - every failure is reported by the caller
            return error
        finally:
            connections.close_all()
        return None

    with ThreadPoolExecutor(max_workers=count) as pool:
        return [error for error in pool.map(worker, range(count)) if error is not None]
