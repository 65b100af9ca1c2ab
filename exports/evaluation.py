"""Ex-post evaluation: what changed for whom between the entry and the exit reading.

Per sphere, for the self-assessment score, the participant's own sphere rating and the staff
rating, and for each of the three deficits of the staff assessment: how many people have both
readings, the averages, and how many improved, stayed the same or got worse. Scores are
compared in whole points (a change under half a point is "the same"); ratings and deficit
levels are whole numbers already. People with an entry reading but no exit reading yet are
counted apart, so a reader sees on how few people a change rests.

A person's pair is the first entry reading and the latest exit reading of one respondent kind;
with a period, only pairs whose exit reading was submitted in the period count.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from exports.periods import Period
from exports.scores import scores_of
from questionnaires.model import SCORED_SPHERES, Answer
from storage.repos.exports import exports_of
from storage.repos.profiles import Scores
from storage.repos.readings import Reading, Respondent
from storage.tx import Tx

DEFICITS = ("deficit_resources", "deficit_awareness", "deficit_participation")


@dataclass(frozen=True)
class Change:
    """One measure's change over the people with a value at entry and at exit."""

    measure: str  # e.g. "self_score", "own_rating", "staff_rating", "deficit"
    subject: str  # a sphere or a deficit item id
    people: int
    entry: float | None
    exit: float | None
    improved: int
    same: int
    worse: int


@dataclass(frozen=True)
class Evaluation:
    """Every measure's change, and how many people have an entry reading only."""

    changes: tuple[Change, ...]
    entry_only_self: int
    entry_only_staff: int
    pairs_self: int
    pairs_staff: int


@dataclass(frozen=True)
class _Pair:
    entry: Reading
    exit: Reading


def _pairs(readings: list[Reading], period: Period | None) -> tuple[list[_Pair], int]:
    """(entry, exit) per person, and how many have an entry reading but no exit reading."""
    first: dict[int, Reading] = {}
    last: dict[int, Reading] = {}
    for r in readings:
        if r.kind == "entry":
            first.setdefault(r.participant_id, r)
        elif r.kind == "exit":
            last[r.participant_id] = r
    pairs = []
    for pid, entry in first.items():
        exit_ = last.get(pid)
        if exit_ is None or exit_.submitted_at is None:
            continue
        if period is not None and not period.contains(exit_.submitted_at):
            continue
        pairs.append(_Pair(entry, exit_))
    entry_only = sum(1 for pid in first if pid not in last)
    return pairs, entry_only


def count_change(
    measure: str, subject: str, values: list[tuple[float, float]], *, whole: bool
) -> Change:
    """Averages and improved/same/worse counts of (entry, exit) values; higher is better."""
    improved = same = worse = 0
    for before, after in values:
        delta = round(after) - round(before) if whole else after - before
        if delta > 0:
            improved += 1
        elif delta < 0:
            worse += 1
        else:
            same += 1
    n = len(values)
    return Change(
        measure,
        subject,
        n,
        sum(v[0] for v in values) / n if n else None,
        sum(v[1] for v in values) / n if n else None,
        improved,
        same,
        worse,
    )


async def _profiles(tx: Tx, pairs: list[_Pair]) -> dict[int, tuple[Scores, dict[str, Answer]]]:
    readings = [r for p in pairs for r in (p.entry, p.exit)]
    answers = await exports_of(tx).answers([r.id for r in readings])
    scores = await scores_of(tx, readings, answers)
    return {r.id: (scores[r.id], answers[r.id]) for r in readings}


def _values(
    pairs: list[_Pair],
    profiles: dict[int, tuple[Scores, dict[str, Answer]]],
    read: Callable[[Scores, dict[str, Answer]], float | None],
) -> list[tuple[float, float]]:
    found = []
    for p in pairs:
        before = read(*profiles[p.entry.id])
        after = read(*profiles[p.exit.id])
        if before is not None and after is not None:
            found.append((before, after))
    return found


def _level(item: str) -> Callable[[Scores, dict[str, Answer]], float | None]:
    def read(_: Scores, answers: dict[str, Answer]) -> float | None:
        answer = answers.get(item)
        if answer is None or answer.status != "answered" or not isinstance(answer.value, int):
            return None
        return float(answer.value)

    return read


def _sphere(sphere: str, what: str) -> Callable[[Scores, dict[str, Answer]], float | None]:
    def read(profile: Scores, _: dict[str, Answer]) -> float | None:
        result = profile.spheres.get(sphere)  # type: ignore[call-overload]
        if result is None:
            return None
        value = result.score if what == "score" else result.rating
        return None if value is None else float(value)

    return read


async def _readings(tx: Tx, club_ids: list[int], respondent: Respondent) -> list[Reading]:
    repo = exports_of(tx)
    found: list[Reading] = []
    for club_id in club_ids:
        found += await repo.submitted_readings(club_id, respondent, kinds=("entry", "exit"))
    return found


async def evaluate(tx: Tx, club_ids: list[int], period: Period | None) -> Evaluation:
    """The evaluation of these clubs' participants (exit readings in the period, if given)."""
    own_pairs, own_only = _pairs(await _readings(tx, club_ids, "participant"), period)
    staff_pairs, staff_only = _pairs(await _readings(tx, club_ids, "staff"), period)
    own = await _profiles(tx, own_pairs)
    staff = await _profiles(tx, staff_pairs)
    changes: list[Change] = []
    for sphere in SCORED_SPHERES:
        changes.append(
            count_change(
                "self_score", sphere, _values(own_pairs, own, _sphere(sphere, "score")), whole=True
            )
        )
        changes.append(
            count_change(
                "own_rating",
                sphere,
                _values(own_pairs, own, _sphere(sphere, "rating")),
                whole=True,
            )
        )
        changes.append(
            count_change(
                "staff_rating",
                sphere,
                _values(staff_pairs, staff, _sphere(sphere, "rating")),
                whole=True,
            )
        )
    for item in DEFICITS:
        changes.append(
            count_change("deficit", item, _values(staff_pairs, staff, _level(item)), whole=True)
        )
    return Evaluation(tuple(changes), own_only, staff_only, len(own_pairs), len(staff_pairs))
