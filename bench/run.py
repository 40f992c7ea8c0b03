"""`make bench`: benchmark the site as production runs it, in a throwaway environment.

1. A temporary VAR_DIR (SQLite, media, collected static), production settings, DEBUG off;
   migrate, load_demo_content, collectstatic.
2. gunicorn (config.wsgi:application, 2 workers) on 127.0.0.1 at a free port.
3. For each scenario in bench/scenarios.py: its setup, SQL queries per page (Django test client
   in a subprocess, bench/queries.py), and for the pages it names, load with wrk (bench/load.py)
   and page weight (bench/weight.py).
4. Budgets: exit 1 when one is broken, 2 when the bench itself failed. The server and the
   temporary directory are removed in every case.

Usage: .venv/bin/python bench/run.py [--duration 8] [--warmup 2] [--no-load] [--sql] [--keep]
"""

import argparse
import json
import os
import re
import signal
import sys
import time
import traceback
from importlib import metadata

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench import scenarios
from bench.load import (
    LoadError,
    LoadResult,
    WrkSettings,
    cpu_busy,
    ensure_wrk,
    run_wrk,
    wrk_version,
)
from bench.report import kb, ms, ok, section, subsection, table
from bench.server import WORKERS, Environment, Gunicorn, ServerError
from bench.weight import fetch, find_assets, weigh

SQL_WIDTH = 150
NOISY_CPU = 0.2  # share of all CPUs busy with other work before or after the load


