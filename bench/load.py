"""Load with wrk (Debian's package): make sure it is there, run it, parse its --latency output."""

import os
import re
import shutil
import subprocess
import time
from dataclasses import dataclass


class LoadError(RuntimeError):
    pass


@dataclass(frozen=True)
class WrkSettings:
    threads: int = 2
    connections: int = 16
    duration: int = 8
    warmup: int = 2

    def describe(self) -> str:
        return (
            f"wrk -t{self.threads} -c{self.connections} -d{self.duration}s --latency, "
            f"after a {self.warmup}s warm-up"
        )


@dataclass(frozen=True)
class LoadResult:
    url: str
    requests_per_second: float
    p50_ms: float
    p99_ms: float
    requests: int
    non_2xx_3xx: int
    socket_errors: str


APT_TIMEOUT = 240  # seconds, per apt-get call


def ensure_wrk() -> str:
    """Return the path of wrk, installing Debian's package when running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() != 0:
        raise LoadError(
            "wrk is not installed and this is not root, so the bench cannot install it.\n"
            "Install it with:  sudo apt-get install -y wrk   (then run `make bench` again)"
        )
    print("wrk is missing: installing Debian's package (apt-get install -y wrk) ...", flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    lock = ["-o", "DPkg::Lock::Timeout=120"]
    install = ["apt-get", "install", "-y", "-q", *lock, "wrk"]
    try:
        done = subprocess.run(install, env=env, capture_output=True, text=True, timeout=APT_TIMEOUT)
        if done.returncode != 0:
            # A fresh machine may have no package lists yet: update them once and retry.
            subprocess.run(
                ["apt-get", "update", "-q", *lock],
                env=env,
                capture_output=True,
                text=True,
                timeout=APT_TIMEOUT,
            )
            done = subprocess.run(
                install, env=env, capture_output=True, text=True, timeout=APT_TIMEOUT
            )
    except subprocess.TimeoutExpired as error:
        raise LoadError(f"apt-get took longer than {APT_TIMEOUT}s: {error.cmd}") from error
    found = shutil.which("wrk")
    if done.returncode != 0 or not found:
        raise LoadError(
            f"apt-get install -y wrk failed:\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
        )
    return found


def wrk_version(wrk: str) -> str:
    # `wrk -v` prints its version and usage, and exits 1.
    done = subprocess.run([wrk, "-v"], capture_output=True, text=True, timeout=10)
    first = (done.stdout or done.stderr).strip().splitlines()
    return first[0] if first else "wrk"


def cpu_busy(seconds: float = 1.0) -> float | None:
    """Share (0..1) of all CPUs busy over `seconds`, from /proc/stat; None where unavailable.

    Sampled while the bench's own processes are idle, it shows how much else is running:
    other work on the machine makes the throughput numbers lower and noisier."""

    def sample() -> tuple[int, int]:
        with open("/proc/stat", encoding="ascii") as stat:
            fields = [int(value) for value in stat.readline().split()[1:]]
        idle = fields[3] + (fields[4] if len(fields) > 4 else 0)  # idle + iowait
        return sum(fields), idle

    try:
        total_before, idle_before = sample()
        time.sleep(seconds)
        total_after, idle_after = sample()
    except (OSError, ValueError, IndexError):
        return None
    total = total_after - total_before
    return None if total <= 0 else 1 - (idle_after - idle_before) / total


UNITS_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def to_ms(value: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", value.strip())
    if not match:
        raise LoadError(f"cannot read wrk latency {value!r}")
    return float(match.group(1)) * UNITS_MS[match.group(2)]


def parse_wrk(url: str, output: str) -> LoadResult:
    def find(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output, re.MULTILINE)
        if match:
            return match.group(1)
        if default is not None:
            return default
        raise LoadError(f"cannot find {pattern!r} in wrk output:\n{output}")

    return LoadResult(
        url=url,
        requests_per_second=float(find(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=to_ms(find(r"^\s+50%\s+(\S+)")),
        p99_ms=to_ms(find(r"^\s+99%\s+(\S+)")),
        requests=int(find(r"^\s+(\d+) requests in")),
        non_2xx_3xx=int(find(r"Non-2xx or 3xx responses:\s+(\d+)", "0")),
        socket_errors=find(r"Socket errors:\s+(.+)$", "").strip(),
    )


def run_wrk(wrk: str, url: str, settings: WrkSettings) -> LoadResult:
    base = [wrk, f"-t{settings.threads}", f"-c{settings.connections}"]
    if settings.warmup > 0:
        subprocess.run(
            [*base, f"-d{settings.warmup}s", url],
            capture_output=True,
            timeout=settings.warmup + 30,
            check=True,
        )
    done = subprocess.run(
        [*base, f"-d{settings.duration}s", "--latency", url],
        capture_output=True,
        text=True,
        timeout=settings.duration + 30,
    )
    if done.returncode != 0:
        raise LoadError(f"wrk failed for {url}:\n{done.stdout}{done.stderr}")
    return parse_wrk(url, done.stdout)
