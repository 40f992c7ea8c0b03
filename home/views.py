import logging
import re
from urllib.parse import urlencode

from django.db import DatabaseError
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from wagtail.models import Page

from .pagination import paginate

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200
# Search engines give operators to some punctuation (SQLite FTS5 fails on it): search words.
NON_WORD = re.compile(r"[^\w\s'’-]+")

logger = logging.getLogger(__name__)


def search_terms(query: str) -> str:
    return " ".join(NON_WORD.sub(" ", query).split())


def search_pages(query: str):
    terms = search_terms(query)
    if not terms:
        return []
    try:
        # Evaluated here, so a query the search backend cannot parse fails here.
        results = list(Page.objects.live().public().specific().search(terms)[:200])
    except DatabaseError:
        logger.warning("Search backend refused the query %r", terms)
        return []
    return title_matches_first(results, terms)


def title_matches_first(pages: list, terms: str) -> list:
    """Pages whose title holds a search word before the others, each group in the backend's
    order: the database backend's relevance (SQLite's above all) weighs a word in a long body
    above the same word in a short title."""
    words = terms.casefold().split()

    def in_title(page) -> bool:
        title = page.title.casefold()
        return any(word in title for word in words)

    return sorted(pages, key=lambda page: not in_title(page))


@require_GET
def search(request):
    """Site search over live, public pages."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    # NUL bytes and other control characters make PostgreSQL refuse the query.
    query = "".join(char for char in query if char.isprintable())
    results = search_pages(query) if query else []
    page_obj = paginate(request, results, RESULTS_PER_PAGE)
    return TemplateResponse(
        request,
        "home/search.html",
        {
            "search_query": query,
            "results": page_obj,
            "paginator": page_obj.paginator,
            "pagination_query": urlencode({"q": query}),
        },
    )


def rate_limited(request, exception=None):
    """Answer for a visitor who posted a form too often (django-ratelimit's RATELIMIT_VIEW)."""
    response = TemplateResponse(request, "429.html", status=429)
    response["Retry-After"] = "60"
    return response


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    sitemap_url = request.build_absolute_uri(reverse("sitemap"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /zoeken/",
        "",
        f"Sitemap: {sitemap_url}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
