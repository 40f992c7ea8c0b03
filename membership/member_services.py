"""What happens to a member: made or reactivated when the board approves an application (or
added by hand), signing in by a single-use link by mail, what members change themselves
(newsletter, directory listing, cancelling), what the board does (ending a membership, hiding
a listing), and the retention and privacy duties. Views and admin views call these.

Nobody may find out through the site whether an address belongs to a member: a sign-in
request gets the same answer on screen for every address, and a mail only goes to an
active member's own address.
"""

import datetime
import hashlib
import logging
import secrets

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from home import pagecache
from home.links import BadLink, ExpiredLink, absolute_url
from home.mail import send_templated_mail
from home.registry import PersonalRecord

from .models import Member, MembershipApplication, MemberSignInLink, board_addresses

logger = logging.getLogger(__name__)

SIGN_IN_LINK_MINUTES = 15
SESSION_DAYS = 30
ENDED_RETENTION_DAYS = 365
MEMBER_ADMIN_VIEWSET_NAME = "members"

Status = Member.Status


def member_area_url() -> str:
    return absolute_url(reverse("membership:member_area"))


def _directory_changed() -> None:
    """The directory page and the home page's row of members show listings: refresh them."""
    pagecache.invalidate()


# Becoming a member ----------------------------------------------------------------------------


def member_from_application(*, application: MembershipApplication, user=None) -> Member:
    """Make the member an approved application stands for, or make a former member with the
    same address active again with the application's details. Runs inside the approval's
    transaction (services._decide)."""
    member = Member.objects.select_for_update().for_email(application.email).first()
    details = {
        "name": application.name,
        "email": application.email,
        "organisation": application.organisation,
        "sector": application.sector,
        "municipality": application.municipality,
        "membership_type": application.membership_type,
        "application": application,
    }
    if member is None:
        member = Member.objects.create(
            **details,
            member_since=timezone.localdate(),
            newsletter=bool(application.newsletter_confirmed_at),
            newsletter_changed_at=application.newsletter_confirmed_at,
        )
        log(member, "wagtail.create", user=user)
        return member
    if not member.is_active:
        member.member_since = timezone.localdate()
    for field, value in details.items():
        setattr(member, field, value)
    member.status = Status.ACTIVE
    member.ended_on = None
    member.save()
    log(member, "membership.member_reactivate", user=user)
    return member


def member_welcome_send(*, member: Member) -> None:
    """The welcome mail for a member the board added by hand, with the member area link."""
    send_templated_mail(
        template="member_welcome",
        to=[member.email],
        context={"member": member, "member_area_url": member_area_url()},
    )


# Signing in -----------------------------------------------------------------------------------


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def safe_next_path(path: str) -> str:
    """Only a path on this site: never another host, never a scheme."""
    if not path or not path.startswith("/") or path.startswith("//") or "\\" in path:
        return ""
    if any(ord(character) < 32 for character in path):
        return ""
    return path[:300]


def member_sign_in_request(*, email: str, next_path: str = "") -> None:
    """Mail a single-use sign-in link if (and only if) `email` belongs to an active member.

    Returns nothing, so the caller cannot tell a member from a stranger."""
    member = Member.objects.active().for_email(email).first()
    if member is None:
        return
    token = secrets.token_urlsafe(32)
    MemberSignInLink.objects.create(
        member=member, token_hash=_hash(token), next_path=safe_next_path(next_path)
    )
    send_templated_mail(
        template="member_sign_in",
        to=[member.email],
        context={
            "member": member,
            "sign_in_url": absolute_url(reverse("membership:sign_in_link", args=[token])),
            "minutes": SIGN_IN_LINK_MINUTES,
        },
    )


