from wagtail.models import Page

import pytest

from home.views import search_pages
from tests.factories import StandardPageFactory

pytestmark = pytest.mark.django_db


def paragraph(text):
    return [("paragraph", f"<p>{text}</p>")]


def test_a_title_match_ranks_above_body_matches():
    root = Page.objects.get(depth=2)
    for number in range(4):
        StandardPageFactory(
            parent=root,
            title=f"Verslag {number}",
            body=paragraph("In de keuken, over de keuken, met de keuken en keukens. " * 5),
        )
    StandardPageFactory(parent=root, title="Kijken in elkaars keuken", body=paragraph("Kort."))
    titles = [page.title for page in search_pages("keuken")]
    assert len(titles) == 5
    assert titles[0] == "Kijken in elkaars keuken"


def test_search_page_has_one_search_box(client):
    html = client.get("/zoeken/", {"q": "keuken"}).content.decode()
    assert html.count('type="search"') == 1
    assert 'id="search-q"' in html
    other = client.get("/niet-gevonden/").content.decode()
    assert 'id="site-search-q"' in other
