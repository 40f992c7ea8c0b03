"""The board addresses and the home page invitation moved from home into MembershipSettings:
existing values are copied, not lost."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import pytest

BEFORE = [
    ("home", "0003_reaction_settings_moved_to_projects"),
    ("membership", "0004_membership_settings"),
]
AFTER = [("home", "0004_move_membership_out"), ("membership", "0005_copy_settings_from_home")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
class SettingsMigrationTests:
    def test_values_in_home_are_copied_to_membership_and_back(self):
        old = migrate(BEFORE)
        Site = old.get_model("wagtailcore", "Site")
        site = Site.objects.get(is_default_site=True)
        old.get_model("home", "SiteSettings").objects.create(
            site_id=site.pk, board_emails="bestuur@example.com\nvoorzitter@example.com"
        )
        Page = old.get_model("wagtailcore", "Page")
        HomePage = old.get_model("home", "HomePage")
        ContentType = old.get_model("contenttypes", "ContentType")
        root = Page.objects.get(depth=1)
        home = HomePage.objects.create(
            title="Start",
            slug="start-migratie",
            path=root.path + "0009",
            depth=2,
            url_path="/start-migratie/",
            content_type=ContentType.objects.get_for_model(HomePage),
            locale_id=root.locale_id,
            membership_title="Doe mee",
            membership_text="Word lid.",
            membership_link_text="Aanmelden",
        )
        previous_root = site.root_page_id
        Site.objects.filter(pk=site.pk).update(root_page_id=home.pk)
        try:
            new = migrate(AFTER)
            settings = new.get_model("membership", "MembershipSettings").objects.get(
                site_id=site.pk
            )
            assert settings.board_emails == "bestuur@example.com\nvoorzitter@example.com"
            assert (settings.home_title, settings.home_text, settings.home_link_text) == (
                "Doe mee",
                "Word lid.",
                "Aanmelden",
            )
            # And back again.
            old = migrate(BEFORE)
            home_settings = old.get_model("home", "SiteSettings").objects.get(site_id=site.pk)
            assert home_settings.board_emails == "bestuur@example.com\nvoorzitter@example.com"
            assert old.get_model("home", "HomePage").objects.get(pk=home.pk).membership_title == (
                "Doe mee"
            )
        finally:
            Site.objects.filter(pk=site.pk).update(root_page_id=previous_root)
            old.get_model("wagtailcore", "Page").objects.filter(pk=home.pk).delete()
            migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
