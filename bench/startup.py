"""How long importing the bot takes, and which heavy libraries it loads; how long `kisbot run`
takes to its first getUpdates and its memory when idle:
`python -m bench.startup [--runs N] [--root DIR]`.

Each run is a fresh interpreter that imports `bot.app` and `bot.cli` (what `kisbot run` loads
before it answers anyone); the wall time includes the interpreter's own start, printed first
as a baseline (`python -c pass`). `--root` measures another checkout (e.g. an older commit
unpacked with `git archive`).

Then `python -m bot run` is started --runs times against the fake Bot API server on 127.0.0.1
with a new SQLite database each time (the first run creates and migrates it; the figure is
the process start to the first getUpdates call the server sees), and its resident memory
(VmRSS) is read once it has been idle for a second after that call.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
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


async def _run_to_first_poll(root: Path) -> tuple[float, float, float]:
    """(seconds from process start to the first getUpdates, of them before the first Bot API
    call, RSS MiB idle a second later)."""
    from bench.procs import KISBOT, bot_env, first_poll, start_bot
    from tests.fakebot.server import FakeBotApi

    with tempfile.TemporaryDirectory(prefix="kisbot-startup-") as tmp:
        async with FakeBotApi() as server:
            env = bot_env(server, Path(tmp) / "bot.sqlite3", PYTHONPATH=str(root))
            bot = await start_bot(KISBOT, env, Path(tmp) / "bot.log")
            try:
                polled = await first_poll(server, 0)
                first_call = server.calls[0].at
                await asyncio.sleep(1.0)
                rss = bot.rss_kib() / 1024
            finally:
                await bot.terminate()
    return polled - bot.started_at, first_call - bot.started_at, rss


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
    started = [asyncio.run(_run_to_first_poll(args.root)) for _ in range(args.runs)]
    polls = [t for t, _, _ in started]
    firsts = [f for _, f, _ in started]
    print(
        f"kisbot run to first getUpdates: median {statistics.median(polls):.2f} s "
        f"(min {min(polls):.2f}, max {max(polls):.2f}); "
        f"of it to the first Bot API call: median {statistics.median(firsts):.2f} s"
    )
    print(
        f"RSS idle:                  median {statistics.median(r for _, _, r in started):.1f} MiB"
    )
    print(f"load average:              {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
