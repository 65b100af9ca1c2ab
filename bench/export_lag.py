"""How long the bot's event loop waits while an export is built: in a thread of the same
process (KISBOT_EXPORT_WORKERS=0) and in the export worker process (the default).

    python -m bench.export_lag [--club 1000] [--seconds 10]

A club of --club participants with three readings each (as bench.exports builds it). A probe
on the event loop takes ten turns that each wait 0.5 ms in select, as a step's HTTP calls
give the loop up; it runs with nothing else, then while the club's dataset and report are
built back to back for --seconds in a thread (flows/later.py's fallback), then in the worker
process (bot/export_workers.py). Printed: the probe's time for ten turns.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from bench.exports import populate
from bench.stats import latency_line
from bot.export_workers import ExportWorkers
from flows.context import FlowSettings
from flows.later import Opener, run_export
from flows.reply import Export
from flows.staff.exports import _dataset, _report
from storage.db import open_database

NOW = datetime(2026, 11, 24, 8, tzinfo=UTC)


async def probe(stop: asyncio.Event, out: list[float]) -> None:
    """Ten turns of the loop, each waiting 0.5 ms in select, timed, until stop."""
    while not stop.is_set():
        started = time.perf_counter()
        for _ in range(10):
            await asyncio.sleep(0.0005)
        out.append(time.perf_counter() - started)


async def phase(name: str, seconds: float, work: Callable[[], Awaitable[None]] | None) -> None:
    """The probe alone, or while work runs again and again for seconds."""
    stop, out = asyncio.Event(), []
    probing = asyncio.create_task(probe(stop, out))
    built = 0
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if work is None:
            await asyncio.sleep(seconds)
        else:
            await work()
            built += 1
    stop.set()
    await probing
    suffix = f" ({built} x dataset and report)" if work else ""
    print(latency_line(f"{name}: ten loop turns{suffix}", out))


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="kisbot-export-lag-") as tmp:
        db = await open_database(str(Path(tmp) / "club.sqlite3"))
        workers = ExportWorkers(1)
        try:
            club_id = await populate(db, args.club)
            opener: Opener | None = db.snapshot_opener()
            assert opener is not None
            jobs = [
                Export(_dataset, (club_id, "pl"), {}, NOW, FlowSettings(), "bench", "pl"),
                Export(_report, (club_id, "pl", ""), {}, NOW, FlowSettings(), "bench", "pl"),
            ]

            async def in_thread() -> None:
                for job in jobs:
                    await asyncio.to_thread(asyncio.run, run_export(opener, job))

            async def in_worker() -> None:
                for job in jobs:
                    await workers.run(opener, job)

            await in_worker()  # the worker started and its imports done, as after a first export
            await phase("nothing built", args.seconds / 2, None)
            await phase("built in a thread", args.seconds, in_thread)
            await phase("built in the worker process", args.seconds, in_worker)
            await phase("nothing built", args.seconds / 2, None)
        finally:
            await workers.close()
            await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--club", type=int, default=1000, help="participants with 3 readings")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds of each phase")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
