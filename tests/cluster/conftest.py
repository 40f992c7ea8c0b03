"""The cluster tests drive `make cluster` (deploy/cluster.py) over HTTP on loopback: Varnish
in front, app nodes a and b behind it, S3 in moto_server, PostgreSQL and Redis of its own.

They run only with CLUSTER_TESTS=1 (`make cluster-test`, the last step of .ci/run): they stop
and start the cluster's nodes, its database and its cache, which must never happen because
someone ran `make test` while a cluster was up."""

import os
import subprocess
import sys
import time

import pytest
import requests

from bench.measure import form_fields
from deploy import cluster

FRONT = cluster.FRONT_URL
NODES = {name: f"http://{cluster.HOST}:{cluster.PORTS[name]}" for name in cluster.NODES}
FILL_SECONDS = 1.1  # FORM_MIN_FILL_SECONDS of the cluster, and a little more
TIMEOUT = 30


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/cluster/" in item.nodeid:
            item.add_marker(pytest.mark.cluster)


@pytest.fixture(scope="session", autouse=True)
def running_cluster():
    if os.environ.get("CLUSTER_TESTS") != "1":
        pytest.skip("cluster tests run only with CLUSTER_TESTS=1 against `make cluster`")
    try:
        status = requests.get(f"{FRONT}/gezond/", timeout=5).status_code
    except requests.RequestException as error:
        pytest.fail(f"CLUSTER_TESTS=1 but the cluster does not answer at {FRONT}: {error}")
    assert status == 200, f"the cluster's health is {status}"


def cluster_command(*args: str) -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, str(cluster.ROOT / "deploy" / "cluster.py"), *args],
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def shell(code: str) -> str:
    """Run Python inside Django with the cluster's production settings; return its output."""
    done = subprocess.run(  # noqa: S603
        [cluster.PYTHON, "manage.py", "shell", "-v", "0", "-c", code],
        cwd=cluster.ROOT,
        env=cluster.environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout.strip()


def wait_until(condition, timeout: float, interval: float = 0.05):
    """Poll until condition() is truthy; return (value, seconds taken) or fail."""
    started = time.monotonic()
    while True:
        value = condition()
        if value:
            return value, time.monotonic() - started
        if time.monotonic() - started > timeout:
            pytest.fail(f"not within {timeout}s")
        time.sleep(interval)


class Visitor:
    """One browser: its own cookies, against one base URL (Varnish or a node)."""

    def __init__(self, base: str = FRONT):
        self.base = base
        self.session = requests.Session()

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.session.get(self.base + path, timeout=TIMEOUT, **kwargs)

    def post(self, path: str, data=None, **kwargs) -> requests.Response:
        return self.session.post(
            self.base + path, data=data, timeout=TIMEOUT, allow_redirects=False, **kwargs
        )

    def form(self, page: str, action: str) -> dict[str, str]:
        response = self.get(page)
        assert response.status_code == 200, (page, response.status_code)
        return form_fields(response.text, action)

    def prepared_form(self, page: str, action: str, fields: dict) -> dict[str, str]:
        """The form as a browser without JavaScript sends it: read from the page, filled in,
        after the minimum fill time. A page from the shared cache carries its forms without
        per-visitor tokens (home.formtokens); such a post is answered with the form again,
        typed values kept and tokens fresh, and that one is sent."""
        data = self.form(page, action)
        data.update(fields)
        time.sleep(FILL_SECONDS)
        if not data.get("csrfmiddlewaretoken"):
            response = self.post(action.split("#")[0], data)
            assert response.status_code == 200, response.status_code
            data = form_fields(response.text, action)
            data.update(fields)
            time.sleep(FILL_SECONDS)
        return data

    def log_in_to_admin(self) -> None:
        username, password = cluster.ADMIN_USERNAME, cluster.secret("admin-password")
        fields = self.form("/admin/login/", "/admin/login/")
        fields.update(username=username, password=password)
        response = self.post("/admin/login/", fields, headers={"Referer": self.base + "/"})
        assert response.status_code == 302, response.text[:2000]

    def csrf_token(self, page: str) -> str:
        response = self.get(page)
        assert response.status_code == 200, (page, response.status_code)
        marker = 'name="csrfmiddlewaretoken" value="'
        start = response.text.index(marker) + len(marker)
        return response.text[start : response.text.index('"', start)]


@pytest.fixture
def admin_on():
    def log_in(node: str) -> Visitor:
        visitor = Visitor(NODES[node])
        visitor.log_in_to_admin()
        return visitor

    return log_in
