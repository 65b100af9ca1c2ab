"""The lean step's writes: a write whose outcome nobody reads may travel with the next statement
or the commit (storage.conn.Conn.later), and still behaves as if it had been sent at once."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from storage.database import DATABASE_ERRORS
from storage.db import Database

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
    with pytest.raises(DATABASE_ERRORS):
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
