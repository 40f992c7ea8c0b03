"""Export, as JSON, everything the site holds for one email address (an AVG access request).

Each app registers what it holds in its AppConfig.ready() (home/registry.py); this command
asks every one of them, so it needs no change when an app is added."""

import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email

from home.registry import registry


class Command(BaseCommand):
    help = "Export all personal data held for one email address as JSON."

    def add_arguments(self, parser):
        parser.add_argument("email", help="The email address to export the data of.")
        parser.add_argument(
            "--output", "-o", help="Write the JSON to this file instead of standard output."
        )

    def handle(self, *args, email, output=None, **options):
        email = email.strip()
        try:
            validate_email(email)
        except ValidationError as error:
            raise CommandError(f"Not an email address: {email!r}") from error
        text = json.dumps(
            registry.export_personal_data(email),
            cls=DjangoJSONEncoder,
            ensure_ascii=False,
            indent=2,
        )
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stderr.write(f"Written to {output}")
        else:
            self.stdout.write(text)
