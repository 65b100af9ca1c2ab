"""Shared plumbing of the repositories."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import aiosqlite


@dataclass
class TxNotes:
    """What a transaction did that matters after it commits."""

    queued_outbox: bool = False
    # Personal data was erased: after the commit the database overwrites the freed space.
    erased: bool = False


class Repository:
    """A repository works inside the caller's transaction on the shared connection."""

    def __init__(self, conn: aiosqlite.Connection, notes: TxNotes | None = None) -> None:
        self._conn = conn
        self._notes = notes if notes is not None else TxNotes()

    async def _one(self, sql: str, params: Iterable[Any] = ()) -> aiosqlite.Row | None:
        async with self._conn.execute(sql, tuple(params)) as cur:
            row: aiosqlite.Row | None = await cur.fetchone()
            return row

    async def _all(self, sql: str, params: Iterable[Any] = ()) -> list[aiosqlite.Row]:
        async with self._conn.execute(sql, tuple(params)) as cur:
            return list(await cur.fetchall())

    async def _run(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Execute a write; return how many rows it changed."""
        async with self._conn.execute(sql, tuple(params)) as cur:
            return int(cur.rowcount)

    async def _insert(self, sql: str, params: Iterable[Any] = ()) -> int:
        """Execute an INSERT; return the new row's id."""
        async with self._conn.execute(sql, tuple(params)) as cur:
            if cur.lastrowid is None:
                raise RuntimeError("INSERT produced no row id")
            return int(cur.lastrowid)
