"""Participants for a run: a club and N invited people, each with their personal code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from flows.invites import invite_participant
from flows.schedule import planning
from storage.db import open_database
from storage.timefmt import to_db

FIRST_TELEGRAM_ID = 10_000_001


@dataclass(frozen=True)
class Invited:
    participant_id: int
    code: str
    telegram_id: int


async def invite_many(db_path: Path, count: int) -> list[Invited]:
    """A club and `count` participants in one transaction (the codes are only known here)."""
    now = datetime.now(UTC)
    database = await open_database(str(db_path))
    try:
        async with database.transaction() as tx:
            club = await tx.clubs.create("KIS Benchmark", "KIS", "Europe/Warsaw", now)
            made = [
                await invite_participant(tx, club.id, f"Osoba {n}", now, 14) for n in range(count)
            ]
    finally:
        await database.close()
    return [Invited(m.participant_id, m.code, FIRST_TELEGRAM_ID + n) for n, m in enumerate(made)]


async def reminded_club(
    database: Path | str, first_id: int, count: int, due_after: float
) -> list[int]:
    """A club "KIS Przypomnienia" of `count` joined people (Telegram ids from first_id) and
    one session for the whole club whose one-hour reminder falls due `due_after` seconds from
    now (the day-before reminder switched off): their Telegram ids."""
    now = datetime.now(UTC)
    db = await open_database(str(database))
    try:
        async with db.transaction() as tx:
            club = await tx.clubs.create("KIS Przypomnienia", "KIS", "Europe/Warsaw", now)
            await tx.conn.run(
                "UPDATE clubs SET reminder_day_before_hour = NULL WHERE id = ?", (club.id,)
            )
            ids = [first_id + n for n in range(count)]
            await tx.conn.many(
                "INSERT INTO participants (club_id, display_name, telegram_id, status, consent, "
                "created_at) VALUES (?, ?, ?, 'joined', 'given', ?)",
                [(club.id, f"R{n}", telegram_id, to_db(now)) for n, telegram_id in enumerate(ids)],
            )
            await planning.create(
                tx,
                club.id,
                planning.Plan(
                    kind="group_workshop",
                    title="Spotkanie",
                    place="sala 1",
                    starts_at=now + timedelta(minutes=60, seconds=due_after),
                    duration_minutes=60,
                    audience="club",
                ),
                "bench",
                now,
                "pl",
            )
    finally:
        await db.close()
    return ids
