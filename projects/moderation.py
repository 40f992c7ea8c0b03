"""Who moderates reactions, and the settings moderation works with.

Every reaction waits for a moderator, unless a moderator posts it and it does not look like
spam (see services.reaction_post). The package's own moderator class is not used: the site
stores and moderates reactions itself, around the package's model."""

from home.sites import default_site_settings

from .models import ReactionSettings

MODERATE_PERMISSION = "projects.moderate_reactions"


def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(MODERATE_PERMISSION))


def reaction_settings() -> ReactionSettings:
    """The reaction settings of the default site (the one site this project serves)."""
    return default_site_settings(ReactionSettings)
