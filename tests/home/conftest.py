import pytest


@pytest.fixture
def every_page_type(home):
    """One live page of every public page type, built with the factories."""
    from tests.events.factories import EventIndexPageFactory, EventPageFactory
    from tests.factories import ProjectIndexPageFactory, ProjectPageFactory, StandardPageFactory
    from tests.membership.factories import MembershipPageFactory

    StandardPageFactory(parent=home, title="Over ons", slug="over-ons")
    ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home), title="In elkaars keuken")
    EventPageFactory(parent=EventIndexPageFactory(parent=home), title="Keukengesprek")
    MembershipPageFactory(parent=home)
    return home
