"""Erase everything the site holds for one email address (an AVG erasure request), in every
app that registered its personal data (home/registry.py), in one transaction.

Mail that is still waiting in the task queue for that address is removed too, and so are the
copies of sent mail that the database queue keeps: a mail to the board or the moderators
names a person without their address, so no search could find all of theirs."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q

from home.registry import registry

MAIL_TASK = "home.mail.send_mail_task"


def erase_queued_mail(email: str) -> int:
    """Mail tasks that name the address, and every finished mail task (django-tasks' database
    queue): a sent mail needs no copy, and one to the board holds the name, not the address."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the queue is optional
        return 0
    # SQLite keeps JSON as text with non-ASCII characters escaped.
    naming = Q(args_kwargs__icontains=email) | Q(args_kwargs__icontains=json.dumps(email)[1:-1])
    deleted, _ = DBTaskResult.objects.filter(naming).delete()
    sent, _ = DBTaskResult.objects.finished().filter(task_path=MAIL_TASK).delete()
    return deleted + sent


class Command(BaseCommand):
    help = "Erase all personal data held for one email address, in every app."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The email address to erase the data of.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args, email, yes=False, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email!r}") from error
        if not yes and options.get("interactive", True):
            answer = input(f"Erase all data held for {email}? This cannot be undone. [y/N] ")
            if answer.strip().lower() not in {"y", "yes", "j", "ja"}:
                raise CommandError("Nothing erased.")
        with transaction.atomic():
            counts = {
                entry.label: entry.erase(email)
                for _name, entry in sorted(registry.personal_data.items())
            }
            counts["Wachtende en verstuurde mail"] = erase_queued_mail(email)
        for label, count in counts.items():
            self.stdout.write(f"{label}: {count} erased")
        self.stdout.write(f"Total: {sum(counts.values())} record(s) erased for {email}.")
