"""The lean step's writes: a write whose outcome nobody reads may travel with the next statement
or the commit (storage.conn.Conn.later), and still behaves as if it had been sent at once."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime

import pytest

from bench.pg_relay import RoundTrips
from storage.database import database_errors
from storage.db import Database, open_database
from storage.tx import Tx
from tests.harness import Kisbot
from tests.intake_helpers import answers_of, bundled, current, join, press, safe_option

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def test_a_held_write_is_seen_by_the_next_read_and_committed(db: Database) -> None:
    async with db.transaction() as tx:
        club = await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
        person = await tx.participants.create(club.id, "Ala", NOW)
        await tx.participants.set_status(club.id, person.id, "in_progress")
        found = await tx.participants.get(club.id, person.id)
        assert found is not None
        assert found.status == "in_progress"
        await tx.participants.set_status(club.id, person.id, "submitted")  # sent with COMMIT
    async with db.transaction() as tx:
        stored = await tx.participants.get(club.id, person.id)
        assert stored is not None
        assert stored.status == "submitted"


async def _refused_at_commit(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
        # A statement the database refuses, held until the commit: no half-committed step.
        await tx.conn.later("INSERT INTO clubs (id) VALUES (NULL, NULL)")


async def _failed_before_sending(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.conn.later("DELETE FROM clubs")
        raise RuntimeError("the step failed before anything was sent")


async def test_a_held_write_that_fails_rolls_the_whole_step_back(db: Database) -> None:
    with pytest.raises(database_errors()):
        await _refused_at_commit(db)
    async with db.transaction() as tx:
        assert await tx.clubs.all() == []


async def test_a_step_that_changes_nothing_leaves_the_database_as_it_was(db: Database) -> None:
    async with db.transaction() as tx:
        await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
    async with db.transaction():
        pass  # nothing sent: not even BEGIN reaches SQLite
    with pytest.raises(RuntimeError, match="before anything was sent"):
        await _failed_before_sending(db)
    async with db.transaction() as tx:
        assert len(await tx.clubs.all()) == 1


async def test_a_reading_is_read_with_its_answers_in_one_query(db: Database) -> None:
    """What a press reads: the reading in progress with its answers (none yet, some, a value
    of each kind), only in its own club, and nothing once it is submitted."""
    from questionnaires.model import Answer

    async with db.transaction() as tx:
        club = await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
        other = await tx.clubs.create("Inny", "KIS", "Europe/Warsaw", NOW)
        person = await tx.participants.create(club.id, "Ala", NOW)
        reading = await tx.readings.create(
            person.id, "entry", "participant", "diagnosis_participant", 1, "q1", NOW
        )
        fresh = await tx.readings.unfinished_with_answers(person.id, "participant")
        assert fresh is not None
        assert (fresh.reading, fresh.answers) == (reading, {})
        given = {
            "q1": Answer(status="answered", value="yes"),
            "q2": Answer(status="answered", value=["a", "b"]),
            "q3": Answer(status="answered", value=3),
            "q4": Answer(status="skipped"),
        }
        for item, answer in given.items():
            await tx.readings.save_answer(reading.id, item, answer, NOW)
        await tx.readings.move(reading.id, status="review", current_item=None, now=NOW)
        found = await tx.readings.unfinished_with_answers(person.id, "participant")
        assert found is not None
        assert found.answers == given == await tx.readings.answers(reading.id)
        assert found.reading == await tx.readings.unfinished(person.id, "participant")
        assert found.reading.status == "review"
        by_id = await tx.readings.get_with_answers(club.id, reading.id)
        assert by_id == found
        assert await tx.readings.get_with_answers(other.id, reading.id) is None
        assert await tx.readings.unfinished_with_answers(person.id, "staff") is None
        await tx.readings.move(reading.id, status="submitted", current_item=None, now=NOW)
        assert await tx.readings.unfinished_with_answers(person.id, "participant") is None


def _integrity_errors() -> tuple[type[Exception], ...]:
    """What a database raises for a broken constraint, whichever database it is."""
    import psycopg

    return (sqlite3.IntegrityError, psycopg.IntegrityError)


async def _duplicate_club(tx: Tx, club_id: int) -> None:
    """A second club with the same id, held (a primary key violation when it is sent)."""
    await tx.conn.later(
        "INSERT INTO clubs (id, name, kind, timezone, created_at) VALUES (?, ?, ?, ?, ?)",
        (club_id, "Kopia", "KIS", "Europe/Warsaw", "2026-11-24T08:00:00Z"),
    )


async def _step_with_a_duplicate_club(db: Database, club_id: int, participant_id: int) -> None:
    async with db.person_transaction(7001) as tx:
        await tx.participants.set_status(club_id, participant_id, "in_progress")  # held
        await tx.conn.run("UPDATE clubs SET name = 'Nowa' WHERE id = ?", (club_id,))
        await _duplicate_club(tx, club_id)
        await tx.participants.set_status(club_id, participant_id, "submitted")  # held too


async def _read_after_a_duplicate_club(db: Database, club_id: int, went_on: list[str]) -> None:
    async with db.transaction() as tx:
        await _duplicate_club(tx, club_id)
        await tx.clubs.get(club_id)  # the held write goes with this read, and fails there
        went_on.append("read")


async def test_a_held_write_refused_by_a_constraint_undoes_the_whole_step(db: Database) -> None:
    async with db.transaction() as tx:
        club = await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
        person = await tx.participants.create(club.id, "Ala", NOW)
    with pytest.raises(_integrity_errors()):
        await _step_with_a_duplicate_club(db, club.id, person.id)
    async with db.transaction() as tx:
        stored_club = await tx.clubs.get(club.id)
        stored = await tx.participants.get(club.id, person.id)
    assert stored_club is not None
    assert stored_club.name == "Klub"
    assert stored is not None
    assert stored.status == person.status
    # The next step on the same database is not disturbed by the failed one.
    async with db.person_transaction(7001) as tx:
        await tx.participants.set_status(club.id, person.id, "in_progress")
    async with db.transaction() as tx:
        stored = await tx.participants.get(club.id, person.id)
    assert stored is not None
    assert stored.status == "in_progress"


async def test_a_held_write_that_fails_stops_the_step_at_its_next_read(db: Database) -> None:
    async with db.transaction() as tx:
        club = await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
    went_on: list[str] = []
    with pytest.raises(_integrity_errors()):
        await _read_after_a_duplicate_club(db, club.id, went_on)
    assert went_on == []


@pytest.mark.postgres_only
async def test_on_postgresql_held_writes_travel_with_the_next_read_and_commit(
    database_url: str,
) -> None:
    relay = await RoundTrips.start(database_url)
    db = await open_database(relay.url)
    try:
        async with db.transaction() as tx:
            club = await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
            person = await tx.participants.create(club.id, "Ala", NOW)
        before = relay.trips
        async with db.person_transaction(7002) as tx:
            # BEGIN and the person's lock go with the read; the held writes with COMMIT.
            await tx.participants.get(club.id, person.id)
            await tx.participants.set_status(club.id, person.id, "in_progress")
            await tx.conn.later("UPDATE clubs SET name = 'Nowa' WHERE id = ?", (club.id,))
        assert relay.trips - before == 2
        before = relay.trips
        async with db.transaction() as tx:
            await tx.participants.set_status(club.id, person.id, "submitted")
        assert relay.trips - before == 1
        before = relay.trips
        async with db.person_transaction(7002):
            pass
        assert relay.trips == before  # nothing to do: not even BEGIN is sent
        async with db.transaction() as tx:
            stored_club = await tx.clubs.get(club.id)
            stored = await tx.participants.get(club.id, person.id)
        assert stored_club is not None
        assert stored_club.name == "Nowa"
        assert stored is not None
        assert stored.status == "submitted"
    finally:
        await db.close()
        await relay.close()


@pytest.mark.over_http
async def test_an_answer_is_stored_before_the_bot_replies_to_the_press(kisbot: Kisbot) -> None:
    person, participant_id = await join(kisbot, 3101)
    q = bundled()
    shown, item = current(person, q)
    # Telegram takes its time with the bot's first reply (the press's answerCallbackQuery).
    slow = kisbot.server.inject("answerCallbackQuery", delay=1.0)
    pressing = asyncio.create_task(press(person, shown, "o", safe_option(q, item, 1)))
    async with asyncio.timeout(5):
        while slow.hits == 0:  # noqa: ASYNC110 - the fake signals a call only once answered
            await asyncio.sleep(0.01)
    # The bot is replying now; the answer is in the database already, seen from elsewhere.
    assert item.id in await answers_of(kisbot, participant_id)
    await pressing
