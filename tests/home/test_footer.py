"""The footer shows what the site settings hold (address, KvK number, telephone, social links,
privacy statement, "Over ons"), and the about page shows the board when it is filled in."""

from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command

from wagtail.models import Site

import pytest

from home.models import BoardMember, SiteSettings, StandardPage, parse_board
from tests.factories import StandardPageFactory, site_settings

BOARD = (
    "Anna de Vries – voorzitter\n\n  Bert Janssen — penningmeester \n"
    "Carla Smeets - secretaris\nDirk"
)


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, title="Over ons", slug="over-ons")


@pytest.fixture
def privacy(home):
    return StandardPageFactory(parent=home, title="Privacyverklaring", slug="privacyverklaring")


def footer_of(html: str) -> str:
    return html[html.index('<footer class="site-footer"') :]


@pytest.mark.django_db
class FooterTests:
    def test_shows_every_filled_setting(self, client, about, privacy):
        site_settings(
            address="Markt 1\n6211 CK Maastricht",
            kvk_number="12345678",
            phone="043 123 45 67",
            contact_email="info@example.com",
            instagram_url="https://www.instagram.com/leisurelab",
            privacy_page=privacy,
            about_page=about,
        )
        footer = footer_of(client.get("/").content.decode())
        assert "Markt 1<br>6211 CK Maastricht" in footer
        assert "KvK-nummer 12345678" in footer
        assert 'href="tel:0431234567"' in footer
        assert 'href="mailto:info@example.com"' in footer
        assert 'href="https://www.instagram.com/leisurelab"' in footer
        assert 'href="/privacyverklaring/">Privacyverklaring</a>' in footer
        assert 'href="/over-ons/">Over ons</a>' in footer
        assert "#bestuur" not in footer  # no board filled in

    def test_empty_settings_show_no_empty_labels(self, client, home):
        site_settings()
        footer = footer_of(client.get("/").content.decode())
        assert "KvK" not in footer
        assert "Over de stichting" not in footer
        assert "Volg ons" not in footer

    def test_links_to_the_board_when_it_is_filled(self, client, about):
        site_settings(about_page=about, board=BOARD)
        footer = footer_of(client.get("/").content.decode())
        assert 'href="/over-ons/#bestuur">Bestuur</a>' in footer

    def test_no_link_to_an_unpublished_about_page(self, client, about):
        site_settings(about_page=about, board=BOARD)
        about.unpublish()
        footer = footer_of(client.get("/").content.decode())
        assert "/over-ons/" not in footer

    def test_kvk_number_must_be_eight_digits(self, client, home):
        user = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
        client.force_login(user)
        site = Site.objects.get(is_default_site=True)
        url = f"/admin/settings/home/sitesettings/{site.pk}/"
        response = client.post(url, {"kvk_number": "1234 567", "address": "Markt 1"})
        assert response.status_code == 200
        html = response.content.decode()
        assert "Een KvK-nummer bestaat uit 8 cijfers" in html
        assert "Markt 1" in html  # what was typed is kept
        client.post(url, {"kvk_number": "12345678"})
        assert SiteSettings.for_site(site).kvk_number == "12345678"


@pytest.mark.django_db
class BoardTests:
    def test_parse_one_member_per_line(self):
        assert parse_board(BOARD) == [
            BoardMember("Anna de Vries", "voorzitter"),
            BoardMember("Bert Janssen", "penningmeester"),
            BoardMember("Carla Smeets", "secretaris"),
            BoardMember("Dirk", ""),
        ]
        hyphenated = parse_board("Jan-Willem Hendriks – lid")
        assert hyphenated == [BoardMember("Jan-Willem Hendriks", "lid")]
        assert parse_board(" \n\n") == []

    def test_about_page_shows_the_board(self, client, about):
        site_settings(about_page=about, board=BOARD)
        html = client.get("/over-ons/").content.decode()
        assert 'id="bestuur"' in html
        assert "<strong>Anna de Vries</strong> – voorzitter" in html
        assert "<strong>Dirk</strong></li>" in html

    def test_board_only_on_the_about_page_and_only_when_filled(self, client, about, home):
        other = StandardPageFactory(parent=home, title="Iets anders", slug="iets-anders")
        site_settings(about_page=about, board=BOARD)
        assert "Anna de Vries" not in client.get("/iets-anders/").content.decode()
        site_settings(about_page=about, board="")
        assert 'id="bestuur"' not in client.get("/over-ons/").content.decode()
        site_settings(about_page=other, board=BOARD)
        assert "Anna de Vries" not in client.get("/over-ons/").content.decode()
        assert "Anna de Vries" in client.get("/iets-anders/").content.decode()

    def test_board_names_are_escaped(self, client, about):
        site_settings(about_page=about, board="<script>alert(1)</script> – voorzitter")
        html = client.get("/over-ons/").content.decode()
        assert "<script>alert(1)</script>" not in html
        assert "&lt;script&gt;" in html


@pytest.mark.django_db
class DemoFooterTests:
    def test_demo_links_the_about_page_and_invents_no_board(self, client):
        call_command("load_demo_content", stdout=StringIO())
        settings = SiteSettings.objects.get()
        assert settings.about_page == StandardPage.objects.get(slug="over-ons")
        assert settings.board == ""
        assert 'href="/over-ons/">Over ons</a>' in footer_of(client.get("/").content.decode())

    def test_demo_keeps_an_editors_choice(self, home):
        call_command("load_demo_content", stdout=StringIO())
        other = StandardPageFactory(parent=StandardPage.objects.get(slug="over-ons"))
        site_settings(about_page=other)
        call_command("load_demo_content", stdout=StringIO())
        assert SiteSettings.objects.get().about_page_id == other.pk
