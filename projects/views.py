"""The public reaction URLs. The work happens in services.py; these views check what comes in,
call one service and say in Dutch what became of it: the form again with its errors and what
was typed, a redirect back to the project, or a page behind a mailed link (where a GET only
shows a button and the POST acts: mail scanners open links)."""

from django.http import Http404, HttpResponseBadRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from home.antispam import post_rate_limit
from home.caching import public
from home.clientip import client_ip
from home.converters import valid_id
from home.formtokens import accepts_stale_form_token, token_response, token_stale
from home.links import BAD_LINK, EXPIRED_LINK

from . import services
from .forms import ReactionForm
from .models import ProjectPage, Reaction
from .services import LinkState, Outcome

CONTENT_TYPE = "projects.projectpage"
CLOSED = ("Reageren is gesloten", services.CLOSED)
# What a confirmation link's page says, by what the link can do now: title, text, status.
CONFIRM_PAGES = {
    LinkState.ASK: (
        "Bevestig je reactie",
        "Is dit jouw reactie? Bevestig hem met de knop. Daarna bekijkt een moderator hem; "
        "zodra hij is goedgekeurd, staat hij op de site en krijg je bericht.",
        200,
    ),
    LinkState.ALREADY: (
        "Je reactie is al bevestigd",
        "Je hoeft niets meer te doen. Zodra een moderator je reactie heeft goedgekeurd, staat "
        "hij op de site.",
        200,
    ),
    LinkState.EXPIRED: (
        EXPIRED_LINK.title,
        f"De link om je reactie te bevestigen is {services.CONFIRMATION_MAX_AGE.days} dagen "
        "geldig. Plaats je reactie opnieuw; je krijgt dan een nieuwe link.",
        EXPIRED_LINK.status,
    ),
    LinkState.GONE: (
        "Deze reactie is er niet meer",
        "Deze reactie is afgewezen of op verzoek verwijderd. Bevestigen kan niet meer.",
        410,
    ),
    LinkState.CLOSED: (*CLOSED, 403),
    LinkState.INVALID: (BAD_LINK.title, BAD_LINK.text, 404),
}


def live_project(pk) -> ProjectPage:
    page_id = valid_id(pk)
    page = public(ProjectPage.objects.live()).filter(pk=page_id).first() if page_id else None
    if page is None:
        raise Http404
    return page


def message(request, *, title: str, text: str, page=None, status: int = 200, **extra):
    """A short page that says what happened; with reaction= it shows that reaction's text,
    with button= a button that posts to the same address."""
    return TemplateResponse(
        request,
        "projects/reaction_message.html",
        {"title": title, "text": text, "project": page, **extra},
        status=status,
    )


def closed(request, page, status=403):
    title, text = CLOSED
    return message(request, title=title, text=text, page=page, status=status)


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
    """Post a reaction or a reply (the form of django-comments-xtd, with our checks). A post
    from a cached page without its tokens is shown again to send once more
    (home.formtokens)."""
    if request.POST.get("content_type") != CONTENT_TYPE:
        return HttpResponseBadRequest("Onbekend onderwerp.")
    page = live_project(request.POST.get("object_pk"))
    if not page.reactions_open:
        return closed(request, page)
    form = ReactionForm(page, data=request.POST, token_stale=token_stale(request))
    if not form.is_valid():
        return show_form_again(request, page, form)
    result = services.reaction_post(
        form=form, page=page, user=request.user, ip_address=client_ip(request)
    )
    page_url = page.get_url(request)
    if result.outcome == Outcome.REFUSED:
        return message(
            request, title="Je reactie is niet geplaatst", text=result.reason, page=page, status=403
        )
    if result.outcome == Outcome.PUBLISHED:
        return redirect(f"{page_url}?reactie={result.outcome}#{result.reaction.anchor()}")
    return redirect(f"{page_url}?reactie={result.outcome}#reacties")


@require_GET
def reaction_token(request, pk):
    """Fresh tokens for the reaction form on a cached project page: CSRF, and
    django_comments' security hash and timestamp (home.formtokens)."""
    page = live_project(pk)
    if not page.reactions_open:
        raise Http404
    return token_response(request, ReactionForm(page).generate_security_data())


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reaction_confirm(request, token):
    """The link in the confirmation mail. GET shows the reaction and a button; the POST
    confirms it (it then waits for a moderator)."""
    if request.method == "POST":
        result = services.reaction_confirm(token=token)
        if result.state == LinkState.CONFIRMED:
            return redirect(f"{result.page.get_url(request)}?reactie={Outcome.HELD}#reacties")
    else:
        result = services.reaction_confirmation_check(token=token)
    title, text, status = CONFIRM_PAGES[result.state]
    page = result.page if result.page is not None and result.page.live else None
    asking = result.state == LinkState.ASK
    return message(
        request,
        title=title,
        text=text,
        page=page,
        status=status,
        reaction=result.reaction if asking else None,
        button="Bevestig je reactie" if asking else "",
    )


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


@csrf_exempt  # mail programs post one-click unsubscribes (RFC 8058): no token, no session
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def reaction_unsubscribe(request, token):
    """The unsubscribe link in a mail about a new reaction: GET shows a button, the POST (the
    button, or the mail program's one click) stops the mails about that project."""
    if request.method == "POST":
        link = services.reaction_unsubscribe(token=token)
    else:
        link = services.reaction_unsubscribe_link(token=token)
    if link is None:
        return message(request, title=BAD_LINK.title, text=BAD_LINK.text, status=404)
    page = link.page if link.page.live else None
    if request.method == "POST":
        return message(
            request,
            title="Je bent afgemeld",
            text=f"Je krijgt geen mail meer over nieuwe reacties op “{link.page.title}”.",
            page=page,
        )
    return message(
        request,
        title="Afmelden voor reactiemails",
        text=f"Wil je geen mail meer over nieuwe reacties op “{link.page.title}”?",
        page=page,
        button="Afmelden",
    )
