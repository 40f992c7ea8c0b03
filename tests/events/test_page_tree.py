"""Where the agenda and event pages may live, and how editors create and change them through
the admin forms."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from events.models import (
    AttendanceMode,
    EventIndexPage,
    EventPage,
    EventStatus,
    EventType,
    Repeat,
)
from home.models import HomePage, StandardPage
from tests.events.factories import EventPageFactory, agenda_site, at
from tests.factories import PersonFactory


class EventPageTreeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.agenda = agenda_site()
        cls.home = cls.agenda.get_parent().specific
        cls.admin = get_user_model().objects.create_superuser("editor", "e@example.com", "pw")
        cls.host = PersonFactory(name="Laura Lazzarini", email="laura@example.com")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_allowed_parents_and_children(self):
        self.assertAllowedParentPageTypes(EventIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(EventIndexPage, {EventPage})
        self.assertAllowedParentPageTypes(EventPage, {EventIndexPage})
        self.assertAllowedSubpageTypes(EventPage, set())
        self.assertCanNotCreateAt(HomePage, EventPage)
        self.assertCanNotCreateAt(StandardPage, EventPage)
        self.assertCanNotCreateAt(Page, EventIndexPage)

    def test_only_one_agenda(self):
        self.assertFalse(EventIndexPage.can_create_at(self.home))

    def test_agenda_is_in_the_menu(self):
        response = self.client.get("/")
        nav = response.content.decode().split('aria-label="Hoofdmenu"')[1].split("</nav>")[0]
        self.assertIn('href="/agenda/"', nav)

    def event_form(self, **overrides):
        data = {
            "title": "Themasessie duurzaam ondernemen",
            "slug": "themasessie-duurzaam",
            "intro": "Wat werkt in de praktijk?",
            "event_type": EventType.THEME_SESSION,
            "status": EventStatus.SCHEDULED,
            "is_example": "",
            "start": "2031-03-06 19:00",
            "end": "2031-03-06 21:00",
            "repeat": "",
            "repeat_interval": "1",
            "repeat_until": "",
            "cancelled_dates": inline_formset([]),
            "attendance_mode": AttendanceMode.MIXED,
            "venue_name": "Kasteel Hoensbroek",
            "street_address": "Klinkertstraat 118",
            "postal_code": "6433 PB",
            "city": "Hoensbroek",
            "online_meeting_url": "https://vergaderen.example.nl/geheim-123",
            "registration_enabled": "on",
            "open_to_non_members": "on",
            "capacity": "25",
            "registration_deadline": "2031-03-04 12:00",
            "is_free": "True",
            "body": streamfield([("paragraph", rich_text("<p>Drie sprekers, één avond.</p>"))]),
            "people": inline_formset([{"person": self.host.pk, "role": "speaker"}]),
        }
        data.update(overrides)
        return nested_form_data(data)

    def test_created_through_admin_form_and_rendered(self):
        self.assertCanCreate(self.agenda, EventPage, self.event_form())
        page = EventPage.objects.get(slug="themasessie-duurzaam")
        occurrence = page.occurrences.get()
        self.assertEqual(timezone.localtime(occurrence.start), at(datetime.date(2031, 3, 6), 19))
        self.assertEqual(occurrence.registration_closes, at(datetime.date(2031, 3, 4), 12))
        response = self.client.get(page.url)
        self.assertContains(response, "<h1>Themasessie duurzaam ondernemen</h1>", html=True)
        self.assertContains(response, "donderdag 6 maart 2031, 19:00–21:00")
        self.assertContains(response, "Kasteel Hoensbroek")
        self.assertContains(response, "Laura Lazzarini")
        self.assertContains(response, "Drie sprekers, één avond.")
        self.assertContains(response, "Nog 25 van de 25 plaatsen vrij")
        self.assertNotContains(response, "geheim-123")
        self.assertNotContains(response, "laura@example.com")

    def test_series_created_through_admin_form_with_a_cancelled_date(self):
        data = self.event_form(
            slug="reeks",
            repeat=Repeat.WEEKLY,
            repeat_interval="2",
            repeat_until="2031-04-03",
            registration_deadline="",
            cancelled_dates=inline_formset([{"date": "2031-03-20", "reason": "Carnaval"}]),
        )
        self.assertCanCreate(self.agenda, EventPage, data)
        page = EventPage.objects.get(slug="reeks")
        days = [(o.local_date.isoformat(), o.cancelled) for o in page.occurrences.all()]
        self.assertEqual(days, [("2031-03-06", False), ("2031-03-20", True), ("2031-04-03", False)])

    def test_editor_gets_dutch_errors_for_impossible_dates(self):
        cases = {
            "end": {"end": "2031-03-06 18:00"},
            "repeat_until": {"repeat": Repeat.WEEKLY, "repeat_until": ""},
            "registration_deadline": {"registration_deadline": "2031-03-07 12:00"},
            "venue_name": {
                "attendance_mode": AttendanceMode.OFFLINE,
                "venue_name": "",
                "city": "",
            },
            # The agenda's archive lives at /agenda/eerder/: an event there would be hidden.
            "slug": {"slug": "eerder"},
            # Years at the edge of the calendar: a series there would run past year 9999.
            "start": {
                "start": "9998-12-30 19:00",
                "end": "9998-12-30 21:00",
                "repeat": Repeat.WEEKLY,
                "repeat_until": "9999-01-06",
                "registration_deadline": "",
            },
        }
        for field, overrides in cases.items():
            with self.subTest(field=field):
                data = self.event_form(**{"slug": f"fout-{field.replace('_', '-')}", **overrides})
                with self.assertRaises(AssertionError) as raised:
                    self.assertCanCreate(self.agenda, EventPage, data)
                self.assertIn(field, str(raised.exception))

    def test_a_cancelled_date_must_be_a_date_of_the_series(self):
        # A mistyped day (a Friday in a Thursday series) would cancel nothing, silently.
        data = self.event_form(
            slug="typfout",
            repeat=Repeat.WEEKLY,
            repeat_until="2031-03-27",
            registration_deadline="",
            cancelled_dates=inline_formset([{"date": "2031-03-21", "reason": "Carnaval"}]),
        )
        response = self.client.post(f"/admin/pages/add/events/eventpage/{self.agenda.pk}/", data)
        self.assertContains(response, "Deze datum hoort niet bij de bijeenkomst.")
        self.assertFalse(EventPage.objects.filter(slug="typfout").exists())
        data = self.event_form(
            slug="typfout",
            repeat=Repeat.WEEKLY,
            repeat_until="2031-03-27",
            registration_deadline="",
            cancelled_dates=inline_formset([{"date": "2031-03-20", "reason": "Carnaval"}]),
        )
        self.assertCanCreate(self.agenda, EventPage, data)

    def test_meeting_link_must_be_http(self):
        data = self.event_form(slug="js", online_meeting_url="javascript:alert(1)")
        with self.assertRaises(AssertionError):
            self.assertCanCreate(self.agenda, EventPage, data)

    def test_publishing_an_edit_moves_the_dates(self):
        data = self.event_form(
            slug="verschuift",
            repeat=Repeat.WEEKLY,
            repeat_until="2031-03-20",
            registration_deadline="",
        )
        self.assertCanCreate(self.agenda, EventPage, data)
        page = EventPage.objects.get(slug="verschuift")
        first_ids = list(page.occurrences.values_list("pk", flat=True))
        edit = self.event_form(
            slug="verschuift",
            start="2031-03-06 19:30",
            end="2031-03-06 21:30",
            repeat=Repeat.WEEKLY,
            repeat_until="2031-03-20",
            registration_deadline="",
            cancelled_dates=inline_formset([{"date": "2031-03-13", "reason": ""}]),
        )
        edit["action-publish"] = "action-publish"
        response = self.client.post(f"/admin/pages/{page.pk}/edit/", edit)
        self.assertEqual(response.status_code, 302)
        occurrences = list(page.occurrences.all())
        self.assertEqual([o.pk for o in occurrences], first_ids)  # same rows, same UIDs
        self.assertEqual({o.local_start.time() for o in occurrences}, {datetime.time(19, 30)})
        self.assertEqual([o.cancelled for o in occurrences], [False, True, False])

    def test_preview_of_a_draft_shows_its_dates_without_a_form(self):
        page = EventPageFactory(parent=self.agenda, title="Concept", live=False, sync=False)
        response = page.make_preview_request()
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "na publicatie")
        self.assertContains(response, page.title)
        self.assertFalse(page.occurrences.exists())
