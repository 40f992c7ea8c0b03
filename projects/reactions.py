"""Reading reactions: what a project page shows, how reaction text becomes HTML, and what makes
a reaction look like spam. Everything that writes or mails lives in services.py."""

import re
from dataclasses import dataclass, field

from django.apps import apps
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape, format_html, linebreaks
from django.utils.safestring import SafeString, mark_safe

from home.caching import bump_version, current_version

from .forms import ReactionForm

# A web address in reaction text: what readers type, with or without the scheme.
# Quotes and angle brackets never belong to one, so markup around an address stays text.
URL_PATTERN = re.compile(r"(?:https?://|www\.)[^\s<>\"'`]+", re.IGNORECASE)
TRAILING_PUNCTUATION = ".,:;!?"
SUSPICIOUS_LINK_COUNT = 2

# Shown on the project page after a redirect from posting or confirming (?reactie=...).
STATUS_MESSAGES = {
    "bevestig": "Bijna klaar: we hebben je een e-mail gestuurd. Klik op de link in die mail om "
    "je reactie te bevestigen.",
    "wacht": "Bedankt! Je reactie wacht op goedkeuring. Zodra een moderator hem heeft "
    "goedgekeurd, staat hij op deze pagina.",
    "geplaatst": "Je reactie staat online.",
}


@dataclass
class Thread:
    """An approved reaction with its approved replies, oldest first."""

    reaction: object
    replies: list = field(default_factory=list)


def _version_key(page_pk: int) -> str:
    return f"projects:reactions-version:{page_pk}"


def reactions_version(page_pk: int) -> str:
    """A token that changes whenever a reaction on the page is stored or moderated; the
    cached list of reactions is keyed on it."""
    return current_version(_version_key(page_pk))


def bump_reactions_version(page_pk) -> None:
    bump_version(_version_key(int(page_pk)))


def reaction_threads(page) -> list[Thread]:
    """The approved reactions on a page with their approved replies: one query, however many."""
    reactions = (
        apps.get_model("projects", "Reaction")  # defined in models.py, which imports this
        .objects.for_page(page)
        .approved()
        .select_related(None)
        .only("pk", "user_name", "comment", "submit_date", "level", "parent_id", "thread_id")
        .order_by("thread_id", "order", "pk")
    )
    threads: dict[int, Thread] = {}
    replies = []
    for reaction in reactions:
        if reaction.level == 0:
            threads[reaction.pk] = Thread(reaction)
        else:
            replies.append(reaction)
    for reply in replies:
        thread = threads.get(reply.thread_id)
        if thread is not None:  # a reply under a rejected reaction stays hidden
            thread.replies.append(reply)
    return sorted(threads.values(), key=lambda t: (t.reaction.submit_date, t.reaction.pk))


def reactions_context(page, request, *, form=None) -> dict:
    """What the reactions section of a project page needs. The reactions themselves are
    fetched only when the cached fragment that lists them has expired."""
    if not page.reactions_enabled:
        return {"reactions_enabled": False}
    reactions_open = page.reactions_open
    if form is None and reactions_open:
        form = ReactionForm(page)
    status = request.GET.get("reactie", "")
    return {
        "reactions_enabled": True,
        "reactions_open": reactions_open,
        "reaction_form": form if reactions_open else None,
        "reaction_status": STATUS_MESSAGES.get(status, ""),
        "reactions_version": reactions_version(page.pk),
        "reaction_threads": SimpleLazyObject(lambda: reaction_threads(page)),
    }


def _split_trailing(url: str) -> tuple[str, str]:
    """Punctuation after an address ends the sentence, not the address."""
    end = len(url)
    while end and (
        url[end - 1] in TRAILING_PUNCTUATION
        or (url[end - 1] == ")" and url[:end].count("(") < url[:end].count(")"))
    ):
        end -= 1
    return url[:end], url[end:]


def reaction_html(text: str) -> SafeString:
    """Reaction text as HTML: everything escaped, line breaks kept, web addresses as links
    that search engines do not follow."""
    parts = []
    position = 0
    for match in URL_PATTERN.finditer(text):
        address, trailing = _split_trailing(match.group())
        parts.append(escape(text[position : match.start()]))
        href = (
            address if address.lower().startswith(("http://", "https://")) else f"http://{address}"
        )
        parts.append(format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', href, address))
        parts.append(escape(trailing))
        position = match.end()
    parts.append(escape(text[position:]))
    # Every part is escaped above; linebreaks only adds <p> and <br>.
    return mark_safe(linebreaks("".join(parts), autoescape=False))  # noqa: S308


def count_links(text: str) -> int:
    return len(URL_PATTERN.findall(text or ""))


def suspicion_reasons(*, text: str, email: str, site_settings) -> list[str]:
    """Why a reaction looks like spam (empty when it does not): links, blocked words, or an
    address at a blocked domain. Suspicious reactions always wait for a moderator."""
    reasons = []
    links = count_links(text)
    if links >= SUSPICIOUS_LINK_COUNT:
        reasons.append(f"{links} links")
    lowered = (text or "").casefold()
    words = [word for word in site_settings.blocked_words if word.casefold() in lowered]
    if words:
        reasons.append("verdachte woorden: " + ", ".join(words))
    domain = (email or "").rpartition("@")[2].casefold().strip()
    for blocked in site_settings.blocked_domains:
        blocked = blocked.casefold().lstrip("@").strip()
        if blocked and (domain == blocked or domain.endswith("." + blocked)):
            reasons.append(f"verdacht e-maildomein: {blocked}")
            break
    return reasons
