"""Remove membership applications past their retention: unconfirmed after 30 days, rejected
6 months after the decision. Safe to run as often as you like (e.g. daily from cron)."""

from django.core.management.base import BaseCommand

from membership.services import membership_applications_purge


class Command(BaseCommand):
    help = (
        "Remove unconfirmed membership applications after 30 days and rejected ones "
        "6 months after the decision."
    )

    def handle(self, *args, **options):
        removed = membership_applications_purge()
        self.stdout.write(
            f"Removed {removed['unconfirmed']} unconfirmed and {removed['rejected']} rejected "
            "membership application(s)."
        )
