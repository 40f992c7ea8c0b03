"""Migrating existing data to reactions with a confirmation record (projects 0005, home 0003):
waiting and public reactions keep their state, the reaction settings move from home's site
settings to projects' own, and addresses are spelled the one way."""

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

import pytest

BEFORE = [
    ("projects", "0004_reaction_confirmation_and_settings"),
    ("home", "0002_reaction_blocklists"),
]
AFTER = [
    ("projects", "0005_reaction_settings_and_addresses"),
    ("home", "0003_reaction_settings_moved_to_projects"),
]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


# serialized_rollback brings back the site and root page that earlier tests may have flushed.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_existing_reactions_keep_their_state_and_settings_move():
    old = migrate(BEFORE)
    Site = old.get_model("wagtailcore", "Site")
    SiteSettings = old.get_model("home", "SiteSettings")
    ContentType = old.get_model("contenttypes", "ContentType")
    XtdComment = old.get_model("django_comments_xtd", "XtdComment")
    ReactionMute = old.get_model("projects", "ReactionMute")
    ProjectPage = old.get_model("projects", "ProjectPage")
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.create(
        site=site,
        moderator_emails="moderator@example.com",
        reaction_blocklist_words="casino",
        reaction_blocklist_domains="spam.example",
    )
    content_type, _ = ContentType.objects.get_or_create(app_label="projects", model="projectpage")
    page_content_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    root = old.get_model("wagtailcore", "Page").objects.get(depth=1)
    page = ProjectPage.objects.create(
        title="Oud project",
        slug="oud",
        path=root.path + "0099",
        depth=2,
        content_type=content_type,
        locale_id=root.locale_id,
    )

    def comment(email, **state):
        return XtdComment.objects.create(
            content_type=content_type,
            object_pk=str(page.pk),
            site_id=1,
            user_name="Oude lezer",
            user_email=email,
            comment="Van voor de bevestigingen",
            submit_date=timezone.now(),
            **state,
        )

    waiting = comment("Wacht@Example.com", is_public=False, is_removed=False)
    public = comment("publiek@example.com", is_public=True, is_removed=False)
    rejected = comment("weg@example.com", is_public=False, is_removed=True)
    ReactionMute.objects.create(page_id=page.pk, email="Volger@Example.com")
    ReactionMute.objects.create(page_id=page.pk, email="volger@example.com")

    new = migrate(AFTER)
    from projects.models import Reaction, ReactionSettings
    from projects.models import ReactionMute as Mute

    assert list(Reaction.objects.waiting().values_list("pk", flat=True)) == [waiting.pk]
    assert list(Reaction.objects.approved().values_list("pk", flat=True)) == [public.pk]
    assert list(Reaction.objects.rejected().values_list("pk", flat=True)) == [rejected.pk]
    assert not Reaction.objects.unconfirmed().exists()
    assert Reaction.objects.get(pk=waiting.pk).user_email == "wacht@example.com"
    assert list(Mute.objects.values_list("email", flat=True)) == ["volger@example.com"]
    settings = ReactionSettings.objects.get(site_id=site.pk)
    assert settings.moderator_addresses == ["moderator@example.com"]
    assert settings.blocked_words == ["casino"]
    assert settings.blocked_domains == ["spam.example"]
    home_settings = new.get_model("home", "SiteSettings")
    assert not hasattr(home_settings.objects.get(site_id=site.pk), "moderator_emails")
