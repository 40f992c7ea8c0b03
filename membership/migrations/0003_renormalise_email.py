"""Recompute the normalised addresses: the domain is now spelled in punycode, and an address
longer than the column once normalised is kept as a digest.

An active application whose new spelling equals another active one's keeps its old spelling
(the database allows one active application per address); the board sees both anyway."""

import contextlib

from django.db import IntegrityError, migrations, transaction


def renormalise(apps, schema_editor):
    from membership.models import normalise_email

    MembershipApplication = apps.get_model("membership", "MembershipApplication")
    for application in MembershipApplication.objects.only("email", "email_normalised"):
        value = normalise_email(application.email)
        if value == application.email_normalised:
            continue
        with contextlib.suppress(IntegrityError), transaction.atomic():
            MembershipApplication.objects.filter(pk=application.pk).update(email_normalised=value)


class Migration(migrations.Migration):
    dependencies = [("membership", "0002_board_group")]

    operations = [migrations.RunPython(renormalise, migrations.RunPython.noop)]
