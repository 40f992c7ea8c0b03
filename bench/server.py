"""The throwaway environment: a temporary VAR_DIR with its own SQLite database, media and
collected static files, production settings with DEBUG off, and gunicorn on loopback."""

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
WORKERS = 2
STARTUP_TIMEOUT = 30  # seconds for gunicorn to answer
COMMAND_TIMEOUT = 120  # seconds for one manage.py command
PASSTHROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TMPDIR", "TERM")
ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s"  # method, path, status, microseconds


class ServerError(RuntimeError):
    pass


class Environment:
    """A temporary directory and the environment variables that point the site at it."""

    def __init__(self, database_url: str = ""):
        self.dir = Path(tempfile.mkdtemp(prefix="leisurelab-bench-"))
        # Only what a process needs to run: settings must not leak in from the caller's shell
        # (a DATABASE_URL or REDIS_URL there would point the bench, and its cache clears, at a
        # real database or cache).
        passed = {name: os.environ[name] for name in PASSTHROUGH if name in os.environ}
        self.env = {
            **passed,
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DEBUG": "false",
            "SECURE_SSL_REDIRECT": "false",
            "SECURE_COOKIES": "false",
            "VAR_DIR": str(self.dir),
            "STATIC_ROOT": str(self.dir / "static"),
            "MEDIA_ROOT": str(self.dir / "media"),
            "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
            "LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
            # One process on SQLite and a file cache, which production allows only so.
            "SINGLE_NODE": "true",
            "COMMENTS_XTD_SALT": secrets.token_urlsafe(20),
            # gunicorn.conf.py in the repo root is read by gunicorn; no access log unless asked.
            "GUNICORN_ACCESS_LOG": "",
        }
        if database_url:  # otherwise SQLite in the temporary directory
            self.env["DATABASE_URL"] = database_url

    @property
    def database(self) -> Path:
        return self.dir / "db.sqlite3"

    def run(self, *args: str, timeout: int = COMMAND_TIMEOUT, extra_env: dict | None = None) -> str:
        """Run a Python command (e.g. "manage.py", "migrate") in the repo with this environment
        (plus extra_env); raise with its output when it fails."""
        done = subprocess.run(
            [PYTHON, *args],
            cwd=ROOT,
            env={**self.env, **(extra_env or {})},
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise ServerError(
                f"`python {' '.join(args)}` failed ({done.returncode}):\n"
                f"{done.stdout[-3000:]}{done.stderr[-3000:]}"
            )
        return done.stdout

    def prepare(self) -> list[tuple[str, float]]:
        """migrate, load_demo_content and collectstatic; returns the seconds each took."""
        timings = []
        for command in (
            ["migrate", "--no-input", "-v0"],
            ["load_demo_content"],
            ["collectstatic", "--no-input", "-v0"],
        ):
            started = time.monotonic()
            self.run("manage.py", *command)
            timings.append((command[0], time.monotonic() - started))
        return timings

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def no_control_socket() -> list[str]:
    """gunicorn 27 opens a control socket under ~/.gunicorn/ unless told not to; a bench server
    must not take over (or trip on) the socket of another gunicorn on the machine."""
    try:
        from gunicorn.config import KNOWN_SETTINGS
    except ImportError:
        return []
    names = {setting.name for setting in KNOWN_SETTINGS}
    return ["--no-control-socket"] if "control_socket_disable" in names else []


class Gunicorn:
    """gunicorn serving config.wsgi:application in its own process group.

    extra_env adds settings for this server only; with access_log, each request is logged to
    `access_log_path` as "METHOD PATH STATUS MICROSECONDS" (bench/posts.py reads it). Keep it
    off for servers under wrk: writing a line per request would slow them down."""

    def __init__(
        self,
        environment: Environment,
        workers: int = WORKERS,
        *,
        name: str = "gunicorn",
        extra_env: dict | None = None,
        access_log: bool = False,
    ):
        self.environment = environment
        self.workers = workers
        self.extra_env = extra_env or {}
        self.port = free_port()
        self.log = environment.dir / f"{name}.log"
        self.access_log_path = environment.dir / f"{name}-access.log" if access_log else None
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        command = [
            PYTHON,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"{HOST}:{self.port}",
            "--workers",
            str(self.workers),
            "--log-level",
            "warning",
            "--error-logfile",
            str(self.log),
            "--graceful-timeout",
            "5",
            *no_control_socket(),
        ]
        if self.access_log_path is not None:
            command += [
                "--access-logfile",
                str(self.access_log_path),
                "--access-logformat",
                ACCESS_LOG_FORMAT,
            ]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env={**self.environment.env, **self.extra_env},
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so stop() reaches the workers
        )
        self.wait_until_ready()

    def log_tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no gunicorn log)"

    def wait_until_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ServerError(
                    f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                with urllib.request.urlopen(self.base_url + "/", timeout=5) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        raise ServerError(f"gunicorn did not answer within {STARTUP_TIMEOUT}s:\n{self.log_tail()}")

    def stop(self) -> None:
        """SIGTERM the whole process group (arbiter and workers), SIGKILL what is left."""
        if self.process is None:
            return
        group = self.process.pid  # start_new_session made the arbiter its group's leader
        with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(group, signal.SIGTERM)
            self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(group, signal.SIGKILL)  # whatever outlived the SIGTERM, workers included
        if self.process.poll() is None:
            self.process.wait(timeout=5)
        self.process = None
