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
def home(db):
    """A home page at the root of the default site: the least a rendered page needs. Tests
    build the rest with factories (tests/factories.py, tests/<app>/factories.py)."""
    from tests.factories import home_site

    return home_site()


@pytest.fixture
def demo(db):
    """The demo content, for the tests of the demo content only (tests/home/test_demo_content.py):
    other tests build what they need with factories."""
    DemoContentLoader().load()
    from home.models import HomePage

    return HomePage.objects.get()
