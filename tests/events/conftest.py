import pytest

from tests.events.factories import agenda_site


@pytest.fixture
def agenda(db):
    """The agenda page on a site of its own; each test adds the events it needs."""
    return agenda_site()
