"""The "Bestuur" group manages members ("Leden") as it manages applications."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Bestuur"
CODENAMES = [f"{action}_member" for action in ("view", "add", "change", "delete")]


def grant(apps, schema_editor):
    membership = apps.get_app_config("membership")
    membership.models_module = True
    create_permissions(membership, verbosity=0, apps=apps)
    membership.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="membership", codename__in=CODENAMES)
    )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    if group is not None:
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="membership", codename__in=CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [("membership", "0006_members")]

    operations = [migrations.RunPython(grant, revoke)]
