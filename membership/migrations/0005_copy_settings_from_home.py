"""Membership's settings used to live in home: the board addresses in home's SiteSettings and
the home page invitation on HomePage. Copy them into MembershipSettings before home drops
them (run_before, so home's migrations need not know membership)."""

from django.db import migrations

HOME_FIELDS = {
    "membership_title": "home_title",
    "membership_text": "home_text",
    "membership_link_text": "home_link_text",
}


def copy_from_home(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    HomeSettings = apps.get_model("home", "SiteSettings")
    HomePage = apps.get_model("home", "HomePage")
    MembershipSettings = apps.get_model("membership", "MembershipSettings")
    for site in Site.objects.all():
        values = {}
        old = HomeSettings.objects.filter(site_id=site.pk).first()
        if old is not None and old.board_emails:
            values["board_emails"] = old.board_emails
        home = HomePage.objects.filter(pk=site.root_page_id).first()
        if home is not None:
            values.update({new: getattr(home, old_name) for old_name, new in HOME_FIELDS.items()})
        if values:
            MembershipSettings.objects.update_or_create(site_id=site.pk, defaults=values)


def copy_back(apps, schema_editor):
    Site = apps.get_model("wagtailcore", "Site")
    HomeSettings = apps.get_model("home", "SiteSettings")
    HomePage = apps.get_model("home", "HomePage")
    MembershipSettings = apps.get_model("membership", "MembershipSettings")
    for settings in MembershipSettings.objects.all():
        HomeSettings.objects.update_or_create(
            site_id=settings.site_id, defaults={"board_emails": settings.board_emails}
        )
        site = Site.objects.get(pk=settings.site_id)
        HomePage.objects.filter(pk=site.root_page_id).update(
            **{old: getattr(settings, new) for old, new in HOME_FIELDS.items()}
        )


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0004_membership_settings"),
        ("home", "0003_reaction_settings_moved_to_projects"),
    ]
    run_before = [("home", "0004_move_membership_out")]

    operations = [migrations.RunPython(copy_from_home, copy_back)]
