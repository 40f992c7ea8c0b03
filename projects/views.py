"""The public reaction URLs. Posting and confirming wrap the comments apps' own views, so their
checks, signals and moderation all run; these add what the site needs around them: the
rate limit, the form shown again on the page with its errors, expiring links, and a redirect
back to the project that says what happens next."""

from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from django_comments.views.comments import post_comment
from django_comments_xtd import views as xtd_views

from home.antispam import post_rate_limit
from home.caching import public
from home.formtokens import accepts_stale_form_token, token_response, token_stale
from home.links import BadLink, ExpiredLink

from . import services
from .converters import valid_id
from .forms import ReactionForm
from .models import ProjectPage, Reaction

CONTENT_TYPE = "projects.projectpage"
TOO_LONG_FOR_LINK = "Je reactie is te lang om per mail te bevestigen. Maak hem wat korter."


def live_project(pk) -> ProjectPage:
    page_id = valid_id(pk)
    page = public(ProjectPage.objects.live()).filter(pk=page_id).first() if page_id else None
    if page is None:
        raise Http404
    return page


def message(request, *, title: str, text: str, page=None, status: int = 200):
    return TemplateResponse(
        request,
        "projects/reaction_message.html",
        {"title": title, "text": text, "project": page},
        status=status,
    )


def closed(request, page, status=403):
    return message(
        request,
        title="Reageren is gesloten",
        text="Op dit project kun je niet meer reageren.",
        page=page,
        status=status,
    )


def show_form_again(request, page, form, status=200):
    """The project page (or the reply page) again, with the refused form and what was typed."""
    form.prepare_to_show_again()
    parent = form.reply_parent(form.data.get("reply_to"))
    if parent is not None:
        response = reply_page(request, page, parent, form)
    else:
        response = page.serve(request, reaction_form=form)
    response.status_code = status
    return response


def reply_page(request, page, parent, form):
    return TemplateResponse(
        request,
        "projects/reaction_reply.html",
        {"page": page, "parent": parent, "reaction_form": form},
    )


@accepts_stale_form_token
@require_POST
@post_rate_limit("reactions")
def reaction_post(request):
    """Post a reaction or a reply, through django_comments' post_comment. A post from a
    cached page without its tokens is shown again to send once more (home.formtokens)."""
    if request.POST.get("content_type") != CONTENT_TYPE:
        return HttpResponseBadRequest("Onbekend onderwerp.")
    page = live_project(request.POST.get("object_pk"))
    if not page.reactions_open:
        return closed(request, page)
    form = ReactionForm(page, data=request.POST, token_stale=token_stale(request))
    if not form.is_valid():
        return show_form_again(request, page, form)
    # No previews: post_comment would render one. Where to go next is ours to say.
    data = request.POST.copy()
    for name in ("preview", "next"):
        data.pop(name, None)
    request.POST = data
    try:
        with transaction.atomic():
            response = post_comment(request, next=page.get_url(request))
    except services.LinkTooLong:
        form.add_error("comment", TOO_LONG_FOR_LINK)
        return show_form_again(request, page, form)
    outcome = getattr(request, "reaction_outcome", None)
    if response.status_code != 302 or outcome in (None, "refused"):
        return closed(request, page) if not page.reactions_open else response
    if outcome == "geplaatst":
        return redirect(f"{page.get_url(request)}?reactie=geplaatst#reactie-{request.reaction.pk}")
    return redirect(f"{page.get_url(request)}?reactie={outcome}#reacties")


@require_GET
def reaction_token(request, pk):
    """Fresh tokens for the reaction form on a cached project page: CSRF, and
    django_comments' security hash and timestamp (home.formtokens)."""
    page = live_project(pk)
    if not page.reactions_open:
        raise Http404
    return token_response(request, ReactionForm(page).generate_security_data())


@require_GET
def reaction_confirm(request, key, stamp):
    """The link in the confirmation mail: stores the reaction (waiting for a moderator)
    through django-comments-xtd's confirm view. A second click stores nothing new."""
    try:
        pending = services.reaction_confirmation_read(key=key, stamp=stamp)
    except ExpiredLink:
        return message(
            request,
            title="Deze link is verlopen",
            text="De link om je reactie te bevestigen is 7 dagen geldig. Plaats je reactie "
            "opnieuw; je krijgt dan een nieuwe link.",
            status=410,
        )
    except BadLink:
        return message(
            request,
            title="Deze link werkt niet",
            text="De link is niet compleet of klopt niet. Kopieer hem in zijn geheel uit de mail.",
            status=400,
        )
    page = live_project(pending.object_pk)
    with transaction.atomic():
        services.reaction_confirmations_lock(page=page)
        stored = services.reaction_find_stored(pending=pending)
        if stored is None:
            if not page.reactions_open:
                return closed(request, page)
            response = xtd_views.confirm(request, key)
            stored = services.reaction_find_stored(pending=pending)
            if stored is None:  # a confirmation_received receiver refused it
                return response
    if stored.status == "approved":
        return redirect(f"{page.get_url(request)}#reactie-{stored.pk}")
    if stored.status == "rejected":
        return redirect(f"{page.get_url(request)}#reacties")
    return redirect(f"{page.get_url(request)}?reactie=wacht#reacties")


@require_GET
def reaction_reply(request, pk):
    """A page to reply to one approved reaction (works without JavaScript)."""
    parent = Reaction.objects.for_projects().visible().filter(level=0, pk=pk).first()
    if parent is None:
        raise Http404
    page = live_project(parent.object_pk)
    if not page.reactions_open:
        return closed(request, page, status=200)
    return reply_page(request, page, parent, ReactionForm(page, comment=parent))


@csrf_exempt  # mail clients post one-click unsubscribes (RFC 8058) without a CSRF token
@require_http_methods(["GET", "POST"])
def reaction_unsubscribe(request, token):
    """One click, no login: no more mail about new reactions on this project."""
    try:
        page, email = services.unsubscribe_target(token)
    except BadLink:
        return message(
            request,
            title="Deze link werkt niet",
            text="De link is niet compleet of klopt niet. Kopieer hem in zijn geheel uit de mail.",
            status=400,
        )
    services.reaction_unsubscribe(page=page, email=email)
    if request.method == "POST":
        return HttpResponse("Afgemeld.", content_type="text/plain; charset=utf-8")
    return message(
        request,
        title="Je bent afgemeld",
        text=f"Je krijgt geen mail meer over nieuwe reacties op “{page.title}”.",
        page=page if page.live else None,
    )
