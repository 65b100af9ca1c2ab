"""The dataset beside the self-assessment: the staff assessment of the same kind (ratings,
deficit levels) and the hours attended by activity kind before the reading, hand-counted."""

from __future__ import annotations

from datetime import UTC, datetime

from exports.dataset import DatasetOptions, build_dataset
from questionnaires.loader import load_bundled
from questionnaires.model import Answer
from storage.db import Database
from tests.attendance_helpers import december


async def test_staff_ratings_deficits_and_dose(db: Database) -> None:
    month = await december(db)
    own = load_bundled("diagnosis_participant")
    staff_q = load_bundled("diagnosis_staff")
    # Ala's exit self-assessment on 10 December: before it, the workshops of 1 and 8 December
    # (2 h present + 1.5 h late) and the garden of 3 December (3 h).
    exit_at = datetime(2026, 12, 10, 9, tzinfo=UTC)
    async with db.transaction() as tx:
        staff = (await tx.staff.active_in_club(month.club_id))[0]
        mine = await tx.readings.create(
            month.ala, "exit", "participant", own.id, own.version, None, exit_at
        )
        await tx.readings.submit(mine.id, exit_at)
        theirs = await tx.readings.create(
            month.ala,
            "exit",
            "staff",
            staff_q.id,
            staff_q.version,
            None,
            exit_at,
            staff_member_id=staff.id,
        )
        for item, value in (
            ("health_rating", 4),
            ("deficit_resources", 3),
            ("deficit_awareness", 2),
        ):
            await tx.readings.save_answer(
                theirs.id, item, Answer(status="answered", value=value), exit_at
            )
        await tx.readings.submit(theirs.id, exit_at)
        data = await build_dataset(tx, month.club_id, DatasetOptions(lang="en", codes=True))
    header = [c.code for c in data.columns]
    [row] = [r for r in data.rows if r[0] == f"P{month.ala}"]
    cell = dict(zip(header, row, strict=True))
    assert cell["staff_rating_health"] == 4
    assert cell["staff_rating_social"] is None
    assert (cell["staff_deficit_resources"], cell["staff_deficit_awareness"]) == (3, 2)
    assert cell["staff_deficit_participation"] is None
    assert (cell["dose_group_workshop"], cell["dose_vocational"], cell["dose_academy_health"]) == (
        3.5,
        3.0,
        0.0,
    )
