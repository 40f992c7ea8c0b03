"""Public pages load nothing from other hosts: no fonts, scripts, avatars or trackers."""

from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.browser

PAGES = [
    "/",
    "/projecten/",
    "/projecten/kijken-in-elkaars-keuken/",
    "/agenda/",
    "/lid-worden/",
    "/over-ons/",
    "/zoeken/?q=keuken",
]


def test_no_request_to_any_other_host(page, site, live_server):
    own_host = urlsplit(live_server.url).netloc
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for path in PAGES:
        response = page.goto(path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
    assert requested, "the browser made no requests at all"
    foreign = [url for url in requested if urlsplit(url).netloc not in ("", own_host)]
    foreign = [url for url in foreign if not url.startswith(("data:", "blob:"))]
    assert foreign == []
