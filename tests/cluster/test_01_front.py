"""Varnish in front of the nodes (deploy/varnish/default.vcl): what it caches, what it passes,
who may purge, and the client address the app is given."""

import re
import subprocess
import uuid

import requests

from deploy import cluster
from tests.cluster.conftest import FRONT, shell

STATIC = "/static/css/site.css"


def static_path() -> str:
    """The hashed name of the stylesheet, as pages link it (whitenoise: public, max-age)."""
    html = requests.get(f"{FRONT}/", timeout=10).text
    return re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1)


def fetch(path: str, **kwargs) -> requests.Response:
    return requests.get(FRONT + path, timeout=10, **kwargs)


class FrontCacheTests:
    def test_shared_responses_are_cached_and_purged_by_path(self):
        path = static_path()
        fetch(path)
        assert fetch(path).headers["X-Cache"] == "HIT"
        purge = requests.request("PURGE", FRONT + path, timeout=10)
        assert purge.status_code == 200
        assert fetch(path).headers["X-Cache"] == "MISS"
        assert fetch(path).headers["X-Cache"] == "HIT"

    def test_ban_drops_everything(self):
        path = static_path()
        fetch(path)
        assert fetch(path).headers["X-Cache"] == "HIT"
        assert requests.request("BAN", FRONT + "/", timeout=10).status_code == 200
        assert fetch(path).headers["X-Cache"] == "MISS"

    def test_purge_from_the_app_nodes_bans_all(self):
        path = static_path()
        fetch(path)
        assert fetch(path).headers["X-Cache"] == "HIT"
        assert shell("from home import frontcache; print(frontcache.purge_all())") == "1"
        assert fetch(path).headers["X-Cache"] == "MISS"

    def test_a_response_the_app_does_not_mark_shared_is_never_cached(self):
        # The health endpoint says no-store; a page without s-maxage is passed the same way.
        for _ in range(3):
            response = fetch("/gezond/")
            assert response.status_code == 200
            assert response.headers["X-Cache"] == "MISS"
        page = fetch("/projecten/")
        if "s-maxage" not in page.headers.get("Cache-Control", ""):
            assert fetch("/projecten/").headers["X-Cache"] == "MISS"

    def test_a_session_cookie_passes_and_reaches_the_app(self):
        path = static_path()
        fetch(path)
        assert fetch(path).headers["X-Cache"] == "HIT"
        with_session = fetch(path, cookies={"sessionid": "abc"})
        assert with_session.headers["X-Cache"] == "MISS"
        # The admin sees the cookie (a session it does not know: sent to log in).
        admin = requests.get(
            FRONT + "/admin/", cookies={"sessionid": "abc"}, timeout=10, allow_redirects=False
        )
        assert admin.status_code == 302
        assert admin.headers["X-Cache"] == "MISS"

    def test_posts_are_never_cached(self):
        response = requests.post(FRONT + "/zoeken/", timeout=10)
        assert response.status_code in (403, 405)
        assert response.headers["X-Cache"] == "MISS"


class ClientAddressTests:
    def test_varnish_appends_the_client_address_to_x_forwarded_for(self):
        # Whatever a client claims stands first; the last hop is the address Varnish saw, the
        # one an app that trusts one proxy hop (TRUSTED_PROXY_COUNT=1) takes.
        marker = uuid.uuid4().hex
        response = requests.get(
            FRONT + "/gezond/",
            headers={"X-Forwarded-For": "203.0.113.9", "X-Test-Id": marker},
            timeout=10,
        )
        assert response.status_code == 200
        log = subprocess.run(  # noqa: S603
            [  # noqa: S607
                "varnishlog",
                "-n",
                str(cluster.VAR / "varnish" / "instance"),
                "-d",
                "-g",
                "request",
                "-q",
                f'ReqHeader:X-Test-Id eq "{marker}"',
                "-i",
                "BereqHeader",
            ],
            capture_output=True,
            text=True,
            timeout=30,
        ).stdout
        sent = re.findall(r"BereqHeader\s+X-Forwarded-For: (.*)", log)
        assert sent == ["203.0.113.9, 127.0.0.1"], log
