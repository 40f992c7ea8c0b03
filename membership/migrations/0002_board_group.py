"""The "Bestuur" group: admin access, and the only group that sees membership applications.

Permissions are normally created after all migrations have run; this one creates the
application permissions itself, so a fresh database gets a complete group at once."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Bestuur"
APPLICATION_PERMISSIONS = ["view", "change", "delete"]


def create_board_group(apps, schema_editor):
    membership = apps.get_app_config("membership")
    membership.models_module = True
    create_permissions(membership, verbosity=0, apps=apps)
    membership.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=GROUP)
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="membership",
            codename__in=[f"{action}_membershipapplication" for action in APPLICATION_PERMISSIONS],
        )
    )
    admin_access = Permission.objects.filter(
        content_type__app_label="wagtailadmin", codename="access_admin"
    ).first()
    if admin_access is not None:
        permissions.append(admin_access)
    group.permissions.add(*permissions)


def remove_board_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0001_initial"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_board_group, remove_board_group)]
