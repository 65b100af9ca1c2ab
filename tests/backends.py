"""The databases the suite runs on: SQLite always, PostgreSQL when KISBOT_TEST_DATABASE_URL is set.

Each test gets a database of its own: a new SQLite file, or a new PostgreSQL database copied
from a migrated template (`tools/with_postgres` starts a throwaway server and sets the URL).
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from storage.db import open_database

TEST_DATABASE_URL = os.environ.get("KISBOT_TEST_DATABASE_URL") or None
BACKENDS = ["sqlite", "postgres"] if TEST_DATABASE_URL else ["sqlite"]

_template: str | None = None


def url_of(name: str) -> str:
    """The test server's URL with another database name."""
    assert TEST_DATABASE_URL is not None
    return urlsplit(TEST_DATABASE_URL)._replace(path=f"/{name}").geturl()


def _admin_run(statement: str) -> None:
    import psycopg

    assert TEST_DATABASE_URL is not None
    with psycopg.connect(TEST_DATABASE_URL, autocommit=True) as conn:
        conn.execute(statement)  # type: ignore[arg-type]


def _migrated_template() -> str:
    """A migrated database made once per test process, copied for each test."""
    global _template
    if _template is None:
        name = f"kisbot_tpl_{os.getpid()}_{uuid.uuid4().hex[:8]}"
        _admin_run(f'CREATE DATABASE "{name}" TEMPLATE template0')

        async def migrate() -> None:
            await (await open_database(url_of(name))).close()

        asyncio.run(migrate())
        _template = name
    return _template


@contextmanager
def postgres_database(*, migrated: bool = True) -> Iterator[str]:
    """A new database on the test server (migrated, or empty); dropped afterwards."""
    template = _migrated_template() if migrated else "template0"
    name = f"kisbot_t_{uuid.uuid4().hex[:12]}"
    _admin_run(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    try:
        yield url_of(name)
    finally:
        _admin_run(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def drop_template() -> None:
    """At the end of the session."""
    global _template
    if _template is not None:
        _admin_run(f'DROP DATABASE IF EXISTS "{_template}" WITH (FORCE)')
        _template = None
