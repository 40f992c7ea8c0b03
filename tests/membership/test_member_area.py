""" "Mijn Leisure Lab": what a signed-in member sees and manages."""

import io
import json

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from membership.member_session import SESSION_KEY
from membership.models import Member
from tests.factories import ProjectIndexPageFactory, ProjectPageFactory
from tests.hostile import HOSTILE_COUNT, hostile_strings
from tests.projects.factories import ReactionFactory

from .factories import MemberDirectoryPageFactory, MemberFactory, listed, sign_in

AREA = "/mijn-leisure-lab/"
LISTING = "/mijn-leisure-lab/ledenlijst/"


def image_file(fmt="PNG", size=(40, 20), name="logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, "red").save(buffer, format=fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def member(site):
    return MemberFactory(name="Laura Jansen", email="laura@example.com", organisation="De Berg")


@pytest.fixture
def signed_in(client, member):
    sign_in(client, member)
    return client


@pytest.fixture
def directory(site):
    return MemberDirectoryPageFactory(parent=site.get_parent())


@pytest.mark.django_db
class MemberAreaAccessTests:
    @pytest.mark.parametrize(
        "url",
        [
            AREA,
            "/mijn-leisure-lab/mijn-gegevens/",
            "/mijn-leisure-lab/opzeggen/",
        ],
    )
    def test_anonymous_visitors_are_asked_to_sign_in(self, client, site, url):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/leden/inloggen/?next=/mijn-leisure-lab/"

    def test_posts_without_a_member_change_nothing(self, client, member):
        client.post(LISTING, {"listed": "on"})
        client.post("/mijn-leisure-lab/opzeggen/", {"confirm": "on"})
        member.refresh_from_db()
        assert not member.listed and member.status == Member.Status.ACTIVE

    def test_the_area_shows_the_member_and_is_never_cached(self, signed_in):
        response = signed_in.get(AREA)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Laura Jansen" in html and "Download mijn gegevens" in html
        assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
class OwnActivityTests:
    def test_the_area_lists_own_reactions_with_their_state(self, signed_in, member, site):
        project = ProjectPageFactory(parent=ProjectIndexPageFactory(parent=site.get_parent()))
        ReactionFactory(page=project, user_email="Laura@Example.com", comment="Mooi verhaal!")
        ReactionFactory(
            page=project, user_email="laura@example.com", comment="Nog te keuren", is_public=False
        )
        ReactionFactory(page=project, user_email="ander@example.com", comment="Van een ander")
        html = signed_in.get(AREA).content.decode()
        assert "Mijn reacties" in html
        assert "Mooi verhaal!" in html and "Goedgekeurd" in html
        assert "Nog te keuren" in html and "Wacht" in html
        assert "Van een ander" not in html


@pytest.mark.django_db
class NewsletterTests:
    def test_the_member_changes_the_choice_and_its_time_is_kept(self, signed_in, member):
        signed_in.post("/mijn-leisure-lab/nieuwsbrief/", {"newsletter": "on"})
        member.refresh_from_db()
        assert member.newsletter and member.newsletter_changed_at is not None
        first = member.newsletter_changed_at
        signed_in.post("/mijn-leisure-lab/nieuwsbrief/", {})
        member.refresh_from_db()
        assert not member.newsletter and member.newsletter_changed_at > first


@pytest.mark.django_db
class ListingTests:
    def test_opt_in_with_logo_is_on_the_directory_at_once(self, signed_in, member, directory):
        visitor = type(signed_in)()
        assert "De Berg" not in visitor.get(directory.url).content.decode()  # off by default
        response = signed_in.post(
            LISTING,
            {
                "listed": "on",
                "website": "https://www.deberg.example/over-ons",
                "listing_text": "Hotel met uitzicht.",
                "logo": image_file(),
            },
        )
        assert response.status_code == 302
        member.refresh_from_db()
        assert member.listed and member.listed_at is not None
        assert member.logo.name.endswith("logo.png")
        html = visitor.get(directory.url).content.decode()
        assert "De Berg" in html and "Hotel met uitzicht." in html
        link = '<a href="https://www.deberg.example/over-ons" rel="noopener">deberg.example</a>'
        assert link in html
        assert member.logo.url in html

        # Withdrawn: gone at once, and the consent time with it.
        signed_in.post(LISTING, {"website": member.website})
        member.refresh_from_db()
        assert not member.listed and member.listed_at is None
        assert "De Berg" not in visitor.get(directory.url).content.decode()

    @pytest.mark.parametrize(
        ("upload", "message"),
        [
            (
                SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
                "Dit is geen afbeelding die we kunnen gebruiken",
            ),
            (SimpleUploadedFile("logo.png", b"not an image"), "Dit is geen afbeelding"),
            ("tiff", "geen SVG of ander formaat"),
            ("pixels", "te veel pixels"),
            ("size", "te groot"),
        ],
    )
    def test_logo_checks(self, signed_in, member, settings, upload, message):
        if upload == "tiff":
            upload = image_file("TIFF", name="logo.tif")
        elif upload == "pixels":
            settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS = 100
            upload = image_file(size=(20, 20))
        elif upload == "size":
            settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10
            upload = image_file()
        response = signed_in.post(
            LISTING, {"listed": "on", "listing_text": "Mijn tekst blijft.", "logo": upload}
        )
        assert response.status_code == 400
        html = response.content.decode()
        assert message in html
        assert "Mijn tekst blijft." in html  # nothing typed is lost
        member.refresh_from_db()
        assert not member.listed and not member.logo

    def test_text_longer_than_500_and_bad_websites_are_refused(self, signed_in, member):
        response = signed_in.post(LISTING, {"listed": "on", "listing_text": "x" * 501})
        assert "Gebruik hoogstens 500 tekens." in response.content.decode()
        for website in ("javascript:alert(1)", "ftp://example.com/", "geen adres"):
            response = signed_in.post(LISTING, {"listed": "on", "website": website})
            assert response.status_code == 400, website
            assert "Vul een geldig webadres in" in response.content.decode(), website
        member.refresh_from_db()
        assert not member.listed

    def test_hostile_text_is_escaped_everywhere(self, signed_in, member, directory, settings):
        strings = hostile_strings()
        assert len(strings) == HOSTILE_COUNT
        visitor = type(signed_in)()
        for value in strings:
            response = signed_in.post(
                LISTING, {"listed": "on", "listing_text": value[:500], "website": value[:200]}
            )
            assert response.status_code in (302, 400), value
            if response.status_code == 400 and "<" in value:
                assert value[:500] not in response.content.decode(), value
            if response.status_code == 302 and "<" in value:
                assert value.strip() not in visitor.get(directory.url).content.decode(), value
            visitor.get(directory.url, {"sector": value, "plaats": value, "page": value})


@pytest.mark.django_db
class DownloadTests:
    def test_download_is_the_privacy_export_of_the_own_address(self, signed_in, member):
        MemberFactory(email="ander@example.com", name="Andere Persoon")
        response = signed_in.get("/mijn-leisure-lab/mijn-gegevens/")
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith('attachment; filename="mijn-gegevens-')
        document = json.loads(response.content)
        assert document["email"] == "laura@example.com"
        (record, *_rest) = document["data"]["members"]["records"]
        assert record["kind"] == "member" and record["fields"]["name"] == "Laura Jansen"
        assert "Andere Persoon" not in response.content.decode()


@pytest.mark.django_db
class CancelTests:
    def test_cancelling_asks_first_then_tells_the_board(
        self, signed_in, member, directory, django_capture_on_commit_callbacks
    ):
        listed(member)
        response = signed_in.get("/mijn-leisure-lab/opzeggen/")
        assert "Weet je het zeker?" in response.content.decode()
        response = signed_in.post("/mijn-leisure-lab/opzeggen/", {})
        assert response.status_code == 400
        member.refresh_from_db()
        assert member.status == Member.Status.ACTIVE
        with django_capture_on_commit_callbacks(execute=True):
            response = signed_in.post("/mijn-leisure-lab/opzeggen/", {"confirm": "on"})
        assert response.status_code == 200
        member.refresh_from_db()
        assert member.status == Member.Status.CANCELLED and member.ended_on is not None
        assert SESSION_KEY not in signed_in.session
        (notice,) = mail.outbox
        assert sorted(notice.to) == ["bestuur@example.com", "voorzitter@example.com"]
        assert "Laura Jansen" in notice.subject
        assert f"/admin/leden/inspect/{member.pk}/" in notice.body
        assert "De Berg" not in type(signed_in)().get(directory.url).content.decode()
