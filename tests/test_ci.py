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
        # As inside tools/with_postgres (the script re-runs itself there when this is unset).
        "KISBOT_TEST_DATABASE_URL": "postgresql://ci-test@127.0.0.1:1/unused",
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


def test_ci_runs_inside_a_throwaway_postgresql(tmp_path: Path) -> None:
    (tmp_path / ".ci").mkdir()
    (tmp_path / "tools").mkdir()
    shutil.copy(ROOT / ".ci" / "run", tmp_path / ".ci" / "run")
    # A stand-in for tools/with_postgres that records that it was asked to wrap the run.
    (tmp_path / "tools" / "with_postgres").write_text(
        '#!/bin/sh\necho "with_postgres $*" > "$CALLS"\nexit 5\n', encoding="utf-8"
    )
    (tmp_path / "tools" / "with_postgres").chmod(0o755)
    calls = tmp_path / "calls"
    done = subprocess.run(  # noqa: S603 - a fixed script, in a temporary copy
        ["/bin/bash", str(tmp_path / ".ci" / "run")],
        env={"PATH": "/usr/bin:/bin", "CALLS": str(calls), "HOME": str(tmp_path)},
        capture_output=True,
        check=False,
        timeout=30,
    )
    assert done.returncode == 5
    assert calls.read_text(encoding="utf-8").startswith("with_postgres ")
    assert calls.read_text(encoding="utf-8").strip().endswith(".ci/run")
