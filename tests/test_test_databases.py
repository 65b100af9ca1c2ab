"""The suite's PostgreSQL databases are reused between tests (tests/backends.py): what one test
leaves behind must never reach the next one."""

from __future__ import annotations

from datetime import UTC, datetime

import psycopg
import pytest

from storage.db import open_database
from tests.backends import postgres_database
from tests.workers_helpers import postgres_url

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def _club_ids(url: str, names: list[str]) -> list[int]:
    database = await open_database(url)
    try:
        ids = []
        for name in names:
            async with database.transaction() as tx:
                ids.append((await tx.clubs.create(name, "KIS", "Europe/Warsaw", NOW)).id)
        return ids
    finally:
        await database.close()


async def test_a_reused_database_has_no_rows_and_fresh_ids_of_the_test_before() -> None:
    with postgres_database() as url:
        first = await _club_ids(url, ["KIS Słoneczko", "KIS Most"])
        # A session left open by the test (a killed worker would leave one) does not stop
        # the clean-up.
        leftover = psycopg.connect(url, autocommit=True)
        leftover.execute("SELECT pg_advisory_lock(1)")
    with postgres_database() as again:
        assert again == url  # the same database, given back
        assert await _club_ids(again, ["KIS Nowy"]) == first[:1]
        with psycopg.connect(again) as conn:
            names = [row[0] for row in conn.execute("SELECT name FROM clubs").fetchall()]
            version = conn.execute("SELECT version FROM kisbot_schema").fetchone()
            assert conn.execute("SELECT pg_try_advisory_lock(1)").fetchone() == (True,)
        assert names == ["KIS Nowy"]
        assert version is not None  # migration's own row is back
        assert version[0] > 0
    leftover.close()


@pytest.fixture(autouse=True)
def _postgres_server() -> None:
    """Skipped without a server on a developer's machine, failed in CI (tests/needs.py)."""
    postgres_url()


async def test_a_database_whose_schema_a_test_changed_is_not_reused() -> None:
    with postgres_database() as url, psycopg.connect(url, autocommit=True) as conn:
        conn.execute("ALTER TABLE clubs ADD COLUMN extra text")
    with postgres_database() as fresh, psycopg.connect(fresh) as conn:
        assert fresh != url
        columns = conn.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = 'clubs'"
        ).fetchall()
        assert ("extra",) not in columns


async def test_two_databases_at_once_are_two() -> None:
    with postgres_database() as one, postgres_database() as two:
        assert one != two
        await _club_ids(one, ["KIS Słoneczko"])
        with psycopg.connect(two) as conn:
            assert conn.execute("SELECT count(*) FROM clubs").fetchone() == (0,)
