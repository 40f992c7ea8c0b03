"""Pieces the apps' Wagtail admin views share: spreadsheet exports that cannot run formulas,
and permission policies for records that only come in through a public form."""

import csv

from django.http import StreamingHttpResponse

from wagtail.admin.views import generic
from wagtail.admin.views.mixins import Echo
from wagtail.permission_policies import ModelPermissionPolicy

# Dutch Excel reads a CSV file in the Windows code page and splits it on ";" (the comma is the
# decimal separator there): a byte order mark makes it read UTF-8, and ";" puts every field in
# its own column.
CSV_BOM = "\ufeff"
CSV_DELIMITER = ";"

# A spreadsheet program runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def spreadsheet_safe(value):
    """Text that no spreadsheet reads as a formula: a leading apostrophe makes it literal.

    Leading spaces are looked through: some programs ignore them before a formula."""
    if isinstance(value, str) and value.lstrip(" ").startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SpreadsheetSafeIndexView(generic.IndexView):
    """An admin listing whose CSV and XLSX exports neutralise formulas in every cell, and whose
    CSV opens in Dutch Excel with one field per column and the accents intact."""

    def preprocess_field_value(self, field, value, export_format):
        return spreadsheet_safe(super().preprocess_field_value(field, value, export_format))

    def stream_csv(self, queryset):
        writer = csv.DictWriter(Echo(), fieldnames=self.list_export, delimiter=CSV_DELIMITER)
        yield CSV_BOM.encode("utf-8")
        yield writer.writerow(
            {field: self.get_heading(queryset, field) for field in self.list_export}
        )
        for item in queryset:
            yield self.write_csv_row(writer, self.to_row_dict(item))

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(
            self.stream_csv(queryset), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response


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
