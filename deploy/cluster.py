"""`make cluster`: the production topology on one machine, on loopback only (docs/deploy.md).

    python deploy/cluster.py start        # everything below, then print the front URL
    python deploy/cluster.py stop         # stop exactly what start started (by pid)
    python deploy/cluster.py status
    python deploy/cluster.py stop-node a | start-node a     # the cluster tests use these
    python deploy/cluster.py stop-postgres | start-postgres | stop-redis | start-redis

What runs, each process in its own process group with its pid under var/cluster/:

    Varnish :18080  ->  gunicorn node a :18001 ┐
                        gunicorn node b :18002 ┴-> PostgreSQL :15432 (database ll_cluster)
                        db_worker              ┘   Redis :16379 (db 1)
                                                   moto_server :18090 (S3, bucket ll-media)

PostgreSQL and Redis are private instances of the machine's engines, under var/cluster/ and on
their own ports: the cluster tests stop and start them, which must never touch the database or
cache anyone else on the machine uses. Varnish comes from Debian's package (installed here when
missing and run as root), moto from requirements.lock.
"""

import contextlib
import hashlib
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VAR = ROOT / "var" / "cluster"
BIN = ROOT / ".venv" / "bin"
PYTHON = str(BIN / "python")
HOST = "127.0.0.1"
# Below Linux's ephemeral range (32768-60999): a port there can be taken for a moment by any
# outgoing connection on the machine, and then PostgreSQL or Varnish cannot bind it.
PORTS = {
    "postgres": 15432,
    "redis": 16379,
    "a": 18001,
    "b": 18002,
    "varnish": 18080,
    "varnish-admin": 18081,
    "s3": 18090,
}
NODES = ("a", "b")
DATABASE = "ll_cluster"
BUCKET = "ll-media"
FRONT_URL = f"http://{HOST}:{PORTS['varnish']}"
ADMIN_USERNAME = "cluster-admin"
STARTUP_TIMEOUT = 60  # seconds for one process to answer
# What /proc/<pid>/cmdline must contain before a pid from a pidfile is signalled: a stale
# pidfile must never stop a process that merely got the same number.
COMMAND_MARKERS = {
    "redis": "redis-server",
    "s3": "moto_server",
    "a": "gunicorn",
    "b": "gunicorn",
    "worker": "db_worker",
    "varnish": "varnishd",
}


class ClusterError(RuntimeError):
    pass


def say(message: str) -> None:
    print(f"cluster: {message}", flush=True)


# --- state ----------------------------------------------------------------------------------


def secret(name: str) -> str:
    path = VAR / name
    if not path.exists():
        path.write_text(secrets.token_urlsafe(40))
        path.chmod(0o600)
    return path.read_text().strip()


def pidfile(name: str) -> Path:
    return VAR / f"{name}.pid"


