"""The process's one SQLite connection and its transactions."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import aiosqlite

from storage.migrate import apply_migrations
from storage.tx import Tx

BUSY_TIMEOUT_MS = 5000


class Database:
    """One aiosqlite connection per process; transactions are serialised by a lock.

    SQLite allows one writer at a time anyway, and a single shared connection cannot run two
    transactions at once, so every unit of work takes the lock for its whole transaction.
    Units of work do no network I/O, so the lock is held for a millisecond or so.
    """

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self.path = path

    @classmethod
    async def open(cls, path: str, *, migrate: bool = True) -> Database:
        """Open (creating if needed) and migrate the database at path."""
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        conn = await aiosqlite.connect(path, isolation_level=None)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            # With WAL, NORMAL is durable across application crashes (kill -9); only an OS
            # crash or power loss can lose the last transactions.
            await conn.execute("PRAGMA synchronous = NORMAL")
            if migrate:
                await apply_migrations(conn)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    async def close(self) -> None:
        """Close the connection (waits for a running transaction)."""
        async with self._lock:
            await self._conn.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One unit of work: committed when the block ends, rolled back on any exception."""
        async with self._lock:
            await self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield Tx(self._conn)
            except BaseException:
                await self._conn.execute("ROLLBACK")
                raise
            await self._conn.execute("COMMIT")

    async def backup(self, target: str) -> None:
        """An online, consistent copy of the database at target (SQLite's backup API)."""
        destination = sqlite3.connect(target)
        try:
            async with self._lock:
                await self._conn.backup(destination)
        finally:
            destination.close()

    @property
    def connection(self) -> aiosqlite.Connection:
        """The raw connection, for migrations and checks only."""
        return self._conn
