"""Stored profiles (issue 18): a reading's scores, classes and flags are stored when it is
submitted, so exports read them instead of scoring again. What is stored is what scoring the
answers gives; a database from before profiles were stored gets them from the first rescoring
(the bot's start, `kisbot migrate`); a profile scored with other questionnaire files is never
used and is scored again."""

from __future__ import annotations

import asyncio
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from exports.dataset import DatasetOptions, build_dataset
from exports.scores import profiles_of
from exports.supervision import supervision
from flows.demo_answers import walk
from flows.demo_data import seed_demo
from questionnaires.answers import choices
from questionnaires.bundled import catalogue, questionnaire_of
from questionnaires.loader import load_bundled
from questionnaires.model import Answer, SingleItem
from questionnaires.scoring import score, scoring_key
from storage.conn import Dialect
from storage.db import Database, open_database
from storage.migrate import apply_migrations, available_migrations
from storage.repos.exports import exports_of
from storage.rescore import in_background, rescore_out_of_date
from storage.tx import Tx
from tests.backends import BACKENDS
from tests.test_migrations import _raw, empty_database

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
STAMP = "2026-01-02T10:00:00.000000Z"
# The schema just before stored profiles came.
BEFORE_PROFILES = (
    next(m.number for m in available_migrations() if m.name.endswith("_reading_profiles.sql")) - 1
)
SPHERES = ("socio_economic", "health", "vocational", "psychological", "social")


def _answers(levels: dict[str, float], seed: int) -> dict[str, Answer]:
    """A whole self-assessment answered as a person at these levels per sphere would."""
    rng = random.Random(seed)  # noqa: S311 - made-up answers, not secrets
    return walk(load_bundled("diagnosis_participant"), levels, rng)


async def _submitted(tx: Tx) -> list[tuple[int, str, int]]:
    rows = await tx.conn.all(
        "SELECT id, questionnaire_id, questionnaire_version FROM readings "
        "WHERE status = 'submitted' ORDER BY id"
    )
    return [(int(r[0]), str(r[1]), int(r[2])) for r in rows]


async def _stored_equals_scored(tx: Tx) -> int:
    """Every submitted reading has a stored profile, scored with today's files, equal to
    scoring its answers now; how many readings were compared."""
    instruments = catalogue()
    submitted = await _submitted(tx)
    for reading_id, questionnaire_id, version in submitted:
        q = load_bundled(questionnaire_id, version)
        stored = await tx.profiles.current({reading_id: scoring_key(q, instruments)})
        assert reading_id in stored, f"reading {reading_id} has no current stored profile"
        assert stored[reading_id] == score(q, await tx.readings.answers(reading_id), instruments)
    return len(submitted)


async def test_the_demo_clubs_stored_profiles_are_what_scoring_gives(db: Database) -> None:
    async with db.transaction() as tx:
        await seed_demo(tx, NOW, "Europe/Warsaw")
        compared = await _stored_equals_scored(tx)
        # Self-assessments and staff assessments alike.
        kinds = await tx.conn.all(
            "SELECT DISTINCT respondent FROM readings WHERE status = 'submitted'"
        )
    assert compared >= 20
    assert {str(r[0]) for r in kinds} == {"participant", "staff"}


@pytest.mark.parametrize("backend", BACKENDS)
async def test_a_database_from_before_profiles_gets_them_when_the_bot_starts(
    backend: Dialect, tmp_path: Path
) -> None:
    q = load_bundled("diagnosis_participant")
    async with empty_database(backend, tmp_path) as (where, conn):
        await apply_migrations(conn, upto=BEFORE_PROFILES)
        await _raw(
            conn,
            "INSERT INTO clubs (id, name, kind, timezone, created_at) "
            "VALUES (7, 'KIS Zdrój', 'KIS', 'Europe/Warsaw', ?)",
            (STAMP,),
        )
        await _raw(
            conn,
            "INSERT INTO participants (id, club_id, display_name, status, consent, created_at) "
            "VALUES (3, 7, 'Ola', 'submitted', 'given', ?)",
            (STAMP,),
        )
        await _raw(
            conn,
            "INSERT INTO readings (id, participant_id, kind, respondent, questionnaire_id, "
            "questionnaire_version, status, started_at, last_activity_at, submitted_at) "
            "VALUES (11, 3, 'entry', 'participant', ?, ?, 'submitted', ?, ?, ?)",
            (q.id, q.version, STAMP, STAMP, STAMP),
        )
        levels = {"socio_economic": 20.0, "health": 80.0, "vocational": 40.0}
        for item_id, answer in _answers(
            {**levels, "psychological": 60.0, "social": 30.0}, 4
        ).items():
            value = None if answer.value is None else json.dumps(answer.value)
            await _raw(
                conn,
                "INSERT INTO answers (reading_id, item_id, status, value, answered_at) "
                "VALUES (11, ?, ?, ?, ?)",
                (item_id, answer.status, value, STAMP),
            )
        database = await open_database(where)
        try:
            async with database.transaction() as tx:
                # Not scored when opened: readers score it themselves meanwhile.
                [reading] = await exports_of(tx).submitted_readings(7, "participant")
                on_the_fly = (await profiles_of(tx, [reading]))[11]
                assert await tx.profiles.current({11: scoring_key(q, catalogue())}) == {}
            # What the bot runs once it answers people.
            await in_background(database)
            async with database.transaction() as tx:
                assert await _stored_equals_scored(tx) == 1
                assert (await profiles_of(tx, [reading]))[11] == on_the_fly
                stored = await tx.profiles.current({11: scoring_key(q, catalogue())})
                # Scored from the reading's own answers, not an empty profile.
                assert stored[11].spheres["health"].score is not None
        finally:
            await database.close()


