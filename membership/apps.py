from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"
    verbose_name = "Lidmaatschap"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from home import pagecache
        from home.registry import registry

        from . import sections
        from .demo import load_demo_membership
        from .member_services import (
            is_active_member,
            member_history_delete,
            member_personal_data_erase,
            member_personal_data_export,
            member_sign_in_request,
        )
        from .member_session import current_member_identity
        from .models import Member, MembershipApplication, MembershipSettings
        from .services import (
            membership_application_history_delete,
            membership_personal_data_erase,
            membership_personal_data_export,
        )

        registry.register_demo("membership", load_demo_membership, order=30)
        registry.register_section("home", "membership", sections.home_invitation, order=50)
        registry.register_section("page_end", "membership", sections.join_invitation, order=50)
        registry.register_section("home", "members", sections.home_members, order=60)
        registry.register_link("join", sections.join_link)
        registry.register_link("member_sign_in", sections.sign_in_link)
        registry.register_question("active_member", is_active_member)
        registry.register_question("current_member", current_member_identity)
        registry.register_question(
            "member_sign_in_request",
            lambda email, next_path="": member_sign_in_request(email=email, next_path=next_path),
        )
        registry.register_personal_data(
            "members",
            label="Lidmaatschap",
            export=member_personal_data_export,
            erase=member_personal_data_erase,
        )
        registry.register_personal_data(
            "membership",
            label="Aanmeldingen als lid",
            export=membership_personal_data_export,
            erase=membership_personal_data_erase,
        )

        def delete_history(sender, instance, **kwargs):
            membership_application_history_delete(application=instance)

        post_save.connect(
            lambda sender, **kwargs: pagecache.invalidate(),
            sender=MembershipSettings,
            dispatch_uid="membership_settings_changed",
            weak=False,
        )

        def delete_member_history(sender, instance, **kwargs):
            member_history_delete(member=instance)

        post_delete.connect(
            delete_member_history,
            sender=Member,
            dispatch_uid="membership_member_history_delete",
            weak=False,
        )
        post_delete.connect(
            delete_history,
            sender=MembershipApplication,
            dispatch_uid="membership_application_history_delete",
            weak=False,
        )
