"""The dialect seam: one small interface the repositories use, for SQLite and PostgreSQL.

Repositories write SQL once, with `?` placeholders, TRUE/FALSE for booleans and timestamps
as the text of storage.timefmt; each connection class turns that into what its database
speaks and gives rows back in the same shape (column by name or position, timestamps as the
same UTC text, JSON columns as text, dates as YYYY-MM-DD). See docs/ARCHITECTURE.md,
"Storage and dialects".
"""

from __future__ import annotations

import sqlite3
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Literal, Protocol, TypeVar

import aiosqlite

Dialect = Literal["sqlite", "postgres"]
_T = TypeVar("_T")


class Row(Protocol):
    """A result row: `row["column"]`, `row[0]`, `dict(row)`."""

    def __getitem__(self, key: int | str, /) -> Any: ...

    def keys(self) -> list[str]: ...


class Conn(ABC):
    """One connection inside one open transaction."""

    dialect: Dialect

    @abstractmethod
    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query, or None."""

    @abstractmethod
    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Every row of a query."""

    @abstractmethod
    async def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        """A write; how many rows it changed."""

    @abstractmethod
    async def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        """The same write once per parameter row."""

    @abstractmethod
    async def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        """An INSERT into a table with an `id` column; the new row's id."""

    async def later(self, sql: str, params: Sequence[Any] = ()) -> None:
        """A write whose outcome the caller does not need: it may travel with the next statement
        or the commit, in the same round trip. An error in it fails the transaction there."""
        await self.run(sql, params)


Statement = tuple[str, tuple[Any, ...]]


class SqliteConn(Conn):
    """SQLite speaks the repositories' SQL as written.

    Statements run on the calling thread (the event loop's), on the sqlite3 connection that
    aiosqlite opened (with check_same_thread=False; only one transaction uses it at a time, under
    the database's lock). An indexed statement takes tens of microseconds; a hop to aiosqlite's
    thread costs a turn of the event loop and a GIL handover, milliseconds when the bot is busy,
    and a step held the write lock across 26-38 of them (bench/step_cost.py, BENCHMARKS.md).
    Writes whose outcome nobody reads (`later`) and BEGIN are sent with the next statement,
    the last writes with COMMIT.
    """

    dialect: Dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection, *, begin: str | None = None) -> None:
        self._conn = conn
        # Writes not yet sent (see later()); BEGIN too, which goes with the first statement.
        self._pending: list[Statement] = [] if begin is None else [(begin, ())]
        self.sent = begin is None  # whether anything of the transaction reached SQLite

    async def later(self, sql: str, params: Sequence[Any] = ()) -> None:
        self._pending.append((sql, tuple(params)))

    async def _hop(
        self, work: Callable[[sqlite3.Cursor], _T], sql: str, params: Sequence[Any]
    ) -> _T:
        raw = self._conn._conn  # the sqlite3 connection aiosqlite opened
        pending, self._pending = self._pending, []
        self.sent = True
        statement = (sql, tuple(params))

        def run() -> _T:
            _send(raw, pending)
            cursor = raw.execute(*statement)
            try:
                return work(cursor)
            finally:
                cursor.close()

        return await _in_thread(self._conn, run)

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        row: Row | None = await self._hop(_fetchone, sql, params)
        return row

    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        return await self._hop(_fetchall, sql, params)

    async def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        return await self._hop(_rowcount, sql, params)

    async def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        raw = self._conn._conn
        pending, self._pending = self._pending, []
        self.sent = True
        batch = [tuple(r) for r in rows]

        def run() -> None:
            _send(raw, pending)
            raw.executemany(sql, batch).close()

        await _in_thread(self._conn, run)

    async def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        row_id = await self._hop(_lastrowid, sql, params)
        if row_id is None:
            raise RuntimeError("INSERT produced no row id")
        return row_id

    async def commit(self) -> None:
        """The writes still pending and COMMIT, in one hop; rolled back there if one fails."""
        raw = self._conn._conn
        pending, self._pending = self._pending, []
        if not self.sent and not pending[1:]:
            return  # nothing but BEGIN: a transaction that only decided there was nothing to do
        self.sent = True

        def run() -> None:
            try:
                _send(raw, pending)
                raw.execute("COMMIT").close()
            except BaseException:
                if raw.in_transaction:
                    raw.execute("ROLLBACK").close()
                raise

        await _in_thread(self._conn, run)

    async def rollback(self) -> None:
        """Drop what is pending; roll back what was sent."""
        self._pending = []
        if self.sent:
            raw = self._conn._conn

            def run() -> None:
                if raw.in_transaction:
                    raw.execute("ROLLBACK").close()

            await _in_thread(self._conn, run)


async def _in_thread(conn: aiosqlite.Connection, work: Callable[[], _T]) -> _T:
    """work() now, on this thread: see SqliteConn. (bench/step_cost.py --hop replaces this with
    one hop to aiosqlite's thread, to measure the difference.)"""
    del conn
    return work()


async def settle(conn: aiosqlite.Connection) -> None:
    """After aiosqlite's own API was used on conn: its thread still holds the last result (a
    cursor whose statement is in progress, which makes the next COMMIT on this thread fail)
    until it runs something else; give it nothing to run."""
    execute: Callable[[Callable[[], None]], Awaitable[None]] = conn._execute
    await execute(_nothing)


def _nothing() -> None:
    return None


