"""The CI entry point sets its own mode, and the system-package step fails loudly under it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
BASH = shutil.which("bash") or "/bin/bash"


def test_ci_run_sets_ci_itself() -> None:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    exports = [i for i, line in enumerate(lines) if line.strip() == "export CI=true"]
    tests = [i for i, line in enumerate(lines) if line.strip() == "make test"]
    assert exports
    assert tests
    assert exports[0] < tests[0]  # set before the tests run


def _fake_bin(tmp_path: Path, *, uid: int, apt_status: int) -> Path:
    """A PATH with no chromium and no libharfbuzz-subset0 (dpkg says not installed),
    ``id -u`` printing ``uid`` and an apt-get that exits with ``apt_status``."""
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    fakes = {
        "dpkg": "exit 1",
        "id": f"echo {uid}",
        "apt-get": f"exit {apt_status}",
    }
    for name, body in fakes.items():
        path = bin_ / name
        path.write_text(f"#!{BASH}\n{body}\n", encoding="utf-8")
        path.chmod(0o755)
    return bin_


def _system_deps(bin_: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(bin_)}
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [BASH, str(ROOT / "scripts" / "system-deps.sh")],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


@pytest.mark.parametrize(("uid", "apt_status"), [(1000, 0), (0, 100)], ids=["not-root", "apt"])
def test_system_deps_fails_loudly_under_ci(tmp_path: Path, uid: int, apt_status: int) -> None:
    bin_ = _fake_bin(tmp_path, uid=uid, apt_status=apt_status)
    under_ci = _system_deps(bin_, "true")
    assert under_ci.returncode == 1
    assert "CI is set" in under_ci.stderr
    assert "chromium" in under_ci.stderr
    assert "libharfbuzz-subset0" in under_ci.stderr
    # a developer without root is told what to do, and the tests go on (browser tests skip)
    by_hand = _system_deps(bin_, None)
    assert by_hand.returncode == 0, by_hand.stderr
    assert "chromium" in by_hand.stderr
    assert "CI is set" not in by_hand.stderr


def test_system_deps_passes_when_everything_is_there(tmp_path: Path) -> None:
    bin_ = tmp_path / "bin"
    bin_.mkdir()
    for name in ("dpkg", "chromium"):
        (bin_ / name).write_text(f"#!{BASH}\nexit 0\n", encoding="utf-8")
        (bin_ / name).chmod(0o755)
    done = _system_deps(bin_, "true")
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
