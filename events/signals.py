"""Keep an event's dates in step with its page whenever it is published."""

from django.dispatch import receiver

from wagtail.signals import page_published

from .models import EventPage
from .services import occurrences_sync


@receiver(page_published, sender=EventPage)
def event_published(sender, instance: EventPage, **kwargs):
    occurrences_sync(event=instance)
