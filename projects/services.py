"""What happens to a reaction, around django-comments-xtd (the engine: its model, threading and
form): posting, confirmation by mail, moderation in the Wagtail admin, the mails at approval,
unsubscribing, the purges and the privacy export and erase. Views and admin views call these
and read what they return; no outcome travels through the request or a signal.

A guest's reaction is stored at once, unconfirmed (a ReactionConfirmation without
confirmed_at): never public, never counted, never in the moderators' list. The mail carries a
random token, of which only a SHA-256 digest is stored, so no link holds anything personal,
with or without the secret key. Opening the link shows a button; only its POST confirms, and
only then are the moderators told: mail scanners that open links change nothing. Unconfirmed
reactions are purged after 7 days. Mails go through home.mail after the transaction commits.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from django_comments.views.moderation import perform_approve, perform_delete
from django_comments_xtd.models import XtdComment

from home.emails import normalise_email
from home.links import absolute_url
from home.mail import send_templated_mail
from home.registry import PersonalRecord

from .forms import ReactionForm
from .models import (
    ProjectPage,
    Reaction,
    ReactionConfirmation,
    ReactionMute,
    ReactionReview,
    ReactionUnsubscribeLink,
)
from .moderation import can_moderate, reaction_settings
from .reactions import bump_reactions_version, suspicion_reasons

ADMIN_VIEWSET_NAME = "reactions"
CONFIRMATION_MAX_AGE = timedelta(days=settings.SIGNED_LINK_MAX_AGE_DAYS)
# An unconfirmed reaction is kept as long as its link works, and not a day longer.
UNCONFIRMED_RETENTION = CONFIRMATION_MAX_AGE
# An unsubscribe link works as long as people reasonably keep a notification mail.
UNSUBSCRIBE_LINK_RETENTION = timedelta(days=365)
# The same reaction sent again this soon (a double click, a reload) is the same reaction.
DUPLICATE_WINDOW = timedelta(minutes=1)
TOKEN_BYTES = 32  # 256 random bits per link


# Links --------------------------------------------------------------------------------------


def new_token() -> tuple[str, str]:
    """A random link token and the digest that is stored in its place."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()


def confirmation_url(token: str) -> str:
    return absolute_url(reverse("projects:reaction_confirm", kwargs={"token": token}))


def unsubscribe_url(token: str) -> str:
    return absolute_url(reverse("projects:reaction_unsubscribe", kwargs={"token": token}))


def moderation_url(status: str = "waiting") -> str:
    return absolute_url(reverse(f"{ADMIN_VIEWSET_NAME}:index") + f"?status={status}")


def reaction_url(reaction, page: ProjectPage | None = None) -> str:
    page = page or project_of(reaction)
    return absolute_url(f"{page.url}#{reaction.anchor()}") if page and page.url else ""


def project_of(reaction) -> ProjectPage | None:
    try:
        return ProjectPage.objects.filter(pk=int(reaction.object_pk)).first()
    except (TypeError, ValueError):
        return None


def _lock_project(page: ProjectPage) -> None:
    """Post and confirm reactions on a project one at a time, until the transaction ends: of
    two identical posts sent at once, the second then finds the first. (SQLite serialises
    writing transactions anyway; this is for PostgreSQL.)"""
    list(ProjectPage.objects.select_for_update(of=("self",)).filter(pk=page.pk).values("pk"))


# Posting ------------------------------------------------------------------------------------


class Outcome(StrEnum):
    """What became of a post, as the page says it (?reactie=...)."""

    PUBLISHED = "geplaatst"  # a moderator's reaction, online at once
    HELD = "wacht"  # waiting for a moderator (a moderator's own, when it looks like spam)
    CONFIRM = "bevestig"  # stored unconfirmed; the writer was mailed a link
    REFUSED = "geweigerd"  # not stored: see reason


@dataclass(frozen=True)
class PostResult:
    outcome: Outcome
    reaction: Reaction | None = None
    reason: str = ""


CLOSED = "Op dit project kun je niet meer reageren."


