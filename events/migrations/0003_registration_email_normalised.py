"""Registrations compare addresses by home.emails.normalise_email, the one rule every app uses
(it was `strip().lower()` here). The address as stored stays for the mail; the normalised one
is a column of its own, filled in for every stored registration.

Two active registrations of one date whose addresses only now turn out to be the same (NFKC,
casefold, punycode) would break the one-per-address rule: the earliest keeps its place, the
later ones are cancelled, as the person would have been told on registering again. No mail
is sent from a migration; the seat such a cancellation frees goes to the waitlist at the
next change of the event (services.waitlist_promote runs on every publish)."""

from django.db import migrations, models
from django.utils import timezone

from home.emails import normalise_email

ACTIVE = ["confirmed", "waitlist"]


def renormalise(apps, schema_editor):
    Registration = apps.get_model("events", "Registration")
    kept = set()
    now = timezone.now()
    for registration in Registration.objects.order_by("created_at", "pk").iterator():
        registration.email_normalised = normalise_email(registration.email)
        fields = ["email_normalised"]
        if registration.status in ACTIVE:
            key = (registration.occurrence_id, registration.email_normalised)
            if key in kept:
                registration.status = "cancelled"
                registration.cancelled_at = now
                fields += ["status", "cancelled_at"]
            else:
                kept.add(key)
        registration.save(update_fields=fields)


class Migration(migrations.Migration):
    dependencies = [("events", "0002_editor_registration_permissions")]

    operations = [
        migrations.RemoveConstraint(
            model_name="registration", name="events_registration_one_per_email"
        ),
        migrations.AddField(
            model_name="registration",
            name="email_normalised",
            field=models.CharField(default="", editable=False, max_length=254),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="registration",
            name="repeat_notice_sent_at",
            field=models.DateTimeField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(renormalise, migrations.RunPython.noop),
    ]
