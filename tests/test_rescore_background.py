"""Stored profiles scored again after an upgrade (storage/rescore.py): the bot starts answering
at once and scores them in the background, in short batches. Meanwhile every reader gets
today's figures (an export never mixes an older release's scores with new ones), and a crash
part-way loses nothing: the next run scores what is still out of date."""

from __future__ import annotations

import asyncio

import pytest

from bot.services import services_of
from exports.dataset import DatasetOptions, build_dataset
from flows.demo_data import seed_demo
from questionnaires.bundled import catalogue
from questionnaires.loader import load_bundled
from questionnaires.model import SCORED_SPHERES
from questionnaires.scoring import scoring_key
from storage.db import Database
from storage.repos.readings import ReadingsRepo
from storage.rescore import rescore_out_of_date
from storage.tx import Tx
from tests.harness import Kisbot
from tests.test_profiles_stored import NOW, _one_reading, _stored_equals_scored

# What an older release might have stored: not what scoring these answers gives today.
_OLDER = (
    "UPDATE reading_profiles SET scored_with = 'older release', score_health = 1.0, "
    "class_health = 'need', score_social = 99.0"
)


async def _demo_club_stale(db: Database) -> dict[int, object]:
    """The demo club, its stored profiles then left as an older release wrote them; each club's
    evaluation dataset as scoring today gives it (taken before they were spoiled)."""
    async with db.transaction() as tx:
        await seed_demo(tx, NOW, "Europe/Warsaw")
        truth = await _datasets(tx)
        await tx.conn.run(_OLDER)
    return truth


async def _datasets(tx: Tx) -> dict[int, object]:
    """Each club's evaluation dataset, as a leader exports it."""
    return {
        club.id: (await build_dataset(tx, club.id, DatasetOptions(codes=True))).rows
        for club in await tx.clubs.all()
    }


async def _today_and_not(tx: Tx) -> tuple[set[int], set[int]]:
    """Submitted readings whose stored profile is today's, and the others."""
    rows = await tx.conn.all(
        "SELECT r.id, r.questionnaire_id, r.questionnaire_version, p.scored_with "
        "FROM readings r LEFT JOIN reading_profiles p ON p.reading_id = r.id "
        "WHERE r.status = 'submitted'"
    )
    today: set[int] = set()
    other: set[int] = set()
    for reading_id, questionnaire_id, version, key in rows:
        wanted = scoring_key(load_bundled(str(questionnaire_id), int(version)), catalogue())
        (today if key == wanted else other).add(int(reading_id))
    return today, other


async def test_an_export_while_profiles_are_scored_again_has_todays_figures_only(
    db: Database,
) -> None:
    truth = await _demo_club_stale(db)
    seen: list[tuple[int, int, bool]] = []

    async def export(done: int) -> None:
        # A leader's export between two batches, from a snapshot as exports read.
        async with db.reading() as tx:
            today, other = await _today_and_not(tx)
            seen.append((len(today), len(other), await _datasets(tx) == truth))

    scored = await rescore_out_of_date(db, batch=4, after_batch=export)
    # Exports ran while part of the profiles were today's and part an older release's ...
    assert any(today and other for today, other, _ in seen)
    # ... and every one of them showed today's figures, as after the rescoring.
    assert [same for _, _, same in seen] == [True] * len(seen)
    async with db.transaction() as tx:
        assert await _stored_equals_scored(tx) == scored
        assert await _datasets(tx) == truth


