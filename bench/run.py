"""`make bench`: the site as production runs it (production settings, DEBUG off, whitenoise,
gunicorn with 2 workers on loopback) in a throwaway environment, measured for speed and size.

1. A temporary VAR_DIR: migrate, collectstatic, and content built with the tests' factories
   (bench/content.py).
2. Load: requests/s and p50/p99 latency under wrk for each page, next to the static CSS file
   through the same gunicorn (the ratio compares across machines; raw req/s does not).
3. Page weight: HTML plus same-origin CSS and JS, raw and gzipped.
4. Form posts: a reaction and a membership signup, 7 visitors each, timed by gunicorn's access
   log, against a mail server that never answers: a post must only queue its mail.

SQL queries per page are not counted here: tests/home/test_query_budgets.py asserts them.
Exit 1 when a check fails (a post not answered with a 302, a post waiting for mail, a page
over its weight budget, errors under load), 2 when the bench itself could not measure.
"""

import argparse
import contextlib
import json
import signal
import socket
import statistics
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import content  # noqa: E402
from bench.measure import (  # noqa: E402
    ensure_wrk,
    fetch,
    post_as_visitor,
    run_wrk,
    same_origin_assets,
    server_seconds,
    weigh,
)
from bench.server import WORKERS, BenchError, Environment, Gunicorn  # noqa: E402

LOADED = ("home", "index", "project, 0 reactions", "project, 50 reactions")
LOADED += ("project, 500 reactions", "agenda", "event", "search")
WEIGHED = ("home", "index", "project, 50 reactions", "agenda", "event")
MAX_GZIP_BYTES = 30_000  # HTML + CSS + JS of a project page, as sent over the wire
VISITORS = 7  # form posts timed one after another
MAIL_TIMEOUT = 5  # seconds: a post that waits for the silent mail server takes this long
QUEUED_MAILS = (
    "from django_tasks_db.models import DBTaskResult; "
    "print(DBTaskResult.objects.filter(status='READY').count())"
)


def table(headers: list[str], rows: list[list], left: int = 1) -> None:
    """The first `left` columns left-aligned, the others right-aligned."""
    cells = [headers, *[[str(cell) for cell in row] for row in rows]]
    widths = [max(len(row[column]) for row in cells) for column in range(len(headers))]
    for number, row in enumerate(cells):
        print(
            "  ".join(
                cell.ljust(width) if column < left else cell.rjust(width)
                for column, (cell, width) in enumerate(zip(row, widths, strict=True))
            )
        )
        if number == 0:
            print("  ".join("-" * width for width in widths))


def section(title: str) -> None:
    print(f"\n== {title} " + "=" * max(0, 76 - len(title)))


