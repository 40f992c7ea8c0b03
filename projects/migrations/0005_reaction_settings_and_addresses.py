"""Existing data into the new shape of reactions.

- The reaction settings move from home's SiteSettings to projects' ReactionSettings, per site.
- Reaction addresses and unsubscribes are spelled as home.emails.normalise_email spells them,
  so export, erase and unsubscribe find them (two unsubscribes that become one are merged).
- Reactions already stored keep their state: they have no ReactionConfirmation, so waiting
  ones still wait for a moderator and public ones stay public.
"""

from django.db import migrations

from home.emails import normalise_email


def copy_settings(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    ReactionSettings = apps.get_model("projects", "ReactionSettings")
    for old in SiteSettings.objects.all():
        ReactionSettings.objects.update_or_create(
            site_id=old.site_id,
            defaults={
                "moderator_emails": old.moderator_emails,
                "blocklist_words": old.reaction_blocklist_words,
                "blocklist_domains": old.reaction_blocklist_domains,
            },
        )


def copy_settings_back(apps, schema_editor):
    SiteSettings = apps.get_model("home", "SiteSettings")
    ReactionSettings = apps.get_model("projects", "ReactionSettings")
    for new in ReactionSettings.objects.all():
        SiteSettings.objects.update_or_create(
            site_id=new.site_id,
            defaults={
                "moderator_emails": new.moderator_emails,
                "reaction_blocklist_words": new.blocklist_words,
                "reaction_blocklist_domains": new.blocklist_domains,
            },
        )


def normalised(email: str) -> str | None:
    value = normalise_email(email)
    return None if not value or value.startswith("sha256:") or value == email else value


def normalise_addresses(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    XtdComment = apps.get_model("django_comments_xtd", "XtdComment")
    ReactionMute = apps.get_model("projects", "ReactionMute")
    content_type = ContentType.objects.filter(app_label="projects", model="projectpage").first()
    if content_type is not None:
        comments = XtdComment.objects.filter(content_type=content_type).exclude(user_email="")
        for pk, email in comments.values_list("pk", "user_email"):
            value = normalised(email)
            if value is not None:
                XtdComment.objects.filter(pk=pk).update(user_email=value)
    groups = {}
    for mute in ReactionMute.objects.order_by("pk"):
        groups.setdefault((mute.page_id, normalise_email(mute.email)), []).append(mute)
    for (_page_id, email), mutes in groups.items():
        # Keep the one already spelled right, if any: it cannot clash with itself.
        mutes.sort(key=lambda mute: mute.email != email)
        keep, *duplicates = mutes
        ReactionMute.objects.filter(pk__in=[mute.pk for mute in duplicates]).delete()
        value = normalised(keep.email)
        if value is not None:
            ReactionMute.objects.filter(pk=keep.pk).update(email=value)


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("django_comments_xtd", "0008_auto_20200920_2037"),
        ("home", "0002_reaction_blocklists"),
        ("projects", "0004_reaction_confirmation_and_settings"),
    ]

    operations = [
        migrations.RunPython(copy_settings, copy_settings_back),
        migrations.RunPython(normalise_addresses, migrations.RunPython.noop),
    ]
