from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Algemeen"

    def ready(self):
        from django.urls import register_converter

        from . import signals  # noqa: F401
        from .converters import IdConverter
        from .frontcache import purge_all_on_change
        from .pagecache import page_cache_invalidated

        register_converter(IdConverter, "id")
        # Whatever invalidates the shared page cache bans the pages in every Varnish node too
        # (VARNISH_URLS; nothing without it).
        page_cache_invalidated.connect(purge_all_on_change, dispatch_uid="frontcache_purge_all")
