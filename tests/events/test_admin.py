"""Registrations in the Wagtail admin: per event, with the waitlist in order, exported as CSV
or XLSX without formula cells, cancelled by an organiser, and shown only to the groups that
need them (the permission matrix at the end)."""

import csv
import io
import re
from pathlib import Path

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.test import Client

import pytest
from openpyxl import load_workbook

from events.admin_views import waitlist_position
from events.models import Registration
from tests.events.factories import EventPageFactory, RegistrationFactory

INDEX = "/admin/deelnemers/"
Status = Registration.Status
HOSTILE = ['=HYPERLINK("http://x")', "+31 43 123", "-1+2", "@SUM(A1)", " =1+1", "\t=1"]


@pytest.fixture
def event(agenda):
    return EventPageFactory(parent=agenda, title="Workshop gastvrijheid", capacity=2)


@pytest.fixture
def registrations(event):
    occurrence = event.occurrences.get()
    return [
        RegistrationFactory(occurrence=occurrence, name="Anna Eerst", email="anna@example.com"),
        RegistrationFactory(occurrence=occurrence, name="Bert Tweede", organisation=HOSTILE[0]),
        RegistrationFactory(
            occurrence=occurrence, name="Carla Wacht", status=Status.WAITLIST, is_member=False
        ),
        RegistrationFactory(occurrence=occurrence, name="Dirk Wacht", status=Status.WAITLIST),
    ]


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


def export(client, fmt: str, **params):
    response = client.get(INDEX, {"export": fmt, **params})
    assert response.status_code == 200
    if fmt == "csv":
        content = b"".join(response.streaming_content).decode("utf-8")
        assert content.startswith("\ufeff")
        return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [[cell.value for cell in row] for row in workbook.active.iter_rows()]


