"""The dialect seam: one small interface the repositories use, for SQLite and PostgreSQL.

Repositories write SQL once, with `?` placeholders, TRUE/FALSE for booleans and timestamps
as the text of storage.timefmt; each connection class turns that into what its database
speaks and gives rows back in the same shape (column by name or position, timestamps as the
same UTC text, JSON columns as text, dates as YYYY-MM-DD). See docs/ARCHITECTURE.md,
"Storage and dialects".
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, Literal, Protocol

import aiosqlite

Dialect = Literal["sqlite", "postgres"]


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


class SqliteConn(Conn):
    """aiosqlite speaks the repositories' SQL as written."""

    dialect: Dialect = "sqlite"

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        async with self._conn.execute(sql, tuple(params)) as cur:
            row: aiosqlite.Row | None = await cur.fetchone()
            return row

    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        async with self._conn.execute(sql, tuple(params)) as cur:
            return list(await cur.fetchall())

    async def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self._conn.execute(sql, tuple(params)) as cur:
            return int(cur.rowcount)

    async def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        await self._conn.executemany(sql, [tuple(r) for r in rows])

    async def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self._conn.execute(sql, tuple(params)) as cur:
            if cur.lastrowid is None:
                raise RuntimeError("INSERT produced no row id")
            return int(cur.lastrowid)


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
    """psycopg 3 with server-side parameters; see storage/postgres.py for the type loaders."""

    dialect: Dialect = "postgres"

    def __init__(self, conn: Any) -> None:
        # Any: psycopg is an optional dependency, imported only when PostgreSQL is chosen.
        self._conn = conn

    async def one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        cur = await self._conn.execute(to_pyformat(sql), tuple(params))
        row: Row | None = await cur.fetchone()
        return row

    async def all(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = await self._conn.execute(to_pyformat(sql), tuple(params))
        return list(await cur.fetchall())

    async def run(self, sql: str, params: Sequence[Any] = ()) -> int:
        cur = await self._conn.execute(to_pyformat(sql), tuple(params))
        return int(cur.rowcount)

    async def many(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        async with self._conn.cursor() as cur:
            await cur.executemany(to_pyformat(sql), [tuple(r) for r in rows])

    async def insert(self, sql: str, params: Sequence[Any] = ()) -> int:
        cur = await self._conn.execute(_returning_id(sql), tuple(params))
        row = await cur.fetchone()
        if row is None:
            raise RuntimeError("INSERT produced no row id")
        return int(row[0])
