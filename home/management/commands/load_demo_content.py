from django.core.management.base import BaseCommand

from home.demo import DemoContentLoader


class Command(BaseCommand):
    help = "Load the demo content. Safe to run again: only missing pages are created."

    def handle(self, *args, **options):
        created = DemoContentLoader(stdout=self.stdout).load()
        if created:
            self.stdout.write(self.style.SUCCESS(f"Demo content: {len(created)} item(s) added."))
        else:
            self.stdout.write("Demo content: already complete, nothing changed.")