@pytest.mark.django_db
class RegistrationAdminTests:
    def test_registrations_and_waitlist_of_one_event(self, admin_client, event, registrations):
        other = EventPageFactory(parent=event.get_parent(), title="Ander")
        RegistrationFactory(occurrence=other.occurrences.get(), name="Elders Iemand")
        response = admin_client.get(INDEX, {"event": event.pk})
        assert response.status_code == 200
        html = response.content.decode()
        for registration in registrations:
            assert registration.name in html
        assert "Elders Iemand" not in html
        rows = {r.name: r for r in response.context["object_list"]}
        assert waitlist_position(rows["Carla Wacht"]) == 1
        assert waitlist_position(rows["Dirk Wacht"]) == 2
        assert waitlist_position(rows["Anna Eerst"]) == ""
        assert "Wachtlijst" in html

    def test_impossible_filter_values_filter_nothing(self, admin_client, registrations):
        for name in ["event", "occurrence", "status", "when", "is_member"]:
            for value in ["99999999999999999999999", "-1", "<script>", "\u0668"]:
                response = admin_client.get(INDEX, {name: value})
                assert response.status_code == 200, (name, value)

    def test_filter_by_status_and_search(self, admin_client, registrations):
        response = admin_client.get(INDEX, {"status": Status.WAITLIST})
        names = {r.name for r in response.context["object_list"]}
        assert names == {"Carla Wacht", "Dirk Wacht"}
        response = admin_client.get(INDEX, {"q": "anna@"})
        assert [r.name for r in response.context["object_list"]] == ["Anna Eerst"]

    def test_csv_export_opens_in_dutch_excel(self, admin_client, event, registrations):
        """A byte order mark so Excel reads UTF-8, and ";" between fields: Dutch Excel splits
        on the semicolon because the comma is its decimal separator."""
        RegistrationFactory(
            occurrence=event.occurrences.get(), name="Zoë Müller, Jr.", organisation="Café Één"
        )
        response = admin_client.get(INDEX, {"export": "csv", "event": event.pk})
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        body = b"".join(response.streaming_content)
        assert body.startswith(b"\xef\xbb\xbf")
        assert body.count(b"\xef\xbb\xbf") == 1
        lines = body[3:].decode("utf-8").splitlines()
        assert lines[0].split(";")[:3] == ["Bijeenkomst", "Datum", "Status"]
        zoe = next(line for line in lines if "Zoë" in line)
        # The comma stays inside its field; the semicolon separates.
        assert ";Zoë Müller, Jr.;" in zoe and ";Café Één;" in zoe

    def test_csv_and_xlsx_exports_have_no_formula_cells(self, admin_client, event, registrations):
        occurrence = event.occurrences.get()
        for number, value in enumerate(HOSTILE):
            RegistrationFactory(
                occurrence=occurrence,
                name=value,
                organisation=value,
                email=f"h{number}@example.com",
                status=Status.CANCELLED,
            )
        # A valid address can start with a formula character too.
        RegistrationFactory(occurrence=occurrence, name="Formule", email="-2+3@example.com")
        for fmt in ("csv", "xlsx"):
            rows = export(admin_client, fmt, event=event.pk)
            assert rows[0] == [
                "Bijeenkomst",
                "Datum",
                "Status",
                "Plek op wachtlijst",
                "Naam",
                "E-mailadres",
                "Organisatie",
                "Lid",
                "Aangemeld op",
            ]
            assert len(rows) == 1 + len(registrations) + len(HOSTILE) + 1
            for row in rows[1:]:
                for cell in row:
                    text = "" if cell is None else str(cell)
                    assert not text.lstrip(" ").startswith(("=", "+", "-", "@", "\t")), (fmt, row)
            names = [row[4] for row in rows[1:]]
            assert '\'=HYPERLINK("http://x")' in names
            assert "'+31 43 123" in names
            assert "'-2+3@example.com" in [row[5] for row in rows[1:]]
            carla = next(row for row in rows if row[4] == "Carla Wacht")
            assert carla[2] == "Wachtlijst"
            assert str(carla[3]) == "1"
            assert carla[7] == "nee"

    def test_no_adding_or_deleting(self, admin_client, registrations):
        assert admin_client.get(INDEX + "new/").status_code in (302, 403, 404)
        before = Registration.objects.count()
        admin_client.post(INDEX + "new/", {"name": "X", "organisation": "", "is_member": ""})
        assert Registration.objects.count() == before
        response = admin_client.get(INDEX + f"delete/{registrations[0].pk}/")
        assert response.status_code in (302, 403, 404)
        assert Registration.objects.filter(pk=registrations[0].pk).exists()
        html = admin_client.get(INDEX).content.decode()
        assert INDEX + "new/" not in html

    def test_editor_cancels_and_the_first_in_line_gets_the_seat(
        self, admin_client, registrations, django_capture_on_commit_callbacks
    ):
        anna, _bert, carla, dirk = registrations
        url = f"{INDEX}afmelden/{anna.pk}/"
        assert "Ja, afmelden" in admin_client.get(url).content.decode()
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post(url)
        assert response.status_code == 302
        for registration in registrations:
            registration.refresh_from_db()
        assert (anna.status, carla.status, dirk.status) == (
            Status.CANCELLED,
            Status.CONFIRMED,
            Status.WAITLIST,
        )
        recipients = sorted(message.to[0] for message in mail.outbox)
        assert recipients == sorted([anna.email, carla.email])

    def test_editor_corrects_a_name_but_not_the_address_or_status(
        self, admin_client, registrations
    ):
        anna = registrations[0]
        url = f"{INDEX}edit/{anna.pk}/"
        assert admin_client.get(url).status_code == 200
        response = admin_client.post(
            url,
            {
                "name": "Anna de Eerste",
                "organisation": "Hotel",
                "is_member": "on",
                "email": "ander@example.com",
                "status": Status.CANCELLED,
            },
        )
        assert response.status_code == 302
        anna.refresh_from_db()
        assert (anna.name, anna.email, anna.status) == (
            "Anna de Eerste",
            "anna@example.com",
            Status.CONFIRMED,
        )

    def test_inspect_view(self, admin_client, registrations):
        response = admin_client.get(f"{INDEX}inspect/{registrations[0].pk}/")
        assert response.status_code == 200
        assert "anna@example.com" in response.content.decode()

    def test_button_from_the_event_page(self, admin_client, event):
        response = admin_client.get(f"/admin/pages/{event.pk}/edit/")
        assert f"{INDEX}?event={event.pk}" in response.content.decode()

    def test_the_list_shows_the_columns_in_order(self, admin_client, registrations):
        table = admin_client.get(INDEX).context["table"]
        labels = [str(column.label) for column in table.columns.values()]
        assert labels[:9] == [
            "Naam",
            "Bijeenkomst",
            "Datum",
            "Status",
            "Plek op wachtlijst",
            "Organisatie",
            "Lid",
            "E-mailadres",
            "Aangemeld op",
        ]


# Who may see registrants: the groups as the migrations make them, each asked for the list,
# both exports, one registration, the cancel screen and the event page's button.
GROUPS = {
    "anonymous": None,
    "editor": "Editors",
    "moderator": "Moderators",
    "organiser": "Evenementen",
    "board": "Bestuur",
    "superuser": "superuser",
}
MAY_SEE = {"organiser", "board", "superuser"}


