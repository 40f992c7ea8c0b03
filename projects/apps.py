from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projecten"

    def ready(self):
        from home.registry import registry

        from . import services, signals
        from .demo import load_demo_projects

        signals.connect()
        registry.register_demo("projects", load_demo_projects, order=10)
        registry.register_featured_page_type("projects.ProjectPage")
        registry.register_section(
            "member_area", "reactions", services.member_area_reactions, order=20
        )
        registry.register_personal_data(
            "reactions",
            label="Reacties",
            export=services.reaction_data_export,
            erase=services.reaction_data_erase,
        )
