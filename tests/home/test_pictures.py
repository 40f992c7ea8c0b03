"""Pictures: every page has an og:image (its own, else the site's default), heroes use the
image's own description as alt, and cards keep one shape with or without an image."""

import re

import pytest
import wagtail_factories

from tests.events.factories import EventIndexPageFactory, EventPageFactory
from tests.factories import (
    ProjectIndexPageFactory,
    ProjectPageFactory,
    StandardPageFactory,
    site_settings,
)


def og_image(html: str) -> str:
    found = re.findall(r'<meta property="og:image" content="([^"]+)">', html)
    assert len(found) <= 1, found
    return found[0] if found else ""


@pytest.fixture
def default_image(db):
    image = wagtail_factories.ImageFactory(
        title="Logo", description="Het logo van Leisure Lab Limburg", file__filename="deel.png"
    )
    site_settings(default_share_image=image)
    return image


@pytest.mark.django_db
class ShareImageTests:
    def test_every_page_type_has_the_default_og_image(self, client, every_page_type, default_image):
        paths = {"/", "/projecten/in-elkaars-keuken/", "/agenda/keukengesprek/", "/zoeken/?q=k"}
        paths |= {page.url for page in every_page_type.get_children().live()}
        assert len(paths) == 8  # home, search, 2 below, about, projects, agenda, membership
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            html = response.content.decode()
            url = og_image(html)
            assert url.startswith("http://testserver/media/images/deel"), (path, url)
            alt = '<meta property="og:image:alt" content="Het logo van Leisure Lab Limburg">'
            assert alt in html, path

    def test_a_page_with_an_image_shares_its_own(self, client, home, default_image):
        own = wagtail_factories.ImageFactory(file__filename="eigen.png")
        project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home), hero_image=own)
        event = EventPageFactory(parent=EventIndexPageFactory(parent=home), image=own)
        page = StandardPageFactory(parent=home, listing_image=own)
        for url in [project.url, event.url, page.url]:
            assert "/media/images/eigen" in og_image(client.get(url).content.decode()), url

    def test_no_og_image_without_any_image_and_a_new_default_shows_at_once(self, client, home):
        assert og_image(client.get("/").content.decode()) == ""
        site_settings(default_share_image=wagtail_factories.ImageFactory(file__filename="n.png"))
        assert "/media/images/n" in og_image(client.get("/").content.decode())


@pytest.mark.django_db
class HeroAndCardTests:
    def test_project_hero_uses_the_image_description_as_alt(self, client, home):
        image = wagtail_factories.ImageFactory(description="Twee koks in een open keuken")
        project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home), hero_image=image)
        html = client.get(project.url).content.decode()
        hero = re.search(r'<figure class="hero-image">(.*?)</figure>', html, re.S).group(1)
        assert 'alt="Twee koks in een open keuken"' in hero

    def test_event_hero_uses_the_image_description_as_alt(self, client, home):
        image = wagtail_factories.ImageFactory(description="Een zaal vol ondernemers")
        event = EventPageFactory(parent=EventIndexPageFactory(parent=home), image=image)
        html = client.get(event.url).content.decode()
        assert 'alt="Een zaal vol ondernemers"' in html

    def test_cards_without_an_image_get_the_designed_fallback(self, client, home):
        index = ProjectIndexPageFactory(parent=home)
        ProjectPageFactory(parent=index, title="zonder beeld")
        ProjectPageFactory(
            parent=index, title="Met beeld", hero_image=wagtail_factories.ImageFactory()
        )
        html = client.get("/projecten/").content.decode()
        assert html.count('class="card__image card__image--fallback" aria-hidden="true"') == 1
        assert '<span class="card__initial">Z</span>' in html
        assert html.count('class="card__image"') == 1  # the image itself

    def test_event_cards_show_their_image_or_the_fallback_with_the_type(self, client, home):
        agenda = EventIndexPageFactory(parent=home)
        EventPageFactory(parent=agenda, title="Zonder beeld")
        EventPageFactory(parent=agenda, title="Met beeld", image=wagtail_factories.ImageFactory())
        html = client.get("/agenda/").content.decode()
        fallbacks = re.findall(r'card__image--fallback" aria-hidden="true">([^<]+)</div>', html)
        assert fallbacks == ["Workshop"]
        assert re.search(r'<img [^>]*class="card__image"', html)
