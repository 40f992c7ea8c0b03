"""Erase everything the site holds for one email address (an AVG erasure request), in every
app that registered its personal data (home/registry.py), in one transaction.

Mail that is still waiting in the task queue for that address is removed too."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from home.registry import registry


def erase_queued_mail(email: str) -> int:
    """Queued and finished mail tasks that name the address (django-tasks' database queue)."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # pragma: no cover - the queue is optional
        return 0
    deleted, _ = DBTaskResult.objects.filter(args_kwargs__icontains=email).delete()
    return deleted


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
