""".ci/run fails when any step fails (the install included) and nothing exported changes it."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Stands in for python, apt-get and sudo: records its arguments (and PYTEST_ADDOPTS), and fails
# for the command named in FAIL.
FAKE = """#!/bin/sh
echo "$(basename "$0") $* [${PYTEST_ADDOPTS:-}]" >> "$CALLS"
case "$*" in "$FAIL"*) exit 3 ;; esac
exit 0
"""


def run_ci(tmp_path: Path, fail: str) -> tuple[int, list[str]]:
    """A copy of .ci/run with fake tools first on PATH; its exit code and the calls made."""
    (tmp_path / ".ci").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    tools = tmp_path / "bin"
    tools.mkdir()
    for name in ("python", "apt-get", "sudo"):
        (tools / name).write_text(FAKE, encoding="utf-8")
        (tools / name).chmod(0o755)
    calls = tmp_path / "calls"
    env = {
        "PATH": f"{tools}:/usr/bin:/bin",
        "CALLS": str(calls),
        "FAIL": fail,
        "PYTEST_ADDOPTS": "--update-golden",
        "HOME": str(tmp_path),
    }
    done = subprocess.run(  # noqa: S603 - a fixed script, in a temporary copy
        ["/bin/bash", str(tmp_path / ".ci" / "run")],
        env=env,
        capture_output=True,
        check=False,
        timeout=30,
    )
    lines = calls.read_text(encoding="utf-8").splitlines() if calls.exists() else []
    return done.returncode, [line for line in lines if line.startswith("python")]


def test_a_failed_install_fails_ci_and_runs_nothing_else(tmp_path: Path) -> None:
    code, calls = run_ci(tmp_path, fail="-m pip")
    assert code == 3
    assert calls == ["python -m pip install -e .[test] []"]


def test_every_step_runs_in_order_without_options_from_outside(tmp_path: Path) -> None:
    code, calls = run_ci(tmp_path, fail="nothing fails")
    assert code == 0
    assert calls == [
        "python -m pip install -e .[test] []",
        "python -m pytest []",
        "python -m ruff check . []",
        "python -m ruff format --check . []",
        "python -m mypy []",
    ]


def test_failing_tests_fail_ci(tmp_path: Path) -> None:
    code, calls = run_ci(tmp_path, fail="-m pytest")
    assert code == 3
    assert calls[-1] == "python -m pytest []"
