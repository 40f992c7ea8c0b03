"""The member's session: apart from Django's authentication, so a member is never a user and
gets no admin rights. The session holds the member's id; every request checks that the
member is still active, so an ended membership signs out at once."""

import datetime

from django.http import HttpRequest

from .models import Member

SESSION_KEY = "membership_member_id"
SESSION_AGE = datetime.timedelta(days=30)


def current_member(request: HttpRequest) -> Member | None:
    """The signed-in, active member, or None (one query when a member id is in the session)."""
    session = getattr(request, "session", None)
    member_id = session.get(SESSION_KEY) if session is not None else None
    if not isinstance(member_id, int):
        return None
    return Member.objects.active().filter(pk=member_id).first()


def member_session_start(request: HttpRequest, member: Member) -> None:
    """A fresh session key (no fixation), lasting 30 days."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = member.pk
    request.session.set_expiry(SESSION_AGE)


def member_session_end(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
    request.session.cycle_key()


def current_member_identity(request: HttpRequest) -> dict | None:
    """Registry question "current_member": the signed-in member's name and email, for other
    apps (a members-only registration in one click), or None."""
    member = current_member(request) if request is not None else None
    if member is None:
        return None
    return {"name": member.name, "email": member.email, "organisation": member.organisation}
