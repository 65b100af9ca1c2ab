"""Scale: kisbot on a database of 10,000 participants and 500,000 answers.

    python -m bench.scale --participants 10000 --answers 500000 --walkers 20

Prints the time to build the database, the bot's start-up time (process start to its
first getUpdates), its resident memory after start-up and after the walk, and the
delivery-to-reply latency of intake steps by --walkers new participants walking the
whole questionnaire (their steps only: the staff's below are timed on their own). The
same figures for an empty database come first, to compare.
Then a club leader opens /participants and /card <id> of random participants of the
big club: the time to the first reply and to the last call of each. The dataset export
is not measured here (see bench.exports).

The big database's readings have their profiles stored (as the bot stores them when a reading
is submitted); with --stale they have none, as after a release that scores differently, and
the bot scores them in the background while the walkers walk (storage/rescore.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import sqlite3
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench.loadserver import LoadServer
from bench.people import Person
from bench.population import invite_many
from bench.procs import KISBOT, bot_env, first_poll, start_bot
from bench.stats import latency_line
from bench.walker import walk
from questionnaires import engine
from questionnaires.loader import load_bundled
from storage.db import open_database
from storage.rescore import rescore_out_of_date
from storage.timefmt import to_db

FIRST_BULK_TELEGRAM_ID = 50_000_001
STAFF_TELEGRAM_ID = 49_000_001


async def build(db_path: Path, participants: int, answers: int) -> float:
    """Migrated database filled with executemany in one transaction; seconds taken."""
    started = time.monotonic()
    database = await open_database(str(db_path))  # creates and migrates
    await database.close()
    q = load_bundled("diagnosis_participant")
    values = [
        (item.id, json.dumps(engine.choices(q, item)[0].value, ensure_ascii=False))
        for item in q.items
    ]
    now = to_db(datetime.now(UTC))
    db = sqlite3.connect(db_path)
    try:
        with db:
            club = db.execute(
                "INSERT INTO clubs (name, kind, timezone, created_at) "
                "VALUES ('KIS Duży', 'KIS', 'Europe/Warsaw', ?)",
                (now,),
            ).lastrowid
            first = _bulk_participants(db, club, participants, now)
            db.execute(
                "INSERT INTO accounts (telegram_id, language, created_at, last_seen_at) "
                "VALUES (?, 'pl', ?, ?)",
                (STAFF_TELEGRAM_ID, now, now),
            )
            db.execute(
                "INSERT INTO staff_members (club_id, telegram_id, display_name, role, "
                "created_at) VALUES (?, ?, 'Pani Ewa', 'leader', ?)",
                (club, STAFF_TELEGRAM_ID, now),
            )
            _bulk_readings(db, q.id, q.version, first, participants, answers, values, now)
    finally:
        db.close()
    return time.monotonic() - started


def _bulk_participants(db: sqlite3.Connection, club: object, n: int, now: str) -> int:
    db.executemany(
        "INSERT INTO accounts (telegram_id, language, created_at, last_seen_at) "
        "VALUES (?, 'pl', ?, ?)",
        ((FIRST_BULK_TELEGRAM_ID + i, now, now) for i in range(n)),
    )
    db.executemany(
        "INSERT INTO participants (club_id, display_name, telegram_id, status, consent, "
        "consent_at, created_at) VALUES (?, ?, ?, 'in_progress', 'given', ?, ?)",
        ((club, f"Osoba {i}", FIRST_BULK_TELEGRAM_ID + i, now, now) for i in range(n)),
    )
    # Each participant has their enrolment, as participants.create gives them.
    db.execute(
        "INSERT INTO enrolments (club_id, participant_id, admitted_on, period_start, created_at) "
        "SELECT club_id, id, substr(created_at, 1, 10), substr(created_at, 1, 10), created_at "
        "FROM participants p WHERE club_id = ? AND NOT EXISTS "
        "(SELECT 1 FROM enrolments e WHERE e.participant_id = p.id)",
        (club,),
    )
    row = db.execute("SELECT min(id) FROM participants WHERE club_id = ?", (club,)).fetchone()
    return int(row[0])


def _bulk_readings(
    db: sqlite3.Connection,
    questionnaire_id: str,
    version: int,
    first: int,
    participants: int,
    answers: int,
    values: list[tuple[str, str]],
    now: str,
) -> None:
    """Submitted readings answering every item, round-robin over the participants, until
    `answers` answers exist (the last one possibly partial and still open)."""
    left = answers
    index = 0
    while left > 0:
        take = min(left, len(values))
        status = "submitted" if take == len(values) else "open"
        kind = ("entry", "midway", "exit", "follow_up")[index // participants % 4]
        reading = db.execute(
            "INSERT INTO readings (participant_id, kind, respondent, questionnaire_id, "
            "questionnaire_version, status, current_item, started_at, last_activity_at, "
            "submitted_at) VALUES (?, ?, 'participant', ?, ?, ?, ?, ?, ?, ?)",
            (
                first + index % participants,
                kind,
                questionnaire_id,
                version,
                status,
                None if status == "submitted" else values[take][0],
                now,
                now,
                now if status == "submitted" else None,
            ),
        ).lastrowid
        db.executemany(
            "INSERT INTO answers (reading_id, item_id, status, value, answered_at) "
            "VALUES (?, ?, 'answered', ?, ?)",
            ((reading, item, value, now) for item, value in values[:take]),
        )
        left -= take
        index += 1


def club_participants(db_path: Path) -> list[int]:
    """Ids of the participants in the staff member's club."""
    db = sqlite3.connect(db_path)
    try:
        rows = db.execute(
            "SELECT p.id FROM participants p JOIN staff_members s ON s.club_id = p.club_id "
            "WHERE s.telegram_id = ?",
            (STAFF_TELEGRAM_ID,),
        )
        return [int(r[0]) for r in rows]
    finally:
        db.close()


