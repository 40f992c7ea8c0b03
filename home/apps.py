from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Algemeen"

    def ready(self):
        from django.urls import register_converter

        from . import signals  # noqa: F401
        from .converters import IdConverter

        register_converter(IdConverter, "id")