def client_for(who: str):
    client = Client()
    group = GROUPS[who]
    if group is None:
        return client
    if group == "superuser":
        user = get_user_model().objects.create_superuser(who, f"{who}@example.com", "pw")
    else:
        user = get_user_model().objects.create_user(who, f"{who}@example.com", "pw")
        user.groups.add(Group.objects.get(name=group))
    client.force_login(user)
    return client


@pytest.mark.django_db
class RegistrationPermissionTests:
    @pytest.mark.parametrize("who", list(GROUPS))
    def test_permission_matrix(self, who, event, registrations):
        client = client_for(who)
        anna = registrations[0]
        urls = [
            INDEX,
            f"{INDEX}?event={event.pk}",
            f"{INDEX}?export=csv",
            f"{INDEX}?export=xlsx",
            f"{INDEX}inspect/{anna.pk}/",
            f"{INDEX}edit/{anna.pk}/",
            f"{INDEX}afmelden/{anna.pk}/",
        ]
        for url in urls:
            response = client.get(url)
            if who in MAY_SEE:
                assert response.status_code == 200, (who, url)
            else:
                assert response.status_code in (302, 403), (who, url, response.status_code)
                body = response.content
                assert b"anna@example.com" not in body and b"Anna Eerst" not in body
        client.post(f"{INDEX}afmelden/{anna.pk}/")
        after = Registration.objects.get(pk=anna.pk).status
        assert (after == Status.CANCELLED) == (who in MAY_SEE)
        if who == "anonymous":
            return
        menu = client.get("/admin/").content.decode()
        assert ("Deelnemers" in menu) == (who in MAY_SEE), who
        if who not in ("editor", "moderator", "superuser"):
            return  # organisers and the board edit no pages: they have no page editor
        edit = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
        assert edit
        assert (f"{INDEX}?event={event.pk}" in edit) == (who in MAY_SEE), who

    def test_editors_and_moderators_have_no_registration_permission(self, db):
        for name in ["Editors", "Moderators"]:
            codenames = set(
                Group.objects.get(name=name).permissions.values_list("codename", flat=True)
            )
            assert not codenames & {"view_registration", "change_registration"}, name
        for name in ["Evenementen", "Bestuur"]:
            codenames = set(
                Group.objects.get(name=name).permissions.values_list("codename", flat=True)
            )
            assert {"view_registration", "change_registration", "access_admin"} <= codenames
            assert "delete_registration" not in codenames and "add_registration" not in codenames

    @pytest.mark.parametrize("who", ["editor", "moderator"])
    def test_editors_and_moderators_see_counts_not_people(self, who, event, registrations):
        client = client_for(who)
        html = client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
        assert "Aanmeldingen per datum" in html
        table = html[html.index("Aanmeldingen per datum") :]
        table = table[: table.index("</table>")]
        cells = [cell.strip() for cell in re.findall(r"<td>([^<]*)</td>", table)]
        # Anna and Bert hold the two seats, Carla and Dirk wait; none of them is named.
        assert cells[1:] == ["2", "2", "0"]
        for registration in registrations:
            assert registration.name not in html
            assert registration.email not in html

    def test_the_readme_lists_every_group_the_migrations_make(self, db):
        readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
        section = readme[readme.index("## Who may do what in the admin") :]
        section = section[: section.index("\n## ", 1)]
        listed = {
            re.sub(r" \(.*\)$", "", row.split("|")[1].strip())
            for row in section.splitlines()
            if row.startswith("| ") and not row.startswith("| group")
        }
        assert listed == set(Group.objects.values_list("name", flat=True))

    def test_without_permission_nothing_shows(self, client, registrations):
        user = get_user_model().objects.create_user("lezer", "l@example.com", "pw")
        user.user_permissions.add(Permission.objects.get(codename="access_admin"))
        client.force_login(user)
        assert client.get(INDEX).status_code in (302, 403)
        assert client.get(f"{INDEX}afmelden/{registrations[0].pk}/").status_code in (302, 403)
        assert client.get(INDEX, {"export": "csv"}).status_code in (302, 403)
        assert "Deelnemers" not in client.get("/admin/").content.decode()


SUMMARY = f"{INDEX}overzicht/"


