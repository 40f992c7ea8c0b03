"""Form posts against gunicorn, as visitors send them: each visitor its own cookie jar, CSRF
token and address (X-Forwarded-For, read by the rate limit when the server runs with
RATELIMIT_IP_META_KEY=HTTP_X_FORWARDED_FOR).

- timed_posts: one post after another; the server time of each POST comes from gunicorn's
  access log (%(D)s, microseconds from request to response), next to the time the client saw.
- parallel_posts: every visitor loads the form first, then all POSTs leave at once (a barrier).
- silent_smtp: a mail server that accepts connections and never answers, for the site to be
  configured with: a request that sent its mail itself would hang on it.
"""

import contextlib
import http.cookiejar
import socket
import statistics
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from bench.htmlforms import FormNotFound, form_fields
from bench.scenarios import FormPost

TIMEOUT = 120  # seconds per request: parallel posts wait in gunicorn's backlog


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None  # the 302 itself is the answer we check


@dataclass
class PostResult:
    visitor: str
    status: int = 0
    location: str = ""
    seconds: float = 0.0  # as the client saw it, POST only
    error: str = ""

    def ok(self, expect: str) -> bool:
        return not self.error and self.status == 302 and self.location.startswith(expect)

    def describe(self) -> str:
        if self.error:
            return f"{self.visitor}: {self.error}"
        return f"{self.visitor}: {self.status} {self.location or '(no Location)'}"


class Visitor:
    """One browser: its own cookies, its own address."""

    def __init__(self, base_url: str, name: str, address: str):
        self.base_url = base_url
        self.name = name
        self.headers = {"X-Forwarded-For": address, "User-Agent": "leisurelab-bench"}
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )
        self.form: dict[str, str] | None = None

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, bytes]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers=self.headers)
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, response.headers.get("Location", ""), response.read()
        except urllib.error.HTTPError as error:  # 3xx (no redirects followed), 4xx, 5xx
            with error:
                return error.code, error.headers.get("Location", ""), error.read()

    def load_form(self, post: FormPost) -> None:
        status, _location, body = self.request(post.page)
        if status != 200:
            raise FormNotFound(f"GET {post.page} answered {status}")
        self.form = form_fields(body.decode("utf-8"), post.action)
        self.form.update(post.fields(self.name))

    def send(self, post: FormPost) -> PostResult:
        result = PostResult(self.name)
        started = time.perf_counter()
        try:
            result.status, result.location, _body = self.request(post.action, self.form)
        except (OSError, urllib.error.URLError) as error:
            result.error = f"{type(error).__name__}: {error}"
        result.seconds = time.perf_counter() - started
        return result


def address(prefix: int, number: int) -> str:
    """A distinct private address per visitor: 10.<prefix>.<number // 250>.<number % 250 + 1>."""
    return f"10.{prefix}.{number // 250}.{number % 250 + 1}"


def read_access_log(log: Path, method: str, path: str) -> list[float]:
    """Server seconds of each `method path` request in the access log, in order."""
    seconds = []
    for line in log.read_text(errors="replace").splitlines():
        parts = line.split()
        if len(parts) == 4 and parts[0] == method and parts[1] == path and parts[3].isdigit():
            seconds.append(int(parts[3]) / 1_000_000)
    return seconds


@dataclass
class Timings:
    results: list[PostResult]
    server_seconds: list[float]

    @property
    def client_seconds(self) -> list[float]:
        return [result.seconds for result in self.results if not result.error]


def timed_posts(
    base_url: str, post: FormPost, count: int, access_log: Path, prefix: int
) -> Timings:
    """`count` visitors one after another, each loading the form and posting it once."""
    before = len(read_access_log(access_log, "POST", post.action))
    results = []
    for number in range(count):
        visitor = Visitor(base_url, f"timed-{post.name}-{number}", address(prefix, number))
        visitor.load_form(post)
        results.append(visitor.send(post))
    # gunicorn writes the access line after the response; give the last one a moment.
    deadline = time.monotonic() + 5
    while True:
        server = read_access_log(access_log, "POST", post.action)[before:]
        if len(server) >= count or time.monotonic() > deadline:
            return Timings(results, server)
        time.sleep(0.05)


def parallel_posts(
    base_url: str, post: FormPost, count: int, prefix: int
) -> tuple[list[PostResult], float, list[str]]:
    """`count` visitors load the form (32 at a time), then all post at the same moment.
    Returns the results, the seconds from the barrier to the last answer, and the visitors
    that could not load the form."""
    visitors = [
        Visitor(base_url, f"parallel-{post.name}-{number}", address(prefix, number))
        for number in range(count)
    ]

    def load(visitor: Visitor) -> str:
        try:
            visitor.load_form(post)
        except (OSError, urllib.error.URLError, FormNotFound) as error:
            return f"{visitor.name}: {type(error).__name__}: {error}"
        return ""

    with ThreadPoolExecutor(max_workers=32) as pool:
        load_errors = [error for error in pool.map(load, visitors) if error]
    ready = [visitor for visitor in visitors if visitor.form is not None]
    barrier = threading.Barrier(len(ready) + 1)

    def send(visitor: Visitor) -> PostResult:
        barrier.wait(timeout=TIMEOUT)
        return visitor.send(post)

    with ThreadPoolExecutor(max_workers=max(1, len(ready))) as pool:
        futures = [pool.submit(send, visitor) for visitor in ready]
        barrier.wait(timeout=TIMEOUT)
        started = time.perf_counter()
        results = [future.result() for future in futures]
        seconds = time.perf_counter() - started
    return results, seconds, load_errors


def summary(seconds: list[float]) -> str:
    if not seconds:
        return "no data"
    ordered = sorted(seconds)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return (
        f"median {statistics.median(ordered) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {ordered[-1] * 1000:.1f} ms (n={len(ordered)})"
    )


@contextlib.contextmanager
def silent_smtp() -> Iterator[int]:
    """A port on loopback where TCP connections complete (the kernel's backlog) but no SMTP
    greeting ever comes. Yields the port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(256)
        yield listener.getsockname()[1]
