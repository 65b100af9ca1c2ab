"""`kisbot db copy`: the demo club moves from SQLite to PostgreSQL with nothing lost."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from flows.demo_data import seed_demo
from storage.db import open_database
from tests.backends import postgres_database
from tests.workers_helpers import postgres_url

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


@pytest.fixture
def empty_postgres() -> Iterator[str]:
    postgres_url()
    with postgres_database(migrated=False) as url:
        yield url


async def _seed(path: str) -> None:
    database = await open_database(path)
    try:
        async with database.transaction() as tx:
            await seed_demo(tx, NOW, "Europe/Warsaw")
            await tx.outbox.enqueue(5, "alert", "k", {"name": "Ola", "n": 2}, "pl", NOW, NOW)
    finally:
        await database.close()


@pytest.fixture
def demo_sqlite(tmp_path: Path) -> str:
    """The demo club in a SQLite file (the CLI runs its own event loop, so tests are sync)."""
    path = str(tmp_path / "club.sqlite3")
    asyncio.run(_seed(path))
    return path


def _copy(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["db", "copy", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_the_demo_club_moves_with_every_count_and_checksum_matching(
    demo_sqlite: str, empty_postgres: str
) -> None:
    code, out, err = _copy(demo_sqlite, empty_postgres, "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["copied"] is True
    tables = {t["table"]: t for t in report["tables"]}
    assert tables["participants"]["rows"] == 30
    assert all(t["rows"] == t["copied_rows"] for t in tables.values())
    assert all(t["checksum"] == t["copied_checksum"] for t in tables.values())
    assert sum(t["rows"] for t in tables.values()) > 500
    asyncio.run(_same_through_the_repositories(demo_sqlite, empty_postgres))


async def _same_through_the_repositories(demo_sqlite: str, empty_postgres: str) -> None:
    """The copy is a working database: read through the repositories, new ids continue."""
    source = await open_database(demo_sqlite)
    target = await open_database(empty_postgres)
    try:
        for database in (source, target):
            async with database.transaction() as tx:
                clubs = await tx.clubs.all()
        async with source.transaction() as tx:
            before = [await tx.readings.for_participant(p) for p in range(1, 31)]
        async with target.transaction() as tx:
            after = [await tx.readings.for_participant(p) for p in range(1, 31)]
            assert after == before
            assert [c.name for c in await tx.clubs.all()] == [c.name for c in clubs]
            newcomer = await tx.participants.create(clubs[0].id, "Nowa", NOW)
        assert newcomer.id == 31
    finally:
        await source.close()
        await target.close()


def test_a_target_with_rows_is_refused_and_left_alone(
    demo_sqlite: str, empty_postgres: str
) -> None:
    assert _copy(demo_sqlite, empty_postgres)[0] == 0
    code, _, err = _copy(demo_sqlite, empty_postgres)
    assert code == 1
    assert "not empty" in err
    asyncio.run(_participants_once(empty_postgres))


async def _participants_once(empty_postgres: str) -> None:
    target = await open_database(empty_postgres)
    try:
        async with target.transaction() as tx:
            counted = await tx.conn.one("SELECT COUNT(*) FROM participants")
        assert counted is not None
        assert counted[0] == 30  # the first copy, once
    finally:
        await target.close()


def test_a_failure_half_way_leaves_the_target_empty(
    demo_sqlite: str, empty_postgres: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import storage.copy

    real_insert = storage.copy._insert
    done: list[str] = []

    async def failing_insert(target: object, table: str, *args: object) -> None:
        if len(done) == 5:
            raise RuntimeError("the connection broke half way")
        done.append(table)
        await real_insert(target, table, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(storage.copy, "_insert", failing_insert)
    with pytest.raises(RuntimeError, match="half way"):
        _copy(demo_sqlite, empty_postgres)
    monkeypatch.setattr(storage.copy, "_insert", real_insert)
    # Nothing of the five tables stayed: a clean second attempt goes through.
    code, out, err = _copy(demo_sqlite, empty_postgres)
    assert code == 0, err
    assert "every count and checksum matches" in out


def test_a_url_that_is_not_postgresql_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "x.sqlite3"
    source.write_bytes(b"")
    code, _, err = _copy(str(source), "mysql://somewhere/db")
    assert code == 2
    assert err.startswith("POSTGRES_URL: must be a postgresql://")
