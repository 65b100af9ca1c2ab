"""Migrations on both databases: paired files, forward from every version with data kept."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from storage.conn import Dialect
from storage.db import open_database
from storage.migrate import MigrationError, apply_migrations, available_migrations, schema_version
from tests.backends import BACKENDS, postgres_database

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
STAMP = "2026-01-02T10:00:00.000000Z"


def test_every_migration_exists_for_both_databases() -> None:
    sqlite = [m.name for m in available_migrations("sqlite")]
    postgres = [m.name for m in available_migrations("postgres")]
    assert sqlite == postgres
    assert sqlite[0] == "001_foundation.sql"


@asynccontextmanager
async def empty_database(backend: str, tmp_path: Path) -> AsyncIterator[tuple[str, Any]]:
    """(where, raw connection) of a database with no tables yet."""
    if backend == "sqlite":
        path = str(tmp_path / "empty.sqlite3")
        async with aiosqlite.connect(path, isolation_level=None) as conn:
            yield path, conn
        return
    from storage.postgres import connect_one

    with postgres_database(migrated=False) as url:
        conn = await connect_one(url)
        try:
            yield url, conn
        finally:
            await conn.close()


async def _raw(conn: Any, sql: str, params: tuple[Any, ...] = ()) -> None:
    if isinstance(conn, aiosqlite.Connection):
        await conn.execute(sql, params)
    else:
        await conn.execute(sql.replace("?", "%s"), params)


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("start", [m.number for m in available_migrations()])
async def test_a_database_at_any_version_moves_forward_with_its_data(
    backend: Dialect, start: int, tmp_path: Path
) -> None:
    async with empty_database(backend, tmp_path) as (where, conn):
        applied = await apply_migrations(conn, upto=start)
        assert len(applied) == start
        assert await schema_version(conn) == start
        # What every version's deployment holds at least: a club and an account.
        await _raw(
            conn,
            "INSERT INTO clubs (id, name, kind, timezone, created_at) "
            "VALUES (7, 'KIS Zdrój', 'KIS', 'Europe/Warsaw', ?)",
            (STAMP,),
        )
        await _raw(conn, "INSERT INTO accounts VALUES (42, 'uk', ?, ?)", (STAMP, STAMP))
        database = await open_database(where)
        try:
            assert await database.version() == available_migrations(backend)[-1].number
            async with database.transaction() as tx:
                club = await tx.clubs.get(7)
                assert club is not None
                assert (club.name, club.kind) == ("KIS Zdrój", "KIS")
                # Timestamps read back as the text SQLite stores, on either database.
                stamp = await tx.conn.one("SELECT created_at FROM clubs WHERE id = 7")
                assert stamp is not None
                assert stamp[0] == STAMP
                assert await tx.accounts.language_of(42) == "uk"
                # The newest tables work with the old rows.
                ola = await tx.participants.create(7, "Ola", NOW)
                assert ola.club_id == 7
        finally:
            await database.close()


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_database_newer_than_the_program_is_refused(
    backend: Dialect, tmp_path: Path
) -> None:
    async with empty_database(backend, tmp_path) as (where, conn):
        await apply_migrations(conn)
        if isinstance(conn, aiosqlite.Connection):
            await conn.execute("PRAGMA user_version = 999")
        else:
            await conn.execute("UPDATE kisbot_schema SET version = 999")
        with pytest.raises(MigrationError, match="newer than this program"):
            await open_database(where)


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_second_migrate_changes_nothing(backend: Dialect, tmp_path: Path) -> None:
    async with empty_database(backend, tmp_path) as (where, _):
        database = await open_database(where)
        try:
            assert await database.migrate() == []
        finally:
            await database.close()
