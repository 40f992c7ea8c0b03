"""Receivers of the comments apps' signals, and of saves of reactions.

django-comments-xtd's own comment_was_posted receiver is disconnected in apps.py: it mails a
confirmation link that never expires, or stores and notifies at once. Ours below mails our
link instead, or stores a moderator's reaction right away.
"""

from django.db.models.signals import post_delete, post_save

from django_comments.signals import comment_was_posted
from django_comments_xtd.models import TmpXtdComment, XtdComment
from django_comments_xtd.signals import confirmation_received

from home import pagecache

from . import services
from .models import Reaction
from .moderation import can_moderate
from .reactions import bump_reactions_version


def reaction_posted(sender, comment, request, **kwargs):
    """A reaction passed the form and the moderator's allow(). A moderator's is stored now;
    anyone else's waits for its writer to confirm the address."""
    if can_moderate(request.user):
        reaction = services.reaction_store(pending=comment, request=request)
        request.reaction = reaction
        if reaction is None:
            request.reaction_outcome = "refused"
        else:
            request.reaction_outcome = "geplaatst" if reaction.is_public else "wacht"
    else:
        services.reaction_confirmation_send(pending=services.reaction_for_link(comment))
        request.reaction = None
        request.reaction_outcome = "bevestig"


def reaction_confirmed(sender, comment, request, **kwargs):
    """Before a confirmed reaction is stored: refuse it when the project closed in the
    meantime, and keep everyone's but a moderator's off the site until approved."""
    project = comment.content_object
    if not getattr(project, "reactions_open", False):
        return False
    if not can_moderate(getattr(request, "user", None)):
        comment.is_public = False
    services.reaction_from_link(comment, request=request)
    return None


def reaction_saved(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    if created:
        services.reaction_received(reaction=instance)
    if str(instance.object_pk).isdigit():
        bump_reactions_version(instance.object_pk)
    pagecache.invalidate()  # stored, approved or rejected: the project page changes


def reaction_deleted(sender, instance, **kwargs):
    if str(instance.object_pk).isdigit():
        bump_reactions_version(instance.object_pk)
    pagecache.invalidate()


def connect() -> None:
    comment_was_posted.connect(
        reaction_posted, sender=TmpXtdComment, dispatch_uid="reaction_posted"
    )
    confirmation_received.connect(
        reaction_confirmed, sender=TmpXtdComment, dispatch_uid="reaction_confirmed"
    )
    # The package saves XtdComment instances, moderation saves Reaction ones (see its docstring).
    for model in (XtdComment, Reaction):
        post_save.connect(
            reaction_saved, sender=model, dispatch_uid=f"reaction_saved_{model.__name__}"
        )
        post_delete.connect(
            reaction_deleted, sender=model, dispatch_uid=f"reaction_deleted_{model.__name__}"
        )