async def test_a_crash_while_scoring_again_loses_nothing_and_the_next_run_resumes(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _demo_club_stale(db)
    async with db.transaction() as tx:
        answers_before = await tx.conn.all("SELECT * FROM answers ORDER BY reading_id, item_id")
        _, stale = await _today_and_not(tx)
    real = ReadingsRepo.rescore
    calls: list[int] = []

    async def power_cut_at_the_fifth(self: ReadingsRepo, reading_id: int, now: object) -> object:
        calls.append(reading_id)
        if len(calls) == 5:
            raise RuntimeError("power cut")
        return await real(self, reading_id, now)  # type: ignore[arg-type]

    monkeypatch.setattr(ReadingsRepo, "rescore", power_cut_at_the_fifth)
    with pytest.raises(RuntimeError, match="power cut"):
        await rescore_out_of_date(db, batch=3)
    monkeypatch.setattr(ReadingsRepo, "rescore", real)
    async with db.transaction() as tx:
        today, other = await _today_and_not(tx)
        # The first batch was committed; the second (4th and 5th reading) rolled back whole.
        assert today == set(calls[:3])
        assert other == stale - set(calls[:3])
        # Nothing the people answered was touched.
        assert await tx.conn.all("SELECT * FROM answers ORDER BY reading_id, item_id") == (
            answers_before
        )
    # The next run (the next start) scores exactly what is left.
    assert await rescore_out_of_date(db) == len(stale) - 3
    async with db.transaction() as tx:
        assert await _stored_equals_scored(tx) == len(stale)


@pytest.mark.over_http
async def test_the_bot_answers_after_an_upgrade_and_its_stored_profiles_catch_up(
    kisbot: Kisbot,
) -> None:
    # Readings of their own, not the demo club: its outbox would send to its fictional people.
    for _ in range(3):
        await _one_reading(kisbot.db)
    async with kisbot.db.transaction() as tx:
        await tx.conn.run(_OLDER)
        _, stale = await _today_and_not(tx)
    assert len(stale) == 3
    # The upgrade: a new start on the same database.
    await kisbot.restart()
    person = kisbot.server.user(4701, "Ola")
    await person.send("/help")
    assert [c for c in kisbot.server.calls if c.chat_id == person.chat_id]
    rescoring = services_of(kisbot.app).rescoring
    assert rescoring is not None
    await asyncio.wait_for(rescoring, 120)
    async with kisbot.db.transaction() as tx:
        assert await _stored_equals_scored(tx) == len(stale)


async def test_an_erasure_while_its_readings_are_scored_again_leaves_no_profile(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    await _demo_club_stale(db)
    async with db.transaction() as tx:
        [row] = await tx.conn.all(
            "SELECT participant_id FROM readings WHERE status = 'submitted' ORDER BY id LIMIT 1"
        )
    person = int(row[0])
    real = ReadingsRepo.rescore
    erasing: list[asyncio.Task[None]] = []

    async def erase() -> None:
        async with db.transaction() as tx:
            assert await tx.erasure.erase(person, NOW)

    async def erased_meanwhile(self: ReadingsRepo, reading_id: int, now: object) -> object:
        scored = await real(self, reading_id, now)  # type: ignore[arg-type]
        if not erasing:
            # A leader erases the person just after their first reading's profile was scored
            # from the answers, before the batch commits; the batch goes on a moment later.
            erasing.append(asyncio.create_task(erase()))
            await asyncio.sleep(0.3)
        return scored

    monkeypatch.setattr(ReadingsRepo, "rescore", erased_meanwhile)
    # Batches of two: the person's later readings are scored after the erasure.
    await rescore_out_of_date(db, batch=2)
    await erasing[0]
    async with db.transaction() as tx:
        # A reading scored after the erasure has an empty profile (no answers, no scores).
        left = await tx.conn.all(
            "SELECT p.reading_id FROM reading_profiles p JOIN readings r ON r.id = p.reading_id "  # noqa: S608 - constant columns
            "WHERE r.participant_id = ? AND (p.safety_flags > 0 OR "
            + " OR ".join(f"p.score_{s} IS NOT NULL" for s in SCORED_SPHERES)
            + ")",
            (person,),
        )
        answers = await tx.conn.all(
            "SELECT a.reading_id FROM answers a JOIN readings r ON r.id = a.reading_id "
            "WHERE r.participant_id = ?",
            (person,),
        )
    assert (left, answers) == ([], [])
