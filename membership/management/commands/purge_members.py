"""Remove former members' data a year after their membership ended (unless the board keeps a
legal record), and used or expired sign-in links after a day. Safe to run daily."""

from django.core.management.base import BaseCommand

from membership.member_services import members_purge


class Command(BaseCommand):
    help = (
        "Remove the data of members whose membership ended more than a year ago (unless "
        "kept as a legal record) and sign-in links older than a day."
    )

    def handle(self, *args, **options):
        removed = members_purge()
        self.stdout.write(
            f"Removed {removed['members']} former member(s) and "
            f"{removed['sign_in_links']} sign-in link(s)."
        )
