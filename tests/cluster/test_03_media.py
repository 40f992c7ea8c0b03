"""Media on S3: an image uploaded in the admin on node A is stored in the object store, and a
page rendered by node B shows its rendition from there, by a URL without a signature."""

import io
import re
import uuid

import requests
from PIL import Image

from deploy import cluster
from tests.cluster.conftest import NODES, shell

S3 = f"http://{cluster.HOST}:{cluster.PORTS['s3']}/{cluster.BUCKET}/"


def png(colour: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), colour).save(buffer, "PNG")
    return buffer.getvalue()


class MediaOnS3Tests:
    def test_upload_on_node_a_rendition_from_s3_on_node_b(self, admin_on):
        title = f"Clusterbeeld {uuid.uuid4().hex[:8]}"
        editor = admin_on("a")
        token = editor.csrf_token("/admin/images/add/")
        response = editor.post(
            "/admin/images/add/",
            {"csrfmiddlewaretoken": token, "title": title, "description": "", "tags": ""},
            files={"file": ("keuken.png", png("teal"), "image/png")},
        )
        assert response.status_code == 302, response.text[-3000:]

        # Not on any node's disk: the storage is the bucket.
        stored = shell(
            "from wagtail.images.models import Image; "
            f"image = Image.objects.get(title={title!r}); "
            "print(image.file.storage.__class__.__name__, image.file.name, image.pk)"
        )
        storage, name, image_pk = stored.split()
        assert storage == "S3Storage"
        original = requests.get(S3 + name, timeout=10)
        assert original.status_code == 200
        assert original.content.startswith(b"\x89PNG")

        # Put it on a project as its hero image; node B renders the page.
        path = shell(
            "from projects.models import ProjectPage; "
            "page = ProjectPage.objects.live().order_by('pk').last(); "
            f"page.hero_image_id = {image_pk}; page.save_revision().publish(); print(page.url)"
        )
        html = requests.get(NODES["b"] + path, timeout=30).text
        urls = set(re.findall(r"https?://[^\"'\s,]+/images/[^\"'\s,]+", html))
        assert urls, html[:3000]
        for url in urls:
            assert url.startswith(S3), url
            assert "?" not in url  # no X-Amz-Signature, no Expires: cached HTML stays valid
            rendition = requests.get(url, timeout=10)
            assert rendition.status_code == 200, url
            assert rendition.headers["Content-Type"].startswith("image/")
