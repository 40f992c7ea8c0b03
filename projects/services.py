"""What happens to a reaction, around django-comments-xtd: confirmation by mail, storing,
moderation in the Wagtail admin, the mails at approval, unsubscribing, the IP purge and the
privacy export and erase. Views, signal receivers and admin views call these.

The package posts a reaction in two steps. django_comments' post view validates the form and
sends comment_was_posted with an unsaved comment (a TmpXtdComment); for a guest that comment
travels, signed and pickled by the package, inside the confirmation link, and is stored only
when the link is followed (the package's confirm view). Its own mails (a confirmation without
expiry, follow-up notifications when a comment is stored rather than approved) are switched
off; the mails below go through home.mail after the transaction commits.
"""

import hashlib
import logging
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from django_comments.views.moderation import perform_approve, perform_delete
from django_comments_xtd import signed
from django_comments_xtd.models import TmpXtdComment, XtdComment
from django_comments_xtd.signals import confirmation_received

from home.links import BadLink, absolute_url, make_token, read_token
from home.mail import send_templated_mail

from .models import ProjectPage, Reaction, ReactionMute, ReactionReview
from .moderation import site_settings
from .reactions import bump_reactions_version, suspicion_reasons

logger = logging.getLogger(__name__)

CONFIRM_SALT = "projects.reaction.confirm"
UNSUBSCRIBE_SALT = "projects.reaction.unsubscribe"
# An unsubscribe link keeps working for as long as anyone keeps the mail.
UNSUBSCRIBE_LINK_MAX_AGE = timedelta(days=3650)
ADMIN_VIEWSET_NAME = "reactions"
# gunicorn refuses a request line ("GET <path> HTTP/1.1") over 4094 bytes with 414 URI Too
# Long. A confirmation link carries the reaction: 3000 characters of prose make a path of
# some 2700, of Chinese or Cyrillic well over 4094.
CONFIRMATION_PATH_MAX_LENGTH = 4000


class LinkTooLong(Exception):
    """The reaction does not fit in a confirmation link that works."""


# Links --------------------------------------------------------------------------------------


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def confirmation_url(pending: TmpXtdComment) -> str:
    """The confirmation link for an unsaved reaction: the package's signed key (salted with
    COMMENTS_XTD_SALT) and our own stamp, which makes it expire after 7 days."""
    key = signed.dumps(pending, compress=True, extra_key=settings.COMMENTS_XTD_SALT).decode()
    stamp = make_token({"d": _digest(key)}, salt=CONFIRM_SALT)
    return absolute_url(reverse("projects:reaction_confirm", kwargs={"key": key, "stamp": stamp}))


def reaction_confirmation_read(*, key: str, stamp: str) -> TmpXtdComment:
    """The unsaved reaction a confirmation link carries; BadLink or ExpiredLink otherwise."""
    payload = read_token(stamp, salt=CONFIRM_SALT)
    if not isinstance(payload, dict) or not constant_time_compare(
        str(payload.get("d", "")), _digest(key)
    ):
        raise BadLink("The stamp belongs to another key")
    try:
        pending = signed.loads(key, extra_key=settings.COMMENTS_XTD_SALT)
    except Exception as error:  # a bad signature, or a project that no longer exists
        raise BadLink(str(error)) from error
    if not isinstance(pending, TmpXtdComment) or not isinstance(
        pending.content_object, ProjectPage
    ):
        raise BadLink("Not a reaction on a project")
    return pending


def unsubscribe_url(*, page: ProjectPage, email: str) -> str:
    token = make_token({"p": page.pk, "e": email.lower()}, salt=UNSUBSCRIBE_SALT)
    return absolute_url(reverse("projects:reaction_unsubscribe", kwargs={"token": token}))


def unsubscribe_target(token: str) -> tuple[ProjectPage, str]:
    payload = read_token(token, salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_LINK_MAX_AGE)
    if not isinstance(payload, dict) or not isinstance(payload.get("p"), int):
        raise BadLink("Unexpected payload")
    page = ProjectPage.objects.filter(pk=payload["p"]).first()
    if page is None:
        raise BadLink("The project is gone")
    return page, str(payload.get("e", ""))


