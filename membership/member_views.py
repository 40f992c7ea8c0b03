"""The member's side: signing in by a link by mail, "Mijn Leisure Lab", and signing out.
The work happens in member_services.py; every page here is private (never cached)."""

import json

from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from home.antispam import post_rate_limit
from home.links import BadLink, ExpiredLink
from home.registry import registry

from .forms import CancelForm, ListingForm, NewsletterForm, SignInForm
from .member_services import (
    SIGN_IN_LINK_MINUTES,
    member_cancel,
    member_listing_update,
    member_newsletter_set,
    member_sign_in,
    member_sign_in_request,
    safe_next_path,
    sign_in_link_check,
)
from .member_session import current_member, member_session_end, member_session_start


def _area_url() -> str:
    return reverse("membership:member_area")


@sensitive_post_parameters()
@never_cache
@post_rate_limit("member-sign-in")
@require_http_methods(["GET", "POST"])
def sign_in(request: HttpRequest) -> HttpResponse:
    """Ask for the address; the same answer follows for every one (see the service)."""
    if request.method == "POST":
        form = SignInForm(request.POST)
        if form.is_valid():
            member_sign_in_request(
                email=form.cleaned_data["email"], next_path=form.cleaned_data["next"]
            )
            return redirect("membership:sign_in_sent")
        form.refresh_timestamp()
    else:
        form = SignInForm(initial={"next": safe_next_path(request.GET.get("next", ""))})
    return TemplateResponse(
        request,
        "membership/sign_in.html",
        {"form": form, "member": current_member(request)},
    )


@never_cache
def sign_in_sent(request: HttpRequest) -> HttpResponse:
    return TemplateResponse(
        request, "membership/sign_in_sent.html", {"minutes": SIGN_IN_LINK_MINUTES}
    )


@never_cache
@post_rate_limit("member-sign-in-link")
@require_http_methods(["GET", "POST"])
def sign_in_link(request: HttpRequest, token: str) -> HttpResponse:
    """GET shows an "Inloggen" button, POST signs in: mail scanners that open links must not
    use the single-use link up."""
    try:
        if request.method == "POST":
            link = member_sign_in(token=token)
            member_session_start(request, link.member)
            return redirect(link.next_path or _area_url())
        sign_in_link_check(token)
        state = "ask"
    except ExpiredLink:
        state = "expired"
    except BadLink:
        state = "invalid"
    return TemplateResponse(
        request,
        "membership/sign_in_link.html",
        {"state": state, "minutes": SIGN_IN_LINK_MINUTES},
        status=200 if state == "ask" else 410 if state == "expired" else 400,
    )


@never_cache
@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    member_session_end(request)
    messages.success(request, "Je bent uitgelogd.")
    return redirect("membership:sign_in")


def _sign_in_first(request: HttpRequest) -> HttpResponse:
    return redirect(f"{reverse('membership:sign_in')}?next={_area_url()}")


def _area(request, member, **forms) -> TemplateResponse:
    context = {
        "member": member,
        "newsletter_form": NewsletterForm(initial={"newsletter": member.newsletter}),
        "listing_form": ListingForm(
            initial={
                "listed": member.listed,
                "website": member.website,
                "listing_text": member.listing_text,
            }
        ),
        "personal_sections": registry.render_sections("member_area", request, member.email),
    }
    context.update(forms)
    status = 400 if any(form.errors for form in forms.values()) else 200
    return TemplateResponse(request, "membership/member_area.html", context, status=status)


@never_cache
def member_area(request: HttpRequest) -> HttpResponse:
    """ "Mijn Leisure Lab": what a member sees and manages of their own."""
    member = current_member(request)
    if member is None:
        return _sign_in_first(request)
    return _area(request, member)


@never_cache
@require_POST
def newsletter(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    if member is None:
        return _sign_in_first(request)
    form = NewsletterForm(request.POST)
    if not form.is_valid():  # pragma: no cover - a boolean field is always valid
        return _area(request, member, newsletter_form=form)
    member_newsletter_set(member=member, newsletter=form.cleaned_data["newsletter"])
    messages.success(
        request,
        "Je ontvangt de nieuwsbrief."
        if form.cleaned_data["newsletter"]
        else "Je ontvangt de nieuwsbrief niet meer.",
    )
    return redirect(_area_url() + "#nieuwsbrief")


@never_cache
@require_POST
def listing(request: HttpRequest) -> HttpResponse:
    member = current_member(request)
    if member is None:
        return _sign_in_first(request)
    form = ListingForm(request.POST, request.FILES)
    if not form.is_valid():
        return _area(request, member, listing_form=form)
    data = form.cleaned_data
    member_listing_update(
        member=member,
        listed=data["listed"],
        website=data["website"],
        listing_text=data["listing_text"],
        logo=data["logo"],
        remove_logo=data["remove_logo"],
    )
    messages.success(
        request,
        "Je vermelding in de ledenlijst is bijgewerkt."
        if data["listed"]
        else "Je staat niet in de ledenlijst.",
    )
    return redirect(_area_url() + "#ledenlijst")


@never_cache
def download(request: HttpRequest) -> HttpResponse:
    """ "Download mijn gegevens": the same document as the privacy_export command."""
    member = current_member(request)
    if member is None:
        return _sign_in_first(request)
    document = registry.export_personal_data(member.email)
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    day = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="mijn-gegevens-{day}.json"'
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def cancel(request: HttpRequest) -> HttpResponse:
    """ "Lidmaatschap opzeggen": asks first; the POST with the box ticked cancels."""
    member = current_member(request)
    if member is None:
        return _sign_in_first(request)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        member_cancel(member=member)
        member_session_end(request)
        return TemplateResponse(request, "membership/member_cancelled.html", {})
    return TemplateResponse(
        request,
        "membership/member_cancel.html",
        {"form": form, "member": member},
        status=400 if form.errors else 200,
    )