async def _one_reading(db: Database) -> int:
    """A club with one participant and one submitted self-assessment."""
    q = load_bundled("diagnosis_participant")
    async with db.transaction() as tx:
        club = await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
        person = await tx.participants.create(club.id, "Ola", NOW)
        reading = await tx.readings.create(
            person.id, "entry", "participant", q.id, q.version, None, NOW
        )
        for item_id, answer in _answers(dict.fromkeys(SPHERES, 30.0), 2).items():
            await tx.readings.save_answer(reading.id, item_id, answer, NOW)
        await tx.readings.submit(reading.id, NOW)
    return reading.id


async def test_a_profile_scored_with_other_files_is_not_used_and_is_scored_again(
    db: Database,
) -> None:
    reading_id = await _one_reading(db)
    async with db.transaction() as tx:
        club_id = (await tx.clubs.all())[0].id
        truth = (await build_dataset(tx, club_id, DatasetOptions(codes=True))).rows
        # As if the profile were stored by an earlier release, with other figures.
        await tx.conn.run(
            "UPDATE reading_profiles SET scored_with = 'older', score_health = 1.0, "
            "class_health = 'need' WHERE reading_id = ?",
            (reading_id,),
        )
        # The dataset does not take the old figures.
        assert (await build_dataset(tx, club_id, DatasetOptions(codes=True))).rows == truth
    assert await rescore_out_of_date(db) == 1
    assert await rescore_out_of_date(db) == 0
    async with db.transaction() as tx:
        assert await _stored_equals_scored(tx) == 1


async def test_staff_changing_an_answer_rescores_the_stored_profile(db: Database) -> None:
    reading_id = await _one_reading(db)
    async with db.transaction() as tx:
        reading = await tx.readings.get((await tx.clubs.all())[0].id, reading_id)
        assert reading is not None
        q = questionnaire_of(reading)
        answers = await tx.readings.answers(reading_id)
        # A health question the person answered low (the levels are 30 of 100): staff put the
        # answer that scores best instead.
        best: dict[str, str] = {}
        for item in q.items:
            scored = [c for c in choices(q, item) if c.option and c.option.score is not None]
            if isinstance(item, SingleItem) and q.sphere_of(item) == "health" and scored:
                top = max(scored, key=lambda c: (c.option.score if c.option else None) or 0)
                if item.id in answers and answers[item.id].value != top.value:
                    best[item.id] = str(top.value)
        item_id, value = next(iter(best.items()))
        before = (await profiles_of(tx, [reading]))[reading_id].spheres["health"].score
        await tx.readings.save_answer(
            reading_id, item_id, Answer(status="answered", value=value), NOW
        )
        await tx.readings.rescore(reading_id, NOW)
        after = (await profiles_of(tx, [reading]))[reading_id].spheres["health"].score
        assert after != before
        assert await _stored_equals_scored(tx) == 1


async def test_erasure_takes_the_stored_profile_with_the_answers(db: Database) -> None:
    reading_id = await _one_reading(db)
    async with db.transaction() as tx:
        [row] = await tx.conn.all("SELECT participant_id FROM readings")
        assert await tx.erasure.erase(int(row[0]), NOW)
        left = await tx.conn.all(
            "SELECT reading_id FROM reading_profiles WHERE reading_id = ?", (reading_id,)
        )
    assert left == []


def test_kisbot_db_rescore_scores_every_submitted_reading_again(tmp_path: Path) -> None:
    async def prepare() -> None:
        db = await open_database(str(tmp_path / "kisbot.sqlite3"))  # the default KISBOT_DB_PATH
        try:
            await _one_reading(db)
        finally:
            await db.close()

    asyncio.run(prepare())
    runner = CliRunner()
    result = runner.invoke(main, ["db", "rescore"], catch_exceptions=False)
    assert (result.exit_code, result.stdout.strip()) == (0, "Profiles scored again: 0.")
    result = runner.invoke(main, ["db", "rescore", "--all"], catch_exceptions=False)
    assert (result.exit_code, result.stdout.strip()) == (0, "Profiles scored again: 1.")


async def test_a_submitted_reading_with_a_crisis_answer_puts_its_person_on_supervision(
    db: Database,
) -> None:
    q = load_bundled("diagnosis_participant")
    async with db.transaction() as tx:
        club = await tx.clubs.create("Klub", "KIS", "Europe/Warsaw", NOW)
        calm = await tx.participants.create(club.id, "Ola", NOW - timedelta(days=3))
        worried = await tx.participants.create(club.id, "Ula", NOW - timedelta(days=3))
        for person, crisis in ((calm, False), (worried, True)):
            await tx.participants.set_consent(club.id, person.id, "given", NOW)
            reading = await tx.readings.create(
                person.id, "entry", "participant", q.id, q.version, None, NOW
            )
            answers = _answers(dict.fromkeys(SPHERES, 60.0), 5)
            if crisis:
                answers["life_worth"] = Answer(status="answered", value="often")
            else:
                answers.pop("life_worth", None)
            for item_id, answer in answers.items():
                await tx.readings.save_answer(reading.id, item_id, answer, NOW)
            await tx.readings.submit(reading.id, NOW)
        found = await supervision(tx, club.id, NOW, NOW.date())
    assert [f.name for f in found.safety] == ["Ula"]
