"""Shared plumbing of the repositories."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import aiosqlite


class Repository:
    """A repository works inside the caller's transaction on the shared connection."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def _one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self._conn.execute(sql, tuple(params)) as cur:
            row: aiosqlite.Row | None = await cur.fetchone()
            return row

    async def _all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self._conn.execute(sql, tuple(params)) as cur:
            return list(await cur.fetchall())

    async def _run(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Execute a write; return the new row id (for inserts) or the rows changed."""
        async with self._conn.execute(sql, tuple(params)) as cur:
            if sql.lstrip().upper().startswith("INSERT"):
                return int(cur.lastrowid or 0)
            return int(cur.rowcount)
