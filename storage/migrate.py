"""Numbered SQL migrations tracked with PRAGMA user_version."""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

import aiosqlite

_NAME = re.compile(r"^(\d{3})_[a-z0-9_]+\.sql$")


@dataclass(frozen=True)
class Migration:
    """One numbered migration file."""

    number: int
    name: str
    sql: str


class MigrationError(Exception):
    """A migration file or the database's version is not what this program expects."""


def available_migrations() -> list[Migration]:
    """All bundled migrations in order; numbering must be 1, 2, 3... without gaps."""
    folder = resources.files("storage") / "migrations"
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.number)
    for expected, migration in enumerate(found, start=1):
        if migration.number != expected:
            raise MigrationError(
                f"storage/migrations/{migration.name}: expected number {expected:03d}"
            )
    return found


async def schema_version(conn: aiosqlite.Connection) -> int:
    """The database's migration number."""
    async with conn.execute("PRAGMA user_version") as cur:
        row = await cur.fetchone()
    return int(row[0]) if row else 0


async def apply_migrations(conn: aiosqlite.Connection, upto: int | None = None) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied."""
    migrations = available_migrations()
    latest = migrations[-1].number if migrations else 0
    current = await schema_version(conn)
    if current > latest:
        raise MigrationError(
            f"the database is at version {current}, newer than this program's {latest}; "
            "upgrade kisbot"
        )
    target = latest if upto is None else upto
    applied: list[str] = []
    # A migration may rebuild a table others refer to (SQLite's documented way to change a
    # constraint), which needs foreign keys off; they are checked before each commit instead.
    async with conn.execute("PRAGMA foreign_keys") as cur:
        row = await cur.fetchone()
    enforced = bool(row[0]) if row else False
    await conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for migration in migrations:
            if migration.number <= current or migration.number > target:
                continue
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
                f"storage/migrations/{migration.name}: leaves a row of {broken[0]} "
                f"pointing at a missing row of {broken[2]}"
            )
        # PRAGMA cannot take parameters; the number is an int we parsed ourselves.
        await conn.execute(f"PRAGMA user_version = {migration.number:d}")
        await conn.execute("COMMIT")
    except BaseException:
        await conn.execute("ROLLBACK")
        raise


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (migrations contain no semicolons inside literals)."""
    without_comments = "\n".join(
        line for line in sql.splitlines() if not line.lstrip().startswith("--")
    )
    return [s.strip() for s in without_comments.split(";") if s.strip()]