def reaction_post(
    *, form: ReactionForm, page: ProjectPage, user=None, ip_address: str | None = None
) -> PostResult:
    """Store a valid reaction form. A moderator's reaction goes online at once (or waits,
    when it looks like spam); anyone else's is stored unconfirmed and its writer is mailed a
    link. The same text from the same address on the same project within a minute is the
    reaction already stored: nothing new is stored or mailed."""
    if not page.reactions_open:
        return PostResult(Outcome.REFUSED, reason=CLOSED)
    moderator = can_moderate(user)
    data = form.get_comment_create_data()
    data.update(
        user_email=normalise_email(data["user_email"]),
        ip_address=ip_address or None,
        user=user if user is not None and user.is_authenticated else None,
    )
    site_settings = reaction_settings()
    reasons = suspicion_reasons(
        text=data["comment"], email=data["user_email"], site_settings=site_settings
    )
    with transaction.atomic():
        _lock_project(page)
        earlier = _same_reaction_just_posted(page=page, data=data)
        if earlier is not None:
            return _result_of(earlier)
        reaction = Reaction(**data)
        reaction.is_public = moderator and not reasons
        reaction.save()
        review = ReactionReview.objects.create(
            reaction=reaction, suspicious=bool(reasons), suspicion="; ".join(reasons)[:255]
        )
        if not moderator:
            token, digest = new_token()
            ReactionConfirmation.objects.create(reaction=reaction, token_hash=digest)
            reaction_confirmation_send(reaction=reaction, page=page, token=token)
            return PostResult(Outcome.CONFIRM, reaction)
        if reaction.is_public:
            reaction_notify_published(reaction=reaction, notify_writer=False, page=page)
            return PostResult(Outcome.PUBLISHED, reaction)
        reaction_moderators_notify(reaction=reaction, page=page, review=review)
        return PostResult(Outcome.HELD, reaction)


def _same_reaction_just_posted(*, page: ProjectPage, data: dict) -> Reaction | None:
    return (
        Reaction.objects.for_page(page)
        .filter(
            user_email=data["user_email"],
            comment=data["comment"],
            is_removed=False,
            submit_date__gte=timezone.now() - DUPLICATE_WINDOW,
        )
        .filter(Q(level=1, parent_id=data["parent_id"]) if data["parent_id"] else Q(level=0))
        .select_related("confirmation")
        .order_by("-pk")
        .first()
    )


def _result_of(reaction: Reaction) -> PostResult:
    confirmation = getattr(reaction, "confirmation", None)
    if confirmation is not None and confirmation.confirmed_at is None:
        return PostResult(Outcome.CONFIRM, reaction)
    if reaction.is_public:
        return PostResult(Outcome.PUBLISHED, reaction)
    return PostResult(Outcome.HELD, reaction)


def reaction_confirmation_send(*, reaction: Reaction, page: ProjectPage, token: str) -> None:
    """Mail a guest the confirmation link. The mail holds nothing the guest typed, so the
    form cannot be used to mail a stranger a message."""
    send_templated_mail(
        template="reaction_confirm",
        to=[reaction.user_email],
        context={
            "project_title": page.title,
            "confirm_url": confirmation_url(token),
            "valid_days": CONFIRMATION_MAX_AGE.days,
        },
    )


def reaction_moderators_notify(
    *, reaction: Reaction, page: ProjectPage | None, review: ReactionReview | None
) -> None:
    """A reaction waits for a moderator: tell them, with why it looks like spam if it does."""
    send_templated_mail(
        template="reaction_moderators",
        to=reaction_settings().moderator_addresses,
        context={
            "reaction": reaction,
            "project_title": page.title if page else "",
            "project_url": absolute_url(page.url) if page and page.url else "",
            "suspicion": review.suspicion if review else "",
            "moderation_url": moderation_url(),
        },
    )


# Confirming ---------------------------------------------------------------------------------


class LinkState(StrEnum):
    """What a confirmation link can do now; the page says it in Dutch (projects.views)."""

    ASK = "ask"  # valid: the page shows the reaction and a button
    CONFIRMED = "confirmed"  # just confirmed: waits for a moderator
    ALREADY = "already"  # confirmed before; nothing changes
    EXPIRED = "expired"  # older than 7 days
    GONE = "gone"  # rejected, or erased on request
    CLOSED = "closed"  # the project no longer takes reactions
    INVALID = "invalid"  # no such link (mistyped, or purged)


