"""Keep an event's dates in step with its page whenever it is published, and the cached
pages in step with registrations ("nog N plaatsen", "vol") and dates."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from wagtail.signals import page_published

from home import pagecache

from .models import EventPage, Occurrence, Registration
from .services import occurrences_sync


@receiver(page_published, sender=EventPage)
def event_published(sender, instance: EventPage, **kwargs):
    occurrences_sync(event=instance)


@receiver(post_save, sender=Registration)
@receiver(post_delete, sender=Registration)
@receiver(post_save, sender=Occurrence)
@receiver(post_delete, sender=Occurrence)
def seats_or_dates_changed(sender, raw=False, **kwargs):
    """A registration made, cancelled or promoted, or a date changed or cancelled."""
    if not raw:
        pagecache.invalidate()
