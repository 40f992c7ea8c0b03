"""Wagtail's "Moderators" group may moderate reactions (the permission is granted to other
groups in the admin, under Groups).

Permissions are normally created after all migrations have run; this one creates the reaction
permission itself, so a fresh database gets a complete group at once."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP = "Moderators"
CODENAME = "moderate_reactions"


def grant(apps, schema_editor):
    projects = apps.get_app_config("projects")
    projects.models_module = True
    create_permissions(projects, verbosity=0, apps=apps)
    projects.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.filter(
        content_type__app_label="projects", codename=CODENAME
    ).first()
    group = Group.objects.filter(name=GROUP).first()
    if permission is not None and group is not None:
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=GROUP).first()
    permission = Permission.objects.filter(
        content_type__app_label="projects", codename=CODENAME
    ).first()
    if group is not None and permission is not None:
        group.permissions.remove(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0002_reactions"),
        ("wagtailcore", "0002_initial_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
