"""schema.org Event data for search engines, one object per date shown.

The location of an online event is a VirtualLocation whose url is the event page: the meeting
link itself is for registered people only and never appears here."""

import json

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from home.links import site_root_url

from .localtime import local
from .models.choices import AttendanceMode, EventStatus
from .models.registrations import Occurrence

ATTENDANCE_MODES = {
    AttendanceMode.OFFLINE: "https://schema.org/OfflineEventAttendanceMode",
    AttendanceMode.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
    AttendanceMode.MIXED: "https://schema.org/MixedEventAttendanceMode",
}
STATUSES = {
    EventStatus.SCHEDULED: "https://schema.org/EventScheduled",
    EventStatus.CANCELLED: "https://schema.org/EventCancelled",
    EventStatus.RESCHEDULED: "https://schema.org/EventRescheduled",
}
# The same escapes as Django's json_script: nothing in the data can close the <script>.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def event_data(
    occurrence: Occurrence, *, url: str, image_url: str = "", organizer_url: str = ""
) -> dict:
    event = occurrence.event
    status = STATUSES[EventStatus.CANCELLED if occurrence.is_cancelled else event.status]
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "startDate": local(occurrence.start).isoformat(),
        "endDate": local(occurrence.end).isoformat(),
        "eventAttendanceMode": ATTENDANCE_MODES[event.attendance_mode],
        "eventStatus": status,
        "url": url,
        "organizer": {
            "@type": "Organization",
            "name": "Stichting Leisure Lab Limburg",
            "url": organizer_url or site_root_url() + "/",
        },
    }
    if event.intro:
        data["description"] = event.intro
    if image_url:
        data["image"] = [image_url]
    locations = []
    if event.is_offline:
        address = {"@type": "PostalAddress", "addressCountry": "NL"}
        if event.street_address:
            address["streetAddress"] = event.street_address
        if event.postal_code:
            address["postalCode"] = event.postal_code
        if event.city:
            address["addressLocality"] = event.city
        locations.append(
            {"@type": "Place", "name": event.venue_name or event.city, "address": address}
        )
    if event.is_online:
        locations.append({"@type": "VirtualLocation", "url": url})
    data["location"] = locations[0] if len(locations) == 1 else locations
    if event.is_free is not None:
        data["isAccessibleForFree"] = event.is_free
    return data


def script_tag(data: dict, *, nonce: str = "") -> SafeString:
    """<script type="application/ld+json"> with the data escaped for the HTML parser, and the
    request's Content-Security-Policy nonce (request.csp_nonce) when given."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_ESCAPES)
    nonce_attribute = f' nonce="{escape(nonce)}"' if nonce else ""
    return mark_safe(  # noqa: S308
        f'<script type="application/ld+json"{nonce_attribute}>{text}</script>'
    )