def cpu_busy() -> float | None:
    """Share of all CPUs busy over one second while the bench is idle: other work on the
    machine makes the figures lower and noisier."""
    try:
        samples = []
        for _ in range(2):
            with open("/proc/stat", encoding="ascii") as stat:
                fields = [int(value) for value in stat.readline().split()[1:]]
            samples.append((sum(fields), fields[3] + fields[4]))
            time.sleep(1)
    except (OSError, ValueError, IndexError):
        return None
    (total_before, idle_before), (total_after, idle_after) = samples
    return 1 - (idle_after - idle_before) / max(1, total_after - total_before)


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.failures: list[str] = []
        self.environment = Environment()

    def run(self) -> int:
        started = time.monotonic()
        try:
            wrk = None if self.args.no_load else ensure_wrk()
            pages = self.prepare()
            with Gunicorn(self.environment) as server:
                print(f"gunicorn {WORKERS} workers at {server.base_url}, production settings")
                if wrk:
                    self.load(server, pages)
                self.weight(server, pages)
            if not self.args.no_posts:
                self.posts(pages)
        finally:
            if self.args.keep:
                print(f"\nKept {self.environment.dir}")
            else:
                self.environment.remove()
        section("Result")
        for failure in self.failures:
            print(f"FAIL  {failure}")
        print("ok: every check passed" if not self.failures else "")
        print(f"Bench took {time.monotonic() - started:.0f} s.")
        return 1 if self.failures else 0

    def prepare(self) -> dict[str, str]:
        section("Setup")
        for command in (("migrate", "--no-input", "-v0"), ("collectstatic", "--no-input", "-v0")):
            begun = time.monotonic()
            self.environment.run("manage.py", *command)
            print(f"manage.py {command[0]:<14} {time.monotonic() - begun:5.1f} s")
        begun = time.monotonic()
        pages = json.loads(self.environment.run("-m", "bench.content"))
        print(f"bench.content (factories) {time.monotonic() - begun:5.1f} s")
        print(content.__doc__.split("\n\n")[1])
        return pages

    def load(self, server: Gunicorn, pages: dict[str, str]) -> None:
        seconds, warmup = self.args.seconds, self.args.warmup
        section(f"Load: wrk -t2 -c16 -d{seconds}s --latency after a {warmup}s warm-up")
        busy = cpu_busy()
        if busy is not None:
            noisy = " (WARNING: other work is running; figures are lower and noisier)"
            print(f"CPU busy before the load: {busy:.0%}" + (noisy if busy > 0.2 else ""))
        home_html = fetch(server.base_url + "/").decode()
        css = next(url for kind, url in same_origin_assets(server.base_url, home_html))
        targets = {name: server.base_url + path for name, path in pages.items() if name in LOADED}
        targets["static CSS"] = css
        results = {}
        for name, url in targets.items():
            results[name] = run_wrk(url, seconds=seconds, warmup=warmup)
            if results[name].errors:
                self.failures.append(f"{name}: {results[name].errors} non-2xx/3xx under load")
        static = results["static CSS"].requests_per_second
        rows = [
            [
                name,
                targets[name].removeprefix(server.base_url),
                f"{result.requests_per_second:,.0f}",
                f"{result.p50_ms:.2f} ms",
                f"{result.p99_ms:.2f} ms",
                f"{result.requests_per_second / static:.3f}",
            ]
            for name, result in results.items()
        ]
        table(["page", "path", "req/s", "p50", "p99", "× static"], rows, left=2)
        print("(whitenoise serves the CSS without gzip: wrk sends no Accept-Encoding)")

    def weight(self, server: Gunicorn, pages: dict[str, str]) -> None:
        section("Page weight: HTML + same-origin CSS and JS, raw / gzip -6, kB = 1000 bytes")
        rows = []
        for name in WEIGHED:
            weight = weigh(server.base_url, pages[name])
            total = tuple(sum(sizes[i] for sizes in weight.values()) for i in (0, 1))
            row = [name] + [
                "{:.1f} / {:.1f}".format(*(size / 1000 for size in weight.get(kind, (0, 0))))
                for kind in ("html", "css", "js")
            ]
            row.append(f"{total[0] / 1000:.1f} / {total[1] / 1000:.1f}")
            if name.startswith("project") and total[1] >= MAX_GZIP_BYTES:
                self.failures.append(f"{name} weighs {total[1]} bytes gzipped")
            rows.append(row)
        table(["page", "HTML", "CSS", "JS", "total"], rows)
        print(f"Budget: a project page under {MAX_GZIP_BYTES / 1000:.0f} kB gzipped.")

    def queued_mails(self) -> int:
        return int(self.environment.run("manage.py", "shell", "-c", QUEUED_MAILS).split()[-1])

    def posts(self, pages: dict[str, str]) -> None:
        section(f"Form posts: {VISITORS} visitors one after another, each posting once")
        project, membership = pages["project, 0 reactions"], pages["membership"]
        forms = {  # page with the form, its action, where a good post is redirected
            "reaction": (project, "/reacties/plaatsen/", project),
            "signup": (membership, membership, membership + "bedankt/"),
        }
        queued = self.queued_mails()
        with contextlib.ExitStack() as stack:
            silent = stack.enter_context(socket.socket())
            silent.bind(("127.0.0.1", 0))
            silent.listen(64)  # accepts connections, never greets: a mail sent in the request hangs
            server = stack.enter_context(
                Gunicorn(self.environment, extra_env=form_env(silent), access_log=True)
            )
            answers = {name: [] for name in forms}
            for name, (page, action, _expect) in forms.items():
                for number in range(VISITORS):
                    visitor = f"bench-{name}-{number}"
                    fields = {"name": f"Bezoeker {number}", "email": f"{visitor}@example.org"}
                    fields["comment"] = "Mooi om te lezen hoe jullie dit hebben aangepakt."
                    answers[name].append(
                        post_as_visitor(server.base_url, page, action, fields, f"10.9.{number}.1")
                    )
            time.sleep(0.5)  # gunicorn writes the access line after the response
        rows = []
        for name, (_page, action, expect) in forms.items():
            on_server = server_seconds(server.access_log, action)
            wrong = [a for a in answers[name] if a[0] != 302 or not a[1].startswith(expect)]
            slow = [seconds for seconds in on_server if seconds >= MAIL_TIMEOUT]
            if wrong or slow or len(on_server) != VISITORS:
                self.failures.append(f"{name} posts: {wrong[:2]} not 302, {len(slow)} slow")
            rows.append([name, action, f"{VISITORS - len(wrong)} × 302", *spread(on_server)])
            rows[-1] += spread([seconds for _status, _location, seconds in answers[name]])[:1]
        headers = ["post", "path", "answers", "server median", "server max", "client median"]
        table(headers, rows, left=2)
        mails = self.queued_mails() - queued
        print(f"Mails queued for the worker by these posts: {mails} (sent by none of them)")
        if mails < 2 * VISITORS:
            self.failures.append(f"{2 * VISITORS} posts queued {mails} mails")


def form_env(silent_smtp: socket.socket) -> dict[str, str]:
    """The form server: no minimum fill time (the bench posts at once), the rate limit keyed on
    X-Forwarded-For from one trusted proxy (each visitor its own address), mail to a server that
    never answers."""
    return {
        "FORM_MIN_FILL_SECONDS": "0",
        "TRUSTED_PROXY_COUNT": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(silent_smtp.getsockname()[1]),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": str(MAIL_TIMEOUT),
    }


def spread(seconds: list[float]) -> list[str]:
    if not seconds:
        return ["-", "-"]
    return [f"{statistics.median(seconds) * 1000:.1f} ms", f"{max(seconds) * 1000:.1f} ms"]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8, help="wrk seconds per page")
    parser.add_argument("--warmup", type=int, default=2, help="wrk warm-up seconds per page")
    parser.add_argument("--no-load", action="store_true", help="skip wrk")
    parser.add_argument("--no-posts", action="store_true", help="skip the form posts")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    # SIGTERM becomes SystemExit, so the servers stop and the files go whatever happens.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        return Bench(parser.parse_args(argv)).run()
    except BenchError as error:
        print(f"\nBENCH ERROR: {error}", file=sys.stderr)
        return 2
    except Exception:
        traceback.print_exc()
        print("\nBENCH ERROR: the bench itself failed (see above)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