def sign_in_link_check(token: str, *, lock: bool = False) -> MemberSignInLink:
    """The unused, unexpired link of an active member; BadLink or ExpiredLink otherwise."""
    links = MemberSignInLink.objects.select_related("member")
    if lock:
        links = links.select_for_update()
    link = links.filter(token_hash=_hash(token)).first() if token else None
    if link is None or link.used_at is not None or not link.member.is_active:
        raise BadLink("Unknown, used, or no longer a member")
    if link.created_at < timezone.now() - datetime.timedelta(minutes=SIGN_IN_LINK_MINUTES):
        raise ExpiredLink("Sign-in link older than 15 minutes")
    return link


@transaction.atomic
def member_sign_in(*, token: str) -> MemberSignInLink:
    """Use a sign-in link: it works once. The caller starts the member's session."""
    link = sign_in_link_check(token, lock=True)
    link.used_at = timezone.now()
    link.save(update_fields=["used_at"])
    return link


# What members change themselves ---------------------------------------------------------------


def member_newsletter_set(*, member: Member, newsletter: bool) -> Member:
    """The member's own newsletter choice, with the time it was made (the consent record)."""
    if member.newsletter != newsletter:
        member.newsletter = newsletter
        member.newsletter_changed_at = timezone.now()
        member.save(update_fields=["newsletter", "newsletter_changed_at"])
    return member


@transaction.atomic
def member_listing_update(
    *,
    member: Member,
    listed: bool,
    website: str = "",
    listing_text: str = "",
    logo=None,
    remove_logo: bool = False,
) -> Member:
    """The member's directory listing; the opt-in's time is kept, and withdrawing it takes
    the listing off the directory at once."""
    if listed and not member.listed:
        member.listed_at = timezone.now()
    if not listed:
        member.listed_at = None
    member.listed = listed
    member.website = website
    member.listing_text = listing_text
    old_logo = member.logo.name if member.logo else ""
    if remove_logo and member.logo:
        member.logo = ""
    if logo is not None:
        member.logo = logo
    member.save()
    if old_logo and old_logo != (member.logo.name if member.logo else ""):
        _delete_file_on_commit(member.logo.storage, old_logo)
    _directory_changed()
    return member


@transaction.atomic
def member_cancel(*, member: Member) -> Member:
    """The member cancels: status "opgezegd", off the directory, and the board is told."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    if not member.is_active:
        return member
    member.status = Status.CANCELLED
    member.ended_on = timezone.localdate()
    member.listed = False
    member.listed_at = None
    member.save(update_fields=["status", "ended_on", "listed", "listed_at"])
    log(member, "membership.member_cancel")
    send_templated_mail(
        template="member_cancelled_board",
        to=board_addresses(),
        context={
            "member": member,
            "admin_url": absolute_url(
                reverse(f"{MEMBER_ADMIN_VIEWSET_NAME}:inspect", args=[member.pk])
            ),
        },
    )
    _directory_changed()
    return member


# What the board does --------------------------------------------------------------------------


@transaction.atomic
def member_end(*, member: Member, ended_on: datetime.date, note: str = "", user=None) -> Member:
    """The board ends a membership: status "beëindigd" from `ended_on`, and the listing
    leaves the directory at once."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    member.status = Status.ENDED
    member.ended_on = ended_on
    member.end_note = note.strip()
    member.listed = False
    member.listed_at = None
    member.save(update_fields=["status", "ended_on", "end_note", "listed", "listed_at"])
    log(member, "membership.member_end", user=user)
    _directory_changed()
    return member


@transaction.atomic
def member_listing_hide(*, member: Member, reason: str, user=None) -> Member:
    """The board hides a listing from the directory; the member is told why, by mail."""
    member = Member.objects.select_for_update().get(pk=member.pk)
    member.listing_hidden_at = timezone.now()
    member.listing_hidden_reason = reason.strip()
    member.save(update_fields=["listing_hidden_at", "listing_hidden_reason"])
    log(member, "membership.listing_hide", user=user)
    send_templated_mail(
        template="member_listing_hidden",
        to=[member.email],
        context={
            "member": member,
            "reason": member.listing_hidden_reason,
            "member_area_url": member_area_url(),
        },
    )
    _directory_changed()
    return member


