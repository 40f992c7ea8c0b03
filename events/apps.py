from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Agenda"

    def ready(self):
        from home.registry import registry

        from . import signals  # noqa: F401
        from .demo import example_events, example_keep_reason, load_demo_events
        from .services import member_area_registrations, registrations_erase, registrations_export

        registry.register_demo("events", load_demo_events, order=20)
        registry.register_demo_examples("events", example_events, keep_reason=example_keep_reason)
        registry.register_section("member_area", "events", member_area_registrations, order=10)
        registry.register_personal_data(
            "events",
            label="Aanmeldingen voor bijeenkomsten",
            export=registrations_export,
            erase=registrations_erase,
        )
