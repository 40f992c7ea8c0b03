"""Mixed load through the front of `make cluster`: 95 % page views, 5 % posts (reactions,
event registrations, membership signups), from many concurrent visitors on loopback, bounded
in time. Used by the cluster tests (tests/cluster/test_05_load.py) and `make cluster-bench`.

Every post uses an address of its own, so afterwards the rows can be counted: each accepted
post (the redirect that says it was taken) must be stored exactly once, and a refused one not
at all.
"""

import random
import threading
import time
import uuid
from dataclasses import dataclass, field

import requests

from bench.measure import form_fields

VIEW_SHARE = 0.95
FILL_SECONDS = 1.1  # FORM_MIN_FILL_SECONDS of the cluster, and a little more
TIMEOUT = 60


@dataclass
class Post:
    kind: str
    page: str
    action: str
    fields: dict
    accepted_prefix: str  # an accepted post redirects to a Location starting with this


@dataclass
class LoadResult:
    seconds: float
    view_latencies: list[float] = field(default_factory=list)
    statuses: dict[int, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    # kind -> email -> accepted?
    posts: dict[str, dict[str, bool]] = field(default_factory=dict)

    def count(self, status: int) -> None:
        self.statuses[status] = self.statuses.get(status, 0) + 1

    @property
    def server_errors(self) -> int:
        return sum(count for status, count in self.statuses.items() if status >= 500)

    @property
    def requests(self) -> int:
        return sum(self.statuses.values())

    def percentile(self, share: float) -> float:
        ordered = sorted(self.view_latencies)
        if not ordered:
            return 0.0
        return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def posts_for(pages: dict[str, str]) -> list:
    """Factories of the three public posts; each call makes one with a fresh address."""

    def reaction() -> Post:
        email = f"load-{uuid.uuid4().hex[:12]}@example.org"
        return Post(
            "reaction",
            pages["project"],
            "/reacties/plaatsen/",
            {
                "name": "Lastige Lezer",
                "email": email,
                "comment": "Onder belasting geschreven, en toch netjes opgeslagen.",
            },
            pages["project"] + "?reactie=bevestig",
        )

    def registration() -> Post:
        email = f"load-{uuid.uuid4().hex[:12]}@example.org"
        return Post(
            "registration",
            pages["event"],
            pages["event"] + "#aanmelden",
            {
                "name": "Drukke Deelnemer",
                "email": email,
                "organisation": "Lastbedrijf",
                "is_member": "ja",
            },
            pages["event"],
        )

    def signup() -> Post:
        email = f"load-{uuid.uuid4().hex[:12]}@example.org"
        return Post(
            "signup",
            pages["membership"],
            pages["membership"],
            {"name": "Nieuw Lid", "email": email},
            pages["membership"] + "bedankt/",
        )

    return [reaction, registration, signup]


def mixed_load(
    front: str, pages: dict[str, str], seconds: float, concurrency: int, seed: int = 14
) -> LoadResult:
    """`concurrency` visitors for `seconds`: each either views a page or sends a post."""
    views = [pages[name] for name in ("home", "projects", "project", "agenda", "event")]
    factories = posts_for(pages)
    result = LoadResult(seconds=seconds)
    lock = threading.Lock()
    deadline = time.monotonic() + seconds

    def visitor(number: int) -> None:
        chooser = random.Random(seed + number)  # noqa: S311 - load mix, not security
        session = requests.Session()
        while time.monotonic() < deadline:
            try:
                if chooser.random() < VIEW_SHARE:
                    started = time.perf_counter()
                    response = session.get(front + chooser.choice(views), timeout=TIMEOUT)
                    elapsed = time.perf_counter() - started
                    with lock:
                        result.count(response.status_code)
                        result.view_latencies.append(elapsed)
                    continue
                post = chooser.choice(factories)()
                page = session.get(front + post.page, timeout=TIMEOUT)
                with lock:
                    result.count(page.status_code)
                if page.status_code != 200:
                    continue
                data = form_fields(page.text, post.action)
                data.update(post.fields)
                time.sleep(FILL_SECONDS)
                response = session.post(
                    front + post.action.split("#")[0],
                    data=data,
                    timeout=TIMEOUT,
                    allow_redirects=False,
                )
                if response.status_code == 200 and not data.get("csrfmiddlewaretoken"):
                    # A form from the shared cache, sent without JavaScript: it comes back
                    # with what was typed and fresh tokens (home.formtokens); send that one.
                    with lock:
                        result.count(response.status_code)
                    data = form_fields(response.text, post.action)
                    data.update(post.fields)
                    time.sleep(FILL_SECONDS)
                    response = session.post(
                        front + post.action.split("#")[0],
                        data=data,
                        timeout=TIMEOUT,
                        allow_redirects=False,
                    )
                accepted = response.status_code == 302 and response.headers.get(
                    "Location", ""
                ).startswith(post.accepted_prefix)
                with lock:
                    result.count(response.status_code)
                    result.posts.setdefault(post.kind, {})[post.fields["email"]] = accepted
            except Exception as error:  # noqa: BLE001 - every failure is a finding
                with lock:
                    result.errors.append(f"{type(error).__name__}: {error}")

    threads = [threading.Thread(target=visitor, args=(n,)) for n in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 2 * TIMEOUT)
    result.seconds = time.monotonic() - started
    return result
