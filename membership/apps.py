from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "Lidmaatschap"

    def ready(self):
        from home.registry import registry

        from .demo import load_demo_membership
        from .services import membership_personal_data_erase, membership_personal_data_export

        registry.register_demo("membership", load_demo_membership, order=30)
        registry.register_personal_data(
            "membership",
            label="Aanmeldingen als lid",
            export=membership_personal_data_export,
            erase=membership_personal_data_erase,
        )
