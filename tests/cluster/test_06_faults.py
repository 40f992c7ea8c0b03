"""Faults: a node dies, the database goes away for ten seconds, Redis goes away. Through
Varnish no request fails with a bare error, and everything comes back by itself."""

import time
import uuid

import requests

from deploy import cluster
from tests.cluster.conftest import (
    FRONT,
    Visitor,
    cluster_command,
    shell,
    wait_until,
)

PAGES = ["/", "/projecten/", "/agenda/", "/lid-worden/", "/zoeken/?q=keuken"]
PROBE_SECONDS = 5  # interval 1 s, window 4, threshold 2 (deploy/cluster.py), and margin


def get_all(rounds: int = 1) -> list[requests.Response]:
    return [requests.get(FRONT + page, timeout=30) for _ in range(rounds) for page in PAGES]


def statuses(responses) -> list[int]:
    return [response.status_code for response in responses]


def access_lines(node: str) -> int:
    log = cluster.VAR / f"{node}-access.log"
    return len(log.read_text().splitlines()) if log.exists() else 0


class NodeFailureTests:
    def test_a_dead_node_costs_no_request_and_a_restarted_one_takes_traffic(self):
        cluster_command("stop-node", "a")
        try:
            time.sleep(PROBE_SECONDS)
            responses = get_all(rounds=10)
            assert set(statuses(responses)) == {200}, statuses(responses)
        finally:
            cluster_command("start-node", "a")
        time.sleep(PROBE_SECONDS)
        before = access_lines("a")
        assert set(statuses(get_all(rounds=4))) == {200}
        wait_until(lambda: access_lines("a") > before + 4, timeout=5)


class DatabaseOutageTests:
    def test_ten_seconds_without_postgresql_then_recovery(self):
        assert set(statuses(get_all())) == {200}
        cluster_command("stop-postgres")
        seen = []
        try:
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                for response in get_all():
                    seen.append(response.status_code)
                    # A cached page (grace) or the Dutch 503 with Retry-After, nothing else.
                    assert response.status_code in (200, 503), response.status_code
                    if response.status_code == 503:
                        assert response.headers["Retry-After"]
                        assert "We zijn zo terug" in response.text
                time.sleep(0.2)
        finally:
            cluster_command("start-postgres")
        assert 503 in seen  # the outage was seen (an uncached search needs the database)

        def recovered():
            return set(statuses(get_all())) == {200}

        wait_until(recovered, timeout=30, interval=0.5)
        # The task worker is back too: a publish's tasks (Wagtail's purge among them) are done.
        shell(
            "from projects.models import ProjectPage; "
            "ProjectPage.objects.live().first().save_revision().publish()"
        )
        waiting = (
            "from django_tasks_db.models import DBTaskResult; "
            "print(DBTaskResult.objects.filter(status='READY').count())"
        )
        wait_until(lambda: shell(waiting) == "0", timeout=20, interval=0.5)


class RedisOutageTests:
    def test_pages_are_served_without_redis(self):
        cluster_command("stop-redis")
        try:
            time.sleep(1)
            responses = get_all(rounds=3)
            assert set(statuses(responses)) == {200}, statuses(responses)
            # A form still works (or answers the Dutch 503), never a bare 500.
            visitor = Visitor()
            form = visitor.prepared_form(
                "/lid-worden/",
                "/lid-worden/",
                {"name": "Zonder Redis", "email": f"redis-{uuid.uuid4().hex[:8]}@example.org"},
            )
            answer = visitor.post("/lid-worden/", form)
            assert answer.status_code in (302, 503), answer.status_code
            if answer.status_code == 302:
                assert answer.headers["Location"].endswith("/lid-worden/bedankt/")
            else:
                assert "We zijn zo terug" in answer.text
            health = requests.get(FRONT + "/gezond/", timeout=10)
            assert health.status_code == 200
            assert health.text == "degraded\n"
        finally:
            cluster_command("start-redis")
        wait_until(lambda: requests.get(FRONT + "/gezond/", timeout=10).text == "ok\n", 10)
