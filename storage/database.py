"""What every database of the process offers, whichever kind it is (SQLite or PostgreSQL)."""

from __future__ import annotations

import sqlite3
import sys
from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager

from storage.conn import Dialect
from storage.tx import Tx


def database_errors() -> tuple[type[Exception], ...]:
    """What a database that cannot be used raises, whichever database it is (evaluate it in the
    `except` clause). PostgreSQL's errors are among them once its driver is loaded, which
    opening a PostgreSQL database does: importing psycopg only to name its errors cost a SQLite
    bot 8.6 MiB and 50 ms at every start."""
    psycopg = sys.modules.get("psycopg")
    return (sqlite3.Error,) if psycopg is None else (sqlite3.Error, psycopg.Error)


def is_postgres_url(target: str) -> bool:
    """Whether a database setting names a PostgreSQL server rather than a SQLite file."""
    return target.startswith(("postgresql://", "postgres://"))


class DatabaseDamaged(Exception):
    """The database fails PRAGMA quick_check: copying or exporting it would spread the damage."""

    def __init__(self, path: str, problems: list[str]) -> None:
        super().__init__(f"{path}: fails PRAGMA quick_check: {'; '.join(problems[:3])}")
        self.path = path
        self.problems = problems


class Database(ABC):
    """Where the repositories' transactions run; open one with open_database(target)."""

    dialect: Dialect
    path: str

    @abstractmethod
    def transaction(self) -> AbstractAsyncContextManager[Tx]:
        """One unit of work: committed when the block ends, rolled back on any exception."""

    def person_transaction(self, person_id: int) -> AbstractAsyncContextManager[Tx]:
        """A transaction that holds one person's lock until it ends (see PostgresDatabase)."""
        del person_id  # SQLite's transactions are serialised already
        return self.transaction()

    def reading(self) -> AbstractAsyncContextManager[Tx]:
        """A read-only snapshot outside the write lock, for long reads (exports, cards, lists):
        steps go on committing while it is read. Writing through it fails."""
        return self.transaction()

    def snapshot_opener(self) -> Callable[[], AbstractAsyncContextManager[Tx]] | None:
        """How another thread, on its own event loop, opens its own read-only snapshot of this
        database (a connection of its own); None when no other connection can see the data."""
        return None

    @abstractmethod
    async def migrate(self) -> list[str]:
        """Apply pending migrations; the names applied."""

    @abstractmethod
    async def version(self) -> int:
        """The schema's migration number."""

    @abstractmethod
    async def close(self) -> None:
        """Close (waits for running transactions)."""

    @abstractmethod
    async def scrub(self) -> None:
        """Make erased rows leave the storage too, not only the tables."""

    async def quick_check(self) -> list[str]:
        """What a quick integrity check finds wrong; empty when the database is sound."""
        return []

    async def require_sound(self) -> None:
        """Raise DatabaseDamaged unless the quick check passes."""
        problems = await self.quick_check()
        if problems:
            raise DatabaseDamaged(self.path, problems)
