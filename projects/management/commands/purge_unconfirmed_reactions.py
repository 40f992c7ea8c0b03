"""Delete reactions nobody confirmed within 7 days (their link has expired, and they were never
shown), and unsubscribe links older than a year. Run daily (cron or a scheduler); running it
twice deletes nothing more."""

from django.core.management.base import BaseCommand

from projects.services import reaction_unconfirmed_purge


class Command(BaseCommand):
    help = "Wist onbevestigde reacties na 7 dagen en afmeldlinks na een jaar."

    def handle(self, *args, **options):
        reactions, links = reaction_unconfirmed_purge()
        self.stdout.write(f"{reactions} onbevestigde reactie(s) en {links} afmeldlink(s) gewist.")
