"""`make cluster-bench`: figures of a running `make cluster` (docs/deploy.md, "Figures").

- throughput (wrk) of a page through Varnish and through one gunicorn node, and their ratio to
  the static stylesheet through that node (whitenoise: the cheapest thing gunicorn serves);
- p50/p99 of page views under the mixed load of the cluster tests (95 % views, 5 % posts,
  50 concurrent visitors);
- publish-to-visible: from the admin's "publish" on node A until the page through Varnish
  shows the change (Wagtail's purge, run as a task by the worker).

Whether Varnish holds the page depends on the app: it caches what carries s-maxage. The
report says which it was (X-Cache), so a figure is never read as something it is not.
"""

import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from bench.load import WrkSettings, ensure_wrk, run_wrk  # noqa: E402

from deploy import cluster  # noqa: E402
from deploy.cluster_load import mixed_load  # noqa: E402

PAGE = "/projecten/"
WRK = WrkSettings(threads=2, connections=32, duration=8, warmup=2)
LOAD_SECONDS = 20
PUBLISHES = 3


def cache_state(url: str) -> str:
    requests.get(url, timeout=10)
    response = requests.get(url, timeout=10)
    return response.headers.get("X-Cache", "(no Varnish)")


def publish_delays(front: str) -> list[float]:
    """Publish a new intro of a project through node A's admin, PUBLISHES times."""
    sys.path.insert(0, str(ROOT))
    from tests.cluster.conftest import NODES, Visitor, shell

    editor = Visitor(NODES["a"])
    editor.log_in_to_admin()
    delays = []
    for _ in range(PUBLISHES):
        intro = f"Benchintro {uuid.uuid4().hex[:8]}"
        pk, path = shell(
            "from projects.models import ProjectPage; "
            "page = ProjectPage.objects.live().order_by('pk').first(); "
            "draft = page.get_latest_revision_as_object(); "
            f"draft.intro = {intro!r}; draft.save_revision(); print(page.pk, page.url)"
        ).split()
        requests.get(front + path, timeout=10)
        requests.get(front + path, timeout=10)
        action = f"/admin/bulk/wagtailcore/page/publish/?id={pk}"
        token = editor.csrf_token(action)
        response = editor.post(action, {"csrfmiddlewaretoken": token})
        if response.status_code != 302:
            raise RuntimeError(f"publishing answered {response.status_code}")
        started = time.monotonic()
        while intro not in requests.get(front + path, timeout=10).text:
            if time.monotonic() - started > 30:
                raise RuntimeError("a published change did not show through Varnish in 30 s")
            time.sleep(0.02)
        delays.append(time.monotonic() - started)
    return delays


def main() -> int:
    front = cluster.FRONT_URL
    node = f"http://{cluster.HOST}:{cluster.PORTS['a']}"
    try:
        requests.get(front + "/gezond/", timeout=5).raise_for_status()
    except requests.RequestException as error:
        print(f"The cluster does not answer at {front} ({error}); run `make cluster` first.")
        return 1
    html = requests.get(front + "/", timeout=10).text
    static = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', html).group(1)
    wrk = ensure_wrk()

    print(f"Cluster figures ({WRK.describe()}; 2 CPU cores shared by everything)\n")
    rows = {
        "static file through node a": node + static,
        f"page {PAGE} through node a": node + PAGE,
        f"page {PAGE} through Varnish": front + PAGE,
        "static file through Varnish": front + static,
    }
    results = {}
    for name, url in rows.items():
        state = cache_state(url) if url.startswith(front) else "-"
        results[name] = run_wrk(wrk, url, WRK)
        result = results[name]
        print(
            f"  {name:32} {result.requests_per_second:9.0f} req/s  p50 {result.p50_ms:7.1f} ms"
            f"  p99 {result.p99_ms:7.1f} ms  non-2xx {result.non_2xx_3xx}  X-Cache {state}"
        )
    base = results["static file through node a"].requests_per_second
    for name in (f"page {PAGE} through node a", f"page {PAGE} through Varnish"):
        ratio = results[name].requests_per_second / base if base else 0
        print(f"  ratio {name} / static file through node a: {ratio:.2f}")

    from tests.cluster.test_05_load import load_pages

    load = mixed_load(front, load_pages(), LOAD_SECONDS, 50)
    print(
        f"\n  mixed load, 50 visitors for {load.seconds:.0f}s: {load.requests} requests "
        f"({load.requests / load.seconds:.0f}/s), statuses {load.statuses}, "
        f"views p50 {load.percentile(0.5) * 1000:.0f} ms, p99 {load.percentile(0.99) * 1000:.0f} ms"
    )
    delays = publish_delays(front)
    print(
        f"  publish-to-visible through Varnish: median {statistics.median(delays) * 1000:.0f} ms,"
        f" max {max(delays) * 1000:.0f} ms (n={len(delays)})"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
