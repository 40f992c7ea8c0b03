"""The public side of membership: the post of the signup form (the page itself shows the empty
form) and the pages behind the links in the signup mail. The work itself happens in
services.py."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from home.antispam import post_rate_limit
from home.formtokens import token_stale
from home.links import BadLink, ExpiredLink
from home.models import SiteSettings

from .forms import SignupForm
from .services import (
    CONFIRM_SALT,
    NEWSLETTER_SALT,
    application_from_token,
    membership_application_confirm,
    membership_application_submit,
    membership_newsletter_confirm,
    privacy_statement_version,
)

STATUS_BY_STATE = {"expired": 410, "invalid": 400}


@sensitive_post_parameters()
@post_rate_limit("membership-signup")
def signup_post(request: HttpRequest, *, page) -> HttpResponse:
    """A post of the signup form on the "Lid worden" page (wagtail_hooks.py routes it here):
    store a valid signup and send the visitor to the thank-you page, or show the page again
    with the form as typed.

    The thank-you page is the same for every address, known or not. The empty form is the
    page's own (MembershipPage.get_context) and comes from the page cache; a post's answer
    is never cached (home.pagecache marks it private)."""
    membership_types = list(page.membership_types.all())
    form = SignupForm(
        request.POST, membership_types=membership_types, token_stale=token_stale(request)
    )
    if form.is_valid():
        version, revision_id = privacy_statement_version(SiteSettings.for_request(request))
        membership_application_submit(
            **form.application_fields(),
            newsletter=form.cleaned_data["newsletter"],
            privacy_version=version,
            privacy_revision_id=revision_id,
        )
        return redirect(page.thanks_url(request))
    form.refresh_timestamp()
    return page.render(
        request, context_overrides={"form": form, "membership_types": membership_types}
    )


def _link_state(action, token: str) -> str:
    try:
        action(token)
    except ExpiredLink:
        return "expired"
    except BadLink:
        return "invalid"
    return "done"


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """GET asks for a click on a button, POST confirms: mail scanners that follow links must
    not confirm on the applicant's behalf."""
    if request.method == "POST":
        state = _link_state(lambda value: membership_application_confirm(token=value), token)
    else:
        state = _link_state(lambda value: application_from_token(value, salt=CONFIRM_SALT), token)
        state = "ask" if state == "done" else state
    return TemplateResponse(
        request,
        "membership/confirm.html",
        {"state": state, "kind": "application"},
        status=STATUS_BY_STATE.get(state, 200),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def newsletter_confirm(request: HttpRequest, token: str) -> HttpResponse:
    """The newsletter wish, confirmed on its own, with its own time."""
    if request.method == "POST":
        state = _link_state(lambda value: membership_newsletter_confirm(token=value), token)
    else:
        state = _link_state(
            lambda value: application_from_token(value, salt=NEWSLETTER_SALT), token
        )
        state = "ask" if state == "done" else state
    return TemplateResponse(
        request,
        "membership/confirm.html",
        {"state": state, "kind": "newsletter"},
        status=STATUS_BY_STATE.get(state, 200),
    )