@dataclass(frozen=True)
class ConfirmResult:
    state: LinkState
    reaction: Reaction | None = None
    page: ProjectPage | None = None


def _confirmation_state(confirmation: ReactionConfirmation | None) -> ConfirmResult:
    if confirmation is None:
        return ConfirmResult(LinkState.INVALID)
    reaction = confirmation.reaction
    page = project_of(reaction)
    if reaction.is_removed or not reaction.user_email:
        return ConfirmResult(LinkState.GONE, reaction, page)
    if confirmation.confirmed_at is not None:
        return ConfirmResult(LinkState.ALREADY, reaction, page)
    if confirmation.created_at < timezone.now() - CONFIRMATION_MAX_AGE:
        return ConfirmResult(LinkState.EXPIRED, reaction, page)
    if page is None or not page.live or not page.reactions_open:
        return ConfirmResult(LinkState.CLOSED, reaction, page)
    return ConfirmResult(LinkState.ASK, reaction, page)


def _find_confirmation(token: str, *, lock: bool = False) -> ReactionConfirmation | None:
    queryset = ReactionConfirmation.objects.all()
    if lock:
        queryset = queryset.select_for_update()
    return queryset.filter(token_hash=token_digest(token)).first()


def reaction_confirmation_check(*, token: str) -> ConfirmResult:
    """What the confirmation link can do now. Reads only: a GET changes nothing."""
    return _confirmation_state(_find_confirmation(token))


def reaction_confirm(*, token: str) -> ConfirmResult:
    """Confirm the reaction behind a link: it now waits for a moderator, who is told. A
    second confirmation, an expired link, a rejected or erased reaction change nothing."""
    with transaction.atomic():
        result = _confirmation_state(_find_confirmation(token, lock=True))
        if result.state != LinkState.ASK:
            return result
        confirmation = result.reaction.confirmation
        confirmation.confirmed_at = timezone.now()
        confirmation.save(update_fields=["confirmed_at"])
        review = ReactionReview.objects.filter(reaction_id=result.reaction.pk).first()
        reaction_moderators_notify(reaction=result.reaction, page=result.page, review=review)
    return ConfirmResult(LinkState.CONFIRMED, result.reaction, result.page)


# Moderation ---------------------------------------------------------------------------------


class ParentNotOnline(Exception):
    """A reply cannot go online before the reaction it answers: the page would not show it,
    while its writer and the followers were told it is online."""


def _locked(reaction: Reaction) -> Reaction:
    """The reaction as stored now, locked until the transaction ends: of two moderators
    deciding on it at once, the second sees what the first decided."""
    return Reaction.objects.select_for_update().get(pk=reaction.pk)


def reaction_approve(*, reaction: Reaction, request: HttpRequest) -> bool:
    """Publish a reaction and tell its writer, the project's followers and its authors.
    False when it was already online; ParentNotOnline for a reply to a reaction that is not."""
    with transaction.atomic():
        current = _locked(reaction)
        if current.status == "approved":
            return False
        if (
            current.is_reply
            and not Reaction.objects.approved().filter(pk=current.parent_id).exists()
        ):
            raise ParentNotOnline
        perform_approve(request, current)
        reaction.is_public, reaction.is_removed = current.is_public, current.is_removed
        ReactionReview.objects.update_or_create(
            reaction_id=current.pk,
            defaults={
                "reviewed_by": request.user,
                "reviewed_at": timezone.now(),
                "rejection_reason": "",
            },
        )
        page = project_of(current)
        if current.followup and page is not None:
            # Ticking the box again undoes an earlier unsubscribe.
            ReactionMute.objects.filter(
                page=page, email=normalise_email(current.user_email)
            ).delete()
        reaction_notify_published(reaction=current, notify_writer=True, page=page)
    return True


def reaction_reject(*, reaction: Reaction, request: HttpRequest, reason: str = "") -> bool:
    """Take a reaction off the site (or keep it off). False when nothing changed."""
    reason = reason.strip()[:1000]
    with transaction.atomic():
        current = _locked(reaction)
        review = ReactionReview.objects.filter(reaction_id=current.pk).first()
        if current.is_removed and (review is None or review.rejection_reason == reason):
            return False
        perform_delete(request, current)
        reaction.is_public, reaction.is_removed = current.is_public, current.is_removed
        ReactionReview.objects.update_or_create(
            reaction_id=current.pk,
            defaults={
                "reviewed_by": request.user,
                "reviewed_at": timezone.now(),
                "rejection_reason": reason,
            },
        )
    return True


