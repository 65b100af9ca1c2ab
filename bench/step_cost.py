"""What one button press costs in the database: statements per step and time under the lock.

    python -m bench.step_cost [--participants 20] [--database postgresql://... [--count-trips]]

Each simulated participant walks the whole questionnaire in-process, as bot/dispatch runs a
step (the update claimed and `flows.step.perform` in the person's transaction), with no
Telegram and no other load, one step at a time. Every statement the step sends through the
dialect seam (storage/conn.py) is counted; "under the lock" is the time from taking the
transaction (and so, on SQLite, the process's one write lock) to its commit: on PostgreSQL
from asking the pool for a connection, so BEGIN and the person's lock are in it however they
are sent. `--count-trips` counts PostgreSQL's round trips at the wire (bench/pg_relay.py), one
person at a time; the relay's hop is in the times then, so time without it.

`--busy N` keeps the event loop as busy as a bot serving other people is: N tasks each
spend about 0.2 ms of CPU per turn of the loop (a statement's hop back from the database
thread waits for a turn). `--hop` sends each statement to aiosqlite's thread in one hop (the
way before SQLite statements ran on the event loop's thread), to compare.

Then the other way of doing a step's database work is measured on the same steps (SQLite):
the statements each step sent, replayed in one hop to the database thread (one aiosqlite
call that runs them all on the sqlite3 connection), against the same statements sent one by
one through aiosqlite, each replay rolled back. It bounds what running the whole unit of work
in the database thread would win.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from base.i18n import render as render_text
from bench.pg_relay import RoundTrips
from bench.population import invite_many
from bench.stats import percentile
from bench.walker import decide
from flows.context import FlowSettings
from flows.inputs import Command, Input, Press
from flows.reply import EditPressed, Message, Reply
from flows.step import StepRequest, perform
from questionnaires.loader import load_bundled
from storage import conn as dialect
from storage.database import Database
from storage.db import SqliteDatabase, open_database

Statement = tuple[str, tuple[Any, ...]]


@dataclass
class Recorder:
    """Statements sent through the dialect seam while `active` is set."""

    current: dict[int, list[Statement]] = field(default_factory=dict)  # by connection
    trips: dict[int, int] = field(default_factory=dict)  # hops so far, by connection
    steps: list[list[Statement]] = field(default_factory=list)
    wire: RoundTrips | None = None  # counts PostgreSQL's round trips (--count-trips)

    def install(self) -> None:
        for cls in (dialect.SqliteConn, dialect.PgConn):
            for name in ("one", "all", "run", "insert", "many", "later"):
                if name in vars(cls) or name != "later":
                    setattr(cls, name, self._wrap(getattr(cls, name), name))

    def _wrap(self, method: Any, name: str) -> Any:
        recorder = self

        async def counted(conn: Any, sql: str, params: Any = ()) -> Any:
            found = recorder.current.get(id(conn))
            if found is not None:
                found.append((sql, tuple(params)))
                recorder.trips[id(conn)] = recorder.trips.get(id(conn), 0) + hops(conn, name)
            return await method(conn, sql, params)

        return counted


def hops(conn: Any, method: str) -> int:
    """Round trips a statement costs: to the server on PostgreSQL; on SQLite, trips to the
    database (statements sent together count once), each a hop to aiosqlite's thread with
    --hop. Before issue 18's lean step SqliteConn used aiosqlite's cursor API: execute, fetch
    and close were a hop each."""
    if deferring(conn):
        return 0 if method == "later" else 1
    if not isinstance(conn, dialect.SqliteConn):
        return 1
    return 3 if method in ("one", "all") else 2


def deferring(conn: Any) -> bool:
    """Whether the connection sends BEGIN with the first statement and COMMIT with the last
    writes (storage.conn.SqliteConn since issue 18, PgConn since it batches in pipeline mode).
    PostgreSQL's person lock is not a statement of the seam: --count-trips counts it."""
    return hasattr(conn, "commit")


