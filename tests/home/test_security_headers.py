"""Security headers on every page type, the admin's own policy, and production's HSTS."""

import re
from html.parser import HTMLParser

from django.contrib.auth import get_user_model

import pytest

from events.models import EventIndexPage, EventPage
from home.models import StandardPage
from membership.models import MembershipPage
from projects.models import ProjectIndexPage, ProjectPage
from tests.config.test_settings import PRODUCTION_ENV, run_python

REQUIRED_DIRECTIVES = {
    "default-src": "'self'",
    "frame-ancestors": "'none'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
}
DENIED_FEATURES = ("camera", "microphone", "geolocation", "payment", "usb", "display-capture")


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


class ScriptTags(HTMLParser):
    """Every <script> of a page, and every inline event handler attribute (onclick=...)."""

    def __init__(self):
        super().__init__()
        self.scripts: list[dict] = []
        self.handlers: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script":
            self.scripts.append(attributes)
        self.handlers += [f"<{tag} {name}>" for name in attributes if name.startswith("on")]


def page_urls() -> dict[str, str]:
    return {
        "home": "/",
        "standard page": StandardPage.objects.live().first().url,
        "project index": ProjectIndexPage.objects.get().url,
        "project page": ProjectPage.objects.live().first().url,
        "agenda": EventIndexPage.objects.get().url,
        "event page": EventPage.objects.live().first().url,
        "membership page": MembershipPage.objects.get().url,
        "search": "/zoeken/?q=leisure",
        "404": "/bestaat-niet/",
    }


def assert_site_policy(response, name):
    policy = directives(response["Content-Security-Policy"])
    for directive, value in REQUIRED_DIRECTIVES.items():
        assert policy.get(directive) == [value], (name, directive)
    scripts = policy["script-src"]
    assert "'self'" in scripts
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts, name
    assert "'unsafe-inline'" not in policy["default-src"]
    return policy


@pytest.mark.django_db
class PublicHeadersTests:
    def test_every_page_type_carries_the_security_headers(self, every_page_type, client, subtests):
        for name, url in page_urls().items():
            with subtests.test(page=name):
                response = client.get(url)
                assert response.status_code == (404 if name == "404" else 200), name
                assert_site_policy(response, name)
                permissions = response["Permissions-Policy"]
                for feature in DENIED_FEATURES:
                    assert f"{feature}=()" in permissions, (name, feature)
                assert response["Referrer-Policy"] == "same-origin"
                assert response["Cross-Origin-Opener-Policy"] == "same-origin"
                assert response["X-Content-Type-Options"] == "nosniff"
                assert response["X-Frame-Options"] == "DENY"
                assert "Content-Security-Policy-Report-Only" not in response

    def test_no_inline_script_runs_without_the_nonce(self, every_page_type, client, subtests):
        """An inline <script> must carry the nonce of its own response; there are no inline
        event handlers (the policy would block them)."""
        for name, url in page_urls().items():
            with subtests.test(page=name):
                response = client.get(url)
                policy = directives(response["Content-Security-Policy"])
                nonces = [
                    value[len("'nonce-") : -1]
                    for value in policy["script-src"]
                    if value.startswith("'nonce-")
                ]
                parser = ScriptTags()
                parser.feed(response.content.decode())
                assert parser.handlers == [], name
                for script in parser.scripts:
                    if "src" not in script:
                        assert script.get("nonce") in nonces, (name, script)

    def test_event_json_ld_carries_the_nonce_and_parses(self, every_page_type, client):
        event = EventPage.objects.live().first()
        first, second = client.get(event.url), client.get(event.url)
        nonces = []
        for response in (first, second):
            policy = directives(response["Content-Security-Policy"])
            html = response.content.decode()
            match = re.search(
                r'<script type="application/ld\+json" nonce="([^"]+)">(.*?)</script>', html, re.S
            )
            assert match is not None
            assert f"'nonce-{match.group(1)}'" in policy["script-src"]
            assert '"@type":"Event"' in match.group(2)
            nonces.append(match.group(1))
        assert nonces[0] != nonces[1]  # a fresh nonce per response

    def test_static_site_script_is_allowed_by_self(self, every_page_type, client):
        html = client.get("/").content.decode()
        assert '<script src="/static/js/site.js" defer></script>' in html


@pytest.mark.django_db
class AdminPolicyTests:
    def test_admin_login_enforces_framing_and_reports_scripts(self, client):
        response = client.get("/admin/login/")
        assert response.status_code == 200
        enforced = directives(response["Content-Security-Policy"])
        assert enforced["frame-ancestors"] == ["'self'"]
        assert enforced["object-src"] == ["'none'"]
        assert enforced["base-uri"] == ["'self'"]
        assert enforced["form-action"] == ["'self'"]
        assert "script-src" not in enforced  # Wagtail's inline scripts keep working
        reported = directives(response["Content-Security-Policy-Report-Only"])
        assert "'unsafe-inline'" not in reported["script-src"]
        assert reported["frame-ancestors"] == ["'self'"]
        assert "camera=()" in response["Permissions-Policy"]

    def test_admin_pages_for_an_editor_keep_their_policy(self, client):
        admin = get_user_model().objects.create_superuser("beheer", "b@example.com", "pw")
        client.force_login(admin)
        response = client.get("/admin/")
        assert response.status_code == 200
        assert "script-src" not in directives(response["Content-Security-Policy"])
        assert "Content-Security-Policy-Report-Only" in response


class ProductionHeadersTests:
    def test_hsts_and_upgrade_insecure_requests_over_https(self):
        code = (
            "import django; django.setup()\n"
            "from django.test import Client\n"
            "host = {'host': 'www.leisurelablimburg.nl'}\n"
            "r = Client().get('/robots.txt', secure=True, headers=host)\n"
            "print(r.status_code)\n"
            "print(r['Strict-Transport-Security'])\n"
            "print(r['Content-Security-Policy'])\n"
        )
        result = run_python(
            ["-c", code], DJANGO_SETTINGS_MODULE="config.settings.production", **PRODUCTION_ENV
        )
        assert result.returncode == 0, result.stderr
        status, hsts, csp = result.stdout.splitlines()[:3]
        assert status == "200"
        assert hsts == "max-age=31536000; includeSubDomains; preload"
        assert "upgrade-insecure-requests" in csp
        assert "frame-ancestors 'none'" in csp