@transaction.atomic
def member_listing_show(*, member: Member, user=None) -> Member:
    member = Member.objects.select_for_update().get(pk=member.pk)
    member.listing_hidden_at = None
    member.listing_hidden_reason = ""
    member.save(update_fields=["listing_hidden_at", "listing_hidden_reason"])
    log(member, "membership.listing_show", user=user)
    _directory_changed()
    return member


# Retention and privacy ------------------------------------------------------------------------


def _delete_file_on_commit(storage, name: str) -> None:
    def delete():
        try:
            storage.delete(name)
        except OSError:  # pragma: no cover - a missing file is already gone
            logger.warning("Could not delete %s", name)

    transaction.on_commit(delete)


def member_history_delete(*, member: Member) -> None:
    """Delete a member's admin history (it names them) and logo file. Connected to
    post_delete (apps.py), so it runs however a member goes: purge, erasure or the admin."""
    content_type = ContentType.objects.get_for_model(Member)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(member.pk)).delete()
    if member.logo:
        _delete_file_on_commit(member.logo.storage, member.logo.name)


def _delete_members(queryset) -> int:
    """Delete members; their sign-in links go with them, their history and logo too."""
    count = 0
    for member in queryset:
        member.delete()
        count += 1
    if count:
        _directory_changed()
    return count


@transaction.atomic
def members_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """What the privacy statement promises: a year after a membership ended (or was
    cancelled), the member's data goes, unless the board keeps a legal record; sign-in links
    go a day after they were made."""
    now = now or timezone.now()
    cutoff = timezone.localdate(now) - datetime.timedelta(days=ENDED_RETENTION_DAYS)
    ended = Member.objects.exclude(status=Status.ACTIVE).filter(
        ended_on__lt=cutoff, keep_legal_record=False
    )
    links, _ = MemberSignInLink.objects.filter(
        created_at__lt=now - datetime.timedelta(days=1)
    ).delete()
    return {"members": _delete_members(ended), "sign_in_links": links}


def _iso(value):
    return value.isoformat() if value else None


def member_personal_data_export(email: str) -> list[PersonalRecord]:
    """The member record of an address, its directory listing, and its sign-in links."""
    records = []
    for member in Member.objects.for_email(email).prefetch_related("sign_in_links"):
        records.append(
            PersonalRecord(
                kind="member",
                created=member.created_at,
                fields={
                    "name": member.name,
                    "email": member.email,
                    "organisation": member.organisation,
                    "sector": member.sector,
                    "place": member.municipality,
                    "membership_type": member.membership_type,
                    "member_since": _iso(member.member_since),
                    "status": member.status,
                    "ended_on": _iso(member.ended_on),
                    "end_note": member.end_note,
                    "keep_legal_record": member.keep_legal_record,
                    "newsletter": member.newsletter,
                    "newsletter_changed_at": _iso(member.newsletter_changed_at),
                },
            )
        )
        records.append(
            PersonalRecord(
                kind="directory_listing",
                created=member.listed_at,
                fields={
                    "listed": member.listed,
                    "website": member.website,
                    "logo": member.logo.name if member.logo else "",
                    "text": member.listing_text,
                    "hidden_at": _iso(member.listing_hidden_at),
                    "hidden_reason": member.listing_hidden_reason,
                },
            )
        )
        records.extend(
            PersonalRecord(
                kind="sign_in_link",
                created=link.created_at,
                fields={"used_at": _iso(link.used_at)},
            )
            for link in member.sign_in_links.all()
        )
    return records


@transaction.atomic
def member_personal_data_erase(email: str) -> int:
    """Delete the member record of an address, with its logins, logo and admin history."""
    return _delete_members(Member.objects.for_email(email))


def is_active_member(email: str) -> bool:
    """Registry check "active_member": other apps ask this without importing membership."""
    return bool(email) and Member.objects.active().for_email(email).exists()
