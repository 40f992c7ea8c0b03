"""RSS feed of the live projects under one index page."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Rss201rev2Feed


class ProjectFeed(Feed):
    feed_type = Rss201rev2Feed

    def __init__(self, index_page):
        super().__init__()
        self.index_page = index_page

    def __call__(self, request, *args, **kwargs):
        self.request = request
        return super().__call__(request, *args, **kwargs)

    def title(self):
        return f"{self.index_page.title} – Leisure Lab Limburg"

    def link(self):
        return self.index_page.get_url(self.request)

    def description(self):
        return self.index_page.intro or "Nieuwe projecten van Leisure Lab Limburg."

    def items(self):
        return self.index_page.projects().prefetch_related("tags")[:20]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.intro

    def item_link(self, item):
        return item.get_url(self.request)

    def item_author_name(self, item):
        return ", ".join(item.author_names()) or None

    def item_pubdate(self, item):
        return item.first_published_at

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]
