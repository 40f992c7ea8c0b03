"""Hostile and awkward input for every public form: the public corpora in tests/data/ (see its
README for sources and licences) plus a few of our own."""

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
BLNS_COUNT = 515
XSS_COUNT = 39
# Non-blank strings in all: what every hostile-input test must have gone through.
HOSTILE_COUNT = 560
OWN_PAYLOADS = [
    "<script>alert('INJECTX')</script>",
    '"><img src=x onerror=alert("INJECTX")>',
    "javascript:alert('INJECTX')",
    "\x00\x01\x02",
    "' OR 1=1 --",
    "𝕋𝕙𝕖 𝕢𝕦𝕚𝕔𝕜",
    "ЁЂЃЄЅІЇЈЉЊЋЌЍЎЏ",
    "%s%s%s%n",
]


@cache
def hostile_strings() -> tuple[str, ...]:
    """Every non-blank string of both corpora and our own; the counts are asserted, so a
    corpus that goes missing or is cut short fails loudly instead of testing less."""
    blns = json.loads((DATA / "blns.json").read_text(encoding="utf-8"))
    xss = (DATA / "xss_payloads_quick.txt").read_text(encoding="utf-8").splitlines()
    assert len(blns) == BLNS_COUNT, f"blns.json has {len(blns)} strings"
    assert len(xss) == XSS_COUNT, f"xss_payloads_quick.txt has {len(xss)} lines"
    return tuple(s for s in OWN_PAYLOADS + blns + xss if s.strip())
