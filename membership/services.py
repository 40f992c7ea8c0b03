"""What happens to an application: signup, confirmation, the board's decision, the purge and
the privacy export and erase. Views and admin views call these; tests call them directly.

Nobody may find out through the site whether an address has applied. A signup therefore always
gets the same answer on the page and the same mail, whatever the address did before:

- no active application: one is stored as new, and the mail links to its confirmation;
- an unconfirmed one: it takes the new details (the latest submission counts, the address is
  not proven yet) and a fresh link; links from older mails stop working, so nobody confirms
  details someone else sent after them. The same details sent again (a double click) keep
  the links as they are;
- a confirmed or approved one: nothing changes but a newsletter wish, and the mail links to the
  existing application, whose confirmation page says what a fresh one would say.

The mail holds nothing the submitter typed (no name, no motivation), so the form cannot be
used to send text to a stranger, and two mails differ only in their signed links.
"""

import calendar
import datetime
import logging

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from home.links import BadLink, absolute_url, make_token, read_token
from home.mail import send_templated_mail
from home.models import SiteSettings
from home.registry import PersonalRecord

from .member_services import member_area_url, member_from_application
from .models import MembershipApplication, board_addresses, new_nonce, normalise_email

logger = logging.getLogger(__name__)

CONFIRM_SALT = "membership.application.confirm"
NEWSLETTER_SALT = "membership.newsletter.confirm"
UNCONFIRMED_RETENTION_DAYS = 30
REJECTED_RETENTION_MONTHS = 6
ADMIN_VIEWSET_NAME = "membership_applications"

Status = MembershipApplication.Status


class StaleLink(BadLink):
    """A genuine link to an application that has since changed or gone."""


class DecisionNotAllowed(Exception):
    """The application is not in a state the board can decide from."""


# Tokens -------------------------------------------------------------------------------------


def confirmation_token(application: MembershipApplication) -> str:
    return make_token({"a": application.pk, "n": application.nonce}, salt=CONFIRM_SALT)


def newsletter_token(application: MembershipApplication) -> str:
    return make_token({"a": application.pk, "n": application.nonce}, salt=NEWSLETTER_SALT)


def application_from_token(token: str, *, salt: str, lock: bool = False) -> MembershipApplication:
    """The application a signed link names; BadLink, ExpiredLink or StaleLink otherwise."""
    payload = read_token(token, salt=salt)
    if not isinstance(payload, dict) or not isinstance(payload.get("a"), int):
        raise BadLink("Unexpected payload")
    queryset = MembershipApplication.objects.all()
    if lock:
        queryset = queryset.select_for_update()
    application = queryset.filter(pk=payload["a"]).first()
    if application is None or application.nonce != payload.get("n"):
        raise StaleLink("The application changed or was removed")
    if application.status == Status.REJECTED:
        raise StaleLink("The application was rejected")
    return application


def confirmation_url(application: MembershipApplication) -> str:
    return absolute_url(reverse("membership:confirm", args=[confirmation_token(application)]))


def newsletter_url(application: MembershipApplication) -> str:
    return absolute_url(
        reverse("membership:newsletter_confirm", args=[newsletter_token(application)])
    )


def admin_detail_url(application: MembershipApplication) -> str:
    return absolute_url(reverse(f"{ADMIN_VIEWSET_NAME}:inspect", args=[application.pk]))


# Signup -------------------------------------------------------------------------------------


def privacy_statement_version(site_settings: SiteSettings | None) -> tuple[str, int | None]:
    """Which privacy statement the applicant was shown: the live revision of the page named in
    the site settings, as a readable label and the revision's id."""
    page = site_settings.privacy_page if site_settings is not None else None
    if page is None or not page.live:
        return "", None
    revision_id = page.live_revision_id
    published = page.last_published_at
    when = date_format(timezone.localtime(published), "j F Y H:i") if published else "onbekend"
    label = f"{page.title}, gepubliceerd {when} (revisie {revision_id or 'onbekend'})"
    return label[:200], revision_id


