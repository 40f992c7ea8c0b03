from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "Lidmaatschap"

    def ready(self):
        from django.db.models.signals import post_delete

        from home.registry import registry

        from .demo import load_demo_membership
        from .models import MembershipApplication
        from .services import (
            membership_application_history_delete,
            membership_personal_data_erase,
            membership_personal_data_export,
        )

        registry.register_demo("membership", load_demo_membership, order=30)
        registry.register_personal_data(
            "membership",
            label="Aanmeldingen als lid",
            export=membership_personal_data_export,
            erase=membership_personal_data_erase,
        )

        def delete_history(sender, instance, **kwargs):
            membership_application_history_delete(application=instance)

        post_delete.connect(
            delete_history,
            sender=MembershipApplication,
            dispatch_uid="membership_application_history_delete",
            weak=False,
        )
