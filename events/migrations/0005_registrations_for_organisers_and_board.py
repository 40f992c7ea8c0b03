"""Registrants' names and addresses ("Deelnemers" and its exports) only for those who need
them: a new group "Evenementen" (who organise events) and the board ("Bestuur"). Editors and
moderators no longer see or cancel registrations (migration 0002 gave them that); they see
the seats taken and left on the event pages, not the people.

Permissions are normally created after all migrations have run; this one creates the
registration permissions itself, so a fresh database gets complete groups at once. "Bestuur"
is made here if the membership app's migration has not made it yet (both use get_or_create,
so neither depends on the other)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ORGANISERS = "Evenementen"
BOARD = "Bestuur"
NO_LONGER = ["Editors", "Moderators"]
CODENAMES = ["view_registration", "change_registration"]


def registration_permissions(apps):
    events = apps.get_app_config("events")
    events.models_module = True
    create_permissions(events, verbosity=0, apps=apps)
    events.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(content_type__app_label="events", codename__in=CODENAMES)
    )


def admin_access(apps):
    Permission = apps.get_model("auth", "Permission")
    return list(
        Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin")
    )


def grant(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    permissions = registration_permissions(apps) + admin_access(apps)
    for name in [ORGANISERS, BOARD]:
        group, _created = Group.objects.get_or_create(name=name)
        group.permissions.add(*permissions)
    registrations = registration_permissions(apps)
    for group in Group.objects.filter(name__in=NO_LONGER):
        group.permissions.remove(*registrations)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    registrations = registration_permissions(apps)
    Group.objects.filter(name=ORGANISERS).delete()
    for group in Group.objects.filter(name=BOARD):
        group.permissions.remove(*registrations)
    for group in Group.objects.filter(name__in=NO_LONGER):
        group.permissions.add(*registrations)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0004_registration_one_per_normalised_email"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
