from django.core.cache import cache

import pytest

from home.demo import DemoContentLoader

SEED_URL = "/projecten/van-fysiek-naar-online-in-elkaars-keuken-kijken/"


@pytest.fixture(autouse=True)
def clear_cache():
    """Each test starts with an empty cache: the database rolls back, the cache would not."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo(db):
    """The demo content: site, home, projects index with the seed page, about, privacy."""
    DemoContentLoader().load()
    from home.models import HomePage

    return HomePage.objects.get()
