"""The database: migrations forward with data intact, transactions, backup."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import aiosqlite
import pytest

from storage.db import Database, SqliteDatabase, open_database
from storage.migrate import apply_migrations, available_migrations

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_fresh_database_is_at_latest_version(db: Database) -> None:
    assert await db.version() == available_migrations(db.dialect)[-1].number


async def test_sqlite_runs_with_foreign_keys_and_wal(tmp_path: Path) -> None:
    db = await SqliteDatabase.connect(str(tmp_path / "pragmas.sqlite3"))
    try:
        async with db.connection.execute("PRAGMA foreign_keys") as cur:
            assert (await cur.fetchone())[0] == 1  # type: ignore[index]
        async with db.connection.execute("PRAGMA journal_mode") as cur:
            assert (await cur.fetchone())[0] == "wal"  # type: ignore[index]
    finally:
        await db.close()


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


async def test_backup_is_a_consistent_copy(tmp_path: Path) -> None:
    db = await SqliteDatabase.connect(str(tmp_path / "live.sqlite3"))
    async with db.transaction() as tx:
        await tx.clubs.create("KIS Kopia", "KIS", "Europe/Warsaw", NOW)
    target = tmp_path / "backup.sqlite3"
    await db.backup(str(target))
    await db.close()
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
    database = await open_database(path)
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
