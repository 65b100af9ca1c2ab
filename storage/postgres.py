"""PostgreSQL through psycopg 3: a connection pool, type loaders, locks shared by all workers.

Imported only when KISBOT_DATABASE_URL names a PostgreSQL server, so a SQLite deployment
needs no PostgreSQL driver installed.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from datetime import datetime
from functools import partial
from typing import Any

import psycopg
from psycopg.adapt import Buffer, Loader
from psycopg.rows import RowMaker
from psycopg.types.string import TextLoader
from psycopg_pool import AsyncConnectionPool

from storage.conn import Dialect, PgConn, PgRow, Statement
from storage.database import Database
from storage.migrate import apply_migrations, schema_version
from storage.timefmt import to_db
from storage.tx import Tx

POOL_MAX = 10  # connections per process; several workers share the server's max_connections
CONNECT_TIMEOUT = 10.0


class _TimestampLoader(Loader):
    """timestamptz comes back as the same UTC text SQLite stores (storage.timefmt)."""

    def load(self, data: Buffer) -> str:
        return to_db(datetime.fromisoformat(bytes(data).decode()))


def _row_factory(cursor: psycopg.AsyncCursor[Any]) -> RowMaker[PgRow]:
    description = cursor.description or []
    names = {column.name: index for index, column in enumerate(description)}

    def make(values: Any) -> PgRow:
        return PgRow(names, values)

    return make


async def _configure(conn: psycopg.AsyncConnection[Any]) -> None:
    # Text forms the repositories expect: JSON as text, dates as YYYY-MM-DD.
    conn.adapters.register_loader("timestamptz", _TimestampLoader)
    conn.adapters.register_loader("jsonb", TextLoader)
    conn.adapters.register_loader("date", TextLoader)
    await conn.execute("SET TIME ZONE 'UTC'")
    await conn.execute("SET DateStyle TO 'ISO'")


async def connect_one(url: str) -> psycopg.AsyncConnection[Any]:
    """A single configured connection outside the pool (migrations, copy, checks)."""
    conn = await psycopg.AsyncConnection.connect(
        url, autocommit=True, connect_timeout=int(CONNECT_TIMEOUT)
    )
    await _configure(conn)
    return conn


_READ_ONLY = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"
_BEGIN: Statement = ("BEGIN", ())
_BEGIN_READ_ONLY: Statement = ("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY", ())


@asynccontextmanager
async def _unit(conn: psycopg.AsyncConnection[Any], *opening: Statement) -> AsyncIterator[Tx]:
    """A transaction on a pool connection (in autocommit mode: BEGIN and COMMIT are ours).
    The opening statements are sent with the first statement of the block, the held writes
    with COMMIT (storage.conn.PgConn); committed when the block ends, rolled back on any
    exception, the pipeline's failures included."""
    pg = PgConn(conn, begin=opening)
    try:
        yield Tx(pg)
    except BaseException:
        await pg.rollback()
        raise
    try:
        await pg.commit()
    except BaseException:
        await pg.rollback()
        raise


@asynccontextmanager
async def _own_snapshot(url: str) -> AsyncIterator[Tx]:
    """A connection of its own, outside the pool (which belongs to the main event loop)."""
    conn = await psycopg.AsyncConnection.connect(
        url, autocommit=True, connect_timeout=int(CONNECT_TIMEOUT), row_factory=_row_factory
    )
    try:
        await _configure(conn)
        async with conn.transaction():
            await conn.execute(_READ_ONLY)
            yield Tx(PgConn(conn))
    finally:
        await conn.close()


class PostgresDatabase(Database):
    """A pool of connections; each transaction takes one for its whole length."""

    dialect: Dialect = "postgres"

    def __init__(self, pool: AsyncConnectionPool[Any], url: str) -> None:
        self._pool = pool
        self.url = url
        self.path = "KISBOT_DATABASE_URL"  # how messages name it; never the URL (password)

    @classmethod
    async def connect(cls, url: str, *, migrate: bool = True) -> PostgresDatabase:
        """Open a pool on url and (unless told not to) migrate the schema."""
        # One plain connection first: an unreachable server is one clear error, at once,
        # rather than the pool's retries.
        conn = await connect_one(url)
        try:
            if migrate:
                await apply_migrations(conn)
        finally:
            await conn.close()
        pool: AsyncConnectionPool[Any] = AsyncConnectionPool(
            url,
            min_size=1,
            max_size=POOL_MAX,
            open=False,
            kwargs={"autocommit": True, "row_factory": _row_factory},
            configure=_configure,
            timeout=30.0,
        )
        await pool.open(wait=True, timeout=CONNECT_TIMEOUT)
        return cls(pool, url)

    async def close(self) -> None:
        await self._pool.close()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Tx]:
        async with self._pool.connection() as conn, _unit(conn, _BEGIN) as tx:
            yield tx

    @asynccontextmanager
    async def person_transaction(self, person_id: int) -> AsyncIterator[Tx]:
        """A transaction holding the person's advisory lock until it commits or rolls back.

        Every worker process takes the same lock, so one person's steps run one at a time
        across the whole deployment; the lock ends with the transaction, so a killed worker
        never leaves it held.
        """
        lock = ("SELECT pg_advisory_xact_lock(?)", (person_id,))
        async with self._pool.connection() as conn, _unit(conn, _BEGIN, lock) as tx:
            yield tx

    @asynccontextmanager
    async def reading(self) -> AsyncIterator[Tx]:
        """A read-only REPEATABLE READ transaction from the pool: one consistent snapshot, no
        person's lock, and PostgreSQL lets writers commit meanwhile."""
        async with self._pool.connection() as conn, _unit(conn, _BEGIN_READ_ONLY) as tx:
            yield tx

    def snapshot_opener(self) -> Callable[[], AbstractAsyncContextManager[Tx]] | None:
        return partial(_own_snapshot, self.url)

    async def scrub(self) -> None:
        """Nothing to do here: PostgreSQL's (auto)vacuum reclaims the space of deleted and
        overwritten rows; the database team's WAL archive and backups keep their own
        retention (docs/DEPLOY.md)."""

    async def migrate(self) -> list[str]:
        async with self._pool.connection() as conn:
            return await apply_migrations(conn)

    async def version(self) -> int:
        async with self._pool.connection() as conn:
            return await schema_version(conn)
