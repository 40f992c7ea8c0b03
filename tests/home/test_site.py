from io import StringIO
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils.html import escape

from wagtail.models import PageViewRestriction

import pytest

from tests.factories import (
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StandardPageFactory,
    site_settings,
)
from tests.hostile import HOSTILE_COUNT, hostile_strings


@pytest.fixture
def site(home):
    """A home page with a projects index holding one project, and an about page in the menu."""
    index = ProjectIndexPageFactory(parent=home)
    return SimpleNamespace(
        home=home,
        index=index,
        project=ProjectPageFactory(parent=index, title="Kijken in elkaars keuken"),
        about=StandardPageFactory(
            parent=home, title="Over ons", slug="over-ons", show_in_menus=True
        ),
    )


@pytest.mark.django_db
class SearchTests:
    def test_finds_a_project(self, client, site):
        response = client.get("/zoeken/", {"q": "keuken"})
        assert response.status_code == 200
        assert "Kijken in elkaars keuken" in response.content.decode()
        html = response.content.decode()
        assert '<meta name="robots" content="noindex">' in html
        assert '<link rel="canonical" href="http://testserver/zoeken/">' in html
        assert '<meta name="description" content="' in html

    def test_empty_query_shows_only_the_form(self, client, home):
        response = client.get("/zoeken/")
        assert response.status_code == 200
        assert "resultaten voor" not in response.content.decode()

    def test_no_results_in_dutch(self, client, site):
        response = client.get("/zoeken/", {"q": "zzqqxx"})
        assert "Geen resultaten voor “zzqqxx”." in response.content.decode()

    def test_drafts_are_not_found(self, client, site):
        ProjectPageFactory(parent=site.index, title="Onzichtbaar concept", live=False)
        response = client.get("/zoeken/", {"q": "Onzichtbaar"})
        assert "Onzichtbaar concept" not in response.content.decode()

    def test_hostile_queries_never_fail_and_are_escaped(self, client, site):
        strings = hostile_strings()
        assert len(strings) == HOSTILE_COUNT
        for query in strings:
            response = client.get("/zoeken/", {"q": query})
            assert response.status_code == 200, query
            html = response.content.decode()
            shown = "".join(char for char in query.strip()[:200] if char.isprintable())
            assert escape(shown) in html, query
            if "<" in shown:
                assert shown not in html, query

    def test_header_search_form_on_every_page(self, client, site):
        for url in ["/", "/projecten/", "/over-ons/"]:
            html = client.get(url).content.decode()
            assert 'action="/zoeken/"' in html and 'role="search"' in html


@pytest.mark.django_db
class ErrorPageTests:
    def test_404_in_dutch(self, client, home):
        response = client.get("/bestaat-niet/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Pagina niet gevonden" in html
        assert '<html lang="nl">' in html

    def test_404_for_hostile_paths(self, client, site):
        for path in ["/%3Cscript%3E/", "/projecten/%00/", "/projecten/feed/x/", "/..%2f..%2f/"]:
            assert client.get(path).status_code == 404, path


class ServerErrorPageTests:
    def test_500_renders_without_the_database(self):
        # No django_db mark: pytest-django makes any database access fail here.
        from django.views.defaults import server_error

        response = server_error(RequestFactory().get("/"))
        assert response.status_code == 500
        html = response.content.decode()
        assert "Er ging iets mis" in html
        assert '<html lang="nl">' in html


@pytest.mark.django_db
class RobotsAndSitemapTests:
    def test_robots_txt_points_to_the_sitemap(self, client, home):
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        body = response.content.decode()
        assert "Sitemap: http://testserver/sitemap.xml" in body
        assert "Disallow: /admin/" in body

    def test_sitemap_lists_live_pages(self, client, site):
        ProjectPageFactory(parent=site.index, title="Concept", live=False)
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        body = response.content.decode()
        assert "<loc>http://testserver/projecten/kijken-in-elkaars-keuken/</loc>" in body
        assert "<loc>http://testserver/over-ons/</loc>" in body
        assert "/projecten/concept/" not in body


@pytest.mark.django_db
class NavigationTests:
    def test_new_menu_page_appears_after_publishing(self, client, site):
        assert "Agenda-test" not in client.get("/").content.decode()
        page = StandardPageFactory(
            parent=site.home, title="Agenda-test", show_in_menus=True, live=False
        )
        page.save_revision().publish()
        assert 'href="/agenda-test/"' in client.get("/").content.decode()

    def test_unpublished_menu_page_disappears(self, client, site):
        assert 'href="/over-ons/"' in client.get("/").content.decode()
        site.about.unpublish()
        assert 'href="/over-ons/"' not in client.get("/").content.decode()

    def test_private_pages_are_hidden_from_menu_and_index(self, client, site):
        secret = ProjectPageFactory(parent=site.index, title="Alleen voor leden")
        client.get("/projecten/")  # warm the caches first
        PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
        assert "Alleen voor leden" not in client.get("/projecten/").content.decode()
        assert client.get(secret.url).status_code == 302  # to the login page
        assert "Kijken in elkaars keuken" in client.get("/projecten/").content.decode()
        PageViewRestriction.objects.create(
            page=site.about, restriction_type=PageViewRestriction.LOGIN
        )
        assert 'href="/over-ons/"' not in client.get("/").content.decode()

    def test_footer_follows_site_settings(self, client, home):
        site_settings(contact_email="info@example.com")
        assert "info@example.com" in client.get("/").content.decode()
        site_settings(
            contact_email="bestuur@example.com",
            linkedin_url="https://www.linkedin.com/company/leisurelab",
        )
        html = client.get("/").content.decode()
        assert "bestuur@example.com" in html
        assert 'href="https://www.linkedin.com/company/leisurelab"' in html


@pytest.mark.django_db
class AdminTests:
    def test_admin_speaks_dutch(self, client, home):
        user = get_user_model().objects.create_superuser("redacteur", "r@example.com", "pw")
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'lang="nl"' in html
        assert "Pagina's" in html

    def test_login_page_in_dutch(self, client, home):
        html = client.get("/admin/login/").content.decode()
        assert "Inloggen" in html


@pytest.mark.django_db
class LocalAdminCommandTests:
    def test_creates_once_and_prints_the_same_login(self, settings, tmp_path):
        settings.DEBUG = True
        settings.VAR_DIR = tmp_path
        first = StringIO()
        call_command("ensure_local_admin", stdout=first)
        second = StringIO()
        call_command("ensure_local_admin", stdout=second)
        assert get_user_model().objects.filter(is_superuser=True).count() == 1
        login = first.getvalue().splitlines()[-1]
        assert "user: admin" in login and "password: " in login
        assert second.getvalue().splitlines()[-1] == login
        password = login.split("password: ")[1].strip()
        assert get_user_model().objects.get(username="admin").check_password(password)

    def test_refuses_without_debug(self, settings):
        settings.DEBUG = False
        with pytest.raises(CommandError):
            call_command("ensure_local_admin", stdout=StringIO())