def _screen(replies: list[Reply]) -> dict[str, Any] | None:
    """The newest message with buttons, shaped as Telegram holds it (what people press)."""
    for reply in reversed(replies):
        if isinstance(reply, (Message, EditPressed)) and reply.buttons:
            rows = [
                [
                    {
                        "text": b.label
                        if isinstance(b.label, str)
                        else render_text(reply.language, b.label),
                        "callback_data": b.data,
                    }
                    for b in row
                ]
                for row in reply.buttons
            ]
            return {"reply_markup": {"inline_keyboard": rows}}
    return None


@dataclass
class Walk:
    """Figures of the button presses of a run."""

    held: list[float] = field(default_factory=list)  # seconds from BEGIN to COMMIT
    counts: list[int] = field(default_factory=list)  # statements
    trips: list[int] = field(default_factory=list)  # hops to the database (thread)
    update_id: int = 0


async def walk_all(db: Database, invited: Sequence[Any], recorder: Recorder, together: int) -> Walk:
    """Everyone to the end, `together` people at a time, each one step after another."""
    figures = Walk()
    queue = list(invited)

    async def worker() -> None:
        while queue:
            await walk_one(db, queue.pop(), recorder, figures)

    await asyncio.gather(*(worker() for _ in range(together)))
    return figures


async def walk_one(db: Database, person: Any, recorder: Recorder, figures: Walk) -> None:
    q = load_bundled("diagnosis_participant")
    settings = FlowSettings()
    inp: Input | None = Command("start", person.code)
    screen: dict[str, Any] | None = None
    while inp is not None:
        figures.update_id += 1
        update_id = figures.update_id
        now = datetime.now(UTC)
        statements: list[Statement] = []
        wire_before = recorder.wire.trips if recorder.wire is not None else 0
        # PostgreSQL: BEGIN and the person's lock are sent on entering or with the first
        # statement; SQLite: the write lock is taken on entering, BEGIN goes with the first.
        started = time.perf_counter() if db.dialect == "postgres" else 0.0
        async with db.person_transaction(person.telegram_id) as tx:
            # From here to the commit the transaction (on SQLite the write lock) is held.
            started = started or time.perf_counter()
            recorder.current[id(tx.conn)] = statements
            await tx.updates.claim(update_id, now)
            request = StepRequest(person.telegram_id, "pl", inp)
            replies = await perform(tx, request, settings, now, "kisbot_bench")
            recorder.current.pop(id(tx.conn), None)
            trips = recorder.trips.pop(id(tx.conn), 0)
        if isinstance(inp, Press):
            figures.held.append(time.perf_counter() - started)
            figures.counts.append(len(statements))
            if recorder.wire is not None:
                figures.trips.append(recorder.wire.trips - wire_before)
            else:
                # BEGIN and COMMIT: on their own, or (deferred) with the first and last statement.
                figures.trips.append(trips + (1 if deferring(tx.conn) else 2))
            recorder.steps.append(statements)
        screen = _screen(replies) or screen
        data = decide(q, screen, "pl") if screen is not None else None
        inp = Press(data) if data is not None and _screen(replies) is not None else None


async def replay(db: SqliteDatabase, steps: list[list[Statement]]) -> tuple[float, float]:
    """(one by one through aiosqlite, in one hop) seconds per step, each replay rolled back."""
    conn = db.connection
    one_by_one: list[float] = []
    one_hop: list[float] = []

    def run_all(raw: sqlite3.Connection, statements: list[Statement]) -> None:
        raw.execute("BEGIN IMMEDIATE")
        try:
            for sql, params in statements:
                raw.execute(sql, params).fetchall()
        finally:
            raw.execute("ROLLBACK")

    for statements in steps:
        started = time.perf_counter()
        await conn.execute("BEGIN IMMEDIATE")
        try:
            for sql, params in statements:
                async with conn.execute(sql, params) as cur:
                    await cur.fetchall()
        finally:
            await conn.execute("ROLLBACK")
        one_by_one.append(time.perf_counter() - started)
        started = time.perf_counter()
        # aiosqlite's own hop: a function run in the connection's thread with its sqlite3 conn.
        await conn._execute(run_all, conn._conn, statements)
        one_hop.append(time.perf_counter() - started)
    return percentile(one_by_one, 50), percentile(one_hop, 50)


def _ms(values: list[float], p: float) -> str:
    return f"{percentile(values, p) * 1000:.2f}"


