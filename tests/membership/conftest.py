import pytest

from .factories import membership_site


@pytest.fixture
def site(db):
    """Home, privacy statement and the "Lid worden" page, built with factories."""
    return membership_site()
