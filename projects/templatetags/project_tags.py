from django import template

from home.caching import public
from projects.models import ProjectPage, authors_with_people, with_reaction_counts

register = template.Library()


@register.inclusion_tag("components/project_cards.html", takes_context=True)
def featured_projects(context, home_page, limit=3):
    """The projects the editors featured on the home page, or else the newest ones."""
    chosen_ids = [item.page_id for item in home_page.featured_projects.all()]
    projects = with_reaction_counts(
        public(ProjectPage.objects.live())
        .select_related("listing_image", "hero_image")
        .prefetch_related(authors_with_people())
    )
    if chosen_ids:
        by_id = {project.pk: project for project in projects.filter(pk__in=chosen_ids)}
        selected = [by_id[pk] for pk in chosen_ids if pk in by_id][:limit]
    else:
        selected = list(projects.order_by("-date", "-pk")[:limit])
    return {"projects": selected, "request": context.get("request"), "heading_level": 3}