@pytest.mark.django_db
class RegistrationSummaryTests:
    """Per event and date: booked / capacity / waitlist (issue 12, point 13)."""

    def summary_rows(self, html: str) -> list[list[str]]:
        body = html[html.index("<tbody>") :]
        body = body[: body.index("</tbody>")]
        return [
            [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
        ]

    def test_booked_capacity_and_waitlist_per_event_and_date(
        self, admin_client, event, registrations
    ):
        other = EventPageFactory(parent=event.get_parent(), title="Open avond", capacity=None)
        RegistrationFactory(occurrence=other.occurrences.get(), name="Elders Iemand")
        RegistrationFactory(
            occurrence=event.occurrences.get(), name="Eva Weg", status=Status.CANCELLED
        )
        response = admin_client.get(SUMMARY)
        assert response.status_code == 200
        html = response.content.decode()
        rows = {row[0]: row for row in self.summary_rows(html)}
        # Anna and Bert hold both seats, Carla and Dirk wait; Eva's cancellation counts nowhere.
        assert rows["Workshop gastvrijheid"][2:] == ["2 / 2 (vol)", "2"]
        assert rows["Open avond"][2:] == ["1 / onbeperkt", "0"]
        occurrence = event.occurrences.get()
        assert f"{INDEX}?occurrence={occurrence.pk}" in html
        assert "Anna Eerst" not in html and "anna@example.com" not in html  # numbers only

    def test_one_event_and_past_dates(self, admin_client, event, registrations):
        EventPageFactory(parent=event.get_parent(), title="Open avond")
        rows = self.summary_rows(admin_client.get(SUMMARY, {"event": event.pk}).content.decode())
        assert [row[0] for row in rows] == ["Workshop gastvrijheid"]
        past = admin_client.get(SUMMARY, {"event": event.pk, "when": "voorbij"})
        assert "Geen voorbije data." in past.content.decode()

    @pytest.mark.parametrize("value", ["x", "-1", "9" * 30, "²", "1 OR 1=1", "\x00"])
    def test_impossible_event_values_show_everything(self, admin_client, registrations, value):
        response = admin_client.get(SUMMARY, {"event": value})
        assert response.status_code == 200
        assert "Workshop gastvrijheid" in response.content.decode()

    @pytest.mark.parametrize("who", list(GROUPS))
    def test_only_who_may_see_registrants_sees_the_summary(self, who, event, registrations):
        client = client_for(who)
        response = client.get(SUMMARY)
        if who in MAY_SEE:
            assert response.status_code == 200, who
        else:
            assert response.status_code in (302, 403), who
            assert b"Workshop gastvrijheid" not in response.content

    def test_links_from_the_list_and_from_the_event_editor(self, admin_client, event):
        assert SUMMARY in admin_client.get(INDEX).content.decode()
        edit = admin_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
        panel = edit[edit.index("Aanmeldingen per datum") :]
        assert f"{SUMMARY}?event={event.pk}" in panel

    @pytest.mark.parametrize("who", ["editor", "moderator"])
    def test_no_summary_link_in_the_editor_for_others(self, who, event):
        edit = client_for(who).get(f"/admin/pages/{event.pk}/edit/").content.decode()
        assert "Aanmeldingen per datum" in edit
        assert SUMMARY not in edit


@pytest.mark.django_db
class RegistrationListReadingTests:
    def test_menu_and_titles_do_not_collide_with_membership(self, admin_client, registrations):
        home = admin_client.get("/admin/").content.decode()
        assert "Deelnemers bijeenkomsten" in home
        html = admin_client.get(INDEX).content.decode()
        assert "Deelnemers bijeenkomsten" in html
        assert "Aanmeldingen voor bijeenkomsten" not in html
        assert Registration._meta.verbose_name_plural == "Deelnemers bijeenkomsten"

    def test_names_break_between_words_and_only_addresses_anywhere(
        self, admin_client, registrations
    ):
        html = admin_client.get(INDEX).content.decode()
        assert "registrations-table" in html
        assert "css/admin-registrations" in html
        cells = re.findall(r'<td class="([^"]*)"[^>]*>\s*([^<]*)', html)
        anywhere = [text.strip() for classes, text in cells if "wrap-anywhere" in classes]
        assert "anna@example.com" in anywhere
        assert not any("Anna" in text or "Testbedrijf" in text for text in anywhere)
        root = Path(__file__).resolve().parents[2]
        css = (root / "static/css/admin-registrations.css").read_text()
        assert "break-all" not in css
        rules = dict(re.findall(r"([^{}]+)\{([^}]*)\}", re.sub(r"/\*.*?\*/", "", css, flags=re.S)))
        for selector, body in rules.items():
            if "anywhere" in body:
                assert selector.strip() == ".registrations-table td.wrap-anywhere", selector
        assert any(".title" in selector and "normal" in body for selector, body in rules.items())
