"""Forget the IP address of reactions older than REACTION_IP_RETENTION_DAYS (30): it only
helps against abuse while a reaction is fresh. Run daily (cron or a scheduler)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from projects.services import reaction_ips_purge


class Command(BaseCommand):
    help = "Wist het IP-adres van reacties die ouder zijn dan 30 dagen."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=settings.REACTION_IP_RETENTION_DAYS,
            help="Bewaartermijn in dagen (standaard %(default)s).",
        )

    def handle(self, *args, days, **options):
        count = reaction_ips_purge(older_than_days=days)
        self.stdout.write(f"IP-adres gewist van {count} reactie(s).")