def moderation_url(status: str = "waiting") -> str:
    return absolute_url(reverse(f"{ADMIN_VIEWSET_NAME}:index") + f"?status={status}")


def reaction_url(reaction, page: ProjectPage | None = None) -> str:
    page = page or project_of(reaction)
    return absolute_url(f"{page.url}#reactie-{reaction.pk}") if page and page.url else ""


def project_of(reaction) -> ProjectPage | None:
    try:
        return ProjectPage.objects.filter(pk=int(reaction.object_pk)).first()
    except (TypeError, ValueError):
        return None


# Posting and confirming ---------------------------------------------------------------------


def reaction_confirmation_send(*, pending: TmpXtdComment) -> None:
    """Mail a guest the link that stores the reaction. The mail holds nothing the guest typed,
    so the form cannot be used to mail a stranger a message. LinkTooLong when the link would
    not work."""
    page = pending.content_object
    url = confirmation_url(pending)
    if len(urlsplit(url).path) > CONFIRMATION_PATH_MAX_LENGTH:
        raise LinkTooLong
    send_templated_mail(
        template="reaction_confirm",
        to=[pending.user_email],
        context={
            "project_title": page.title,
            "confirm_url": url,
            "valid_days": settings.SIGNED_LINK_MAX_AGE_DAYS,
        },
    )


def reaction_confirmations_lock(*, page: ProjectPage) -> None:
    """Confirm reactions on a project one at a time, until the transaction ends: a double
    click on a link otherwise stores the reaction twice, as each click finds it not yet
    stored. (SQLite serialises transactions anyway; this is for PostgreSQL.)"""
    list(ProjectPage.objects.select_for_update(of=("self",)).filter(pk=page.pk).values("pk"))


def reaction_for_link(pending: TmpXtdComment) -> TmpXtdComment:
    """Leave out of an unsaved reaction what its link must not carry. The key is signed, not
    encrypted: whoever holds the mail, or a server log, can read it. django_comments puts in
    the writer's account (a whole User, password hash and all) and the IP address the form
    came from, which a stranger whose address was typed would get. The account travels as
    its id; the IP address is the confirming request's (see reaction_from_link)."""
    user = pending.pop("user", None)
    if user is not None and user.is_authenticated:
        pending["user_id"] = user.pk
    pending["ip_address"] = None
    return pending


def reaction_from_link(pending: TmpXtdComment, *, request: HttpRequest) -> None:
    """Complete an unsaved reaction from its link before it is stored: the IP address of
    whoever confirms it, and no account that was deleted since."""
    pending["ip_address"] = request.META.get("REMOTE_ADDR") or None
    user_id = pending.get("user_id")
    if user_id and not get_user_model().objects.filter(pk=user_id).exists():
        pending["user_id"] = None


def reaction_find_stored(*, pending: TmpXtdComment) -> Reaction | None:
    """The reaction already stored from this confirmation link, if any; also when its
    address was erased since (privacy_erase), so the link cannot bring it back."""
    return (
        Reaction.objects.filter(
            content_type=pending.content_type,
            object_pk=pending.object_pk,
            submit_date=pending.submit_date,
        )
        .filter(Q(user_email=pending.user_email) | Q(user_email=""))
        .first()
    )


def reaction_store(*, pending: TmpXtdComment, request: HttpRequest) -> Reaction | None:
    """Store a reaction that needs no confirmation (a moderator's), as the package stores a
    confirmed one: confirmation_received first (its receivers may refuse it), then save."""
    responses = confirmation_received.send(sender=TmpXtdComment, comment=pending, request=request)
    if any(response is False for _receiver, response in responses):
        return None
    reaction = Reaction(**pending)
    reaction.save()
    pending.xtd_comment = reaction
    if reaction.is_public:
        reaction_notify_published(reaction=reaction, notify_writer=False)
    return reaction


