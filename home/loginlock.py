"""Admin sign-in lockout, on django-axes.

django-axes counts failed sign-ins in the database (shared by every app process) and its
authentication backend refuses a locked-out attempt before Django's ModelBackend hashes the
password. Axes has one failure limit for all its lockout parameters; we want two: 5 failures
for one username (someone guessing an editor's password) and 20 from one IP address (someone
trying many usernames). LoginLockHandler counts both within AXES_COOLOFF_TIME.

An administrator lifts a lockout with `manage.py axes_reset_username NAME`,
`manage.py axes_reset_ip ADDRESS` or `manage.py axes_reset` (everything).
"""

import math

from django.conf import settings
from django.db.models import Max, Sum
from django.template.response import TemplateResponse
from django.utils import timezone

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off
from axes.models import AccessAttempt


def _recent(request):
    attempts = AccessAttempt.objects.all()
    cool_off = get_cool_off(request)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=timezone.now() - cool_off)
    return attempts


def _by_user(request, credentials):
    username = get_client_username(request, credentials)
    return _recent(request).filter(username=username) if username else None


def _by_ip(request):
    return _recent(request).filter(ip_address=request.axes_ip_address)


def _failures(attempts) -> int:
    if attempts is None:
        return 0
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class LoginLockHandler(AxesDatabaseHandler):
    """Locked out at AXES_FAILURE_LIMIT failures for a username, or at AXES_IP_FAILURE_LIMIT
    from an IP address; a successful sign-in clears that username's failures only."""

    def get_failures(self, request, credentials=None) -> int:
        # Axes compares this number with AXES_FAILURE_LIMIT (the per-username limit); an IP
        # address past its own limit counts as reaching it.
        by_user = _failures(_by_user(request, credentials))
        by_ip = _failures(_by_ip(request))
        if by_ip >= settings.AXES_IP_FAILURE_LIMIT:
            return max(by_user, settings.AXES_FAILURE_LIMIT)
        return by_user

    def reset_user_attempts(self, request, credentials=None) -> int:
        # Axes' own reset deletes everything matching any lockout parameter, the IP address's
        # count included: a valid account would then unlock an address guessing others.
        attempts = _by_user(request, credentials)
        return attempts.delete()[0] if attempts is not None else 0


def minutes_to_wait(request, credentials=None) -> int:
    """Whole minutes until the attempts that lock this request out have aged out."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return 0
    latest = []
    by_user = _by_user(request, credentials)
    if _failures(by_user) >= settings.AXES_FAILURE_LIMIT:
        latest.append(by_user.aggregate(latest=Max("attempt_time"))["latest"])
    by_ip = _by_ip(request)
    if _failures(by_ip) >= settings.AXES_IP_FAILURE_LIMIT:
        latest.append(by_ip.aggregate(latest=Max("attempt_time"))["latest"])
    latest = [moment for moment in latest if moment is not None]
    if not latest:
        return math.ceil(cool_off.total_seconds() / 60)
    remaining = max(latest) + cool_off - timezone.now()
    return max(1, math.ceil(remaining.total_seconds() / 60))


def lockout_response(request, original_response=None, credentials=None):
    """The answer to a locked-out sign-in (AXES_LOCKOUT_CALLABLE): 429, in Dutch, with the
    time to wait, and Retry-After for machines."""
    minutes = minutes_to_wait(request, credentials)
    response = TemplateResponse(
        request,
        "home/login_locked.html",
        {"minutes": minutes},
        status=429,
    )
    response["Retry-After"] = str(minutes * 60)
    return response.render()