class Bench:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.wrk_settings = WrkSettings(
            threads=args.threads,
            connections=args.connections,
            duration=args.duration,
            warmup=args.warmup,
        )
        self.wrk: str | None = None
        self.environment: Environment | None = None
        self.server: Gunicorn | None = None
        self.queries: dict[str, dict] = {}
        self.static: LoadResult | None = None
        self.failures: list[str] = []  # broken budgets
        self.errors: list[str] = []  # the bench could not measure something

    # -- orchestration -----------------------------------------------------------------------

    def run(self) -> int:
        started = time.monotonic()
        section("Leisure Lab Limburg bench")
        if not self.args.no_load and any(scenario.load for scenario in scenarios.SCENARIOS):
            self.wrk = ensure_wrk()
        self.environment = Environment()
        try:
            self.setup()
            for scenario in scenarios.SCENARIOS:
                self.run_scenario(scenario)
            self.check_growth()
        finally:
            if self.server is not None:
                self.server.stop()
            if self.args.keep:
                print(f"\nKept the throwaway environment in {self.environment.dir}")
            else:
                self.environment.remove()
        return self.summary(time.monotonic() - started)

    def setup(self) -> None:
        versions = ", ".join(
            f"{name} {metadata.version(name)}" for name in ("Django", "wagtail", "gunicorn")
        )
        print(f"Python {sys.version.split()[0]}, {versions}")
        if self.wrk:
            print(f"{wrk_version(self.wrk)} ({self.wrk})")
        subsection("Setup (throwaway environment)")
        print(f"VAR_DIR {self.environment.dir}")
        for command, seconds in self.environment.prepare():
            print(f"manage.py {command:<18} {seconds:5.1f} s")
        self.server = Gunicorn(self.environment)
        self.server.start()
        print(f"gunicorn config.wsgi:application, {WORKERS} workers, at {self.server.base_url}")

    def run_scenario(self, scenario: scenarios.Scenario) -> None:
        section(f"Scenario: {scenario.name}")
        result = self.count_queries(scenario)
        if len(self.queries) == 1:
            print(f"Django settings: {result['settings']}")
        print(f"Content: {result['description']}")
        self.report_queries(result)
        if scenario.load and self.wrk:
            self.report_load(scenario)
        if scenario.weight:
            self.report_weight(scenario)

    # -- SQL queries ---------------------------------------------------------------------------

    def count_queries(self, scenario: scenarios.Scenario) -> dict:
        output = self.environment.dir / "queries.json"
        self.environment.run("-m", "bench.queries", scenario.name, str(output), timeout=300)
        result = json.loads(output.read_text(encoding="utf-8"))
        self.queries[scenario.name] = result
        return result

    def report_queries(self, result: dict) -> None:
        budget = scenarios.MAX_QUERIES_PER_PAGE
        subsection(f"SQL queries per page (budget: at most {budget} per page)")
        print(
            "first = first request with an empty cache (as after a deploy); "
            "steady = second request, which the budget applies to"
        )
        rows, over = [], []
        for page, data in result["pages"].items():
            statuses = set(data["status"])
            if statuses != {200}:
                self.errors.append(f"{result['scenario']}: {data['path']} answered {statuses}")
            passed = data["warm"] <= budget
            if not passed:
                over.append(page)
                self.failures.append(
                    f"{result['scenario']}: {page} ({data['path']}) makes {data['warm']} SQL "
                    f"queries, budget {budget}"
                )
            note = "" if data["steady"] else f" (3rd request: {data['counts'][2]})"
            rows.append(
                [
                    page,
                    data["path"],
                    "/".join(map(str, sorted(statuses))),
                    data["cold"],
                    f"{data['warm']}{note}",
                    ok(passed),
                ]
            )
        table(["page", "path", "status", "first", "steady", "budget"], rows, left=2)
        for page in result["pages"] if self.args.sql else over:
            self.print_sql(page, result["pages"][page])

    def print_sql(self, page: str, data: dict) -> None:
        print(f"\nSQL of the steady-state request for {page} ({data['path']}):")
        for number, sql in enumerate(data["sql"], start=1):
            flat = " ".join(sql.split())
            # The column list says little and fills the line: keep what comes from FROM on.
            flat = re.sub(r"^SELECT (DISTINCT )?.+? FROM ", r"SELECT \1… FROM ", flat, count=1)
            print(f"  {number:2}. {flat[:SQL_WIDTH]}{'…' if len(flat) > SQL_WIDTH else ''}")

    def check_growth(self) -> None:
        section("SQL query growth")
        for page, before, after in scenarios.QUERY_GROWTH_CHECKS:
            if before not in self.queries or after not in self.queries:
                print(f"{page}: {before} -> {after}: not measured")
                continue
            old = self.queries[before]["pages"][page]["warm"]
            new = self.queries[after]["pages"][page]["warm"]
            grew = new > old
            print(
                f"{page}: {old} queries with {before}, {new} with {after}: "
                + ("GREW" if grew else "ok, did not grow")
            )
            if grew:
                self.failures.append(
                    f"{page}: SQL queries grew from {old} ({before}) to {new} ({after})"
                )

    # -- load -----------------------------------------------------------------------------------

    def static_css_url(self) -> str:
        home = self.server.base_url + "/"
        stylesheets, _ = find_assets(fetch(home).decode("utf-8"), home)
        if not stylesheets:
            raise LoadError("the home page links no same-origin stylesheet")
        return stylesheets[0]

    def load(self, url: str) -> LoadResult:
        result = run_wrk(self.wrk, url, self.wrk_settings)
        if result.non_2xx_3xx:
            self.errors.append(f"{url}: {result.non_2xx_3xx} non-2xx/3xx responses under load")
        if result.socket_errors:
            print(f"warning: socket errors for {url}: {result.socket_errors}")
        return result

    def report_load(self, scenario: scenarios.Scenario) -> None:
        subsection(f"Load: {self.wrk_settings.describe()}, gunicorn {WORKERS} workers")
        self.report_cpu("before wrk")
        if self.static is None:
            self.static = self.load(self.static_css_url())
        base = self.server.base_url
        results = [(page, self.load(base + scenario.pages[page])) for page in scenario.load]
        rows = []
        for name, result in [*results, ("static CSS", self.static)]:
            ratio = result.requests_per_second / self.static.requests_per_second
            rows.append(
                [
                    name,
                    result.url.removeprefix(base),
                    f"{result.requests_per_second:,.0f}",
                    ms(result.p50_ms),
                    ms(result.p99_ms),
                    f"{ratio:.3f}",
                ]
            )
        table(["target", "path", "req/s", "p50", "p99", "req/s vs static"], rows, left=2)
        self.report_cpu("after wrk")
        print("(the static CSS is served by whitenoise without gzip: wrk sends no Accept-Encoding)")

    def report_cpu(self, moment: str) -> None:
        busy = cpu_busy()
        if busy is None:
            return
        cores = os.cpu_count() or 1
        line = f"CPU busy with other work {moment} (bench idle, 1 s sample): {busy:.0%} of {cores}"
        if busy > NOISY_CPU:
            line += " cores: WARNING, throughput below is lower and noisier than on a quiet machine"
        else:
            line += " cores"
        print(line)

    # -- weight ---------------------------------------------------------------------------------

    def report_weight(self, scenario: scenarios.Scenario) -> None:
        subsection("Page weight: HTML + same-origin CSS and JS, no images (kB = 1000 bytes)")
        print("raw / gzip -6, each file compressed on its own")
        rows, assets = [], set()
        for page in scenario.weight:
            weight = weigh(self.server.base_url + scenario.pages[page])
            assets.update(part.url for part in weight.parts if part.kind != "html")
            row = [page]
            for kind in ("html", "css", "js", None):
                raw, gzipped = weight.total(kind)
                row.append(f"{kb(raw)} / {kb(gzipped)}")
            limit = scenarios.MAX_GZIP_BYTES.get(page)
            total_gzip = weight.total()[1]
            if limit is None:
                row.append("-")
            else:
                passed = total_gzip < limit
                row.append(f"< {kb(limit)} gz: {ok(passed)}")
                if not passed:
                    self.failures.append(
                        f"{page} weighs {kb(total_gzip)} kB gzipped, budget under {kb(limit)} kB"
                    )
            rows.append(row)
        table(["page", "HTML kB", "CSS kB", "JS kB", "total kB", "budget"], rows)
        base = self.server.base_url
        print("Assets: " + (", ".join(sorted(a.removeprefix(base) for a in assets)) or "none"))

    # -- result -----------------------------------------------------------------------------------

    def summary(self, seconds: float) -> int:
        section("Budgets")
        for error in self.errors:
            print(f"ERROR  {error}")
        for failure in self.failures:
            print(f"FAIL   {failure}")
        if not self.errors and not self.failures:
            print(
                f"ok: every page within {scenarios.MAX_QUERIES_PER_PAGE} SQL queries, no query "
                "growth, page weights within budget"
            )
        print(f"\nBench took {seconds:.0f} s.")
        if self.errors:
            return 2
        return 1 if self.failures else 0


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    defaults = WrkSettings()
    parser.add_argument("--duration", type=int, default=defaults.duration, help="wrk seconds")
    parser.add_argument("--warmup", type=int, default=defaults.warmup, help="warm-up seconds")
    parser.add_argument("--threads", type=int, default=defaults.threads)
    parser.add_argument("--connections", type=int, default=defaults.connections)
    parser.add_argument("--no-load", action="store_true", help="skip wrk")
    parser.add_argument("--sql", action="store_true", help="print the SQL of every page")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    # Turn SIGTERM into SystemExit so the finally clauses stop gunicorn and remove the files.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        return Bench(args).run()
    except (ServerError, LoadError) as error:
        print(f"\nBENCH ERROR: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrupted; the server and the temporary files are gone.", file=sys.stderr)
        return 130
    except Exception:
        traceback.print_exc()
        print("\nBENCH ERROR: the bench itself failed (see above)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