async def staff_views(server: LoadServer, ids: list[int], rounds: int) -> None:
    """/participants and /card <id>, one at a time: first reply and last call, in ms."""
    staff = Person.create(server, STAFF_TELEGRAM_ID)
    rng = random.Random(1)
    for command in ("/participants", "/card"):
        first: list[float] = []
        last: list[float] = []
        shown = ""
        for _ in range(rounds):
            text = f"/card {rng.choice(ids)}" if command == "/card" else command
            since = len(staff.inbox.calls)
            queued = staff.send(text)
            await staff.inbox.wait_for(since, lambda c: True, 60.0)
            while await staff.inbox.wait_for(len(staff.inbox.calls), lambda c: True, 0.5):
                pass  # until the bot has been quiet for half a second
            calls = staff.inbox.calls[since:]
            fetched = queued.fetched_at or calls[0].at
            first.append(calls[0].at - fetched)
            last.append(calls[-1].at - fetched)
            shown = " + ".join(c.method for c in calls)
            shown += f", first text: {str(calls[0].params.get('text', ''))[:60]!r}"
        print(latency_line(f"{command} first reply", first))
        print(latency_line(f"{command} last call", last) + f" [{shown}]")


async def measure(
    label: str, db_path: Path, walkers: int, workdir: Path, staff_rounds: int = 0
) -> None:
    q = load_bundled("diagnosis_participant")
    invited = await invite_many(db_path, walkers)
    async with LoadServer() as server:
        bot = await start_bot(KISBOT, bot_env(server, db_path), workdir / f"{label}.log")
        try:
            polled = await first_poll(server, 0)
            await asyncio.sleep(1.0)  # the outbox loop's first round, then idle
            rss_idle = bot.rss_kib()
            people = [Person.create(server, inv.telegram_id) for inv in invited]
            results = await asyncio.gather(
                *(walk(p, inv, q) for p, inv in zip(people, invited, strict=True))
            )
            rss_after = bot.rss_kib()
            # The intake's figure: the walkers' steps only, taken before staff views add theirs.
            intake = list(server.latencies)
            if staff_rounds:
                await staff_views(server, club_participants(db_path), staff_rounds)
        finally:
            await bot.terminate()
    finished = sum(r.finished for r in results)
    print(f"{label}: start-up to first getUpdates {polled - bot.started_at:.2f} s")
    print(f"{label}: RSS {rss_idle / 1024:.1f} MiB idle, {rss_after / 1024:.1f} MiB after the walk")
    print(f"{label}: {finished}/{walkers} walkers finished")
    print(latency_line(f"{label}: intake step", intake))


async def main_async(args: argparse.Namespace) -> None:
    with tempfile.TemporaryDirectory(prefix="kisbot-scale-") as tmp:
        workdir = Path(tmp)
        await measure("empty database", workdir / "empty.sqlite3", args.walkers, workdir)
        big = workdir / "big.sqlite3"
        seconds = await build(big, args.participants, args.answers)
        size = big.stat().st_size / 2**20
        print(
            f"built {args.participants} participants and {args.answers} answers in "
            f"{seconds:.1f} s ({size:.0f} MiB)"
        )
        if not args.stale:
            # Submitted readings have their profile stored, as the bot stores it at submission.
            started = time.monotonic()
            database = await open_database(str(big))
            try:
                scored = await rescore_out_of_date(database)
            finally:
                await database.close()
            print(f"stored the profiles of {scored} readings in {time.monotonic() - started:.1f} s")
        await measure("big database", big, args.walkers, workdir, args.staff_rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--participants", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=500_000)
    parser.add_argument("--walkers", type=int, default=20, help="new participants walking")
    parser.add_argument("--staff-rounds", type=int, default=20, help="/participants, /card")
    parser.add_argument(
        "--stale",
        action="store_true",
        help="no stored profiles: the bot scores them in the background during the walk",
    )
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
