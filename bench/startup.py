"""How long importing the bot takes, and which heavy libraries it loads:
`python -m bench.startup [--runs N] [--root DIR]`.

Each run is a fresh interpreter that imports `bot.app` and `bot.cli` (what `kisbot run` loads
before it answers anyone); the wall time includes the interpreter's own start, printed first
as a baseline (`python -c pass`). `--root` measures another checkout (e.g. an older commit
unpacked with `git archive`).
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEAVY = ("matplotlib", "PIL", "docxtpl", "docx", "openpyxl", "qrcode")
PROBE = f"import sys, bot.app, bot.cli; print(','.join(m for m in {HEAVY!r} if m in sys.modules))"


def _timed(code: str, root: Path) -> tuple[float, str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    started = time.monotonic()
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], cwd=root, env=env, capture_output=True, text=True, check=True
    )
    return time.monotonic() - started, done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    bare = [_timed("pass", args.root)[0] for _ in range(args.runs)]
    runs = [_timed(PROBE, args.root) for _ in range(args.runs)]
    print(f"root: {args.root}")
    print(f"python -c pass:            median {statistics.median(bare):.2f} s")
    print(
        f"import bot.app, bot.cli:   median {statistics.median(t for t, _ in runs):.2f} s "
        f"(min {min(t for t, _ in runs):.2f}, max {max(t for t, _ in runs):.2f}, "
        f"{args.runs} runs)"
    )
    print(f"heavy libraries loaded:    {runs[0][1] or 'none'}")
    print(f"load average:              {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
