"""Forms on cached pages: per-visitor tokens are filled in late, and a stale one costs one
more click, never what was typed.

A page in the shared cache carries its forms without a CSRF token and without the form's
signed timestamp (the `{% form_tokens form %}` tag leaves them empty for a cache candidate).
- With JavaScript (static/js/site.js), the form fetches fresh ones from its token URL (this
  module's form_token view, or an app's own for a form with more security data) as soon as
  the visitor starts filling it in. The timestamp is then when typing started, so the
  minimum fill time still holds.
- Without JavaScript, the post arrives without a valid token. Django's CSRF check fails and
  calls csrf_failure() below: for a page or view that accepts stale tokens, the view runs
  anyway with token_stale(request) true. Its form then refuses the post with RESEND and is
  shown again (uncached) with everything typed and fresh tokens; the second send passes.
  The view's rate limit and the form's honeypot and timing checks apply on that path too.
  Everything else gets Django's usual 403.
"""

from django.http import JsonResponse
from django.middleware.csrf import get_token
from django.views.csrf import csrf_failure as django_csrf_failure
from django.views.decorators.http import require_GET

from wagtail.models import Page

from django_ratelimit.exceptions import Ratelimited

from .antispam import signed_timestamp
from .views import rate_limited

STALE_ATTRIBUTE = "form_token_stale"


def accepts_stale_form_token(view):
    """Mark a view whose forms handle a missing or stale token themselves (see the module
    docstring); Wagtail page classes say so with `accepts_stale_form_token = True`."""
    view.accepts_stale_form_token = True
    return view


def token_stale(request) -> bool:
    """Whether this post came without a valid CSRF token (set only by csrf_failure)."""
    return getattr(request, STALE_ATTRIBUTE, False)


def _resend_target(request):
    """The view to run for a post whose CSRF check failed, or None for the usual 403."""
    match = request.resolver_match
    if match is None:
        return None
    if getattr(match.func, "accepts_stale_form_token", False):
        return match.func
    if match.url_name == "wagtail_serve":
        path = match.kwargs.get("path", match.args[0] if match.args else "")
        page = Page.find_for_request(request, path)
        if page is not None and getattr(page.specific_class, "accepts_stale_form_token", False):
            return match.func
    return None


def csrf_failure(request, reason=""):
    """settings.CSRF_FAILURE_VIEW: a form from a cached page without its token is shown again
    by its own view; any other failure is Django's 403."""
    view = _resend_target(request) if request.method == "POST" else None
    if view is None:
        return django_csrf_failure(request, reason=reason)
    setattr(request, STALE_ATTRIBUTE, True)
    request.csrf_processing_done = True
    match = request.resolver_match
    try:
        return view(request, *match.args, **match.kwargs)
    except Ratelimited:
        # Raised here, outside the view stage, RatelimitMiddleware would not see it.
        return rate_limited(request)


def token_response(request, fields: dict) -> JsonResponse:
    """Fresh tokens for a form on a cached page: the CSRF token and `fields`, by input name.
    Never cached, by anyone."""
    data = {"csrfmiddlewaretoken": get_token(request), **fields}
    response = JsonResponse(data)
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
def form_token(request):
    """Tokens for a SpamProtectedForm (home.antispam): CSRF and the signed timestamp."""
    return token_response(request, {"rendered_at": signed_timestamp()})
