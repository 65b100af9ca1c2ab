"""Shared plumbing of the repositories."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from storage.conn import Conn, Row


@dataclass
class TxNotes:
    """What a transaction did that matters after it commits."""

    queued_outbox: bool = False
    # Personal data was erased: after the commit the database overwrites the freed space.
    erased: bool = False


class Repository:
    """A repository works inside the caller's transaction, on SQLite or PostgreSQL alike.

    SQL here is written once for both (see docs/ARCHITECTURE.md, "Storage and dialects"):
    `?` placeholders, TRUE/FALSE and Python bools for booleans, timestamps through
    storage.timefmt, `RETURNING`/`ON CONFLICT` as both databases have them.
    """

    def __init__(self, conn: Conn, notes: TxNotes | None = None) -> None:
        self._conn = conn
        self._notes = notes if notes is not None else TxNotes()

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        return await self._conn.one(sql, params)

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await self._conn.all(sql, params)

    async def _run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute a write; return how many rows it changed."""
        return await self._conn.run(sql, params)

    async def _later(self, sql: str, params: Sequence[Any] = ()) -> None:
        """A write whose outcome is not needed: it may travel with the next statement or the
        commit in one round trip (storage.conn.Conn.later)."""
        await self._conn.later(sql, params)

    async def _many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """Execute the same write once per parameter row."""
        await self._conn.many(sql, rows)

    async def _insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Execute an INSERT into a table with an `id` column; return the new row's id."""
        return await self._conn.insert(sql, params)
