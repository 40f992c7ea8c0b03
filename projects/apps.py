from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = "Projecten"

    def ready(self):
        from home.registry import registry

        from .demo import load_demo_projects

        registry.register_demo("projects", load_demo_projects, order=10)
