"""A throwaway PostgreSQL database on loopback for the parallel-signup part of the bench.

The local cluster at 127.0.0.1:5432, user postgres (trust authentication, as on the
development machines and in CI). When it does not answer, the bench tries to start Debian's
cluster once (pg_ctlcluster, as root) and otherwise skips the PostgreSQL part: that is not a
failure of the site."""

import contextlib
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

HOST = "127.0.0.1"
PORT = 5432
USER = "postgres"
CONNECT_TIMEOUT = 5


class Unavailable(RuntimeError):
    """PostgreSQL cannot be used here; the message says why."""


def is_ready() -> bool:
    pg_isready = shutil.which("pg_isready")
    if pg_isready is None:
        return _connects()
    done = subprocess.run(
        [pg_isready, "-h", HOST, "-p", str(PORT), "-t", str(CONNECT_TIMEOUT)],
        capture_output=True,
        timeout=CONNECT_TIMEOUT + 5,
    )
    return done.returncode == 0


def _connects() -> bool:
    try:
        with _connect():
            return True
    except Exception:  # noqa: BLE001 - any failure means: not usable
        return False


def start_cluster() -> str:
    """Try to start Debian's cluster (one version under /etc/postgresql); return what was done."""
    versions = (
        sorted(Path("/etc/postgresql").glob("*/main")) if Path("/etc/postgresql").is_dir() else []
    )
    if not versions or shutil.which("pg_ctlcluster") is None or os.geteuid() != 0:
        return "no local cluster to start (needs pg_ctlcluster, /etc/postgresql and root)"
    version = versions[-1].parent.name
    done = subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    said = " ".join((done.stderr + done.stdout).split())
    return f"pg_ctlcluster {version} main start: exit {done.returncode} {said}".strip()


def _connect(database: str = "postgres"):
    import psycopg

    return psycopg.connect(
        host=HOST,
        port=PORT,
        user=USER,
        dbname=database,
        connect_timeout=CONNECT_TIMEOUT,
        autocommit=True,
    )


def ensure_available() -> str:
    """Return a note on how PostgreSQL was found; raise Unavailable when it cannot be used."""
    note = f"PostgreSQL at {HOST}:{PORT}"
    if not is_ready():
        attempt = start_cluster()
        if not is_ready():
            raise Unavailable(f"{note} does not answer ({attempt})")
        note += f" (started: {attempt})"
    try:
        with _connect() as connection:
            version = connection.execute("SHOW server_version").fetchone()[0]
    except Exception as error:  # noqa: BLE001 - e.g. no trust authentication for postgres
        raise Unavailable(f"{note}: cannot connect as {USER}: {error}") from error
    return f"{note}, server {version}"


@contextlib.contextmanager
def throwaway_database() -> Iterator[str]:
    """Create a database with a random name, yield its DATABASE_URL, drop it afterwards
    (WITH (FORCE): connections a killed server left behind do not keep it alive)."""
    name = f"leisurelab_bench_{secrets.token_hex(4)}"
    with _connect() as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{USER}@{HOST}:{PORT}/{name}"
    finally:
        with _connect() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
