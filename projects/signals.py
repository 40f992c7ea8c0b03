"""Saves and deletes of reactions refresh the cached list of reactions on their project, and
the page cache (a reaction stored, approved, rejected or deleted changes the project page).

Both model classes are listened to: the package saves XtdComment instances, moderation saves
Reaction ones (see Reaction's docstring), and a signal is sent for the class that was saved.
"""

from django.db.models.signals import post_delete, post_save

from django_comments_xtd.models import XtdComment

from home import pagecache
from home.converters import valid_id

from .models import Reaction
from .reactions import bump_reactions_version


def reaction_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if valid_id(instance.object_pk):
        bump_reactions_version(instance.object_pk)
    pagecache.invalidate()


def connect() -> None:
    for model in (XtdComment, Reaction):
        post_save.connect(
            reaction_changed, sender=model, dispatch_uid=f"reaction_saved_{model.__name__}"
        )
        post_delete.connect(
            reaction_changed, sender=model, dispatch_uid=f"reaction_deleted_{model.__name__}"
        )
