"""`make bench`: benchmark the site as production runs it, in a throwaway environment.

1. A temporary VAR_DIR (SQLite, media, collected static), production settings, DEBUG off;
   migrate, load_demo_content, collectstatic.
2. gunicorn (config.wsgi:application, 2 workers) on 127.0.0.1 at a free port.
3. For each scenario in bench/scenarios.py: its setup, SQL queries per page (Django test client
   in a subprocess, bench/queries.py), and for the pages it names, load with wrk (bench/load.py)
   and page weight (bench/weight.py).
4. Form posts (bench/posts.py): the SQL queries of a reaction post and a membership signup,
   and their server time under a second gunicorn configured with a mail server that never
   answers (so a request that sent its own mail would hang); the mail must only be queued.
5. 200 parallel membership signups against a throwaway PostgreSQL database (bench/postgres.py;
   skipped, not failed, when PostgreSQL is not reachable).
6. Budgets: exit 1 when one is broken, 2 when the bench itself failed. The servers, the
   temporary directories and the PostgreSQL database are removed in every case.

Usage: .venv/bin/python bench/run.py [--duration 8] [--warmup 2] [--no-load] [--no-posts]
       [--no-postgres] [--sql] [--keep]
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

from bench import postgres, scenarios
from bench.htmlforms import FormNotFound
from bench.load import (
    LoadError,
    LoadResult,
    WrkSettings,
    cpu_busy,
    ensure_wrk,
    run_wrk,
    wrk_version,
)
from bench.posts import parallel_posts, read_access_log, silent_smtp, summary, timed_posts
from bench.report import kb, ms, ok, section, subsection, table
from bench.server import WORKERS, Environment, Gunicorn, ServerError
from bench.weight import fetch, find_assets, weigh

SQL_WIDTH = 150
NOISY_CPU = 0.2  # share of all CPUs busy with other work before or after the load

# The server that takes form posts: no minimum fill time (the bench posts at once), the rate
# limit keyed on X-Forwarded-For (each visitor sends its own address, so the limit stays on
# and is exercised, but 200 visitors are not one IP), and mail through a server that accepts
# connections and never answers (bench/posts.py silent_smtp).
MAIL_TIMEOUT = 5  # seconds: a post that waits for the mail server takes at least this long
RATE_LIMIT_NOTE = (
    "rate limit on (5/min, 20/h per IP), keyed on X-Forwarded-For "
    "(RATELIMIT_IP_META_KEY=HTTP_X_FORWARDED_FOR); every visitor sends its own address"
)


def form_env(smtp_port: int) -> dict[str, str]:
    return {
        "FORM_MIN_FILL_SECONDS": "0",
        "RATELIMIT_IP_META_KEY": "HTTP_X_FORWARDED_FOR",
        "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port),
        "EMAIL_USE_TLS": "false",
        "EMAIL_TIMEOUT": str(MAIL_TIMEOUT),
    }


COUNT_DATA = """
import json
from django_tasks_db.models import DBTaskResult
from membership.models import MembershipApplication
mails = DBTaskResult.objects.filter(task_path__endswith="send_mail_task", status="READY")
print(json.dumps({
    "applications": MembershipApplication.objects.count(),
    "application_addresses": MembershipApplication.objects.values("email_normalised")
    .distinct().count(),
    "mails_queued": mails.count(),
}))
"""


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
        self.servers: list[Gunicorn] = []  # every server started, stopped in run()'s finally
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
            self.server.stop()  # the pages are done: leave the CPUs to the form posts
            if not self.args.no_posts:
                self.run_posts()
            if not self.args.no_postgres:
                self.run_parallel_signups()
        finally:
            for server in self.servers:
                server.stop()
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
        self.server = self.start_server(Gunicorn(self.environment))
        print(f"gunicorn config.wsgi:application, {WORKERS} workers, at {self.server.base_url}")

    def start_server(self, server: Gunicorn) -> Gunicorn:
        self.servers.append(server)
        server.start()
        return server

    def run_scenario(self, scenario: scenarios.Scenario) -> None:
        section(f"Scenario: {scenario.name}")
        result = self.count_queries(scenario)
        if len(self.queries) == 1:
            print(f"Django settings: {result['settings']}")
        print(f"Content: {result['description']}")
        self.report_queries(result, scenario.max_queries)
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

    def report_queries(self, result: dict, budget: int) -> None:
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
        for page, names in scenarios.QUERY_SAME_CHECKS:
            measured = [name for name in names if name in self.queries]
            counts = [self.queries[name]["pages"][page]["warm"] for name in measured]
            listed = ", ".join(
                f"{count} with {name}" for count, name in zip(counts, measured, strict=True)
            )
            if len(measured) < 2:
                print(f"{page}: not measured in {', '.join(names)}")
                continue
            same = len(set(counts)) == 1
            print(f"{page}: {listed}: " + ("ok, the same" if same else "NOT THE SAME"))
            if not same:
                self.failures.append(f"{page}: SQL queries differ with the content: {listed}")
                for name in measured:
                    self.print_sql(f"{page} with {name}", self.queries[name]["pages"][page])
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

    # -- form posts -----------------------------------------------------------------------------

    def run_posts(self) -> None:
        section("Form posts: a reaction and a membership signup")
        print(
            "Posted as a browser does: GET the page (cookies kept), read the form's hidden fields "
            "(CSRF token; for reactions django_comments' content_type, object_pk, timestamp, "
            "security_hash, reply_to; for signups rendered_at), leave the honeypot empty, fill "
            "in name and email (and the reaction text), POST, expect a 302."
        )
        print(f"Settings for the posts: FORM_MIN_FILL_SECONDS=0; {RATE_LIMIT_NOTE}.")
        self.report_post_queries(self.environment, "SQLite")
        with silent_smtp() as smtp_port:
            print(
                f"\nMail: the site's SMTP server is 127.0.0.1:{smtp_port}, which accepts "
                f"connections and never answers (EMAIL_TIMEOUT={MAIL_TIMEOUT}s): a post that "
                "sent its own mail would wait for it. Production settings queue mail with "
                "django-tasks' DatabaseBackend, so nothing should wait."
            )
            server = self.start_server(
                Gunicorn(
                    self.environment,
                    name="gunicorn-forms",
                    extra_env=form_env(smtp_port),
                    access_log=True,
                )
            )
            print(f"gunicorn (forms) {WORKERS} workers at {server.base_url}, access log on")
            before = self.count_data(self.environment)
            rows, posted = [], 0
            for number, name in enumerate(("reaction", "signup"), start=1):
                post = scenarios.POSTS[name]
                timings = timed_posts(
                    server.base_url,
                    post,
                    scenarios.TIMED_POSTS,
                    server.access_log_path,
                    prefix=number,
                )
                posted += len(timings.results)
                rows.append(self.timed_row(post, timings))
            server.stop()
        subsection(
            f"Server time of one post: {scenarios.TIMED_POSTS} visitors one after another, "
            "each posting once"
        )
        print(
            "server = gunicorn's access log (request in to response out, %(D)s); "
            "client = what the visitor's HTTP client waited over loopback"
        )
        table(["post", "path", "answers", "server time", "client time", "budget"], rows, left=3)
        after = self.count_data(self.environment)
        queued = after["mails_queued"] - before["mails_queued"]
        mail_ok = queued >= posted
        print(
            f"Mails queued by these {posted} posts (django_tasks_db rows, status READY, for "
            f"`manage.py db_worker` to send): {queued}: "
            + ("ok, the mail is only queued" if mail_ok else "NOT AS EXPECTED")
        )
        if not mail_ok:
            self.failures.append(
                f"form posts: {posted} posts queued {queued} mails (expected at least one each)"
            )

    def timed_row(self, post: scenarios.FormPost, timings) -> list[str]:
        wrong = [result for result in timings.results if not result.ok(post.expect)]
        slow = [seconds for seconds in timings.server_seconds if seconds >= MAIL_TIMEOUT]
        if wrong:
            self.failures.append(
                f"{post.name} post: {len(wrong)} of {len(timings.results)} did not answer 302 "
                f"to {post.expect}: " + "; ".join(result.describe() for result in wrong[:3])
            )
        if len(timings.server_seconds) != len(timings.results):
            self.errors.append(
                f"{post.name} post: {len(timings.server_seconds)} access log lines for "
                f"{len(timings.results)} posts"
            )
        if slow:
            self.failures.append(
                f"{post.name} post waited for the mail server: {len(slow)} posts took "
                f">= {MAIL_TIMEOUT}s"
            )
        statuses = sorted({f"{result.status}" for result in timings.results})
        return [
            post.name,
            post.action,
            f"{'/'.join(statuses)} x{len(timings.results)}",
            summary(timings.server_seconds),
            summary(timings.client_seconds),
            f"< {MAIL_TIMEOUT} s: {ok(not slow and not wrong)}",
        ]

    def report_post_queries(
        self, environment: Environment, database: str, *, show_sql: bool = True
    ) -> None:
        output = environment.dir / "post-queries.json"
        environment.run(
            "-m",
            "bench.queries",
            "--posts",
            str(output),
            timeout=300,
            extra_env={"FORM_MIN_FILL_SECONDS": "0"},
        )
        result = json.loads(output.read_text(encoding="utf-8"))
        subsection(f"SQL queries of one post ({database}; Django test client, CSRF checks on)")
        print(
            "first = after a clear of the cache; steady = the next visitor's post. "
            "No budget in the issues for posts (they write); the page budget applies to pages."
        )
        rows = []
        for name, data in result.items():
            post = scenarios.POSTS[name]
            answers = list(zip(data["status"], data["locations"], strict=True))
            good = all(
                status == 302 and location.startswith(post.expect) for status, location in answers
            )
            if not good:
                self.failures.append(
                    f"{name} post ({database}, test client) answered {answers}, "
                    f"expected 302 to {post.expect}"
                )
            transaction_control = sum(
                1
                for sql in data["sql"]
                if sql.split()[0].upper() in {"BEGIN", "COMMIT", "SAVEPOINT", "RELEASE"}
            )
            note = "" if data["steady"] else f" (3rd post: {data['counts'][2]})"
            rows.append(
                [
                    name,
                    data["path"],
                    "/".join(sorted({str(status) for status in data["status"]})),
                    data["cold"],
                    f"{data['warm']}{note}",
                    transaction_control,
                    "ok" if good else "WRONG ANSWER",
                ]
            )
        table(
            ["post", "path", "status", "first", "steady", "of which BEGIN/COMMIT", "answer"],
            rows,
            left=2,
        )
        for name, data in result.items():
            if show_sql or self.args.sql:
                self.print_sql(f"the {name} post", data)

    def count_data(self, environment: Environment) -> dict:
        output = environment.run("manage.py", "shell", "-c", COUNT_DATA)
        return json.loads(output.strip().splitlines()[-1])

    # -- parallel signups on PostgreSQL ----------------------------------------------------------

    def run_parallel_signups(self) -> None:
        count = scenarios.PARALLEL_SIGNUPS
        section(f"PostgreSQL: {count} parallel membership signups")
        try:
            note = postgres.ensure_available()
        except postgres.Unavailable as reason:
            print(f"SKIPPED: {reason}. Not a failure; start PostgreSQL to measure this part.")
            return
        print(note)
        with postgres.throwaway_database() as database_url:
            print(f"Throwaway database {database_url.rsplit('/', 1)[-1]} (dropped afterwards)")
            environment = Environment(database_url=database_url)
            try:
                self.parallel_signups(environment, count)
            finally:
                for server in self.servers:
                    if server.environment is environment:
                        server.stop()
                if self.args.keep:
                    print(f"Kept the PostgreSQL run's files in {environment.dir}")
                else:
                    environment.remove()

    def parallel_signups(self, environment: Environment, count: int) -> None:
        for command, seconds in environment.prepare():
            print(f"manage.py {command:<18} {seconds:5.1f} s")
        post = scenarios.POSTS["signup"]
        with silent_smtp() as smtp_port:
            server = self.start_server(
                Gunicorn(
                    environment,
                    scenarios.PARALLEL_WORKERS,
                    name="gunicorn-postgres",
                    extra_env=form_env(smtp_port),
                    access_log=True,
                )
            )
            print(
                f"gunicorn {server.workers} sync workers at {server.base_url}; "
                f"FORM_MIN_FILL_SECONDS=0; {RATE_LIMIT_NOTE}; mail to a silent SMTP server"
            )
            print(
                f"{count} visitors each GET {post.page} (own cookies, CSRF token, rendered_at "
                f"and X-Forwarded-For), then all {count} POSTs leave at once (a barrier)."
            )
            results, seconds, load_errors = parallel_posts(server.base_url, post, count, prefix=100)
            server.stop()
        server_seconds = read_access_log(server.access_log_path, "POST", post.action)
        wrong = [result for result in results if not result.ok(post.expect)]
        log_errors = [
            line
            for line in server.log_tail(200).splitlines()
            if "Traceback" in line or "Error" in line or "[ERROR]" in line
        ]
        data = self.count_data(environment)
        statuses = {}
        for result in results:
            key = result.error.split(":")[0] if result.error else str(result.status)
            statuses[key] = statuses.get(key, 0) + 1
        rows = [
            ["answers", ", ".join(f"{key} x{number}" for key, number in sorted(statuses.items()))],
            ["302 to the thank-you page", f"{len(results) - len(wrong)} of {count}"],
            ["forms that could not be loaded", str(len(load_errors))],
            [
                "all posts answered within",
                f"{seconds:.2f} s ({len(results) / seconds:.0f} posts/s)",
            ],
            ["server time per post", summary(server_seconds)],
            [
                "client time per post (incl. the wait for a worker)",
                summary([result.seconds for result in results if not result.error]),
            ],
            ["applications stored (manage.py shell)", str(data["applications"])],
            ["distinct addresses among them", str(data["application_addresses"])],
            ["confirmation mails queued", str(data["mails_queued"])],
            ["errors in the gunicorn log", str(len(log_errors))],
        ]
        table(["check", "result"], rows, left=2)
        problems = []
        if load_errors:
            problems.append(
                f"{len(load_errors)} visitors could not load the form: {load_errors[:3]}"
            )
        if wrong:
            problems.append(
                f"{len(wrong)} posts did not answer 302 to {post.expect}: "
                + "; ".join(result.describe() for result in wrong[:3])
            )
        if data["applications"] != count or data["application_addresses"] != count:
            problems.append(
                f"{data['applications']} applications stored ({data['application_addresses']} "
                f"addresses), expected exactly {count}"
            )
        if log_errors:
            problems.append("gunicorn logged errors: " + " | ".join(log_errors[:3]))
        for problem in problems:
            self.failures.append(f"parallel signups on PostgreSQL: {problem}")
        print(
            f"ok: exactly {count} applications, no error"
            if not problems
            else "FAILED: " + "; ".join(problems)
        )
        self.report_post_queries(environment, "PostgreSQL", show_sql=False)

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
                f"ok: every page within its SQL query budget ({scenarios.MAX_QUERIES_PER_PAGE}; "
                f"{scenarios.MAX_QUERIES_PROJECT_WITH_REACTIONS} for the project page with "
                "reactions), no query growth, page weights within budget, posts answered and "
                "their mail queued, parallel signups all stored (unless SKIPPED above)"
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
    parser.add_argument("--no-posts", action="store_true", help="skip the timed form posts")
    parser.add_argument(
        "--no-postgres", action="store_true", help="skip the parallel signups on PostgreSQL"
    )
    parser.add_argument("--sql", action="store_true", help="print the SQL of every page")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    # Turn SIGTERM into SystemExit so the finally clauses stop gunicorn and remove the files.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        return Bench(args).run()
    except (ServerError, LoadError, FormNotFound) as error:
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
