"""One way to paginate a list page: Django's Paginator.get_page(), which turns a missing,
non-numeric or out-of-range ?page= into the nearest real page instead of an error."""

from django.core.paginator import Page, Paginator
from django.http import QueryDict


def paginate(request, items, per_page: int) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without_page(request, keep: tuple[str, ...]) -> str:
    """The query string of the filters named in `keep` (never ?page=, never anything else), for
    the links of components/pagination.html."""
    query = QueryDict(mutable=True)
    for name in keep:
        values = [value for value in request.GET.getlist(name) if value]
        if values:
            query.setlist(name, values)
    return query.urlencode()
