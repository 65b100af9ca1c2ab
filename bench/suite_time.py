"""How long the README's test command takes: `python -m bench.suite_time`.

Runs `python -m pytest` (the test half of the README's command; the install is not timed) in
a fresh process from the repository root and prints the wall time, pytest's summary line and
the machine's load averages before and after, since other work on the machine shows in the
figure. `--runs N` repeats it; `-- ARGS` passes ARGS to pytest (e.g. --basetemp).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def one_run(extra: list[str]) -> tuple[float, str]:
    """Wall seconds and pytest's last line."""
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed arguments
        [sys.executable, "-m", "pytest", "-q", *extra],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.monotonic() - started
    lines = [line for line in done.stdout.splitlines() if line.strip()]
    return wall, lines[-1] if lines else f"exit {done.returncode}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    print(f"cores: {os.cpu_count()}, python {sys.version.split()[0]}")
    for run in range(1, args.runs + 1):
        before = os.getloadavg()
        wall, summary = one_run(args.pytest_args)
        after = os.getloadavg()
        print(
            f"run {run}: {wall:.1f} s wall; {summary}; load average before "
            f"{before[0]:.2f}, after {after[0]:.2f}"
        )


if __name__ == "__main__":
    main()
