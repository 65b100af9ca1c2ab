"""The database of a process and its transactions: SQLite (the default) or PostgreSQL."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from functools import partial
from pathlib import Path

import aiosqlite

from storage.conn import Dialect, SqliteConn, settle
from storage.database import (
    Database,
    DatabaseDamaged,
    database_errors,
    is_postgres_url,
)
from storage.files import FileWriteError, create_private, replacing
from storage.migrate import apply_migrations, schema_version
from storage.tx import Tx

__all__ = [
    "Database",
    "DatabaseDamaged",
    "SqliteDatabase",
    "database_errors",
    "is_postgres_url",
    "open_database",
]

BUSY_TIMEOUT_MS = 5000


class SqliteDatabase(Database):
    """One aiosqlite connection per process; transactions are serialised by a lock.

    SQLite allows one writer at a time anyway, and a single shared connection cannot run two
    transactions at once, so every unit of work takes the lock for its whole transaction.
    Units of work do no network I/O, so the lock is held for a millisecond or so.
    """

    dialect: Dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()
        self.path = path
        # Long reads: a second connection, its own lock, never the writers' (see reading()).
        self._reader: aiosqlite.Connection | None = None
        self._reader_lock = asyncio.Lock()

    @classmethod
    async def connect(cls, path: str, *, migrate: bool = True) -> SqliteDatabase:
        """Open (creating if needed) and migrate the database at path."""
        if path != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            # SQLite gives its -wal and -shm files the database file's mode.
            create_private(path)
        conn = await aiosqlite.connect(path, isolation_level=None, check_same_thread=False)
        try:
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode = WAL")
            await conn.execute("PRAGMA foreign_keys = ON")
            await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
            # With WAL, NORMAL is durable across application crashes (kill -9); only an OS
            # crash or power loss can lose the last transactions.
            await conn.execute("PRAGMA synchronous = NORMAL")
            # Deleted content is overwritten with zeros, so erased personal data leaves the
            # file (with scrub(), which also empties the WAL), not only the tables.
            await conn.execute("PRAGMA secure_delete = ON")
            if migrate:
                await apply_migrations(conn)
            await settle(conn)
        except BaseException:
            await conn.close()
            raise
        return cls(conn, path)

    async def close(self) -> None:
        """Close the connections (waits for a running transaction and a running read)."""
        async with self._reader_lock:
            if self._reader is not None:
                await self._reader.close()
                self._reader = None
        async with self._lock:
            await self._conn.close()

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Tx]:
        """A WAL snapshot on a read-only connection of its own: the writers' lock is not taken,
        and SQLite lets one writer commit while readers read their snapshot."""
        if self.path == ":memory:":
            # No other connection sees an in-memory database.
            async with self.transaction() as tx:
                yield tx
            return
        async with self._reader_lock:
            if self._reader is None:
                self._reader = await _read_only(self.path)
            async with _snapshot(self._reader) as tx:
                yield tx

    def snapshot_opener(self) -> Callable[[], AbstractAsyncContextManager[Tx]] | None:
        if self.path == ":memory:":
            return None
        return partial(_own_snapshot, self.path)

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        """One unit of work: committed when the block ends, rolled back on any exception."""
        async with self._lock:
            # BEGIN goes with the first statement and COMMIT with the last writes: a step's
            # round trips to the database thread are its reads, and one at the end.
            conn = SqliteConn(self._conn, begin="BEGIN IMMEDIATE")
            try:
                yield Tx(conn)
            except BaseException:
                await conn.rollback()
                raise
            await conn.commit()
        # Statements run without waiting (storage.conn.SqliteConn), so a unit of work never
        # gives the event loop a turn by itself: one turn per transaction keeps everything else
        # on the loop (replies, the outbox, a test's own tasks) moving between them.
        await asyncio.sleep(0)

    async def migrate(self) -> list[str]:
        async with self._lock:
            applied = await apply_migrations(self._conn)
            await settle(self._conn)
            return applied

    async def version(self) -> int:
        return await schema_version(self._conn)

    async def scrub(self) -> None:
        """Move every committed page into the database file and empty the WAL.

        With secure_delete on, deleted rows are zeros in the pages; the WAL still holds
        older copies of those pages until it is checkpointed and truncated.
        """
        async with self._lock:
            await self._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            await settle(self._conn)

    async def quick_check(self) -> list[str]:
        """What PRAGMA quick_check finds wrong; empty when the database is sound."""
        try:
            async with self._lock:
                async with self._conn.execute("PRAGMA quick_check") as cur:
                    rows = [str(r[0]) for r in await cur.fetchall()]
                await settle(self._conn)
        except sqlite3.DatabaseError as exc:
            return [str(exc)]  # damage bad enough to stop the check itself
        return [] if rows == ["ok"] else rows

    async def backup(self, target: str) -> None:
        """An online, consistent copy at target (SQLite's backup API), 0600, whole or not at all.

        A damaged database is refused; the copy is written beside target and renamed over it
        only when complete and checked, so a failure never destroys an earlier backup.
        """
        await self.require_sound()
        with replacing(target) as temporary:
            create_private(temporary)
            destination = sqlite3.connect(temporary)
            try:
                async with self._lock:
                    await self._conn.backup(destination)
                    await settle(self._conn)
                copied = [str(r[0]) for r in destination.execute("PRAGMA quick_check")]
            except sqlite3.Error as exc:
                raise FileWriteError(target, str(exc)) from None
            finally:
                destination.close()
            if copied != ["ok"]:
                raise FileWriteError(target, "the copy does not read back whole")

    @property
    def connection(self) -> aiosqlite.Connection:
        """The raw connection, for migrations and checks only."""
        return self._conn


async def _read_only(path: str) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None, check_same_thread=False)
    try:
        conn.row_factory = aiosqlite.Row
        await conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        # A write through this connection is refused: it only ever reads.
        await conn.execute("PRAGMA query_only = ON")
        await settle(conn)
    except BaseException:
        await conn.close()
        raise
    return conn


@asynccontextmanager
async def _snapshot(conn: aiosqlite.Connection) -> AsyncIterator[Tx]:
    # A deferred BEGIN: the snapshot is the one of its first read and lasts to the end.
    await conn.execute("BEGIN")
    await settle(conn)
    try:
        yield Tx(SqliteConn(conn))
    finally:
        await conn.execute("ROLLBACK")


@asynccontextmanager
async def _own_snapshot(path: str) -> AsyncIterator[Tx]:
    """A connection of its own, opened on the running event loop (another thread's)."""
    conn = await _read_only(path)
    try:
        async with _snapshot(conn) as tx:
            yield tx
    finally:
        await conn.close()


async def open_database(target: str, *, migrate: bool = True) -> Database:
    """A SQLite file path or a postgresql:// URL, opened (created if needed) and migrated.
    Stored profiles out of date are not scored here (storage/rescore.py: the bot does it in
    the background, `kisbot migrate` before it returns); readers score such readings
    themselves meanwhile."""
    if is_postgres_url(target):
        # Imported here: a SQLite-only deployment never loads the PostgreSQL driver.
        from storage.postgres import PostgresDatabase

        return await PostgresDatabase.connect(target, migrate=migrate)
    return await SqliteDatabase.connect(target, migrate=migrate)
