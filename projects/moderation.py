"""Who moderates reactions, and the settings moderation works with.

Every reaction waits for a moderator, unless a moderator posts it and it does not look like
spam (see services.reaction_post). The package's own moderator class is not used: the site
stores and moderates reactions itself, around the package's model."""

from wagtail.models import Site

from .models import ReactionSettings

MODERATE_PERMISSION = "projects.moderate_reactions"


def can_moderate(user) -> bool:
    return bool(user and user.is_authenticated and user.has_perm(MODERATE_PERMISSION))


def reaction_settings() -> ReactionSettings:
    """The reaction settings of the default site (the one site this project serves)."""
    site = Site.objects.filter(is_default_site=True).first()
    return ReactionSettings.for_site(site) if site else ReactionSettings()