def reaction_received(*, reaction: XtdComment) -> ReactionReview:
    """A reaction was stored: note whether it looks like spam, and tell the moderators when it
    waits for them."""
    settings_ = site_settings()
    reasons = suspicion_reasons(
        text=reaction.comment, email=reaction.user_email, site_settings=settings_
    )
    review, _created = ReactionReview.objects.get_or_create(
        reaction_id=reaction.pk,
        defaults={"suspicious": bool(reasons), "suspicion": "; ".join(reasons)[:255]},
    )
    if not reaction.is_public and not reaction.is_removed:
        page = project_of(reaction)
        send_templated_mail(
            template="reaction_moderators",
            to=settings_.moderator_addresses,
            context={
                "reaction": reaction,
                "project_title": page.title if page else "",
                "project_url": absolute_url(page.url) if page and page.url else "",
                "suspicion": review.suspicion,
                "moderation_url": moderation_url(),
            },
        )
    return review


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
            ReactionMute.objects.filter(page=page, email=current.user_email.lower()).delete()
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


def notification_recipients(*, reaction, page: ProjectPage) -> list[str]:
    """Who hears of a new reaction on a project: the writers of its approved reactions who
    ticked "mail me", and its authors with an address; not the writer, not who unsubscribed."""
    followers = (
        Reaction.objects.for_page(page)
        .approved()
        .filter(followup=True)
        .exclude(pk=reaction.pk)
        .values_list("user_email", flat=True)
    )
    authors = [author.person.email for author in page.authors.select_related("person")]
    muted = set(ReactionMute.objects.filter(page=page).values_list("email", flat=True))
    writer = (reaction.user_email or "").lower()
    recipients: dict[str, str] = {}
    for address in [*followers, *authors]:
        normalised = (address or "").strip().lower()
        if normalised and normalised != writer and normalised not in muted:
            recipients.setdefault(normalised, address.strip())
    return sorted(recipients.values(), key=str.lower)


def reaction_notify_published(
    *, reaction, notify_writer: bool, page: ProjectPage | None = None
) -> None:
    """A reaction went online: its writer hears so, and so do followers and authors, each
    with a one-click unsubscribe link."""
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
    for address in notification_recipients(reaction=reaction, page=page):
        unsubscribe = unsubscribe_url(page=page, email=address)
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


def reaction_unsubscribe(*, page: ProjectPage, email: str) -> None:
    """No more mail about new reactions on this project for this address."""
    email = email.strip().lower()
    if not email:
        return
    ReactionMute.objects.get_or_create(page=page, email=email)
    Reaction.objects.for_page(page).filter(user_email__iexact=email, followup=True).update(
        followup=False
    )


# Privacy ------------------------------------------------------------------------------------


def reaction_ips_purge(*, older_than_days: int | None = None) -> int:
    """Forget the IP address of reactions older than the retention period."""
    days = settings.REACTION_IP_RETENTION_DAYS if older_than_days is None else older_than_days
    cutoff = timezone.now() - timedelta(days=days)
    return XtdComment.objects.filter(submit_date__lt=cutoff, ip_address__isnull=False).update(
        ip_address=None
    )


def reaction_data_export(email: str) -> dict:
    """Everything the reactions hold about an address (for the privacy export)."""
    reactions = Reaction.objects.for_projects().filter(user_email__iexact=email).order_by("pk")
    pages = ProjectPage.objects.in_bulk(
        {int(pk) for pk in reactions.values_list("object_pk", flat=True) if str(pk).isdigit()}
    )
    return {
        "reacties": [
            {
                "project": getattr(pages.get(int(reaction.object_pk)), "title", ""),
                "naam": reaction.user_name,
                "e-mailadres": reaction.user_email,
                "reactie": reaction.comment,
                "geplaatst": reaction.submit_date.isoformat(),
                "status": reaction.status_label,
                "mail bij nieuwe reacties": reaction.followup,
                "ip-adres": reaction.ip_address,
            }
            for reaction in reactions
        ],
        "afmeldingen": [
            {"project": mute.page.title, "sinds": mute.created_at.isoformat()}
            for mute in ReactionMute.objects.filter(email__iexact=email).select_related("page")
        ],
    }


def reaction_data_erase(email: str) -> int:
    """Erase an address from the reactions: its reactions lose name, address, text and IP and
    leave the site (replies of others under them go with them); its unsubscribes go too."""
    if not email.strip():
        return 0
    reactions = Reaction.objects.for_projects().filter(user_email__iexact=email)
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
        count += ReactionMute.objects.filter(email__iexact=email).delete()[0]
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
