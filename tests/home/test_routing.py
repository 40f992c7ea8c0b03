import pytest

from tests.factories import ProjectIndexPageFactory, StandardPageFactory


@pytest.fixture
def about(home):
    return StandardPageFactory(parent=home, title="Over ons", slug="over-ons")


@pytest.mark.django_db
class RoutingTests:
    """The home page finds the deepest page on a path in one query (HomePage.route)."""

    def test_nested_pages_are_served(self, client, about):
        child = StandardPageFactory(parent=about, title="Bestuur", slug="bestuur")
        StandardPageFactory(parent=child, title="Voorzitter", slug="voorzitter")
        assert client.get("/over-ons/bestuur/").status_code == 200
        response = client.get("/over-ons/bestuur/voorzitter/")
        assert response.status_code == 200
        assert "<h1>Voorzitter</h1>" in response.content.decode()

    def test_live_page_below_a_draft_is_served(self, client, home):
        draft = StandardPageFactory(parent=home, title="Concept", slug="concept", live=False)
        StandardPageFactory(parent=draft, title="Gepubliceerd", slug="gepubliceerd")
        assert client.get("/concept/").status_code == 404
        assert client.get("/concept/gepubliceerd/").status_code == 200

    def test_unknown_paths_are_404(self, client, about):
        ProjectIndexPageFactory(parent=about.get_parent())
        for path in ["/over-ons/niets/", "/niets/over-ons/", "/projecten/niets/feed/"]:
            assert client.get(path).status_code == 404, path

    def test_routable_index_still_routes_its_feed(self, client, home):
        ProjectIndexPageFactory(parent=home)
        assert client.get("/projecten/feed/").status_code == 200

    def test_query_count_does_not_grow_with_depth(
        self, client, about, django_assert_max_num_queries
    ):
        level = about
        for depth in range(4):
            level = StandardPageFactory(parent=level, title=f"Niveau {depth}", slug=f"n{depth}")
        client.get("/over-ons/")
        client.get("/over-ons/n0/n1/n2/n3/")
        with django_assert_max_num_queries(6):
            assert client.get("/over-ons/n0/n1/n2/n3/").status_code == 200
