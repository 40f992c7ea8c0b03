"""Remove registrations for dates that ended more than a year ago (the retention period).
Safe to run as often as you like (e.g. daily from cron)."""

from django.core.management.base import BaseCommand

from events.services import REGISTRATION_RETENTION_DAYS, registrations_purge


class Command(BaseCommand):
    help = "Remove registrations for event dates that ended more than a year ago."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=REGISTRATION_RETENTION_DAYS,
            help=f"Keep registrations this many days after the date (default "
            f"{REGISTRATION_RETENTION_DAYS}).",
        )

    def handle(self, *args, days: int, **options):
        removed = registrations_purge(older_than_days=days)
        self.stdout.write(f"Removed {removed} event registration(s).")
