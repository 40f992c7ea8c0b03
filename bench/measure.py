"""What the bench measures: load and latency with wrk, page weight, and form posts as a
browser sends them (each visitor its own cookies, CSRF token and address)."""

import gzip
import http.cookiejar
import json
import os
import re
import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from html import unescape as html_unescape
from html.parser import HTMLParser

from bench.server import BenchError

WRK = "wrk -t{threads} -c{connections} -d{seconds}s --latency"


@dataclass(frozen=True)
class Load:
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    errors: int


def ensure_wrk() -> str:
    """wrk's path; Debian's package is installed when missing and running as root."""
    if not shutil.which("wrk") and os.geteuid() == 0:
        print("wrk is missing: apt-get install -y wrk ...", flush=True)
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        install = ["apt-get", "install", "-y", "-q", "wrk"]
        if subprocess.run(install, env=env, capture_output=True, timeout=300).returncode:
            # A fresh machine may have no package lists yet: update them once and retry.
            subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True, timeout=300)
            subprocess.run(install, env=env, capture_output=True, timeout=300)
    found = shutil.which("wrk")
    if not found:
        raise BenchError("wrk is not installed. Install it with: sudo apt-get install -y wrk")
    return found


def to_ms(value: str) -> float:
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def run_wrk(url: str, *, seconds: int, warmup: int, threads=2, connections=16) -> Load:
    """A warm-up run, then the measured one."""
    for duration in (warmup, seconds):
        command = WRK.format(threads=threads, connections=connections, seconds=duration)
        done = subprocess.run(
            [*command.split(), url], capture_output=True, text=True, timeout=duration + 60
        )
        if done.returncode != 0:
            raise BenchError(f"wrk failed for {url}:\n{done.stdout}{done.stderr}")

    def find(pattern: str) -> str:
        match = re.search(pattern, done.stdout, re.MULTILINE)
        return match.group(1) if match else "0"

    return Load(
        requests_per_second=float(find(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=to_ms(find(r"^\s+50%\s+(\S+)")),
        p99_ms=to_ms(find(r"^\s+99%\s+(\S+)")),
        errors=int(find(r"Non-2xx or 3xx responses:\s+(\d+)")),
    )


TOKEN_URL = re.compile(r'data-form-token-url="([^"]+)"')


class PageParser(HTMLParser):
    """The same-origin stylesheets and scripts of a page, and the fields of its forms."""

    def __init__(self):
        super().__init__()
        self.assets: list[tuple[str, str]] = []
        self.forms: dict[str, dict[str, str]] = {}
        self.form: dict | None = None

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in attributes.get("rel", "").split():
            self.assets.append(("css", attributes.get("href", "")))
        elif tag == "script" and attributes.get("src"):
            self.assets.append(("js", attributes["src"]))
        elif tag == "form" and attributes.get("method", "").lower() == "post":
            self.form = self.forms.setdefault(attributes.get("action", "").split("?")[0], {})
        elif (
            tag == "input"
            and self.form is not None
            and attributes.get("name")
            and attributes.get("type", "text") not in {"checkbox", "radio", "submit"}
        ):
            self.form[attributes["name"]] = attributes.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None


def parse(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def form_fields(html: str, action: str) -> dict[str, str]:
    """The inputs of the page's POST form to `action` (a path), as the page rendered them;
    also read by the cluster tests and their load (deploy/cluster_load.py)."""
    form = parse(html).forms.get(action)
    if form is None:
        raise LookupError(f"no POST form with action {action!r}")
    return dict(form)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read()


def same_origin_assets(base_url: str, html: str) -> list[tuple[str, str]]:
    absolute = [(kind, urllib.parse.urljoin(base_url, url)) for kind, url in parse(html).assets]
    return [(kind, url) for kind, url in absolute if url.startswith(base_url)]


def weigh(base_url: str, path: str) -> dict[str, tuple[int, int]]:
    """Bytes of the HTML and its same-origin CSS and JS, raw and gzipped (-6), each file on
    its own as each is its own response; images are not counted."""
    html = fetch(base_url + path)
    parts = [("html", html)]
    parts += [(kind, fetch(url)) for kind, url in same_origin_assets(base_url, html.decode())]
    weight = {}
    for kind, body in parts:
        raw, gzipped = weight.get(kind, (0, 0))
        weight[kind] = (raw + len(body), gzipped + len(gzip.compress(body, compresslevel=6)))
    return weight


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args):
        return None  # the 302 itself is the answer


def post_as_visitor(base_url: str, page: str, action: str, fields: dict, address: str):
    """GET the page with a fresh cookie jar, fill in its form for `action`, POST it from
    `address` (X-Forwarded-For). Returns (status, location, seconds the client waited)."""
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
    )
    headers = {"X-Forwarded-For": address}

    def request(path, data=None):
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with opener.open(
                urllib.request.Request(base_url + path, data=body, headers=headers), timeout=60
            ) as response:
                return response.status, response.headers.get("Location", ""), response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers.get("Location", ""), error.read()

    status, _location, html = request(page)
    form = parse(html.decode()).forms.get(action)
    if status != 200 or form is None:
        raise BenchError(f"no form posting to {action} on {page} (status {status})")
    # A page from the page cache carries its form without tokens: fetch them, as site.js does
    # when a visitor starts typing (home/formtokens.py).
    token_url = TOKEN_URL.search(html.decode())
    if token_url and not form.get("csrfmiddlewaretoken"):
        _status, _location, tokens = request(html_unescape(token_url.group(1)))
        form.update(json.loads(tokens))
    started = time.perf_counter()
    status, location, _body = request(action, {**form, **fields})
    return status, location, time.perf_counter() - started


def server_seconds(access_log, action: str) -> list[float]:
    """The server time of each POST to action in gunicorn's access log."""
    seconds = []
    for line in access_log.read_text(errors="replace").splitlines():
        method, path, _status, micros = (line.split() + ["", "", "", ""])[:4]
        if method == "POST" and path == action and micros.isdigit():
            seconds.append(int(micros) / 1_000_000)
    return seconds