def hop_per_statement() -> None:
    """Each statement in one hop to aiosqlite's thread (the --hop comparison)."""

    async def hop(conn: Any, work: Any) -> Any:
        return await conn._execute(work)

    dialect._in_thread = hop  # type: ignore[attr-defined]


async def busy(stop: asyncio.Event) -> None:
    """About 0.2 ms of CPU per turn of the event loop."""
    while not stop.is_set():
        until = time.perf_counter() + 0.0002
        while time.perf_counter() < until:
            pass
        await asyncio.sleep(0)


async def main_async(args: argparse.Namespace) -> None:
    recorder = Recorder()
    recorder.install()
    if args.hop:
        hop_per_statement()
    stop = asyncio.Event()
    loaders = [asyncio.create_task(busy(stop)) for _ in range(args.busy)]
    try:
        await _measure(args, recorder)
    finally:
        stop.set()
        await asyncio.gather(*loaders)


async def _measure(args: argparse.Namespace, recorder: Recorder) -> None:
    with tempfile.TemporaryDirectory(prefix="kisbot-step-") as tmp:
        path = Path(tmp) / "step.sqlite3"
        invited = await invite_many(path, args.participants)
        target = args.database or str(path)
        if args.database:
            # The same people in the PostgreSQL database.
            invited = await _invite_in(args.database, args.participants)
        if args.count_trips:
            if not args.database or args.together != 1:
                raise SystemExit("--count-trips: PostgreSQL (--database) and --together 1 only")
            recorder.wire = await RoundTrips.start(args.database)
            target = recorder.wire.url
        db = await open_database(target)
        try:
            walked = await walk_all(db, invited, recorder, args.together)
            held, counts = walked.held, walked.counts
            print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            print(
                f"database: {db.dialect}, button presses: {len(counts)}, "
                f"people walking at once: {args.together}, busy tasks: {args.busy}"
                + (", a hop to aiosqlite's thread per statement (--hop)" if args.hop else "")
            )
            print(
                f"statements per press: mean {sum(counts) / len(counts):.1f}, "
                f"min {min(counts)}, max {max(counts)}"
            )
            trips = walked.trips
            print(
                ("round trips per press, counted at the wire: " if recorder.wire else "")
                + "trips to the database per press (a hop each with --hop): "
                f"mean {sum(trips) / len(trips):.1f}, "
                f"min {min(trips)}, max {max(trips)}"
            )
            print(
                f"under the lock ms: p50={_ms(held, 50)} p95={_ms(held, 95)} "
                f"p99={_ms(held, 99)} max={max(held) * 1000:.2f}"
            )
            if args.show:
                for sql, _ in recorder.steps[len(recorder.steps) // 2]:
                    print("   ", " ".join(sql.split())[:110])
            if isinstance(db, SqliteDatabase):
                by_one, by_hop = await replay(db, recorder.steps)
                print(
                    f"a press's statements replayed (p50 ms): one by one through aiosqlite "
                    f"{by_one * 1000:.2f}, in one hop to the database thread {by_hop * 1000:.2f}"
                )
        finally:
            await db.close()
            if recorder.wire is not None:
                await recorder.wire.close()


async def _invite_in(url: str, count: int) -> list[Any]:
    from bench.population import Invited
    from flows.invites import invite_participant

    db = await open_database(url)
    try:
        now = datetime.now(UTC)
        async with db.transaction() as tx:
            club = await tx.clubs.create("KIS Benchmark", "KIS", "Europe/Warsaw", now)
            made = [
                await invite_participant(tx, club.id, f"Osoba {n}", now, 14) for n in range(count)
            ]
    finally:
        await db.close()
    return [Invited(m.participant_id, m.code, 20_000_001 + n) for n, m in enumerate(made)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=20)
    parser.add_argument("--database", help="a postgresql:// URL (default: a new SQLite file)")
    parser.add_argument(
        "--together", type=int, default=1, help="people walking at the same time (1: alone)"
    )
    parser.add_argument("--busy", type=int, default=0, help="tasks keeping the loop busy")
    parser.add_argument("--hop", action="store_true", help="a hop per statement, to compare")
    parser.add_argument(
        "--count-trips", action="store_true", help="PostgreSQL: count round trips at the wire"
    )
    parser.add_argument("--show", action="store_true", help="print one press's statements")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
