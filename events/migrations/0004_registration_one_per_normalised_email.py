"""One active registration per normalised address per date (see 0003), enforced by the
database. A migration of its own: PostgreSQL alters no table with rows changed earlier in the
same transaction."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("events", "0003_registration_email_normalised")]

    operations = [
        migrations.AlterField(
            model_name="registration",
            name="email_normalised",
            field=models.CharField(db_index=True, editable=False, max_length=254),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status__in", ["confirmed", "waitlist"])),
                fields=("occurrence", "email_normalised"),
                name="events_registration_one_per_email",
            ),
        ),
    ]
