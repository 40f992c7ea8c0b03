from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import RequestFactory
from django.utils.html import escape

from wagtail.models import PageViewRestriction

import pytest

from home.models import StandardPage
from projects.models import ProjectIndexPage
from tests.factories import ProjectPageFactory, StandardPageFactory
from tests.hostile import HOSTILE_COUNT, hostile_strings


@pytest.mark.django_db
class SearchTests:
    def test_finds_the_seed_project(self, client, demo):
        response = client.get("/zoeken/", {"q": "keuken"})
        assert response.status_code == 200
        assert "Van fysiek naar online in elkaars keuken kijken" in response.content.decode()
        html = response.content.decode()
        assert '<meta name="robots" content="noindex">' in html
        assert '<link rel="canonical" href="http://testserver/zoeken/">' in html
        assert '<meta name="description" content="' in html

    def test_empty_query_shows_only_the_form(self, client, demo):
        response = client.get("/zoeken/")
        assert response.status_code == 200
        assert "resultaten voor" not in response.content.decode()

    def test_no_results_in_dutch(self, client, demo):
        response = client.get("/zoeken/", {"q": "zzqqxx"})
        assert "Geen resultaten voor “zzqqxx”." in response.content.decode()

    def test_drafts_are_not_found(self, client, demo):
        ProjectPageFactory(
            parent=ProjectIndexPage.objects.get(), title="Onzichtbaar concept", live=False
        )
        response = client.get("/zoeken/", {"q": "Onzichtbaar"})
        assert "Onzichtbaar concept" not in response.content.decode()

    def test_hostile_queries_never_fail_and_are_escaped(self, client, demo):
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

    def test_header_search_form_on_every_page(self, client, demo):
        for url in ["/", "/projecten/", "/over-ons/"]:
            html = client.get(url).content.decode()
            assert 'action="/zoeken/"' in html and 'role="search"' in html


@pytest.mark.django_db
class ErrorPageTests:
    def test_404_in_dutch(self, client, demo):
        response = client.get("/bestaat-niet/")
        assert response.status_code == 404
        html = response.content.decode()
        assert "Pagina niet gevonden" in html
        assert '<html lang="nl">' in html

    def test_404_for_hostile_paths(self, client, demo):
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
    def test_robots_txt_points_to_the_sitemap(self, client, demo):
        response = client.get("/robots.txt")
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/plain")
        body = response.content.decode()
        assert "Sitemap: http://testserver/sitemap.xml" in body
        assert "Disallow: /admin/" in body

    def test_sitemap_lists_live_pages(self, client, demo):
        ProjectPageFactory(parent=ProjectIndexPage.objects.get(), title="Concept", live=False)
        response = client.get("/sitemap.xml")
        assert response.status_code == 200
        body = response.content.decode()
        assert (
            "<loc>http://testserver/projecten/van-fysiek-naar-online-in-elkaars-keuken-kijken/</loc>"
            in body
        )
        assert "/projecten/concept/" not in body


@pytest.mark.django_db
class NavigationTests:
    def test_new_menu_page_appears_after_publishing(self, client, demo):
        assert "Agenda-test" not in client.get("/").content.decode()
        page = StandardPageFactory(parent=demo, title="Agenda-test", show_in_menus=True, live=False)
        page.save_revision().publish()
        assert 'href="/agenda-test/"' in client.get("/").content.decode()

    def test_unpublished_menu_page_disappears(self, client, demo):
        about = StandardPage.objects.get(slug="over-ons")
        assert 'href="/over-ons/"' in client.get("/").content.decode()
        about.unpublish()
        assert 'href="/over-ons/"' not in client.get("/").content.decode()

    def test_private_pages_are_hidden_from_menu_and_index(self, client, demo):
        index = ProjectIndexPage.objects.get()
        secret = ProjectPageFactory(parent=index, title="Alleen voor leden")
        client.get("/projecten/")  # warm the caches first
        PageViewRestriction.objects.create(page=secret, restriction_type=PageViewRestriction.LOGIN)
        assert "Alleen voor leden" not in client.get("/projecten/").content.decode()
        assert client.get(secret.url).status_code == 302  # to the login page
        about = StandardPage.objects.get(slug="over-ons")
        PageViewRestriction.objects.create(page=about, restriction_type=PageViewRestriction.LOGIN)
        assert 'href="/over-ons/"' not in client.get("/").content.decode()

    def test_footer_follows_site_settings(self, client, demo):
        from wagtail.models import Site

        from home.models import SiteSettings

        settings_ = SiteSettings.for_site(Site.objects.get(is_default_site=True))
        assert "info@leisurelablimburg.nl" in client.get("/").content.decode()
        settings_.contact_email = "bestuur@example.com"
        settings_.linkedin_url = "https://www.linkedin.com/company/leisurelab"
        settings_.save()
        html = client.get("/").content.decode()
        assert "bestuur@example.com" in html
        assert 'href="https://www.linkedin.com/company/leisurelab"' in html


@pytest.mark.django_db
class AdminTests:
    def test_admin_speaks_dutch(self, client, demo):
        user = get_user_model().objects.create_superuser("redacteur", "r@example.com", "pw")
        client.force_login(user)
        response = client.get("/admin/")
        assert response.status_code == 200
        html = response.content.decode()
        assert 'lang="nl"' in html
        assert "Pagina's" in html

    def test_login_page_in_dutch(self, client, demo):
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
