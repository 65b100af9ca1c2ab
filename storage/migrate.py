"""Numbered SQL migrations, one folder per database, tracked by number.

storage/migrations/sqlite/NNN_name.sql and storage/migrations/postgres/NNN_name.sql exist in
pairs with the same names (a test checks it): the same change in each database's words.
SQLite keeps the number in PRAGMA user_version; PostgreSQL in the one-row table kisbot_schema.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

import aiosqlite

from storage.conn import Dialect

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")

# PostgreSQL session lock held while migrating: workers starting together migrate once.
# Above 2**52, so it can never equal a Telegram id used as a person's lock key.
MIGRATION_LOCK_KEY = 0x7A11_0000_0000_0001


@dataclass(frozen=True)
class Migration:
    """One numbered migration file."""

    number: int
    name: str
    sql: str


class MigrationError(Exception):
    """A migration file or the database's version is not what this program expects."""


def available_migrations(dialect: Dialect = "sqlite") -> list[Migration]:
    """All bundled migrations of a database in order; numbering must be 1, 2, 3... no gaps."""
    folder = resources.files("storage") / "migrations" / dialect
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.number)
    for expected, migration in enumerate(found, start=1):
        if migration.number != expected:
            raise MigrationError(
                f"storage/migrations/{dialect}/{migration.name}: expected number {expected:03d}"
            )
    return found


async def schema_version(conn: Any) -> int:
    """The database's migration number (an aiosqlite or a psycopg connection)."""
    if isinstance(conn, aiosqlite.Connection):
        async with conn.execute("PRAGMA user_version") as cur:
            row = await cur.fetchone()
        return int(row[0]) if row else 0
    cur = await conn.execute("SELECT to_regclass('kisbot_schema') IS NOT NULL")
    exists = await cur.fetchone()
    if not exists or not exists[0]:
        return 0
    cur = await conn.execute("SELECT version FROM kisbot_schema")
    found = await cur.fetchone()
    return int(found[0]) if found else 0


def _plan(dialect: Dialect, current: int, upto: int | None) -> list[Migration]:
    migrations = available_migrations(dialect)
    latest = migrations[-1].number if migrations else 0
    if current > latest:
        raise MigrationError(
            f"the database is at version {current}, newer than this program's {latest}; "
            "upgrade kisbot"
        )
    target = latest if upto is None else upto
    return [m for m in migrations if current < m.number <= target]


async def apply_migrations(conn: Any, upto: int | None = None) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied.

    conn is an aiosqlite connection (isolation_level=None) or a psycopg async connection in
    autocommit mode.
    """
    if isinstance(conn, aiosqlite.Connection):
        return await _apply_sqlite(conn, upto)
    return await _apply_postgres(conn, upto)


async def _apply_sqlite(conn: aiosqlite.Connection, upto: int | None) -> list[str]:
    applied: list[str] = []
    # A migration may rebuild a table others refer to (SQLite's documented way to change a
    # constraint), which needs foreign keys off; they are checked before each commit instead.
    async with conn.execute("PRAGMA foreign_keys") as cur:
        row = await cur.fetchone()
    enforced = bool(row[0]) if row else False
    await conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for migration in _plan("sqlite", await schema_version(conn), upto):
            await _apply(conn, migration)
            applied.append(migration.name)
    finally:
        await conn.execute(f"PRAGMA foreign_keys = {'ON' if enforced else 'OFF'}")
    return applied


async def _apply(conn: aiosqlite.Connection, migration: Migration) -> None:
    """One migration in one transaction, refused if it leaves a dangling reference."""
    await conn.execute("BEGIN IMMEDIATE")
    try:
        for statement in _statements(migration.sql):
            await conn.execute(statement)
        async with conn.execute("PRAGMA foreign_key_check") as cur:
            broken = await cur.fetchone()
        if broken is not None:
            raise MigrationError(
                f"storage/migrations/sqlite/{migration.name}: leaves a row of {broken[0]} "
                f"pointing at a missing row of {broken[2]}"
            )
        # PRAGMA cannot take parameters; the number is an int we parsed ourselves.
        await conn.execute(f"PRAGMA user_version = {migration.number:d}")
        await conn.execute("COMMIT")
    except BaseException:
        await conn.execute("ROLLBACK")
        raise


async def _apply_postgres(conn: Any, upto: int | None) -> list[str]:
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
    try:
        await conn.execute(
            "CREATE TABLE IF NOT EXISTS kisbot_schema (version INTEGER NOT NULL, "
            "one_row BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (one_row))"
        )
        await conn.execute("INSERT INTO kisbot_schema (version) VALUES (0) ON CONFLICT DO NOTHING")
        for migration in _plan("postgres", await schema_version(conn), upto):
            async with conn.transaction():
                # No parameters: psycopg sends the whole file as one simple query.
                await conn.execute(migration.sql)
                await conn.execute("UPDATE kisbot_schema SET version = %s", (migration.number,))
            applied.append(migration.name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
    return applied


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (migrations contain no semicolons inside literals)."""
    without_comments = "\n".join(
        line for line in sql.splitlines() if not line.lstrip().startswith("--")
    )
    return [s.strip() for s in without_comments.split(";") if s.strip()]