def membership_application_submit(
    *,
    name: str,
    email: str,
    organisation: str = "",
    sector: str = "",
    municipality: str = "",
    phone: str = "",
    membership_type: str = "",
    motivation: str = "",
    newsletter: bool = False,
    privacy_version: str = "",
    privacy_revision_id: int | None = None,
) -> MembershipApplication:
    """Store a signup (see the module docstring for a known address) and mail the link.

    Safe under concurrency: the database allows one active application per address, and a
    signup that loses the race to a parallel one for the same address is treated as a signup
    for a known address."""
    details = {
        "name": name,
        "email": email.strip(),
        "organisation": organisation,
        "sector": sector,
        "municipality": municipality,
        "phone": phone,
        "membership_type": membership_type,
        "motivation": motivation,
        "privacy_version": privacy_version,
        "privacy_revision_id": privacy_revision_id,
    }
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _submit(details, newsletter=newsletter)
        except IntegrityError:
            # A parallel signup for the same address committed first; its row is visible
            # now, so the next attempt takes the known-address path.
            if attempt == 2:
                raise
            logger.info("Membership signup raced a parallel one for the same address; retrying")
    raise AssertionError("unreachable")


def _submit(details: dict, *, newsletter: bool) -> MembershipApplication:
    now = timezone.now()
    existing = (
        MembershipApplication.objects.active()
        .select_for_update()
        .filter(email_normalised=normalise_email(details["email"]))
        .first()
    )
    if existing is None:
        application = MembershipApplication.objects.create(
            **details,
            submitted_at=now,
            newsletter=newsletter,
            newsletter_requested_at=now if newsletter else None,
        )
    elif existing.status == Status.NEW and _same_signup(existing, details, newsletter):
        # A double click, or the form sent again unchanged: the links already mailed stay
        # valid, whichever mail arrives first.
        application = existing
        application.submitted_at = now
        application.save(update_fields=["submitted_at"])
    elif existing.status == Status.NEW:
        application = existing
        for field, value in details.items():
            setattr(application, field, value)
        application.submitted_at = now
        application.nonce = new_nonce()
        application.newsletter = newsletter
        application.newsletter_requested_at = now if newsletter else None
        application.newsletter_confirmed_at = None
        application.save()
    else:
        # Confirmed or approved: the board has these details already. Only a new newsletter
        # wish is kept, and it waits for its own confirmation like any other.
        application = existing
        if newsletter and not application.newsletter_confirmed_at:
            application.newsletter = True
            application.newsletter_requested_at = now
            application.save(update_fields=["newsletter", "newsletter_requested_at"])
    _send_confirmation(application, newsletter=newsletter)
    return application


def _same_signup(application: MembershipApplication, details: dict, newsletter: bool) -> bool:
    return application.newsletter == newsletter and all(
        getattr(application, field) == value for field, value in details.items()
    )


def _send_confirmation(application: MembershipApplication, *, newsletter: bool) -> None:
    send_templated_mail(
        template="membership_confirm",
        to=[application.email],
        context={
            "confirm_url": confirmation_url(application),
            "newsletter_url": newsletter_url(application) if newsletter else "",
            "valid_days": settings.SIGNED_LINK_MAX_AGE_DAYS,
        },
    )


# Confirmation -------------------------------------------------------------------------------


@transaction.atomic
def membership_application_confirm(*, token: str) -> MembershipApplication:
    """Confirm the address behind a link from the signup mail; the board hears of it once.

    Confirming again (or confirming an approved application) changes nothing and answers the
    same, so the page after the link says nothing a fresh applicant would not see."""
    application = application_from_token(token, salt=CONFIRM_SALT, lock=True)
    if application.status == Status.NEW:
        application.status = Status.CONFIRMED
        application.confirmed_at = timezone.now()
        application.save(update_fields=["status", "confirmed_at"])
        log(application, "membership.confirm")
        membership_board_notify(application=application)
    return application


@transaction.atomic
def membership_newsletter_confirm(*, token: str) -> MembershipApplication:
    """Confirm the newsletter wish, apart from the application itself."""
    application = application_from_token(token, salt=NEWSLETTER_SALT, lock=True)
    if not application.newsletter:
        raise StaleLink("No newsletter wish on this application")
    if application.newsletter_confirmed_at is None:
        application.newsletter_confirmed_at = timezone.now()
        application.save(update_fields=["newsletter_confirmed_at"])
    return application


def membership_board_notify(*, application: MembershipApplication) -> None:
    send_templated_mail(
        template="membership_board_notification",
        to=board_addresses(),
        context={"application": application, "admin_url": admin_detail_url(application)},
    )


# The board's decision -----------------------------------------------------------------------


