import pytest

from .factories import membership_site, user_in


@pytest.fixture
def site(db):
    """Home, privacy statement and the "Lid worden" page, built with factories."""
    return membership_site()


@pytest.fixture
def board_member(db):
    return user_in("Bestuur", "bestuurder")
