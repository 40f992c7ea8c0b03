"""Amsterdam time for the events app: every date is stored in UTC and shown, generated and
written to calendar files in the site's time zone (settings.TIME_ZONE, Europe/Amsterdam)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def local(moment: datetime) -> datetime:
    return timezone.localtime(moment, local_zone())
