"""Health of one app node, and what visitors get while the database is away.

- HealthCheckMiddleware answers GET /gezond/ for the load balancer's probes (Varnish,
  deploy/varnish/): 200 "ok" when the database and the cache answer, 200 "degraded" when only
  the cache does not (pages are still rendered without it, so taking every node out of the
  pool would only make things worse), 503 "unavailable" when the database does not. The body
  says no more than that; the reason goes to the log. It runs first of all middleware: no host
  check, no HTTPS redirect, no session, no page cache, so a probe by IP address works.
- server_error is the 500 handler: an error reaching the database (unreachable, restarting,
  timed out) becomes a 503 with Retry-After and the Dutch page 503.html, rendered without the
  database. Once the database is back, the next request connects again (CONN_HEALTH_CHECKS):
  nothing has to be restarted.
"""

import logging
import sys
import uuid

from django.core.cache import cache
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

HEALTH_PATH = "/gezond/"
RETRY_AFTER_SECONDS = 30
HEALTH_CACHE_KEY = "health-check"

logger = logging.getLogger(__name__)


def database_reachable() -> bool:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        logger.warning("Health check: database unreachable: %s", error)
        # Do not keep a broken persistent connection for the next request.
        connections["default"].close_if_unusable_or_obsolete()
        return False
    return True


def cache_reachable() -> bool:
    """A write and a read of a fresh value: a cache backend that swallows its errors (and
    answers "not cached") is found out as well as one that raises."""
    token = uuid.uuid4().hex
    try:
        cache.set(HEALTH_CACHE_KEY, token, 30)
        reachable = cache.get(HEALTH_CACHE_KEY) == token
    except Exception as error:  # any backend error means unreachable
        logger.warning("Health check: cache unreachable: %s", error)
        return False
    if not reachable:
        logger.warning("Health check: cache did not keep a value")
    return reachable


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != HEALTH_PATH:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            response = HttpResponse(status=405)
            response["Allow"] = "GET, HEAD"
            return response
        if not database_reachable():
            response = HttpResponse("unavailable\n", status=503)
            response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        elif not cache_reachable():
            response = HttpResponse("degraded\n")
        else:
            response = HttpResponse("ok\n")
        response["Content-Type"] = "text/plain; charset=utf-8"
        response["Cache-Control"] = "no-store"
        return response


def database_unavailable(request) -> HttpResponse:
    """The Dutch "back soon" page, rendered without the database."""
    response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request):
    """handler500: Django calls it while handling the exception, so sys.exc_info() tells
    whether the database was the cause (a connection failure, not a bug in a query)."""
    error = sys.exc_info()[1]
    if isinstance(error, OperationalError | InterfaceError):
        return database_unavailable(request)
    return defaults.server_error(request)
