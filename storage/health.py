"""Database checks for `kisbot check`."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiosqlite

from storage.migrate import available_migrations, schema_version


async def database_problems(path: str) -> list[str]:
    """Problems with the database (a SQLite file or a PostgreSQL URL), one line each."""
    from storage.db import is_postgres_url

    if is_postgres_url(path):
        return await _postgres_problems(path)
    if path != ":memory:" and not await asyncio.to_thread(Path(path).exists):
        return []  # created on first start; nothing to check yet
    problems: list[str] = []
    if path != ":memory:":
        from storage.files import is_private

        if not is_private(path):
            problems.append(
                f"KISBOT_DB_PATH: {path}: other accounts on this machine may read it; "
                f"run: chmod 600 {path}"
            )
    try:
        async with aiosqlite.connect(f"file:{path}?mode=ro", uri=True) as conn:
            async with conn.execute("PRAGMA integrity_check") as cur:
                rows = [str(r[0]) for r in await cur.fetchall()]
            if rows != ["ok"]:
                problems.extend(f"KISBOT_DB_PATH: {path}: integrity: {r}" for r in rows[:10])
            async with conn.execute("PRAGMA foreign_key_check") as cur:
                if await cur.fetchone() is not None:
                    problems.append(f"KISBOT_DB_PATH: {path}: rows refer to missing rows")
            current = await schema_version(conn)
    except aiosqlite.DatabaseError as exc:
        return [f"KISBOT_DB_PATH: {path}: not a usable SQLite database ({exc})"]
    latest = available_migrations()[-1].number
    if current < latest:
        problems.append(
            f"KISBOT_DB_PATH: {path}: schema version {current}, latest {latest}; "
            "run `kisbot migrate` (the bot also migrates at start)"
        )
    elif current > latest:
        problems.append(
            f"KISBOT_DB_PATH: {path}: schema version {current} is newer than this "
            f"kisbot ({latest}); upgrade kisbot"
        )
    return problems


async def _postgres_problems(url: str) -> list[str]:
    """Reachable, and at this program's schema version; the URL is never printed."""
    import psycopg

    from storage.postgres import connect_one

    try:
        conn = await connect_one(url)
    except psycopg.Error as exc:
        return [f"KISBOT_DATABASE_URL: cannot connect ({type(exc).__name__})"]
    try:
        current = await schema_version(conn)
    finally:
        await conn.close()
    latest = available_migrations("postgres")[-1].number
    if current < latest:
        return [
            f"KISBOT_DATABASE_URL: schema version {current}, latest {latest}; "
            "run `kisbot migrate` (the bot also migrates at start)"
        ]
    if current > latest:
        return [
            f"KISBOT_DATABASE_URL: schema version {current} is newer than this "
            f"kisbot ({latest}); upgrade kisbot"
        ]
    return []
