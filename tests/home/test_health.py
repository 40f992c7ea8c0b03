"""The health endpoint for the load balancer's probes, the 503 while the database is away,
and banning the front caches."""

import http.server
import threading
from unittest import mock

from django.db import OperationalError, ProgrammingError

import pytest

from home import frontcache, health


@pytest.fixture
def tolerant_client(client):
    client.raise_request_exception = False
    return client


@pytest.mark.django_db
class HealthEndpointTests:
    def test_ok_when_database_and_cache_answer(self, client):
        response = client.get("/gezond/")
        assert response.status_code == 200
        assert response.content == b"ok\n"
        assert response["Cache-Control"] == "no-store"
        assert not response.cookies

    def test_probe_by_ip_address_over_http_is_answered(self, client, settings):
        # A probe addresses the node by its IP over plain HTTP: no host check, no redirect.
        settings.ALLOWED_HOSTS = ["www.leisurelablimburg.nl"]
        settings.SECURE_SSL_REDIRECT = True
        response = client.get("/gezond/", HTTP_HOST="10.0.0.11:8000")
        assert response.status_code == 200
        assert client.get("/", HTTP_HOST="10.0.0.11:8000").status_code == 400

    def test_database_unreachable_is_503_without_details(self, client):
        refused = OperationalError('connection to server at "10.0.0.5" failed: refused')
        with mock.patch.object(health.connections["default"], "cursor", side_effect=refused):
            response = client.get("/gezond/")
        assert response.status_code == 503
        assert response.content == b"unavailable\n"
        assert response["Retry-After"] == "30"
        assert b"10.0.0.5" not in response.content

    def test_cache_unreachable_is_degraded_but_healthy(self, client):
        # A cache backend that swallows its errors answers "not cached": found out all the same.
        with mock.patch.object(health.cache, "get", return_value=None):
            response = client.get("/gezond/")
        assert response.status_code == 200
        assert response.content == b"degraded\n"

    def test_cache_raising_is_degraded(self, client):
        with mock.patch.object(health.cache, "set", side_effect=ConnectionError("refused")):
            response = client.get("/gezond/")
        assert response.status_code == 200
        assert response.content == b"degraded\n"

    def test_only_get_and_head(self, client):
        assert client.head("/gezond/").status_code == 200
        response = client.post("/gezond/")
        assert response.status_code == 405
        assert response["Allow"] == "GET, HEAD"


@pytest.mark.django_db
class DatabaseUnavailablePageTests:
    def test_unreachable_database_answers_503_with_retry_after_in_dutch(self, tolerant_client):
        refused = OperationalError("could not connect to server: Connection refused")
        with mock.patch("home.views.search_pages", side_effect=refused):
            response = tolerant_client.get("/zoeken/", {"q": "workshop"})
        assert response.status_code == 503
        assert response["Retry-After"] == "30"
        assert response["Cache-Control"] == "no-store"
        content = response.content.decode()
        assert '<html lang="nl">' in content
        assert "We zijn zo terug" in content
        assert "Connection refused" not in content

    def test_other_errors_stay_a_500(self, tolerant_client):
        with mock.patch("home.views.search_pages", side_effect=ProgrammingError("bad column")):
            response = tolerant_client.get("/zoeken/", {"q": "workshop"})
        assert response.status_code == 500
        assert "Retry-After" not in response
        assert "Er ging iets mis" in response.content.decode()

    def test_the_site_recovers_once_the_database_answers(self, tolerant_client, demo):
        refused = OperationalError("could not connect to server: Connection refused")
        with mock.patch("home.views.search_pages", side_effect=refused):
            assert tolerant_client.get("/zoeken/", {"q": "x"}).status_code == 503
        assert tolerant_client.get("/zoeken/", {"q": "x"}).status_code == 200


class RecordingHandler(http.server.BaseHTTPRequestHandler):
    seen: list[tuple[str, str]] = []

    def do_BAN(self):  # noqa: N802 - the HTTP method's name
        self.seen.append((self.command, self.path))
        self.send_response(200)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args):
        pass


class FrontCachePurgeTests:
    def test_purge_all_bans_every_varnish_node_and_survives_a_dead_one(self, settings):
        server = http.server.HTTPServer(("127.0.0.1", 0), RecordingHandler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        dead = http.server.HTTPServer(("127.0.0.1", 0), RecordingHandler)
        dead_port = dead.server_address[1]
        dead.server_close()  # nothing listens there any more
        backend = "wagtail.contrib.frontend_cache.backends.HTTPBackend"
        settings.WAGTAILFRONTENDCACHE = {
            "varnish1": {"BACKEND": backend, "LOCATION": f"http://127.0.0.1:{dead_port}"},
            "varnish2": {
                "BACKEND": backend,
                "LOCATION": f"http://127.0.0.1:{server.server_address[1]}",
            },
        }
        RecordingHandler.seen = []
        try:
            assert frontcache.purge_all() == 1
        finally:
            server.shutdown()
            server.server_close()
        assert RecordingHandler.seen == [("BAN", "/")]

    def test_nothing_to_do_without_varnish(self, settings):
        settings.WAGTAILFRONTENDCACHE = {}
        assert frontcache.purge_all() == 0
