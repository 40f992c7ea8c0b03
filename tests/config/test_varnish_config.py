"""deploy/varnish/default.vcl compiles, with the production example of backends.vcl and with
the one `make cluster` writes (varnishd -C: the same check an operator runs before a reload)."""

import shutil
import subprocess
from pathlib import Path

import pytest

from deploy import cluster

VARNISH = Path(__file__).resolve().parents[2] / "deploy" / "varnish"
varnishd = shutil.which("varnishd") or (
    "/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None
)
needs_varnish = pytest.mark.skipif(
    varnishd is None, reason="varnishd is not installed (make cluster installs Debian's varnish)"
)


def compile_vcl(backends: Path, workdir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603
        [
            varnishd,
            "-C",
            # No privilege separation: pytest's temporary directory is private to this user.
            "-j",
            "none",
            "-n",
            str(workdir / "instance"),
            "-f",
            str(VARNISH / "default.vcl"),
            "-p",
            f"vcl_path={backends.parent}:{VARNISH}",
        ],
        capture_output=True,
        text=True,
        timeout=60,
    )


@needs_varnish
class VarnishConfigTests:
    def test_compiles_with_the_production_example(self, tmp_path):
        shutil.copy(VARNISH / "backends.vcl.example", tmp_path / "backends.vcl")
        result = compile_vcl(tmp_path / "backends.vcl", tmp_path)
        assert result.returncode == 0, result.stderr[-3000:]
        # The generated C names the probe URL and the grace.
        assert "/gezond/" in result.stderr

    def test_compiles_with_the_cluster_backends(self, tmp_path):
        cluster.write_backends(tmp_path / "backends.vcl")
        result = compile_vcl(tmp_path / "backends.vcl", tmp_path)
        assert result.returncode == 0, result.stderr[-3000:]

    def test_a_broken_backends_file_is_refused(self, tmp_path):
        (tmp_path / "backends.vcl").write_text("backend app1 { .host = ; }\n")
        assert compile_vcl(tmp_path / "backends.vcl", tmp_path).returncode != 0
