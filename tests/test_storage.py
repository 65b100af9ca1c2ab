"""The database: migrations forward with data intact, transactions, backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from storage.db import Database
from storage.migrate import MigrationError, apply_migrations, available_migrations, schema_version

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_fresh_database_is_at_latest_version(db: Database) -> None:
    assert await schema_version(db.connection) == available_migrations()[-1].number
    async with db.connection.execute("PRAGMA foreign_keys") as cur:
        assert (await cur.fetchone())[0] == 1  # type: ignore[index]
    async with db.connection.execute("PRAGMA journal_mode") as cur:
        assert (await cur.fetchone())[0] == "wal"  # type: ignore[index]


async def test_database_from_first_migration_moves_forward_with_data(tmp_path: Path) -> None:
    path = str(tmp_path / "old.sqlite3")
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        assert await apply_migrations(conn, upto=1) == ["001_foundation.sql"]
        # What a version-1 deployment would hold.
        await conn.execute(
            "INSERT INTO clubs (id, name, kind, timezone, created_at) "
            "VALUES (7, 'KIS Zdrój', 'KIS', 'Europe/Warsaw', '2026-01-02T10:00:00.000000Z')"
        )
        await conn.execute(
            "INSERT INTO accounts VALUES (42, 'uk', '2026-01-02T10:00:00.000000Z', "
            "'2026-01-03T10:00:00.000000Z')"
        )
        await conn.execute(
            "INSERT INTO audit_log (at, actor, club_id, action) "
            "VALUES ('2026-01-02T10:00:00.000000Z', 'cli', 7, 'club.created')"
        )
    database = await Database.open(path)
    try:
        async with database.transaction() as tx:
            club = await tx.clubs.get(7)
            assert club is not None
            assert (club.name, club.kind) == ("KIS Zdrój", "KIS")
            assert await tx.accounts.language_of(42) == "uk"
            assert [e.action for e in await tx.audit.for_subject(7, "x")] == []
            # The new tables work with the old rows.
            participant = await tx.participants.create(7, "Ola", NOW)
            assert participant.club_id == 7
        assert await schema_version(database.connection) == available_migrations()[-1].number
    finally:
        await database.close()


async def test_database_newer_than_program_is_refused(tmp_path: Path) -> None:
    path = str(tmp_path / "future.sqlite3")
    async with aiosqlite.connect(path) as conn:
        await conn.execute("PRAGMA user_version = 999")
    with pytest.raises(MigrationError, match="newer than this program"):
        await Database.open(path)


async def _half_made_step(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.clubs.create("Half-made", "CIS", "Europe/Warsaw", NOW)
        raise RuntimeError("crash in the middle of a step")


async def test_failed_step_rolls_back_everything(db: Database) -> None:
    with pytest.raises(RuntimeError, match="crash in the middle"):
        await _half_made_step(db)
    async with db.transaction() as tx:
        assert await tx.clubs.all() == []


async def test_update_is_claimed_once(db: Database) -> None:
    async with db.transaction() as tx:
        assert await tx.updates.claim(100, NOW) is True
    async with db.transaction() as tx:
        assert await tx.updates.claim(100, NOW) is False


async def test_backup_is_a_consistent_copy(db: Database, tmp_path: Path) -> None:
    async with db.transaction() as tx:
        await tx.clubs.create("KIS Kopia", "KIS", "Europe/Warsaw", NOW)
    target = tmp_path / "backup.sqlite3"
    await db.backup(str(target))
    with sqlite3.connect(target) as copy:
        assert copy.execute("SELECT name FROM clubs").fetchall() == [("KIS Kopia",)]
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)


async def test_intake_data_survives_the_staff_migration(tmp_path: Path) -> None:
    path = str(tmp_path / "v2.sqlite3")
    stamp = "2026-02-03T10:00:00.000000Z"
    async with aiosqlite.connect(path, isolation_level=None) as conn:
        await apply_migrations(conn, upto=2)
        await conn.execute(
            "INSERT INTO clubs (id, name, kind, timezone, created_at) "
            "VALUES (1, 'CIS Most', 'CIS', 'Europe/Warsaw', ?)",
            (stamp,),
        )
        await conn.execute(
            "INSERT INTO participants (id, club_id, display_name, telegram_id, status, consent, "
            "created_at) VALUES (5, 1, 'Ola', 777, 'in_progress', 'given', ?)",
            (stamp,),
        )
        await conn.execute(
            "INSERT INTO readings (id, participant_id, kind, respondent, questionnaire_id, "
            "questionnaire_version, status, current_item, started_at, last_activity_at) "
            "VALUES (9, 5, 'entry', 'participant', 'diagnosis_participant', 1, 'open', "
            "'income', ?, ?)",
            (stamp, stamp),
        )
        await conn.execute(
            "INSERT INTO answers VALUES (9, 'housing', 'answered', '\"own_flat\"', ?)", (stamp,)
        )
    database = await Database.open(path)
    try:
        async with database.transaction() as tx:
            ola = await tx.participants.by_telegram(777)
            assert ola is not None
            assert (ola.display_name, ola.status, ola.consent) == ("Ola", "in_progress", "given")
            reading = await tx.readings.unfinished(5, "participant")
            assert reading is not None
            assert reading.current_item == "income"
            answers = await tx.readings.answers(9)
            assert answers["housing"].value == "own_flat"
    finally:
        await database.close()


async def test_a_reading_is_found_only_through_its_own_club(db: Database) -> None:
    async with db.transaction() as tx:
        club_a = await tx.clubs.create("KIS A", "KIS", "Europe/Warsaw", NOW)
        club_b = await tx.clubs.create("KIS B", "KIS", "Europe/Warsaw", NOW)
        ola = await tx.participants.create(club_a.id, "Ola", NOW)
        reading = await tx.readings.create(
            ola.id, "entry", "participant", "diagnosis_participant", 1, "housing", NOW
        )
        assert await tx.readings.get(club_a.id, reading.id) == reading
        assert await tx.readings.get(club_b.id, reading.id) is None
