from django.core.management.base import BaseCommand

from home.demo import demo_examples_remove


class Command(BaseCommand):
    help = (
        "Before launch: delete the example pages of the demo content that no editor changed, "
        "and keep load_demo_content from adding them again. Safe to run again."
    )

    def handle(self, *args, **options):
        result = demo_examples_remove()
        for title in result.removed:
            self.stdout.write(f"  - removed “{title}”")
        for title, reason in result.kept:
            self.stdout.write(f"  = kept “{title}”: {reason}")
        if result.removed:
            self.stdout.write(
                self.style.SUCCESS(f"Demo examples: {len(result.removed)} page(s) removed.")
            )
        else:
            self.stdout.write("Demo examples: nothing to remove.")
