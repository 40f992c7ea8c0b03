"""The site's own Dutch: no tautologies, one form of address (je, never u), one pronoun for a
reaction and for an application (hem), and admin labels in sentence case ("Voeg auteur toe",
"1 reactie"), while the seed's own texts stay word for word."""

import re
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string

import pytest

from tests.events.factories import EventIndexPageFactory, EventPageFactory, RegistrationFactory
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory
from tests.projects.factories import ReactionFactory

TEMPLATES = Path(settings.BASE_DIR) / "templates"
# "u" and "uw" as words; "U" at the start of a sentence too.
FORMAL = re.compile(r"(?<![\w{%|.-])(u|uw|U|Uw)(?![\w}%|.-])")


def visible_text(path: Path) -> str:
    """A template without its tags, variables and comments: the words people read."""
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"{#.*?#}|{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    return re.sub(r"<[^>]+>", " ", text)


@pytest.fixture
def superuser_client(client, db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.com", "pw")
    client.force_login(user)
    return client


class AddressFormTests:
    def test_the_site_and_its_mails_say_je_not_u(self):
        offenders = {}
        for path in sorted(TEMPLATES.rglob("*.html")) + sorted(TEMPLATES.rglob("*.txt")):
            found = FORMAL.findall(visible_text(path))
            if found:
                offenders[str(path.relative_to(TEMPLATES))] = found
        assert offenders == {}

    def test_the_check_finds_a_formal_sentence(self, tmp_path):
        path = tmp_path / "mail.txt"
        path.write_text("Bevestig uw aanmelding. U krijgt {{ u }} bericht.", encoding="utf-8")
        assert FORMAL.findall(visible_text(path)) == ["uw", "U"]

    def test_an_application_and_a_reaction_are_both_hem(self):
        board = render_to_string(
            "mail/membership_board_notification.txt",
            {"application": {"name": "Laura"}, "admin_url": "https://x.example/admin/"},
        )
        assert "keur hem goed of wijs hem af" in board
        assert "haar" not in board
        for name in ("reaction_confirm.txt", "reaction_confirm.html"):
            text = render_to_string(f"mail/{name}", {"valid_days": 7, "project_title": "P"})
            assert "zodra hij is goedgekeurd, staat hij op de site" in text
            assert "zodra die" not in text


@pytest.mark.django_db
class EventWordingTests:
    def test_a_full_date_says_so_without_a_semicolon_sentence(self, client, home):
        agenda = EventIndexPageFactory(parent=home)
        event = EventPageFactory(parent=agenda, capacity=2)
        RegistrationFactory.create_batch(2, occurrence=event.occurrences.get())
        html = client.get(event.url).content.decode()
        assert "<dd>Alle plaatsen zijn bezet. Er is een wachtlijst.</dd>" in html
        assert "Vol; je kunt" not in html

    def test_a_single_seat_is_the_only_seat(self, home):
        agenda = EventIndexPageFactory(parent=home)
        event = EventPageFactory(parent=agenda, capacity=1)
        RegistrationFactory(occurrence=event.occurrences.get())
        occurrence = event.occurrences.with_seats_taken().get()
        assert occurrence.seats_sentence == "De enige plaats is bezet. Er is een wachtlijst."


@pytest.mark.django_db
class AdminLabelTests:
    def test_author_panel_and_person_chooser_in_sentence_case(self, superuser_client, home):
        project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home))
        html = superuser_client.get(f"/admin/pages/{project.pk}/edit/").content.decode()
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        assert "Voeg auteur toe" in text
        assert "Voeg Auteur toe" not in text
        assert "Kies Persoon" not in text

    def test_reaction_list_counts_and_empty_message_in_sentence_case(self, superuser_client, home):
        project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home))
        ReactionFactory(page=project)
        html = superuser_client.get("/admin/reacties/").content.decode()
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        assert "1 reactie" in text
        assert "1 Reactie" not in text
        html = superuser_client.get("/admin/reacties/", {"status": "rejected"}).content.decode()
        text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
        assert "Geen reacties" in text
        assert "Geen Reacties" not in text
        # Titles and menus still start with a capital.
        assert "<title>Reacties" in html or ">Reacties<" in html

    def test_page_types_keep_their_capital_where_wagtail_lists_them(self, superuser_client, home):
        html = superuser_client.get(f"/admin/pages/{home.pk}/add_subpage/").content.decode()
        assert "Standaardpagina" in html
        assert "standaardpagina" not in re.sub(r"<[^>]+>|\"[^\"]*\"", " ", html)


@pytest.mark.django_db
class SeedTextTests:
    def test_the_seed_reaction_texts_stay_word_for_word(self, client, home):
        project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=home))
        html = client.get(project.url).content.decode()
        assert "Dit project heeft nog geen reacties!" in html
        assert "Laat een reactie achter" in html
