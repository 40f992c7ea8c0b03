"""The fixed choices of an event page, in a module of their own so that the modules pages.py
builds on (jsonld, the page context) can use them without importing the page models."""

from django.db import models


class EventType(models.TextChoices):
    # The values appear in URLs (?soort=, /kalender/<soort>.ics) and must stay stable.
    CONTACT_MOMENT = "contactmoment", "Contactmoment"
    WORKSHOP = "workshop", "Workshop"
    THEME_SESSION = "themasessie", "Themasessie"
    TRAINING = "training", "Training"
    COMPANY_VISIT = "bedrijfsbezoek", "Bedrijfsbezoek"


class AttendanceMode(models.TextChoices):
    OFFLINE = "offline", "Op locatie"
    ONLINE = "online", "Online"
    MIXED = "mixed", "Op locatie en online"


class EventStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Gepland"
    CANCELLED = "cancelled", "Geannuleerd"
    RESCHEDULED = "rescheduled", "Verplaatst"


class Repeat(models.TextChoices):
    NONE = "", "Eenmalig"
    WEEKLY = "weekly", "Wekelijks of om de zoveel weken"
