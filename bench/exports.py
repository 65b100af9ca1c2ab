"""Export benchmark: the evaluation dataset of 1,000 participants x 3 readings (CSV and XLSX),
the club report of those 1,000 (figures read, then HTML with its charts; Word with its PNG chart,
from the same figures), and 100 intake
summaries in each format (HTML with the SVG chart, DOCX with the PNG chart, Markdown). Prints
seconds and peak Python memory (tracemalloc) per phase.

    python -m bench.exports [--participants 1000] [--documents 100]

Each phase runs once without tracemalloc for its time, then again under tracemalloc for its peak
(tracemalloc slows allocation-heavy code several times, so its run is not the one timed).
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
import tracemalloc
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from exports.dataset import DatasetOptions, build_dataset
from exports.render import report_docx, report_html, summary_bytes
from exports.report import build_report
from exports.summary import build_summary
from flows.demo_answers import walk
from questionnaires.loader import load_bundled
from questionnaires.model import SCORED_SPHERES
from storage.db import Database, open_database
from storage.repos.exports import exports_of

NOW = datetime(2026, 11, 24, 8, tzinfo=UTC)
KINDS = ("entry", "midway", "exit")


async def populate(db: Database, participants: int) -> int:
    """A club with participants, each with an entry, a mid-way and an exit reading."""
    rng = random.Random(8)
    q = load_bundled("diagnosis_participant")
    async with db.transaction() as tx:
        club = await tx.clubs.create("Bench", "CIS", "Europe/Warsaw", NOW)
        for n in range(participants):
            person = await tx.participants.create(club.id, f"P {n}", NOW - timedelta(days=300))
            levels = {s: rng.uniform(10, 70) for s in SCORED_SPHERES}
            for step, kind in enumerate(KINDS):
                at = NOW - timedelta(days=250 - 100 * step)
                answers = walk(q, {s: v + 12 * step for s, v in levels.items()}, rng)
                reading = await tx.readings.create(
                    person.id, kind, "participant", q.id, q.version, None, at
                )
                for item_id, answer in answers.items():
                    await tx.readings.save_answer(reading.id, item_id, answer, at)
                await tx.readings.submit(reading.id, at)
    return club.id


async def measure(name: str, work: Callable[[], Awaitable[Any]]) -> tuple[str, float, float]:
    """(name, seconds, peak MiB)."""
    start = time.perf_counter()
    await work()
    seconds = time.perf_counter() - start
    tracemalloc.start()
    await work()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return name, seconds, peak / 2**20


async def main(participants: int, documents: int) -> None:
    """Run every phase and print a Markdown table."""
    with tempfile.TemporaryDirectory() as folder:
        db = await open_database(str(Path(folder) / "bench.sqlite3"))
        try:
            started = time.perf_counter()
            club_id = await populate(db, participants)
            print(f"populated {participants} x 3 readings in {time.perf_counter() - started:.1f} s")
            results = [await _dataset(db, club_id, fmt) for fmt in ("csv", "xlsx")]
            results.append(await _report(db, club_id))
            results.append(await _report_word(db, club_id))
            docs = await _summaries(db, club_id, documents)
            for fmt in ("html", "docx", "md"):

                async def render(fmt: str = fmt) -> None:
                    await asyncio.to_thread(lambda: [summary_bytes(d, fmt) for d in docs])  # type: ignore[arg-type]

                results.append(await measure(f"{documents} summaries, {fmt}", render))
        finally:
            await db.close()
    print("| phase | seconds | peak memory (MiB) |")
    print("|---|---|---|")
    for name, seconds, peak in results:
        print(f"| {name} | {seconds:.2f} | {peak:.1f} |")


async def _dataset(db: Database, club_id: int, fmt: str) -> tuple[str, float, float]:
    async def work() -> None:
        async with db.transaction() as tx:
            data = await build_dataset(tx, club_id, DatasetOptions())
        _ = data.csv() if fmt == "csv" else data.xlsx()

    return await measure(f"dataset {fmt} (build + write)", work)


async def _report(db: Database, club_id: int) -> tuple[str, float, float]:
    async def work() -> None:
        async with db.transaction() as tx:
            doc = await build_report(tx, club_id, "pl", NOW.date())
        await asyncio.to_thread(report_html, doc)

    return await measure("club report (build + html)", work)


async def _report_word(db: Database, club_id: int) -> tuple[str, float, float]:
    async with db.transaction() as tx:
        doc = await build_report(tx, club_id, "pl", NOW.date())
    await asyncio.to_thread(report_docx, doc)  # matplotlib's start-up, as a warm worker has had

    async def work() -> None:
        await asyncio.to_thread(report_docx, doc)

    return await measure("club report, Word from its figures", work)


async def _summaries(db: Database, club_id: int, count: int) -> list[Any]:
    zone = ZoneInfo("Europe/Warsaw")
    docs = []
    async with db.transaction() as tx:
        for person in (await exports_of(tx).participants(club_id))[:count]:
            reading = (await tx.readings.submitted(person.id, "participant"))[0]
            docs.append(await build_summary(tx, person, reading, "pl", zone, NOW.date()))
    return docs


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--documents", type=int, default=100)
    args = parser.parse_args()
    asyncio.run(main(args.participants, args.documents))
