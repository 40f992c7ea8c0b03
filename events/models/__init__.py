"""Events: the agenda, event pages with their dates, and registrations.

An event page describes a meeting once; its dates are `Occurrence` rows. A single event has
one, a series ("elke donderdag 16:00–17:00") one per date. The rows are kept in step with the
page when it is published (see services.occurrences_sync), so that the agenda lists, sorts,
filters and paginates dates with one query, and so that each date has a row to lock while a
seat is taken. Editors cancel one date of a series on the page itself ("Vervallen data"):
drafts, revisions and previews work for that as for any other field.
"""

from ..localtime import local, local_zone
from .choices import AttendanceMode, EventStatus, EventType, Repeat
from .pages import (
    MAX_SERIES_LENGTH,
    EventIndexPage,
    EventPage,
    EventPageCancelledDate,
    EventPagePerson,
)
from .registrations import Occurrence, OccurrenceQuerySet, Registration, RegistrationQuerySet

__all__ = [
    "MAX_SERIES_LENGTH",
    "AttendanceMode",
    "EventIndexPage",
    "EventPage",
    "EventPageCancelledDate",
    "EventPagePerson",
    "EventStatus",
    "EventType",
    "Occurrence",
    "OccurrenceQuerySet",
    "Registration",
    "RegistrationQuerySet",
    "Repeat",
    "local",
    "local_zone",
]
