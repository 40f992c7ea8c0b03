from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projecten"

    def ready(self):
        from home.registry import registry

        from .demo import load_demo_projects

        registry.register_demo("projects", load_demo_projects, order=10)

        from django.urls import register_converter

        from .converters import IdConverter

        register_converter(IdConverter, "reaction_id")

        # Reactions: django-comments-xtd's comment_was_posted receiver mails a confirmation
        # link that never expires, or stores and notifies at once; ours replaces it.
        from django_comments.signals import comment_was_posted
        from django_comments_xtd import views as xtd_views
        from django_comments_xtd.models import TmpXtdComment

        from . import moderation, services, signals

        comment_was_posted.disconnect(xtd_views.on_comment_was_posted, sender=TmpXtdComment)
        signals.connect()
        moderation.register()
        registry.register_section(
            "member_area", "reactions", services.member_area_reactions, order=20
        )
        registry.register_personal_data(
            "reactions",
            label="Reacties",
            export=services.reaction_data_export,
            erase=services.reaction_data_erase,
        )
