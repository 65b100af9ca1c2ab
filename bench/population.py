"""Participants for a run: a club and N invited people, each with their personal code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from flows.invites import invite_participant
from storage.db import open_database

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
