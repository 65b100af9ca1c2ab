"""A club's figures for a period, with no person in them: who was in the programme, by group;
who ended and how; staff; sessions, hours and attendance (the dose); support instruments by
sphere and partner; follow-ups; the evaluation. The statutory report, the network report and
the network comparison are written from these, so every figure honours the same period."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from exports.evaluation import Evaluation, evaluate
from exports.periods import (
    Period,
    active_in,
    ended_in,
    in_programme_at_end,
    people_by_group,
    started_on,
)
from storage.repos.attendance import PRESENCES
from storage.repos.exports import StaffCount, exports_of
from storage.tx import Tx

EMPLOYMENT_PREFIX = "employment"


@dataclass(frozen=True)
class Dose:
    """Sessions held and hours attended of one activity kind."""

    sessions: int = 0
    session_minutes: int = 0
    people: int = 0  # distinct participants who attended at least once
    attended_minutes: int = 0  # participant-minutes present or late


@dataclass(frozen=True)
class ClubFigures:
    """Everything countable about a club in a period (no names, no ids of people)."""

    club_id: int
    club: str
    kind: str
    people: int  # in the programme on at least one day of the period
    admitted: int  # enrolments started in the period
    at_end: int  # still in the programme on the period's last day
    graduated: int
    left: int
    groups: Counter[str]  # people active in the period by art. 1(2) group (several possible)
    outcomes: Counter[str]  # graduations in the period by outcome
    leaving: Counter[str]  # leavings in the period by reason code
    follow_ups: Counter[str]  # follow-up answers given in the period
    staff: tuple[StaffCount, ...]
    dose: dict[str, Dose]  # by activity kind
    presence: Counter[str]  # attendance records of the period by presence ("none": unmarked)
    items_by_sphere: dict[str, Counter[str]]  # sphere -> status -> count
    items_by_partner: dict[str, Counter[str]]  # partner -> status -> count
    evaluation: Evaluation
    people_with_sessions: int = 0

    @property
    def employed(self) -> int:
        """Graduations in the period into any kind of employment."""
        return sum(n for code, n in self.outcomes.items() if code.startswith(EMPLOYMENT_PREFIX))


async def club_figures(tx: Tx, club_id: int, period: Period) -> ClubFigures:
    """The club's figures for the period."""
    club = await tx.clubs.get(club_id)
    if club is None:
        raise LookupError(club_id)
    enrolments = await tx.enrolments.of_club(club_id)
    active = [e for e in enrolments if active_in(e, period)]
    ended = [e for e in enrolments if ended_in(e, period)]
    groups = people_by_group(active)
    at_end = sum(1 for e in active if in_programme_at_end(e, period))
    graduated = [e for e in ended if e.end_kind == "graduated"]
    left = [e for e in ended if e.end_kind == "left"]
    follow_ups: Counter[str] = Counter(
        f.answer
        for f in await tx.follow_ups.of_club(club_id)
        if f.answer is not None and f.answered_at is not None and period.contains(f.answered_at)
    )
    records = await tx.attendance.in_period(club_id, period.start, period.end)
    sessions: dict[str, set[int]] = {}
    session_minutes: Counter[str] = Counter()
    people_by_kind: dict[str, set[int]] = {}
    attended: Counter[str] = Counter()
    presence: Counter[str] = Counter()
    for r in records:
        if r.session_id not in sessions.setdefault(r.kind, set()):
            sessions[r.kind].add(r.session_id)
            session_minutes[r.kind] += r.duration_minutes
        presence[r.presence or "none"] += 1
        if r.minutes:
            people_by_kind.setdefault(r.kind, set()).add(r.participant_id)
            attended[r.kind] += r.minutes
    dose = {
        kind: Dose(
            len(ids),
            session_minutes[kind],
            len(people_by_kind.get(kind, set())),
            attended[kind],
        )
        for kind, ids in sessions.items()
    }
    active_ids = {e.id for e in active}
    by_sphere: dict[str, Counter[str]] = {}
    by_partner: dict[str, Counter[str]] = {}
    for item in await exports_of(tx).support_items(club_id):
        if item.enrolment_id not in active_ids:
            continue
        by_sphere.setdefault(item.sphere, Counter())[item.status] += 1
        if item.partner:
            by_partner.setdefault(item.partner, Counter())[item.status] += 1
    return ClubFigures(
        club_id=club.id,
        club=club.name,
        kind=club.kind,
        people=len({e.participant_id for e in active}),
        admitted=sum(1 for e in enrolments if period.first <= started_on(e) <= period.last),
        at_end=at_end,
        graduated=len(graduated),
        left=len(left),
        groups=groups,
        outcomes=Counter(e.outcome or "none" for e in graduated),
        leaving=Counter(e.leaving_reason or "other" for e in left),
        follow_ups=follow_ups,
        staff=tuple(await exports_of(tx).staff_in_period(club_id, period.start, period.end)),
        dose=dose,
        presence=Counter({p: presence[p] for p in (*PRESENCES, "none") if presence[p]}),
        items_by_sphere=by_sphere,
        items_by_partner=by_partner,
        evaluation=await evaluate(tx, [club_id], period),
        people_with_sessions=len({r.participant_id for r in records}),
    )
