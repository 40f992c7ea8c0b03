"""Pieces the apps' Wagtail admin views share: spreadsheet exports that cannot run formulas,
and permission policies for records that only come in through a public form."""

from wagtail.admin.views import generic
from wagtail.permission_policies import ModelPermissionPolicy

# A spreadsheet program runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value):
    """Text that no spreadsheet reads as a formula: a leading apostrophe makes it literal.

    Leading spaces are looked through: some programs ignore them before a formula."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetSafeIndexView(generic.IndexView):
    """An admin listing whose CSV and XLSX exports neutralise formulas in every cell."""

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))


class FormOnlyPermissionPolicy(ModelPermissionPolicy):
    """Records that come in through a public form: the actions in `refused_actions` are
    nobody's in the admin, superusers included."""

    refused_actions: tuple[str, ...] = ("add",)

    def user_has_permission(self, user, action):
        if action in self.refused_actions:
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission(
            [action for action in actions if action not in self.refused_actions]
        )
