"""The events part of the demo content (events/demo.py), loaded onto a site built with
factories: the weekly contact moment and the example workshop, idempotent."""

import datetime

from wagtail.models import Page

import pytest
import time_machine

from events.demo import load_demo_events
from events.models import AttendanceMode, EventPage, EventType, Occurrence, Registration
from home.demo import DemoContentLoader
from tests.events.factories import agenda_site
from tests.factories import HomePageFactory


def load(home) -> list[str]:
    """Run the events' demo loader alone, as the demo-content command runs it."""
    loader = DemoContentLoader()
    loader.home = home
    load_demo_events(loader)
    return loader.created


@pytest.fixture
def home(db):
    return HomePageFactory(parent=Page.get_first_root_node())


@pytest.mark.django_db
class DemoEventsTests:
    def test_weekly_contact_moment_and_example_workshop(self, home):
        load(home)
        moment = EventPage.objects.get(slug="wekelijks-online-contactmoment")
        assert moment.live and moment.is_series
        assert moment.get_parent().specific.slug == "agenda"
        assert moment.attendance_mode == AttendanceMode.ONLINE
        assert moment.open_to_non_members
        assert "elke donderdag 16:00–17:00" in moment.intro
        occurrences = list(moment.occurrences.all())
        assert len(occurrences) == 27
        for occurrence in occurrences:
            assert occurrence.local_start.weekday() == 3
            assert occurrence.local_start.time() == datetime.time(16)
            assert occurrence.local_end.time() == datetime.time(17)
        workshop = EventPage.objects.get(event_type=EventType.WORKSHOP)
        assert workshop.is_example
        assert "voorbeeld" in workshop.title.lower()
        assert not Registration.objects.exists()

    def test_loading_twice_changes_nothing(self, home):
        assert load(home) != []
        before = (Page.objects.count(), Occurrence.objects.count())
        assert load(home) == []
        assert (Page.objects.count(), Occurrence.objects.count()) == before

    def test_an_existing_agenda_is_used(self, db):
        agenda = agenda_site()
        load(agenda.get_parent())
        assert EventPage.objects.child_of(agenda).count() == 3

    def test_demo_dates_in_summer_time_keep_the_hour(self, home):
        with time_machine.travel(datetime.datetime(2031, 1, 10, 12, tzinfo=datetime.UTC)):
            load(home)
        moment = EventPage.objects.get(slug="wekelijks-online-contactmoment")
        hours = {o.local_start.hour for o in moment.occurrences.all()}
        offsets = {o.local_start.utcoffset() for o in moment.occurrences.all()}
        assert hours == {16}
        assert len(offsets) == 2  # winter and summer time
