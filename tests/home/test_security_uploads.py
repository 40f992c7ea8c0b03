"""Upload limits in the admin, and the request body cap that holds before anything parses."""

import io

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.documents.models import Document
from wagtail.images.models import Image

import pytest
from PIL import Image as PILImage

from tests.membership.factories import signup_data

SIGNUP_URL = "/lid-worden/"
MB = 1024 * 1024


def png(width: int, height: int) -> bytes:
    """A PNG of the given size; one bit per pixel and all white, so even 11000×11000 is a
    small file (the kind of "decompression bomb" the limit is for)."""
    buffer = io.BytesIO()
    PILImage.new("1", (width, height), 1).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("beheer", "b@example.com", "pw")
    client.force_login(user)
    return client


# Pillow warns when Wagtail opens the 121-megapixel header; Wagtail refuses it right after.
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.django_db
class ImageUploadTests:
    def test_limits(self, settings):
        assert settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS == 40_000_000
        assert settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE == 10 * MB
        assert settings.WAGTAILDOCS_MAX_UPLOAD_SIZE == 20 * MB

    def test_an_11000_by_11000_png_is_refused(self, admin_client):
        bomb = png(11000, 11000)
        assert len(bomb) < 100_000  # small on disk, 121 megapixels when opened
        response = admin_client.post(
            "/admin/images/add/",
            {"title": "Bom", "file": SimpleUploadedFile("bom.png", bomb, "image/png")},
        )
        assert response.status_code == 200  # the form again, with the error
        assert "file" in response.context["form"].errors
        assert "pixels" in str(response.context["form"].errors["file"])
        assert not Image.objects.exists()

    def test_an_11000_by_11000_png_is_refused_by_the_multiple_upload(self, admin_client):
        response = admin_client.post(
            "/admin/images/multiple/add/",
            {"files[]": SimpleUploadedFile("bom.png", png(11000, 11000), "image/png")},
        )
        assert response.status_code == 200
        assert response.json()["success"] is False
        assert not Image.objects.exists()

    def test_a_normal_image_is_accepted(self, admin_client):
        response = admin_client.post(
            "/admin/images/add/",
            {"title": "Foto", "file": SimpleUploadedFile("foto.png", png(1200, 800))},
        )
        assert response.status_code == 302
        assert Image.objects.get().width == 1200

    def test_svg_is_refused(self, admin_client):
        svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        response = admin_client.post(
            "/admin/images/add/",
            {"title": "Logo", "file": SimpleUploadedFile("logo.svg", svg, "image/svg+xml")},
        )
        assert response.status_code == 200
        assert "file" in response.context["form"].errors
        assert not Image.objects.exists()


@pytest.mark.django_db
class DocumentUploadTests:
    @pytest.mark.parametrize(
        ("name", "content_type"),
        [("pagina.html", "text/html"), ("pagina.htm", "text/html"), ("logo.svg", "image/svg+xml")],
    )
    def test_html_and_svg_are_refused(self, admin_client, name, content_type):
        content = b"<html><script>alert(1)</script></html>"
        response = admin_client.post(
            "/admin/documents/add/",
            {"title": "Doc", "file": SimpleUploadedFile(name, content, content_type)},
        )
        assert response.status_code == 200
        assert "file" in response.context["form"].errors
        assert not Document.objects.exists()

    def test_a_document_above_the_size_limit_is_refused(self, admin_client, settings):
        settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1000
        response = admin_client.post(
            "/admin/documents/add/",
            {"title": "Groot", "file": SimpleUploadedFile("groot.pdf", b"%PDF" + b"0" * 2000)},
        )
        assert response.status_code == 200
        assert "file" in response.context["form"].errors
        assert not Document.objects.exists()


@pytest.mark.django_db
class RequestBodyLimitTests:
    def test_a_public_post_above_one_megabyte_gets_413(self, every_page_type, client):
        data = signup_data(motivation="x" * (MB + 10))
        response = client.post(SIGNUP_URL, data)
        assert response.status_code == 413
        assert "te groot" in response.content.decode()
        assert "Content-Security-Policy" in response

    def test_refused_before_the_body_is_read(self, every_page_type, client):
        """The length alone decides: the test client's payload raises if read past its end,
        and here it holds 5 bytes while the header claims 5 MB."""
        response = client.generic(
            "POST",
            SIGNUP_URL,
            b"a=b&c",
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=str(5 * MB),
        )
        assert response.status_code == 413

    def test_a_body_without_length_gets_411(self, every_page_type, client):
        response = client.generic(
            "POST",
            SIGNUP_URL,
            b"",
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH="",
            HTTP_TRANSFER_ENCODING="chunked",
        )
        assert response.status_code == 411

    @pytest.mark.parametrize("length", ["abc", "-5", "+5", "1_0", "1e9", "١٢"])
    def test_a_malformed_length_gets_400(self, every_page_type, client, length):
        response = client.generic(
            "POST",
            SIGNUP_URL,
            b"a=b",
            content_type="application/x-www-form-urlencoded",
            CONTENT_LENGTH=length,
        )
        assert response.status_code == 400

    def test_a_normal_post_passes(self, every_page_type, client):
        response = client.post(SIGNUP_URL, signup_data(motivation="x" * 2000))
        assert response.status_code != 413

    def test_the_admin_takes_larger_uploads_up_to_its_own_limit(self, admin_client, settings):
        image = png(1200, 800) + b"\0" * (2 * MB)  # a valid PNG with trailing bytes, 2 MB
        response = admin_client.post(
            "/admin/images/add/",
            {"title": "Groot", "file": SimpleUploadedFile("groot.png", image, "image/png")},
        )
        assert response.status_code == 302
        over = admin_client.generic(
            "POST", "/admin/images/add/", b"", CONTENT_LENGTH=str(settings.ADMIN_MAX_BODY_SIZE + 1)
        )
        assert over.status_code == 413

    def test_too_many_fields_is_a_400_not_a_500(self, every_page_type, client, settings):
        assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS == 1000
        data = signup_data(**{f"extra{n}": "x" for n in range(1001)})
        response = client.post(SIGNUP_URL, data)
        assert response.status_code == 400
