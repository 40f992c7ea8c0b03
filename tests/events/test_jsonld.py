"""schema.org Event data on event pages, and the meeting link nowhere in public."""

import datetime
import json
import re

from django.core import mail

import pytest

from events.models import AttendanceMode, EventStatus, Repeat
from tests.events.factories import (
    EventPageFactory,
    RegistrationFactory,
    at,
    days_from_now,
    registration_data,
)

MEETING_URL = "https://vergaderen.example.nl/nooit-openbaar-9931"
# The data block carries the request's Content-Security-Policy nonce.
JSONLD_SCRIPT = r'<script type="application/ld\+json" nonce="[^"]+">(.*?)</script>'


def jsonld(response) -> dict:
    html = response.content.decode()
    scripts = re.findall(JSONLD_SCRIPT, html, re.S)
    assert len(scripts) == 1
    return json.loads(scripts[0])


@pytest.mark.django_db
class JsonLdTests:
    def test_event_on_location(self, client, agenda):
        event = EventPageFactory(
            parent=agenda,
            title="Workshop gastvrijheid",
            intro="Leer van elkaar.",
            start=at(datetime.date(2031, 3, 6), 19),
            end=at(datetime.date(2031, 3, 6), 21, 30),
            is_free=True,
        )
        data = jsonld(client.get(event.url))
        assert data["@context"] == "https://schema.org"
        assert data["@type"] == "Event"
        assert data["name"] == "Workshop gastvrijheid"
        assert data["description"] == "Leer van elkaar."
        assert data["startDate"] == "2031-03-06T19:00:00+01:00"
        assert data["endDate"] == "2031-03-06T21:30:00+01:00"
        assert data["eventAttendanceMode"] == "https://schema.org/OfflineEventAttendanceMode"
        assert data["eventStatus"] == "https://schema.org/EventScheduled"
        assert data["location"] == {
            "@type": "Place",
            "name": "Hotel De Berg",
            "address": {
                "@type": "PostalAddress",
                "addressCountry": "NL",
                "streetAddress": "Bergweg 1",
                "postalCode": "6300 AA",
                "addressLocality": "Valkenburg",
            },
        }
        assert data["organizer"] == {
            "@type": "Organization",
            "name": "Stichting Leisure Lab Limburg",
            "url": "http://testserver/",
        }
        assert data["isAccessibleForFree"] is True
        assert data["url"] == f"http://testserver{event.url}"

    def test_online_event_has_a_virtual_location_on_our_page(self, client, agenda):
        event = EventPageFactory(
            parent=agenda,
            attendance_mode=AttendanceMode.ONLINE,
            online_meeting_url=MEETING_URL,
            start=at(datetime.date(2031, 7, 3), 16),
        )
        data = jsonld(client.get(event.url))
        assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert data["location"] == {
            "@type": "VirtualLocation",
            "url": f"http://testserver{event.url}",
        }
        assert data["startDate"].endswith("+02:00")
        assert "isAccessibleForFree" not in data

    def test_mixed_event_has_both_locations(self, client, agenda):
        event = EventPageFactory(
            parent=agenda, attendance_mode=AttendanceMode.MIXED, online_meeting_url=MEETING_URL
        )
        data = jsonld(client.get(event.url))
        assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
        assert [location["@type"] for location in data["location"]] == [
            "Place",
            "VirtualLocation",
        ]

    def test_status_cancelled_rescheduled_and_a_cancelled_date(self, client, agenda):
        cancelled = EventPageFactory(parent=agenda, status=EventStatus.CANCELLED)
        assert jsonld(client.get(cancelled.url))["eventStatus"] == (
            "https://schema.org/EventCancelled"
        )
        moved = EventPageFactory(parent=agenda, status=EventStatus.RESCHEDULED)
        assert jsonld(client.get(moved.url))["eventStatus"] == (
            "https://schema.org/EventRescheduled"
        )
        first = datetime.date(2031, 3, 6)
        series = EventPageFactory(
            parent=agenda,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=datetime.date(2031, 3, 20),
            cancelled_days=[datetime.date(2031, 3, 13)],
        )
        data = jsonld(client.get(f"{series.url}2031-03-13/"))
        assert data["eventStatus"] == "https://schema.org/EventCancelled"
        assert data["startDate"] == "2031-03-13T16:00:00+01:00"
        assert data["url"] == f"http://testserver{series.url}2031-03-13/"
        assert jsonld(client.get(f"{series.url}2031-03-20/"))["eventStatus"] == (
            "https://schema.org/EventScheduled"
        )

    def test_script_cannot_be_closed_by_the_content(self, client, agenda):
        event = EventPageFactory(
            parent=agenda,
            title="</script><script>alert(1)</script> & <!--",
            intro="<b>vet</b> & </SCRIPT>",
        )
        response = client.get(event.url)
        html = response.content.decode()
        script = re.search(JSONLD_SCRIPT, html, re.S)
        assert script is not None
        raw = script.group(1)
        assert "<" not in raw and ">" not in raw and "&" not in raw
        assert "\\u003C/script\\u003E" in raw
        data = json.loads(raw)
        assert data["name"] == "</script><script>alert(1)</script> & <!--"
        assert data["description"] == "<b>vet</b> & </SCRIPT>"


@pytest.mark.django_db
class MeetingLinkIsPrivateTests:
    def test_absent_from_every_public_response(
        self, client, agenda, django_capture_on_commit_callbacks
    ):
        first = days_from_now(1, 16).date()
        series = EventPageFactory(
            parent=agenda,
            title="Online reeks",
            attendance_mode=AttendanceMode.ONLINE,
            online_meeting_url=MEETING_URL,
            start=at(first, 16),
            end=at(first, 17),
            repeat=Repeat.WEEKLY,
            repeat_until=first + datetime.timedelta(weeks=2),
            capacity=1,
        )
        single = EventPageFactory(
            parent=agenda,
            attendance_mode=AttendanceMode.MIXED,
            online_meeting_url=MEETING_URL,
            start=days_from_now(3),
        )
        occurrence = series.occurrences.first()
        RegistrationFactory(occurrence=occurrence)
        urls = [
            "/",
            "/agenda/",
            "/agenda/eerder/",
            "/agenda/?vorm=online",
            series.url,
            occurrence.get_url(),
            single.url,
            f"/kalender/bijeenkomst/{series.pk}.ics",
            f"/kalender/bijeenkomst/{series.pk}/{occurrence.local_date.isoformat()}.ics",
            f"/kalender/bijeenkomst/{single.pk}.ics",
            "/kalender/agenda.ics",
            "/kalender/workshop.ics",
            "/kalender/contactmoment.ics",
            "/zoeken/?q=Online+reeks",
            "/sitemap.xml",
        ]
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert MEETING_URL not in response.content.decode(), url
            assert "nooit-openbaar" not in response.content.decode(), url

        # Not after a registration either, on the page or in the waitlist mail.
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(occurrence.get_url(), registration_data(), follow=True)
        assert MEETING_URL not in response.content.decode()
        assert mail.outbox[-1].subject.startswith("Je staat op de wachtlijst")
        assert MEETING_URL not in mail.outbox[-1].body
        assert MEETING_URL not in str(mail.outbox[-1].attachments[0][1])
