"""An editor publishes on node A: the page through Varnish shows it within a second (Wagtail's
purge, run as a task by the worker), and node B serves it too."""

import time
import uuid

import requests

from tests.cluster.conftest import FRONT, NODES, shell, wait_until

PURGE_SECONDS = 1.0


def draft_project_intro(intro: str) -> tuple[int, str]:
    """Save a new draft of the first live project with this intro; return its id and path."""
    out = shell(
        "from projects.models import ProjectPage; "
        "page = ProjectPage.objects.live().order_by('pk').first(); "
        "draft = page.get_latest_revision_as_object(); "
        f"draft.intro = {intro!r}; draft.save_revision(); "
        "print(page.pk, page.url)"
    )
    pk, path = out.split()
    return int(pk), path


class PublishTests:
    def test_publish_on_node_a_is_visible_through_varnish_and_on_node_b(self, admin_on):
        intro = f"Vers gepubliceerd {uuid.uuid4().hex[:8]}"
        pk, path = draft_project_intro(intro)
        # Warm the front cache with the old version (a HIT when the app marks it shared).
        for _ in range(2):
            before = requests.get(FRONT + path, timeout=10)
            assert before.status_code == 200
            assert intro not in before.text

        editor = admin_on("a")
        action = f"/admin/bulk/wagtailcore/page/publish/?id={pk}"
        token = editor.csrf_token(action)
        response = editor.post(action, {"csrfmiddlewaretoken": token})
        assert response.status_code == 302, response.text[:2000]
        published = time.monotonic()

        def visible():
            return intro in requests.get(FRONT + path, timeout=10).text

        _, seconds = wait_until(visible, timeout=10)
        seconds = time.monotonic() - published
        assert seconds <= PURGE_SECONDS, f"visible through Varnish after {seconds:.2f}s"
        assert intro in requests.get(NODES["b"] + path, timeout=10).text
