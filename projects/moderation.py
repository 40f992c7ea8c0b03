"""Moderation rules for reactions on project pages, registered with django-comments-xtd's
moderator (the django_comments.moderation Moderator that listens to the xtd signals).

- allow: only while the project takes reactions (switched on, before its closing date);
- moderate: every reaction waits for a moderator, unless a moderator posts it and it does not
  look like spam.
"""

import contextlib

from django_comments.moderation import AlreadyModerated
from django_comments_xtd.moderation import XtdCommentModerator, moderator

from home.models import SiteSettings
from home.sites import default_site_settings

from .models import ProjectPage
from .reactions import suspicion_reasons

MODERATE_PERMISSION = "projects.moderate_reactions"


def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(MODERATE_PERMISSION))


def site_settings() -> SiteSettings:
    """The settings of the default site (the one site this project serves)."""
    return default_site_settings(SiteSettings)


class ReactionModerator(XtdCommentModerator):
    # The package's own mails (to settings.MANAGERS) stay off: projects.services tells the
    # moderators from site settings once a reaction is stored.
    email_notification = False
    removal_suggestion_notification = False

    def allow(self, comment, content_object, request):
        return content_object.reactions_open

    def moderate(self, comment, content_object, request):
        if not can_moderate(getattr(request, "user", None)):
            return True
        return bool(
            suspicion_reasons(
                text=comment.comment, email=comment.user_email, site_settings=site_settings()
            )
        )


def register() -> None:
    with contextlib.suppress(AlreadyModerated):
        moderator.register(ProjectPage, ReactionModerator)