def read_pid(name: str) -> int | None:
    try:
        return int(pidfile(name).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def ours(name: str, pid: int) -> bool:
    """The pid is alive and is the program we started under that name."""
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return False
    return COMMAND_MARKERS[name] in cmdline


def running(name: str) -> int | None:
    pid = read_pid(name)
    return pid if pid and ours(name, pid) else None


def environment() -> dict[str, str]:
    """The production settings of every app node and the worker, all on loopback."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    return {
        **{name: os.environ[name] for name in keep if name in os.environ},
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "PYTHONUNBUFFERED": "1",
        "SECRET_KEY": secret("secret-key"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": FRONT_URL,
        "WAGTAILADMIN_BASE_URL": FRONT_URL,
        "DATABASE_URL": f"postgres://postgres@{HOST}:{PORTS['postgres']}/{DATABASE}",
        "REDIS_URL": f"redis://{HOST}:{PORTS['redis']}/1",
        "VAR_DIR": str(VAR / "node"),
        "STATIC_ROOT": str(VAR / "static"),
        "AWS_STORAGE_BUCKET_NAME": BUCKET,
        "AWS_S3_ENDPOINT_URL": f"http://{HOST}:{PORTS['s3']}",
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_ACCESS_KEY_ID": "cluster",
        "AWS_SECRET_ACCESS_KEY": "cluster-secret",
        "VARNISH_URLS": FRONT_URL,
        # Behind Varnish, which appends the client's address to X-Forwarded-For.
        "TRUSTED_PROXY_COUNT": "1",
        # Plain HTTP on loopback.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        # Every client here is 127.0.0.1: per-address limits would only measure themselves.
        "RATELIMIT_ENABLE": "false",
        # Scripted visitors wait this long between showing and sending a form.
        "FORM_MIN_FILL_SECONDS": "1",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "LOG_LEVEL": "WARNING",
    }


def wait_for(what: str, check, timeout: float = STARTUP_TIMEOUT) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.2)
    raise ClusterError(f"{what} did not come up within {timeout:.0f}s (logs in {VAR})")


def http_status(url: str, timeout: float = 2) -> int:
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 - loopback
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def spawn(name: str, command: list[str], env: dict | None = None) -> int:
    """Start a process in its own session (so its group can be stopped as one), logging to
    var/cluster/<name>.log, and write its pid."""
    log = (VAR / f"{name}.log").open("ab")
    process = subprocess.Popen(  # noqa: S603 - our own command lines
        command,
        cwd=ROOT,
        env=env or environment(),
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    pidfile(name).write_text(str(process.pid))
    return process.pid


def group_alive(pgid: int) -> bool:
    """Some process of the group is still there (the leader's workers or children too)."""
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie leader of our own counts as gone.
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pgid, os.WNOHANG)
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_process(name: str, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
    pid = running(name)
    if pid is None:
        pidfile(name).unlink(missing_ok=True)
        return
    # Each process was started as the leader of its own group: the group holds its workers.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, sig)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and group_alive(pid):
        time.sleep(0.1)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
    if group_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)
        while group_alive(pid):  # until its sockets are free for a restart
            time.sleep(0.1)
    pidfile(name).unlink(missing_ok=True)
    say(f"stopped {name} (pid {pid})")


def manage(*args: str, timeout: int = 600) -> str:
    done = subprocess.run(  # noqa: S603
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=environment(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if done.returncode != 0:
        raise ClusterError(f"manage.py {' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


# --- PostgreSQL: a private instance under var/cluster/postgres --------------------------------


def postgres_bin(program: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{program}"))
    if found:
        return str(found[-1])
    path = shutil.which(program)
    if not path:
        raise ClusterError(f"{program} not found: install PostgreSQL (apt-get install postgresql)")
    return path


def as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: run its programs as the postgres user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *command]
    return command


def postgres_data() -> Path:
    """var/cluster/postgres, unless the postgres user (when we are root) cannot reach it, as
    in a checkout under a private home directory: then a directory of this checkout's own
    under /var/tmp."""
    data = VAR / "postgres"
    if os.geteuid() != 0 or (data / "PG_VERSION").exists():
        return data
    reachable = subprocess.run(  # noqa: S603
        as_postgres(["test", "-x", str(VAR)]), check=False, capture_output=True
    )
    if reachable.returncode == 0:
        return data
    digest = hashlib.sha256(str(ROOT).encode()).hexdigest()[:12]
    # A fixed name per checkout, made by root and handed to postgres (0700) before use.
    return Path("/var/tmp") / f"leisurelab-cluster-{digest}" / "postgres"  # noqa: S108


def postgres_ready() -> bool:
    done = subprocess.run(  # noqa: S603
        [postgres_bin("pg_isready"), "-q", "-h", HOST, "-p", str(PORTS["postgres"])],
        check=False,
    )
    return done.returncode == 0


def start_postgres() -> None:
    data = postgres_data()
    if postgres_ready():
        return
    if not (data / "PG_VERSION").exists():
        data.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(data, "postgres", "postgres")
            data.chmod(0o700)
        subprocess.run(  # noqa: S603
            as_postgres([postgres_bin("initdb"), "-D", str(data), "-U", "postgres", "-A", "trust"]),
            check=True,
            capture_output=True,
        )
    log = data.parent / "postgres.log"
    log.touch()
    if os.geteuid() == 0:
        shutil.chown(log, "postgres", "postgres")
    options = (
        f"-p {PORTS['postgres']} -c listen_addresses={HOST} -k {data} "
        "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200"
    )
    subprocess.run(  # noqa: S603
        as_postgres(
            [postgres_bin("pg_ctl"), "-D", str(data), "-l", str(log), "-o", options, "-w", "start"]
        ),
        check=True,
        capture_output=True,
    )
    wait_for("PostgreSQL", postgres_ready)
    say(f"PostgreSQL on {HOST}:{PORTS['postgres']}")


def stop_postgres() -> None:
    data = postgres_data()
    if not (data / "postmaster.pid").exists():
        return
    subprocess.run(  # noqa: S603
        as_postgres([postgres_bin("pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"]),
        check=False,
        capture_output=True,
    )
    say("stopped PostgreSQL")


def ensure_database() -> None:
    psql = [postgres_bin("psql"), "-h", HOST, "-p", str(PORTS["postgres"]), "-U", "postgres"]
    exists = subprocess.run(  # noqa: S603
        [*psql, "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE}'"],  # noqa: S608 - a constant
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        subprocess.run([*psql, "-qc", f"CREATE DATABASE {DATABASE}"], check=True)  # noqa: S603


# --- Redis, moto, Varnish, the app nodes and the worker ---------------------------------------


def redis_ready() -> bool:
    done = subprocess.run(
        ["redis-cli", "-h", HOST, "-p", str(PORTS["redis"]), "ping"],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    return done.stdout.strip() == "PONG"


def start_redis() -> None:
    if running("redis"):
        return
    server = shutil.which("redis-server")
    if not server:
        raise ClusterError("redis-server not found: install Redis (apt-get install redis-server)")
    spawn(
        "redis",
        [
            server,
            "--port",
            str(PORTS["redis"]),
            "--bind",
            HOST,
            "--save",
            "",
            "--appendonly",
            "no",
            "--dir",
            str(VAR),
        ],
    )
    wait_for("Redis", redis_ready)
    say(f"Redis on {HOST}:{PORTS['redis']}")


def start_s3() -> None:
    if not running("s3"):
        spawn("s3", [str(BIN / "moto_server"), "-H", HOST, "-p", str(PORTS["s3"])])
    wait_for("moto_server", lambda: http_status(f"http://{HOST}:{PORTS['s3']}/") < 500)
    import boto3

    env = environment()
    client = boto3.client(
        "s3",
        endpoint_url=env["AWS_S3_ENDPOINT_URL"],
        region_name=env["AWS_S3_REGION_NAME"],
        aws_access_key_id=env["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=env["AWS_SECRET_ACCESS_KEY"],
    )
    names = {bucket["Name"] for bucket in client.list_buckets().get("Buckets", [])}
    if BUCKET not in names:
        client.create_bucket(Bucket=BUCKET)
    # Media are public, as on the production bucket (docs/deploy.md): anyone may read objects.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    say(f"S3 (moto_server) on {HOST}:{PORTS['s3']}, bucket {BUCKET}")


def start_node(name: str) -> None:
    if running(name):
        return
    port = PORTS[name]
    spawn(
        name,
        [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "config.wsgi:application"],
        env={
            **environment(),
            "GUNICORN_BIND": f"{HOST}:{port}",
            "GUNICORN_WORKERS": os.environ.get("CLUSTER_WORKERS", "2"),
            "GUNICORN_THREADS": os.environ.get("CLUSTER_THREADS", "4"),
            "GUNICORN_ACCESS_LOG": str(VAR / f"{name}-access.log"),
            "GUNICORN_LOG_LEVEL": "warning",
        },
    )
    wait_for(f"app node {name}", lambda: http_status(f"http://{HOST}:{port}/gezond/") == 200)
    say(f"app node {name} (gunicorn) on {HOST}:{port}")


def start_worker() -> None:
    if running("worker"):
        return
    # A short interval: Wagtail's purges run as tasks, and an edit should show within a second.
    # db_worker exits when the database goes away; like systemd's Restart=always in production
    # (docs/deploy.md), a loop starts it again.
    worker = f"{PYTHON} manage.py db_worker --interval 0.1 --no-startup-delay"
    spawn("worker", ["/bin/sh", "-c", f"while :; do {worker}; sleep 1; done"])
    say("db_worker started")


def ensure_varnish() -> str:
    varnishd = shutil.which("varnishd") or "/usr/sbin/varnishd"
    if Path(varnishd).exists():
        return varnishd
    if os.geteuid() != 0:
        raise ClusterError("varnishd not found: run `apt-get install varnish` as root")
    say("installing Debian's varnish")
    subprocess.run(["apt-get", "update", "-qq"], check=True)  # noqa: S607
    subprocess.run(  # noqa: S607
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "varnish"],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )
    return shutil.which("varnishd") or "/usr/sbin/varnishd"


def write_backends(path: Path) -> None:
    """The environment-specific part of the VCL (see deploy/varnish/backends.vcl.example)."""
    backends = "".join(
        f"""
backend node_{name} {{
    .host = "{HOST}";
    .port = "{PORTS[name]}";
    .probe = health;
    .connect_timeout = 1s;
    .first_byte_timeout = 35s;
    .between_bytes_timeout = 10s;
}}
"""
        for name in NODES
    )
    adds = "".join(f"    app.add_backend(node_{name});\n" for name in NODES)
    path.write_text(
        f"""# Written by deploy/cluster.py for `make cluster`; do not edit.
probe health {{
    .request =
        "GET /gezond/ HTTP/1.1"
        "Host: localhost"
        "User-Agent: varnish-probe"
        "Connection: close";
    .interval = 1s;
    .timeout = 5s;
    .window = 4;
    .threshold = 2;
    .initial = 2;
}}
{backends}
acl purgers {{
    "{HOST}";
}}

sub vcl_init {{
    new app = directors.round_robin();
{adds}}}
"""
    )


def start_varnish() -> None:
    if running("varnish"):
        return
    varnishd = ensure_varnish()
    workdir = VAR / "varnish"
    workdir.mkdir(exist_ok=True)
    write_backends(workdir / "backends.vcl")
    spawn(
        "varnish",
        [
            varnishd,
            "-F",
            "-n",
            str(workdir / "instance"),
            "-a",
            f"{HOST}:{PORTS['varnish']}",
            "-T",
            f"{HOST}:{PORTS['varnish-admin']}",
            "-f",
            str(ROOT / "deploy" / "varnish" / "default.vcl"),
            "-p",
            f"vcl_path={workdir}:{ROOT / 'deploy' / 'varnish'}",
            "-s",
            "malloc,256m",
            # Below gunicorn's keepalive (5 s): Varnish must never reuse a connection that
            # gunicorn is closing, or a request fails with "HTC eof".
            "-p",
            "backend_idle_timeout=3",
        ],
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
    )
    wait_for("Varnish", lambda: http_status(f"{FRONT_URL}/gezond/") == 200)
    say(f"Varnish on {FRONT_URL}")


# --- the whole cluster ----------------------------------------------------------------------


def ensure_admin() -> str:
    password = secret("admin-password")
    manage(
        "shell",
        "-c",
        "from django.contrib.auth import get_user_model; User = get_user_model(); "
        f"user, _ = User.objects.get_or_create(username={ADMIN_USERNAME!r}); "
        "user.is_staff = user.is_superuser = True; "
        f"user.set_password({password!r}); user.save()",
    )
    return password


def start() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    (VAR / "node").mkdir(exist_ok=True)
    start_postgres()
    ensure_database()
    start_redis()
    start_s3()
    say("migrating, collecting static files, loading the demo content")
    manage("migrate", "--no-input", "-v0")
    manage("collectstatic", "--no-input", "-v0")
    manage("load_demo_content")
    password = ensure_admin()
    for name in NODES:
        start_node(name)
    start_worker()
    start_varnish()
    (VAR / "state.json").write_text(
        json.dumps(
            {"front": FRONT_URL, "ports": PORTS, "admin": [ADMIN_USERNAME, password]}, indent=2
        )
    )
    print(
        f"\nThe cluster runs. Front (Varnish): {FRONT_URL}/\n"
        f"  app nodes: http://{HOST}:{PORTS['a']}/ and http://{HOST}:{PORTS['b']}/\n"
        f"  admin: {FRONT_URL}/admin/ as {ADMIN_USERNAME} / {password}\n"
        f"  logs and pids: {VAR}/\n"
        "Stop it with: make cluster-stop"
    )


def stop() -> None:
    for name in ("varnish", "worker", *NODES, "s3", "redis"):
        stop_process(name)
    stop_postgres()
    (VAR / "state.json").unlink(missing_ok=True)


def status() -> int:
    down = 0
    for name in ("varnish", *NODES, "worker", "s3", "redis"):
        pid = running(name)
        down += pid is None
        print(f"{name:8} {'pid ' + str(pid) if pid else 'not running'}")
    pg = postgres_ready()
    down += not pg
    print(f"{'postgres':8} {'ready' if pg else 'not running'}")
    return 1 if down else 0


def main(argv: list[str]) -> int:
    command, *rest = argv or ["status"]
    actions = {
        "start": start,
        "stop": stop,
        "stop-postgres": stop_postgres,
        "start-postgres": start_postgres,
        "stop-redis": lambda: stop_process("redis"),
        "start-redis": start_redis,
        # SIGKILL: a node that dies, not one that shuts down politely.
        "stop-node": lambda: stop_process(rest[0], signal.SIGKILL),
        "start-node": lambda: start_node(rest[0]),
        "stop-worker": lambda: stop_process("worker"),
        "start-worker": start_worker,
    }
    if command == "status":
        return status()
    if command not in actions:
        print(__doc__)
        return 2
    try:
        actions[command]()
    except (ClusterError, subprocess.CalledProcessError) as error:
        print(f"cluster: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
