"""Intake steps while a leader exports: the p99 of participants' steps while the club's leader
asks for the evaluation dataset and the club report of a 1,000-person club, again and again.

    python -m bench.export_under_load [--club 1000] [--walkers 30] [--think 3]

A club of --club participants with an entry, a mid-way and an exit reading each (as
bench.exports builds it) and its leader; `python -m bot run` on it. First --walkers new
participants of the club walk the whole questionnaire, each reading a question for about
--think seconds, with nobody exporting (the reference); then as many others walk the same way
while the leader sends /dataset, waits for the file, sends /report, waits for its three files
(HTML, Word, CSV), and starts again, until the walk is over. Latency is the fake server's
delivery-to-first-reply of the walkers' updates only. Goal (issue 18): p99 <= 100 ms
while exporting.

Before the walks: the bot's RSS idle, the leader's first /dataset (which starts the export
worker process, KISBOT_EXPORT_WORKERS) and a second one, each from command to file, and the
RSS of the bot and of its worker after them. --export-workers 0 builds exports in a thread of
the bot, as before the worker existed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import tempfile
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bench.exports import populate
from bench.loadserver import LoadServer
from bench.people import Person
from bench.population import Invited
from bench.procs import KISBOT, BotProcess, bot_env, children, first_poll, rss_kib, start_bot
from bench.stats import latency_line
from bench.walker import walk
from flows.invites import invite_participant
from questionnaires.loader import load_bundled
from storage.db import open_database

LEADER = 9_000_001
FIRST_WALKER = 10_000_001


@dataclass
class Exports:
    """What the leader got and how long each took (command sent to its last file)."""

    dataset: list[float] = field(default_factory=list)
    report: list[float] = field(default_factory=list)


async def build(db_path: Path, club_size: int, walkers: int) -> list[Invited]:
    """The club, its leader and 2 x walkers invited participants (codes known only here)."""
    db = await open_database(str(db_path))
    try:
        club_id = await populate(db, club_size)
        now = datetime.now(UTC)
        async with db.transaction() as tx:
            await tx.staff.add(club_id, LEADER, "Pani Ewa", "leader", now)
            made = [
                await invite_participant(tx, club_id, f"Nowa {n}", now, 14)
                for n in range(2 * walkers)
            ]
    finally:
        await db.close()
    return [Invited(m.participant_id, m.code, FIRST_WALKER + n) for n, m in enumerate(made)]


async def export_loop(server: LoadServer, stop: asyncio.Event, done: Exports) -> None:
    """/dataset, then /report, each waited for to its last file, until stop."""
    leader = Person.create(server, LEADER)
    while not stop.is_set():
        for command, files, into in (("/dataset", 1, done.dataset), ("/report", 3, done.report)):
            since = len(leader.inbox.calls)
            started = time.monotonic()
            leader.send(command)
            for _ in range(files):
                got = await leader.inbox.wait_for(
                    since, lambda c: c.method == "sendDocument", 300.0
                )
                if got is None:
                    raise RuntimeError(f"{command}: no file in 300 s")
                since = leader.inbox.calls.index(got) + 1
            into.append(time.monotonic() - started)
            if stop.is_set():
                return


async def first_exports(server: LoadServer, bot: BotProcess) -> None:
    """The bot idle, then two /dataset exports: the first starts the worker."""
    await asyncio.sleep(1.0)
    print(f"bot RSS idle: {bot.rss_kib() / 1024:.1f} MiB")
    leader = Person.create(server, LEADER)
    for which in ("first", "second"):
        since = len(leader.inbox.calls)
        started = time.monotonic()
        leader.send("/dataset")
        if await leader.inbox.wait_for(since, lambda c: c.method == "sendDocument", 300.0) is None:
            raise RuntimeError("/dataset: no file in 300 s")
        print(f"{which} /dataset to its file: {time.monotonic() - started:.2f} s")
    await asyncio.sleep(1.0)
    workers = ", ".join(f"{rss_kib(pid) / 1024:.1f}" for pid in children(bot.pid)) or "none"
    print(f"after them: bot RSS {bot.rss_kib() / 1024:.1f} MiB, export workers' RSS: {workers} MiB")


async def walk_all(
    server: LoadServer, invited: list[Invited], think: float
) -> tuple[list[float], int]:
    """The walkers' latencies and how many finished."""
    q = load_bundled("diagnosis_participant")
    people = [Person.create(server, i.telegram_id) for i in invited]
    results = await asyncio.gather(
        *(walk(p, i, q, think=think) for p, i in zip(people, invited, strict=True))
    )
    latencies = [x for p in people for x in server.chat_latencies.get(p.chat_id, [])]
    return latencies, sum(r.finished for r in results)


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="kisbot-export-load-") as tmp:
        workdir = Path(tmp)
        db_path = workdir / "club.sqlite3"
        started = time.monotonic()
        invited = await build(db_path, args.club, args.walkers)
        print(
            f"club: {args.club} participants x 3 readings, built in "
            f"{time.monotonic() - started:.1f} s; walkers: {args.walkers} per phase, "
            f"reading about {args.think} s a question"
        )
        async with LoadServer() as server:
            env = bot_env(server, db_path, KISBOT_EXPORT_WORKERS=str(args.export_workers))
            bot = await start_bot(KISBOT, env, workdir / "bot.log")
            try:
                await first_poll(server, 0)
                await first_exports(server, bot)
                quiet, finished = await walk_all(server, invited[: args.walkers], args.think)
                print(f"load average: {_load()}")
                print(latency_line(f"no export: intake step ({finished} finished)", quiet))
                stop = asyncio.Event()
                done = Exports()
                exporting = asyncio.create_task(export_loop(server, stop, done))
                busy, finished = await walk_all(server, invited[args.walkers :], args.think)
                stop.set()
                await exporting
                print(f"load average: {_load()}")
                print(latency_line(f"exporting: intake step ({finished} finished)", busy))
                print(latency_line("  /dataset to its file", done.dataset))
                print(latency_line("  /report to its three files", done.report))
            finally:
                await bot.terminate()


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--club", type=int, default=1000, help="participants with 3 readings")
    parser.add_argument("--walkers", type=int, default=30, help="participants walking, per phase")
    parser.add_argument("--think", type=float, default=3.0, help="seconds to read a question")
    parser.add_argument(
        "--export-workers", type=int, default=1, help="KISBOT_EXPORT_WORKERS (0: in a thread)"
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
