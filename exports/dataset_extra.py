"""The evaluation dataset's columns beside the self-assessment: the staff assessment of the
same reading kind (each sphere's rating, the three deficit levels) and the dose up to the
reading (hours attended by activity kind before the reading was submitted)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from exports.evaluation import DEFICITS
from exports.scores import scores_of
from exports.words import translator
from questionnaires.bundled import catalogue
from questionnaires.model import SCORED_SPHERES
from storage.repos.attendance import AttendanceRecord
from storage.repos.exports import exports_of
from storage.repos.readings import Reading, ReadingKind
from storage.tx import Tx

Cell = str | int | float | None
# Every session there can be: attendance is read without a period.
_FIRST = datetime(2000, 1, 1, tzinfo=UTC)
_LAST = datetime(2200, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class ExtraColumn:
    """Code, label, type, sphere and values of one column (the dataset's Column fields)."""

    code: str
    label: str
    type: str
    sphere: str
    values: str


def extra_columns(lang: str) -> list[ExtraColumn]:
    """Staff ratings, deficit levels and dose columns, with their codebook entries."""
    t = translator(lang)
    columns = [
        ExtraColumn(
            f"staff_rating_{s}",
            t("doc.data.staff_rating", sphere=t(f"sphere.{s}")),
            "integer",
            s,
            "1-5",
        )
        for s in SCORED_SPHERES
    ]
    columns += [
        ExtraColumn(f"staff_{d}", t(f"stat.deficit.{d}"), "integer", "general", "1-3")
        for d in DEFICITS
    ]
    columns += [
        ExtraColumn(
            f"dose_{k.id}", t("doc.data.dose", kind=k.name.get(lang) or k.id), "number", "", "h"
        )
        for k in catalogue().activity_kinds
    ]
    return columns


@dataclass(frozen=True)
class Extras:
    """What the extra cells of each row are read from."""

    staff: dict[tuple[int, ReadingKind], tuple[list[Cell], list[Cell]]]
    attendance: dict[int, list[AttendanceRecord]]
    # The catalogue's activity kinds, looked up once (a lookup checks the file on disk).
    activity_kinds: tuple[str, ...]


async def read_extras(tx: Tx, club_ids: list[int]) -> Extras:
    """The clubs' submitted staff assessments (latest per person and kind) and attendance."""
    repo = exports_of(tx)
    staff: dict[tuple[int, ReadingKind], tuple[list[Cell], list[Cell]]] = {}
    attendance: dict[int, list[AttendanceRecord]] = defaultdict(list)
    for club_id in club_ids:
        readings = await repo.submitted_readings(club_id, "staff")
        answers = await repo.answers([r.id for r in readings])
        scores = await scores_of(tx, readings, answers)
        for r in readings:  # by id: a later assessment of the same kind wins
            ratings: list[Cell] = [scores[r.id].spheres[s].rating for s in SCORED_SPHERES]
            levels: list[Cell] = []
            for item in DEFICITS:
                answer = answers[r.id].get(item)
                value = answer.value if answer is not None and answer.status == "answered" else None
                levels.append(value if isinstance(value, int) else None)
            staff[(r.participant_id, r.kind)] = (ratings, levels)
        for record in await tx.attendance.in_period(club_id, _FIRST, _LAST):
            attendance[record.participant_id].append(record)
    return Extras(staff, attendance, tuple(k.id for k in catalogue().activity_kinds))


def extra_cells(extras: Extras, reading: Reading) -> list[Cell]:
    """The staff assessment of the reading's kind and the hours attended before it."""
    ratings, levels = extras.staff.get(
        (reading.participant_id, reading.kind),
        ([None] * len(SCORED_SPHERES), [None] * len(DEFICITS)),
    )
    until = reading.submitted_at or _LAST
    minutes: dict[str, int] = defaultdict(int)
    for record in extras.attendance.get(reading.participant_id, []):
        if record.starts_at < until:
            minutes[record.kind] += record.minutes
    dose: list[Cell] = [round(minutes[k] / 60, 1) for k in extras.activity_kinds]
    return [*ratings, *levels, *dose]