def _decide(*, application, user, message: str, status: str, template: str, action: str):
    with transaction.atomic():
        application = MembershipApplication.objects.select_for_update().get(pk=application.pk)
        allowed = (
            application.can_be_approved
            if status == Status.APPROVED
            else application.can_be_rejected
        )
        if not allowed:
            raise DecisionNotAllowed(application.get_status_display())
        # An unconfirmed address may be a stranger's, typed in with a "name" meant for them:
        # they get no mail, so nothing the submitter typed reaches them.
        mail_applicant = application.status == Status.CONFIRMED
        application.status = status
        application.decided_at = timezone.now()
        application.decided_by = user
        application.decision_message = message.strip() if mail_applicant else ""
        application.save(update_fields=["status", "decided_at", "decided_by", "decision_message"])
        log(application, action, user=user)
        if status == Status.APPROVED:
            member_from_application(application=application, user=user)
        if mail_applicant:
            send_templated_mail(
                template=template,
                to=[application.email],
                context={
                    "application": application,
                    "message": application.decision_message,
                    "member_area_url": member_area_url() if status == Status.APPROVED else "",
                },
            )
    return application


def membership_application_approve(
    *, application: MembershipApplication, user, message: str = ""
) -> MembershipApplication:
    """Approve a confirmed application: the applicant becomes a member (or an active one
    again) and is welcomed, in Dutch, with the link to the member area."""
    return _decide(
        application=application,
        user=user,
        message=message,
        status=Status.APPROVED,
        template="membership_approved",
        action="membership.approve",
    )


def membership_application_reject(
    *, application: MembershipApplication, user, message: str = ""
) -> MembershipApplication:
    """Reject a new or confirmed application. A confirmed applicant is told, in Dutch; an
    unconfirmed address gets no mail (see _decide)."""
    return _decide(
        application=application,
        user=user,
        message=message,
        status=Status.REJECTED,
        template="membership_rejected",
        action="membership.reject",
    )


# Retention and privacy ----------------------------------------------------------------------


def months_before(moment: datetime.datetime, months: int) -> datetime.datetime:
    """The same day and time `months` calendar months earlier (the last day of a shorter
    month when that day does not exist)."""
    month_index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(month_index, 12)
    month += 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def membership_application_history_delete(*, application: MembershipApplication) -> None:
    """Delete the admin history of an application: its entries carry the applicant's name.

    Connected to post_delete (apps.py), so it runs however an application goes: the purge,
    a privacy erasure, or the board's delete button in the admin, whose own "deleted" entry
    is written just before."""
    content_type = ContentType.objects.get_for_model(MembershipApplication)
    ModelLogEntry.objects.filter(content_type=content_type, object_id=str(application.pk)).delete()


def _delete_applications(queryset) -> int:
    """Delete applications; their admin history goes with them (see above)."""
    deleted, _ = queryset.delete()
    return deleted


@transaction.atomic
def membership_applications_purge(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Remove what the privacy statement promises to remove: unconfirmed applications after
    30 days, rejected ones 6 months after the decision. Running it twice removes nothing more."""
    now = now or timezone.now()
    local_now = timezone.localtime(now)
    unconfirmed = MembershipApplication.objects.filter(
        status=Status.NEW,
        submitted_at__lt=now - datetime.timedelta(days=UNCONFIRMED_RETENTION_DAYS),
    )
    rejected = MembershipApplication.objects.filter(
        status=Status.REJECTED,
        decided_at__lt=months_before(local_now, REJECTED_RETENTION_MONTHS),
    )
    return {
        "unconfirmed": _delete_applications(unconfirmed),
        "rejected": _delete_applications(rejected),
    }


def _iso(value):
    return value.isoformat() if value else None


def membership_personal_data_export(email: str) -> list[PersonalRecord]:
    """Everything stored about the applications of one address (for an AVG request)."""
    return [
        PersonalRecord(
            kind="application",
            created=application.created_at,
            fields={
                "id": application.pk,
                "status": application.status,
                "name": application.name,
                "email": application.email,
                "organisation": application.organisation,
                "sector": application.sector,
                "municipality": application.municipality,
                "phone": application.phone,
                "membership_type": application.membership_type,
                "motivation": application.motivation,
                "submitted_at": _iso(application.submitted_at),
                "confirmed_at": _iso(application.confirmed_at),
                "privacy_version": application.privacy_version,
                "newsletter": application.newsletter,
                "newsletter_requested_at": _iso(application.newsletter_requested_at),
                "newsletter_confirmed_at": _iso(application.newsletter_confirmed_at),
                "decided_at": _iso(application.decided_at),
                "decision_message": application.decision_message,
                "board_notes": application.board_notes,
            },
        )
        for application in MembershipApplication.objects.for_email(email).order_by("pk")
    ]


@transaction.atomic
def membership_personal_data_erase(email: str) -> int:
    """Delete every application of one address, with its admin history."""
    return _delete_applications(MembershipApplication.objects.for_email(email))
