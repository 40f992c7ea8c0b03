"""Choices shared by the membership models and forms, kept apart so the page model can build
its signup form without an import circle (models → forms → models)."""

from django.db import models


class Sector(models.TextChoices):
    HORECA = "horeca", "Horeca"
    ATTRACTION = "attractie", "Attractie"
    ACCOMMODATION = "verblijf", "Verblijf"
    EVENTS = "evenementen", "Evenementen"
    OTHER = "overig", "Overig"
