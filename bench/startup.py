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

`--participants N` (e.g. 10000, with bench.scale's database of 50 answers a person) measures
the same start on a big database, --runs times with every stored profile today's and --runs
times with every one out of date, as after a release that changes the scoring: the time to the
first getUpdates and, when out of date, the time until the last profile is today's again.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import closing
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
            bot = await start_bot(KISBOT, env, Path(tmp) / "bot.log", cwd=root)
            try:
                polled = await first_poll(server, 0)
                first_call = server.calls[0].at
                await asyncio.sleep(1.0)
                rss = bot.rss_kib() / 1024
            finally:
                await bot.terminate()
    return polled - bot.started_at, first_call - bot.started_at, rss


# What a stored profile's key is set to, to make it out of date (no release scores with it).
STALE = "out of date (bench.startup)"


def _out_of_date(db_path: Path) -> int:
    """Submitted readings whose stored profile is missing or out of date."""
    with closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as db:
        row = db.execute(
            "SELECT COUNT(*) FROM readings r LEFT JOIN reading_profiles p ON p.reading_id = r.id "
            "WHERE r.status = 'submitted' AND (p.scored_with IS NULL OR p.scored_with = ?)",
            (STALE,),
        ).fetchone()
    return int(row[0])


async def _start_on(root: Path, db_path: Path) -> tuple[float, float | None]:
    """(seconds from process start to the first getUpdates, to no profile out of date; None
    when none was)."""
    from bench.procs import KISBOT, bot_env, first_poll, start_bot
    from tests.fakebot.server import FakeBotApi

    stale = _out_of_date(db_path) > 0
    async with FakeBotApi() as server:
        env = bot_env(server, db_path, PYTHONPATH=str(root))
        bot = await start_bot(KISBOT, env, db_path.with_suffix(".log"), cwd=root)
        try:
            polled = await first_poll(server, 0, within=600.0)
            caught_up: float | None = None
            while stale and caught_up is None:
                if _out_of_date(db_path) == 0:
                    caught_up = time.monotonic() - bot.started_at
                else:
                    await asyncio.sleep(0.05)
        finally:
            await bot.terminate()
    return polled - bot.started_at, caught_up


async def _big(root: Path, participants: int, runs: int) -> None:
    """Start-up on bench.scale's database, profiles today's and out of date."""
    from bench.scale import build
    from storage.db import open_database
    from storage.rescore import rescore_out_of_date

    with tempfile.TemporaryDirectory(prefix="kisbot-startup-") as tmp:
        db_path = Path(tmp) / "big.sqlite3"
        await build(db_path, participants, participants * 50)
        db = await open_database(str(db_path))
        try:
            started = time.monotonic()
            scored = await rescore_out_of_date(db)
            print(
                f"{participants} participants: {scored} readings scored in one go "
                f"(kisbot migrate, kisbot db rescore) in {time.monotonic() - started:.1f} s"
            )
        finally:
            await db.close()
        fresh = [(await _start_on(root, db_path))[0] for _ in range(runs)]
        print(
            f"profiles today's:      kisbot run to first getUpdates median "
            f"{statistics.median(fresh):.2f} s (min {min(fresh):.2f}, max {max(fresh):.2f})"
        )
        stale: list[tuple[float, float | None]] = []
        for _ in range(runs):
            with closing(sqlite3.connect(db_path)) as db3, db3:
                db3.execute("UPDATE reading_profiles SET scored_with = ?", (STALE,))
            stale.append(await _start_on(root, db_path))
        polls = [t for t, _ in stale]
        caught = [c for _, c in stale if c is not None]
        print(
            f"profiles out of date:  kisbot run to first getUpdates median "
            f"{statistics.median(polls):.2f} s (min {min(polls):.2f}, max {max(polls):.2f}); "
            f"all today's again after median {statistics.median(caught):.1f} s "
            f"(min {min(caught):.1f}, max {max(caught):.1f})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument(
        "--participants",
        type=int,
        default=0,
        help="start on bench.scale's database of this many people instead",
    )
    args = parser.parse_args()
    if args.participants:
        print(f"root: {args.root}")
        asyncio.run(_big(args.root, args.participants, args.runs))
        print(f"load average:              {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        return
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
