"""Page weight: the HTML plus the same-origin CSS and JS it references, without images.

Each file is counted raw and gzipped at level 6 on its own (as each is its own response).
"""

import gzip
import urllib.request
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

TIMEOUT = 10  # seconds per request


class AssetFinder(HTMLParser):
    """Collects <link rel="stylesheet" href> and <script src> in document order."""

    def __init__(self):
        super().__init__()
        self.stylesheets: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in attributes.get("rel", "").lower().split():
            if attributes.get("href"):
                self.stylesheets.append(attributes["href"])
        elif tag == "script" and attributes.get("src"):
            self.scripts.append(attributes["src"])


def find_assets(html: str, base_url: str) -> tuple[list[str], list[str]]:
    """Absolute URLs of the same-origin stylesheets and scripts in `html`."""
    finder = AssetFinder()
    finder.feed(html)
    origin = urlsplit(base_url)[:2]

    def same_origin(urls: list[str]) -> list[str]:
        absolute = [urljoin(base_url, url) for url in urls]
        return list(dict.fromkeys(url for url in absolute if urlsplit(url)[:2] == origin))

    return same_origin(finder.stylesheets), same_origin(finder.scripts)


def fetch(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
        if response.status != 200:
            raise RuntimeError(f"GET {url} answered {response.status}")
        return response.read()


@dataclass
class Part:
    kind: str
    url: str
    raw: int
    gzipped: int


@dataclass
class PageWeight:
    url: str
    parts: list[Part] = field(default_factory=list)

    def total(self, kind: str | None = None) -> tuple[int, int]:
        parts = [part for part in self.parts if kind is None or part.kind == kind]
        return sum(part.raw for part in parts), sum(part.gzipped for part in parts)


def measure_part(kind: str, url: str, body: bytes) -> Part:
    return Part(kind, url, len(body), len(gzip.compress(body, compresslevel=6)))


def weigh(url: str) -> PageWeight:
    html = fetch(url)
    weight = PageWeight(url, [measure_part("html", url, html)])
    stylesheets, scripts = find_assets(html.decode("utf-8"), url)
    for kind, urls in (("css", stylesheets), ("js", scripts)):
        for asset in urls:
            weight.parts.append(measure_part(kind, asset, fetch(asset)))
    return weight
