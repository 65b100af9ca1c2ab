"""Long reads never hold up steps: a leader's export is read after the step's commit, on a
read-only snapshot outside the write lock, so a participant answering at the same moment gets
the next question while the export is still being read (flows/later.py)."""

from __future__ import annotations

import asyncio
import threading
from datetime import UTC, datetime
from typing import Any

import pytest

from flows.staff import exports as export_flow
from storage.database import database_errors
from storage.db import Database
from storage.tx import Tx
from tests.case_helpers import submitted
from tests.harness import Kisbot
from tests.intake_helpers import answer_with_buttons, bundled, join, safe_option, staff_member

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_a_step_completes_while_a_dataset_export_is_being_read(
    kisbot: Kisbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    leader = await staff_member(kisbot, 9001)
    done_id, _ = await kisbot.invite("Ola")
    await submitted(kisbot, done_id)
    person, _ = await join(kisbot, 501)
    q = bundled()

    reading = threading.Event()  # the export has its snapshot open and is reading
    release = threading.Event()  # the test lets the export finish
    build = export_flow.build_dataset

    async def held_build(tx: Tx, club_id: int | None, options: Any) -> Any:
        await tx.clubs.all()  # the snapshot is taken by its first read
        reading.set()
        # Held as seconds of building would hold it, without awaiting: only the export's own
        # thread may stop here, the bot's event loop must go on serving steps meanwhile.
        if not release.wait(60):
            raise AssertionError("the export was never released: the event loop stood still")
        return await build(tx, club_id, options)

    monkeypatch.setattr(export_flow, "build_dataset", held_build)
    export = asyncio.create_task(leader.send("/dataset"))
    try:
        assert await asyncio.to_thread(reading.wait, 60), "the export never started reading"
        first = person.last.text
        await answer_with_buttons(person, q, lambda item: safe_option(q, item, 1))
        # The person's answer is committed and the next question shown, the export still held.
        assert person.last.text != first
        assert not export.done()
        assert not leader.documents
    finally:
        release.set()
    await export
    assert leader.documents[-1].filename.endswith(".xlsx")


async def test_a_long_read_sees_its_snapshot_and_never_writes(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
    async with db.reading() as snapshot:
        assert len(await snapshot.clubs.all()) == 1
        # A step commits while the read is open: neither waits for the other.
        async with db.transaction() as tx:
            await tx.clubs.create("Drugi", "KIS", "Europe/Warsaw", NOW)
        assert len(await snapshot.clubs.all()) == 1  # still the snapshot of its first read
        with pytest.raises(database_errors()):
            await snapshot.conn.run("DELETE FROM clubs")
    async with db.reading() as later:
        assert len(await later.clubs.all()) == 2


async def test_a_snapshot_of_its_own_in_another_thread(db: Database) -> None:
    opener = db.snapshot_opener()
    assert opener is not None

    async def count() -> int:
        async with opener() as tx:
            return len(await tx.clubs.all())

    async with db.transaction() as tx:
        await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
    assert await asyncio.to_thread(asyncio.run, count()) == 1