def _send(raw: sqlite3.Connection, statements: list[Statement]) -> None:
    for statement in statements:
        raw.execute(*statement).close()


def _fetchone(cursor: sqlite3.Cursor) -> Any:
    return cursor.fetchone()


def _fetchall(cursor: sqlite3.Cursor) -> list[Any]:
    return cursor.fetchall()


def _rowcount(cursor: sqlite3.Cursor) -> int:
    return int(cursor.rowcount)


def _lastrowid(cursor: sqlite3.Cursor) -> int | None:
    return None if cursor.lastrowid is None else int(cursor.lastrowid)


class PgRow(tuple[Any, ...]):
    """A PostgreSQL row that reads like sqlite3.Row."""

    _names: dict[str, int]

    def __new__(cls, names: dict[str, int], values: Sequence[Any]) -> PgRow:
        row = super().__new__(cls, values)
        row._names = names
        return row

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, str):
            return super().__getitem__(self._names[key])
        return super().__getitem__(key)

    def keys(self) -> list[str]:
        return list(self._names)

    def __iter__(self) -> Iterator[Any]:
        return super().__iter__()


@lru_cache(maxsize=2048)
def to_pyformat(sql: str) -> str:
    """`?` placeholders outside quoted text become `%s`; a literal `%` becomes `%%`."""
    out: list[str] = []
    quote: str | None = None
    for char in sql:
        if quote is not None:
            if char == quote:
                quote = None
            out.append("%%" if char == "%" else char)
        elif char in ("'", '"'):
            quote = char
            out.append(char)
        elif char == "?":
            out.append("%s")
        elif char == "%":
            out.append("%%")
        else:
            out.append(char)
    return "".join(out)


@lru_cache(maxsize=512)
def _returning_id(sql: str) -> str:
    return to_pyformat(sql.rstrip().rstrip(";") + " RETURNING id")


class PgConn(Conn):
    """psycopg 3 with server-side parameters; see storage/postgres.py for the type loaders.

    In a transaction it opens (`begin`: BEGIN and whatever goes with it, such as the person's
    lock), nothing is sent at once: BEGIN and the writes whose outcome nobody reads (`later`)
    travel with the next statement, the last writes with COMMIT, in psycopg's pipeline mode:
    sent together, one round trip, answered in order. A statement that fails there skips the
    rest (PostgreSQL aborts the pipeline) and raises its own error where the batch was sent;
    the transaction is then rolled back whole (`rollback`). Without `begin` (a connection in a
    transaction someone else opened) every statement is sent at once.
    """

    dialect: Dialect = "postgres"

    def __init__(self, conn: Any, *, begin: Sequence[Statement] = ()) -> None:
        # Any: psycopg is an optional dependency, imported only when PostgreSQL is chosen.
        self._conn = conn
        self._pending: list[Statement] = [(to_pyformat(sql), params) for sql, params in begin]
        self._opening = len(self._pending)  # what commit() may skip if nothing else was sent
        self._holds = bool(begin)  # whether commit() will send held writes
        self.sent = not begin  # whether anything of the transaction reached the server

    async def later(self, sql: str, params: Sequence[Any] = ()) -> None:
        if not self._holds:
            await self.run(sql, params)
            return
        self._pending.append((to_pyformat(sql), tuple(params)))

    async def _send(self, sql: str, params: Sequence[Any]) -> Any:
        """sql (with %s placeholders) and what is pending before it, in one round trip; its
        cursor, with the whole result fetched."""
        pending, self._pending = self._pending, []
        self.sent = True
        if not pending:
            return await self._conn.execute(sql, tuple(params))
        async with self._conn.pipeline():
            for statement in pending:
                await self._conn.execute(*statement)
            # Leaving the pipeline sends a Sync and reads every result, this cursor's too.
            return await self._conn.execute(sql, tuple(params))

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        cur = await self._send(to_pyformat(sql), params)
        row: Row | None = await cur.fetchone()
        return row

    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = await self._send(to_pyformat(sql), params)
        return list(await cur.fetchall())

    async def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        cur = await self._send(to_pyformat(sql), params)
        return int(cur.rowcount)

    async def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        pending, self._pending = self._pending, []
        self.sent = True
        # The cursor outlives the pipeline: leaving the pipeline reads the batch's results.
        async with self._conn.cursor() as cur, self._conn.pipeline():
            for statement in pending:
                await self._conn.execute(*statement)
            await cur.executemany(to_pyformat(sql), [tuple(r) for r in rows])

    async def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        cur = await self._send(_returning_id(sql), params)
        row = await cur.fetchone()
        if row is None:
            raise RuntimeError("INSERT produced no row id")
        return int(row[0])

    async def commit(self) -> None:
        """The writes still pending and COMMIT, in one round trip; if one fails, its error is
        raised and the caller rolls back."""
        if not self.sent and len(self._pending) == self._opening:
            self._pending = []
            return  # nothing but BEGIN: a transaction that decided there was nothing to do
        await self._send("COMMIT", ())

    async def rollback(self) -> None:
        """Drop what is pending; roll back what was sent."""
        self._pending = []
        # psycopg's own rollback: it also forgets statements prepared in this transaction.
        # A connection left mid-statement (a cancelled step) is closed by the pool instead.
        if self.sent and self._conn.info.transaction_status.name in ("INTRANS", "INERROR"):
            await self._conn.rollback()
