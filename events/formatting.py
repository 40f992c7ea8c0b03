"""Dates and times the Dutch way, in Amsterdam time: "donderdag 6 maart 2025, 16:00–17:00".

Used by templates (through the event_tags filters), mails and calendar files, so every place
says a date the same way."""

from datetime import date, datetime

from django.utils import dateformat, timezone, translation

from .localtime import local


def _format(moment: datetime, pattern: str) -> str:
    with translation.override("nl"):
        return dateformat.format(local(moment), pattern)


def format_date(moment: datetime) -> str:
    """ "donderdag 6 maart 2025" """
    return _format(moment, "l j F Y")


def format_short_date(moment: datetime) -> str:
    """ "do 6 mrt" """
    with translation.override("nl"):
        day = dateformat.format(local(moment), "D j").lower()
        month = dateformat.format(local(moment), "M").lower().rstrip(".")
    return f"{day} {month}"


def format_weekday(moment: datetime) -> str:
    """ "donderdag" """
    return _format(moment, "l")


def format_date_without_weekday(day: date) -> str:
    """ "6 maart 2025", for a calendar date (no time, so no time zone)."""
    with translation.override("nl"):
        return dateformat.format(day, "j F Y")


def format_day_month(moment: datetime) -> str:
    """ "3 december", with the year when it is not this year: "5 januari 2027"."""
    with translation.override("nl"):
        day = local(moment)
        pattern = "j F" if day.year == local(timezone.now()).year else "j F Y"
        return dateformat.format(day, pattern)


def format_time(moment: datetime) -> str:
    return _format(moment, "H:i")


def format_when(start: datetime, end: datetime) -> str:
    """ "donderdag 6 maart 2025, 16:00–17:00", or both dates when it ends on another day."""
    if local(start).date() == local(end).date():
        return f"{format_date(start)}, {format_time(start)}–{format_time(end)}"
    return f"{format_date(start)} {format_time(start)} tot {format_date(end)} {format_time(end)}"
