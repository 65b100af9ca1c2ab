"""Evaluation: per measure, people with entry and exit, averages and improved / same / worse,
hand-counted; people with one reading are counted apart; the period picks exits."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from exports.evaluation import count_change, evaluate
from exports.periods import Period
from questionnaires.loader import load_bundled
from questionnaires.model import Answer
from storage.db import Database
from storage.tx import Tx

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
ZONE = ZoneInfo("Europe/Warsaw")


def test_whole_points_decide_improved_same_worse() -> None:
    change = count_change(
        "self_score", "health", [(40.0, 60.0), (50.2, 49.9), (70.0, 55.0), (10.0, 10.4)], whole=True
    )
    # 40->60 better; 50.2->49.9 is 50->50 in whole points; 70->55 worse; 10->10.4 is 10->10.
    assert (change.people, change.improved, change.same, change.worse) == (4, 1, 2, 1)
    assert change.entry == (40.0 + 50.2 + 70.0 + 10.0) / 4
    assert change.exit == (60.0 + 49.9 + 55.0 + 10.4) / 4
    empty = count_change("own_rating", "health", [], whole=True)
    assert (empty.people, empty.entry, empty.exit) == (0, None, None)


async def _staff_reading(
    tx: Tx, pid: int, staff_id: int, kind: str, levels: dict[str, int], at: datetime
) -> None:
    q = load_bundled("diagnosis_staff")
    reading = await tx.readings.create(
        pid,
        kind,
        "staff",
        q.id,
        q.version,
        None,
        at,
        staff_member_id=staff_id,  # type: ignore[arg-type]
    )
    for item, value in levels.items():
        await tx.readings.save_answer(reading.id, item, Answer(status="answered", value=value), at)
    await tx.readings.submit(reading.id, at)


async def test_deficits_and_staff_ratings_from_entry_to_exit(db: Database) -> None:
    async with db.transaction() as tx:
        club = await tx.clubs.create("KIS", "KIS", "Europe/Warsaw", NOW)
        staff = await tx.staff.add(club.id, 9, "Ewa", "leader", NOW)
        ala = await tx.participants.create(club.id, "Ala", NOW)
        olek = await tx.participants.create(club.id, "Olek", NOW)
        basia = await tx.participants.create(club.id, "Basia", NOW)
        entry = datetime(2026, 2, 1, 10, tzinfo=UTC)
        exit_2026 = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)  # 23:30 on 31.12 in Warsaw
        exit_2027 = datetime(2026, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1.1.2027 in Warsaw
        levels_in = {"deficit_resources": 1, "deficit_awareness": 2, "deficit_participation": 3}
        await _staff_reading(
            tx, ala.id, staff.id, "entry", {**levels_in, "health_rating": 2}, entry
        )
        await _staff_reading(
            tx,
            ala.id,
            staff.id,
            "exit",
            {
                "deficit_resources": 3,
                "deficit_awareness": 2,
                "deficit_participation": 2,
                "health_rating": 4,
            },
            exit_2026,
        )
        await _staff_reading(tx, olek.id, staff.id, "entry", levels_in, entry)
        await _staff_reading(
            tx, olek.id, staff.id, "exit", {**levels_in, "deficit_resources": 2}, exit_2027
        )
        await _staff_reading(tx, basia.id, staff.id, "entry", levels_in, entry)  # no exit yet
    async with db.transaction() as tx:
        y2026 = await evaluate(tx, [club.id], Period(date(2026, 1, 1), date(2026, 12, 31), ZONE))
        always = await evaluate(tx, [club.id], None)
    by = {(c.measure, c.subject): c for c in y2026.changes}
    counts = lambda c: (c.people, c.improved, c.same, c.worse)  # noqa: E731
    assert counts(by[("deficit", "deficit_resources")]) == (1, 1, 0, 0)
    assert counts(by[("deficit", "deficit_awareness")]) == (1, 0, 1, 0)
    assert counts(by[("deficit", "deficit_participation")]) == (1, 0, 0, 1)
    assert counts(by[("staff_rating", "health")]) == (1, 1, 0, 0)
    assert (by[("staff_rating", "health")].entry, by[("staff_rating", "health")].exit) == (2, 4)
    assert (y2026.pairs_staff, y2026.entry_only_staff) == (1, 1)  # Basia has one reading
    everything = {(c.measure, c.subject): c for c in always.changes}
    assert counts(everything[("deficit", "deficit_resources")]) == (2, 2, 0, 0)  # Olek too
    assert everything[("deficit", "deficit_resources")].exit == 2.5
