import hashlib
import re
from io import StringIO
from pathlib import Path

from django.contrib.sites.models import Site as DjangoSite
from django.core.management import call_command

from wagtail.models import Page, Revision, Site

import pytest

from home.models import Person, StandardPage
from projects.demo import SEED_FILE, read_seed
from projects.models import ProjectPage
from tests.conftest import SEED_URL

SHARED_SEED = Path(__file__).resolve().parents[3] / "shared" / "seed" / SEED_FILE.name
# sha256 of the original in shared/seed/, so a clone without shared/ beside it checks it too.
SEED_SHA256 = "aa121292e4033fe09996369ee6778c8a1891d046c82614513f3be351d8a04dc4"


def snapshot():
    return {
        "pages": sorted(
            Page.objects.values_list("pk", "title", "slug", "live", "latest_revision_id")
        ),
        "revisions": Revision.objects.count(),
        "people": sorted(Person.objects.values_list("pk", "name")),
        "sites": sorted(Site.objects.values_list("pk", "hostname", "port", "root_page_id")),
    }


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


@pytest.mark.django_db
class DemoContentTests:
    def test_second_run_changes_nothing(self):
        first = StringIO()
        call_command("load_demo_content", stdout=first)
        before = snapshot()
        second = StringIO()
        call_command("load_demo_content", stdout=second)
        assert snapshot() == before
        assert "nothing changed" in second.getvalue()
        assert "Van fysiek naar online" in first.getvalue()

    def test_never_overwrites_an_edited_page(self):
        call_command("load_demo_content", stdout=StringIO())
        about = StandardPage.objects.get(slug="over-ons")
        about.title = "Wie we zijn"
        about.intro = "Door de redactie herschreven."
        about.save_revision().publish()
        call_command("load_demo_content", stdout=StringIO())
        about.refresh_from_db()
        assert about.title == "Wie we zijn"
        assert about.intro == "Door de redactie herschreven."

    def test_replaces_the_wagtail_welcome_page_and_sets_the_site(self):
        call_command("load_demo_content", stdout=StringIO())
        site = Site.objects.get(is_default_site=True)
        assert site.root_page.specific_class.__name__ == "HomePage"
        assert not Page.objects.filter(title__startswith="Welcome to").exists()
        # Django's Site follows the Wagtail site, so nothing says example.com.
        assert DjangoSite.objects.get_current().domain == "testserver"

    def test_seed_page_carries_the_original_word_for_word(self, client):
        call_command("load_demo_content", stdout=StringIO())
        seed = read_seed()
        page = ProjectPage.objects.get(slug=SEED_URL.strip("/").split("/")[-1])
        assert page.title == "Van fysiek naar online in elkaars keuken kijken"
        assert page.author_names() == ["Laura Lazzarini", "Rob Kemmeren"]
        assert page.organisation == "Stichting Leisure Lab Limburg"

        response = client.get(SEED_URL)
        html = response.content.decode()
        body_html = html.split('<div class="prose">')[1].split("</article>")[0]
        body_html = body_html.split('<p class="website">')[0]
        assert text_of(body_html) == seed["body"]
        assert '<a href="https://www.leisurelablimburg.nl">www.leisurelablimburg.nl</a>' in html
        assert "Laura Lazzarini" in html and "Rob Kemmeren" in html
        assert html.count("<p>") >= 5  # split into paragraphs where it reads better

    def test_seed_copy_matches_the_shared_original(self):
        assert hashlib.sha256(SEED_FILE.read_bytes()).hexdigest() == SEED_SHA256
        if SHARED_SEED.exists():  # beside a checkout of the steering repo: the same bytes
            assert SEED_FILE.read_bytes() == SHARED_SEED.read_bytes()

    def test_privacy_statement_is_a_draft_for_the_board(self):
        call_command("load_demo_content", stdout=StringIO())
        privacy = StandardPage.objects.get(slug="privacyverklaring")
        assert privacy.is_draft_text
        assert privacy.live
        text = str(privacy.body)
        assert "30 dagen" in text  # the IP addresses of reactions
        assert "niet binnen 7 dagen bevestigt, verwijderen we" in text  # unconfirmed reactions