def notification_recipients(*, reaction, page: ProjectPage) -> dict[str, str]:
    """Who hears of a new reaction on a project, by normalised address: the writers of its
    approved reactions who ticked "mail me", and its authors with an address; not the writer,
    not who unsubscribed."""
    followers = (
        Reaction.objects.for_page(page)
        .approved()
        .filter(followup=True)
        .exclude(pk=reaction.pk)
        .values_list("user_email", flat=True)
    )
    authors = [author.person.email for author in page.authors.select_related("person")]
    muted = set(ReactionMute.objects.filter(page=page).values_list("email", flat=True))
    writer = normalise_email(reaction.user_email)
    recipients: dict[str, str] = {}
    for address in [*followers, *authors]:
        normalised = normalise_email(address)
        if normalised and normalised != writer and normalised not in muted:
            recipients.setdefault(normalised, address.strip())
    return dict(sorted(recipients.items()))


def reaction_notify_published(
    *, reaction, notify_writer: bool, page: ProjectPage | None = None
) -> None:
    """A reaction went online: its writer hears so, and so do followers and authors, each
    with a link of their own to unsubscribe, also in one click from the mail program
    (List-Unsubscribe-Post, RFC 8058)."""
    page = page or project_of(reaction)
    if page is None:
        return
    link = reaction_url(reaction, page)
    if notify_writer and reaction.user_email:
        send_templated_mail(
            template="reaction_online",
            to=[reaction.user_email],
            context={"name": reaction.user_name, "project_title": page.title, "reaction_url": link},
        )
    recipients = notification_recipients(reaction=reaction, page=page)
    tokens = {normalised: new_token() for normalised in recipients}
    ReactionUnsubscribeLink.objects.bulk_create(
        ReactionUnsubscribeLink(page=page, email=normalised, token_hash=digest)
        for normalised, (_token, digest) in tokens.items()
    )
    for normalised, address in recipients.items():
        unsubscribe = unsubscribe_url(tokens[normalised][0])
        send_templated_mail(
            template="reaction_followup",
            to=[address],
            context={
                "reaction": reaction,
                "project_title": page.title,
                "reaction_url": link,
                "unsubscribe_url": unsubscribe,
            },
            headers={
                "List-Unsubscribe": f"<{unsubscribe}>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            },
        )


# Unsubscribing ------------------------------------------------------------------------------


def reaction_unsubscribe_link(*, token: str) -> ReactionUnsubscribeLink | None:
    """The unsubscribe link a token names, with its project; None when there is none. Reads
    only: a GET changes nothing."""
    return (
        ReactionUnsubscribeLink.objects.select_related("page")
        .filter(token_hash=token_digest(token))
        .first()
    )


def reaction_unsubscribe(*, token: str) -> ReactionUnsubscribeLink | None:
    """No more mail about new reactions on the link's project for the link's address (also
    when it was done before). None when the link is unknown."""
    link = reaction_unsubscribe_link(token=token)
    if link is None:
        return None
    with transaction.atomic():
        ReactionMute.objects.get_or_create(page=link.page, email=link.email)
        Reaction.objects.for_page(link.page).filter(user_email=link.email, followup=True).update(
            followup=False
        )
    return link


# Purges -------------------------------------------------------------------------------------


def reaction_ips_purge(*, older_than_days: int | None = None) -> int:
    """Forget the IP address of reactions older than the retention period."""
    days = settings.REACTION_IP_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    return XtdComment.objects.filter(submit_date__lt=cutoff, ip_address__isnull=False).update(
        ip_address=None
    )


def reaction_unconfirmed_purge() -> tuple[int, int]:
    """Delete reactions nobody confirmed within 7 days (the link has expired; the writer may
    post again), and unsubscribe links older than a year. Returns both counts; running it
    again deletes nothing more."""
    now = timezone.now()
    unconfirmed = list(
        Reaction.objects.unconfirmed()
        .filter(confirmation__created_at__lt=now - UNCONFIRMED_RETENTION)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        # Deleting through XtdComment removes the comment's row in both of the package's
        # tables, and with it the confirmation and the review.
        XtdComment.objects.filter(pk__in=unconfirmed).delete()
        links = ReactionUnsubscribeLink.objects.filter(
            created_at__lt=now - UNSUBSCRIBE_LINK_RETENTION
        ).delete()[0]
    return len(unconfirmed), links


# Privacy ------------------------------------------------------------------------------------


def _for_address(email: str):
    return Reaction.objects.for_projects().filter(user_email=normalise_email(email))


def reaction_data_export(email: str) -> list[PersonalRecord]:
    """Everything the reactions hold about an address (for the privacy export)."""
    if not normalise_email(email):
        return []
    reactions = list(_for_address(email).select_related("confirmation").order_by("pk"))
    pages = ProjectPage.objects.in_bulk(
        {int(reaction.object_pk) for reaction in reactions if str(reaction.object_pk).isdigit()}
    )
    normalised = normalise_email(email)
    records = [
        PersonalRecord(
            kind="reaction",
            created=reaction.submit_date,
            fields={
                "project": getattr(pages.get(int(reaction.object_pk)), "title", ""),
                "name": reaction.user_name,
                "email": reaction.user_email,
                "text": reaction.comment,
                "status": reaction.status,
                "confirmed": _confirmed(reaction),
                "mail_on_new_reactions": reaction.followup,
                "ip_address": reaction.ip_address,
            },
        )
        for reaction in reactions
    ]
    records += [
        PersonalRecord(
            kind="reaction_unsubscribe",
            created=mute.created_at,
            fields={"project": mute.page.title, "email": mute.email},
        )
        for mute in ReactionMute.objects.filter(email=normalised).select_related("page")
    ]
    records += [
        PersonalRecord(
            kind="reaction_notification",
            created=link.created_at,
            fields={"project": link.page.title, "email": link.email},
        )
        for link in ReactionUnsubscribeLink.objects.filter(email=normalised).select_related("page")
    ]
    return records


def _confirmed(reaction: Reaction) -> bool:
    confirmation = getattr(reaction, "confirmation", None)
    return confirmation is None or confirmation.confirmed_at is not None


def reaction_data_erase(email: str) -> int:
    """Erase an address from the reactions: its reactions lose name, address, text and IP and
    leave the site (replies of others under them go with them); its unsubscribes and
    notification links go too. A confirmation link of an erased reaction confirms nothing."""
    normalised = normalise_email(email)
    if not normalised:
        return 0
    reactions = _for_address(email)
    page_ids = set(reactions.values_list("object_pk", flat=True))
    with transaction.atomic():
        count = reactions.update(
            user_name="",
            user_email="",
            user_url="",
            comment="",
            ip_address=None,
            followup=False,
            is_public=False,
            is_removed=True,
            user=None,
        )
        count += ReactionMute.objects.filter(email=normalised).delete()[0]
        count += ReactionUnsubscribeLink.objects.filter(email=normalised).delete()[0]
    for page_id in page_ids:
        if page_id.isdigit():
            bump_reactions_version(page_id)
    return count


def member_area_reactions(request, email: str) -> str:
    """A member's own reactions and their state, for the member area (registered as a
    "member_area" section in apps.py; membership renders it). Looked up as the privacy
    export looks them up."""
    reactions = (
        Reaction.objects.for_projects().filter(user_email__iexact=email).order_by("-submit_date")
    )
    pages = ProjectPage.objects.in_bulk(
        {int(pk) for pk in reactions.values_list("object_pk", flat=True) if str(pk).isdigit()}
    )
    rows = [
        {
            "page": pages.get(int(reaction.object_pk)) if reaction.object_pk.isdigit() else None,
            "comment": reaction.comment,
            "submitted": reaction.submit_date,
            "status": reaction.status_label,
            "public": reaction.status == "approved",
            "anchor": reaction.anchor(),
        }
        for reaction in reactions[:50]
    ]
    return render_to_string("projects/member_reactions.html", {"rows": rows})
