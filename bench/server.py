"""The throwaway environment (a temporary VAR_DIR with its own SQLite database, media and
static files, production settings with DEBUG off) and gunicorn on loopback."""

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
HOST = "127.0.0.1"
WORKERS = 2
# Only what a process needs: a DATABASE_URL or REDIS_URL in the caller's shell must not point
# the bench (and its cache clears) at a real database or cache.
PASSTHROUGH = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")


class BenchError(RuntimeError):
    """The bench itself could not measure (exit 2)."""


class Environment:
    def __init__(self):
        self.dir = Path(tempfile.mkdtemp(prefix="leisurelab-bench-"))
        self.env = {
            **{name: os.environ[name] for name in PASSTHROUGH if name in os.environ},
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": f"{HOST},localhost",
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
            # gunicorn.conf.py in the repo root is read by gunicorn; no access log unless asked.
            "GUNICORN_ACCESS_LOG": "",
        }

    def run(self, *args: str, timeout: int = 300) -> str:
        """`python *args` in the repository with this environment; its stdout."""
        done = subprocess.run(
            [sys.executable, *args],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        if done.returncode != 0:
            raise BenchError(f"`python {' '.join(args)}` failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def remove(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Gunicorn:
    """config.wsgi under gunicorn in its own process group; extra_env for this server only.
    With access_log, each request is logged as "METHOD PATH STATUS MICROSECONDS" (keep it off
    under wrk: a line per request slows the server down)."""

    def __init__(self, environment: Environment, *, extra_env=None, access_log=False):
        self.environment = environment
        self.env = {**environment.env, **(extra_env or {})}
        self.port = free_port()
        self.base_url = f"http://{HOST}:{self.port}"
        self.log = environment.dir / f"gunicorn-{self.port}.log"
        self.access_log = environment.dir / f"access-{self.port}.log" if access_log else None
        self.process = None

    def __enter__(self):
        command = [
            *(sys.executable, "-m", "gunicorn", "config.wsgi:application"),
            *("--bind", f"{HOST}:{self.port}", "--workers", str(WORKERS)),
            *("--log-level", "warning", "--error-logfile", str(self.log)),
            "--no-control-socket",  # gunicorn 27 would share one under ~/.gunicorn/
        ]
        if self.access_log:
            command += ["--access-logfile", str(self.access_log)]
            command += ["--access-logformat", "%(m)s %(U)s %(s)s %(D)s"]
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=self.env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group: stop() reaches the workers
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise BenchError(f"gunicorn exited:\n{self.log.read_text(errors='replace')}")
            with (
                contextlib.suppress(urllib.error.URLError, ConnectionError, TimeoutError),
                urllib.request.urlopen(self.base_url + "/", timeout=5),
            ):
                return self
            time.sleep(0.2)
        raise BenchError("gunicorn did not answer within 30 s")

    def __exit__(self, *exc_info):
        """SIGTERM the whole process group, then SIGKILL whatever is left."""
        with contextlib.suppress(ProcessLookupError, subprocess.TimeoutExpired):
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=10)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=5)
