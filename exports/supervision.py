"""The supervision list of a club (PRACTICE.md): safety flags still raised by a person's latest
self-assessment, reviews of the plan overdue, people without an agreed plan some days after
admission, and people who have not come for weeks. Leaders see it with names in the bot
(/supervision); the club report carries the counts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from exports.periods import started_on
from exports.scores import scores_of
from storage.repos.attendance import counts_as_there
from storage.repos.exports import exports_of
from storage.tx import Tx

# Defaults of the club settings below (documented in docs/DECISIONS.md; not in the act).
PLAN_AFTER_DAYS = 14
QUIET_AFTER_DAYS = 21
KEY_PLAN_DAYS = "supervision_plan_days"
KEY_QUIET_DAYS = "supervision_quiet_days"


@dataclass(frozen=True)
class Flagged:
    """One person on the list, with what puts them there (a date, a count of days)."""

    participant_id: int
    name: str
    since: date | None = None
    days: int | None = None


@dataclass(frozen=True)
class Supervision:
    """The four lists."""

    safety: tuple[Flagged, ...]
    reviews_overdue: tuple[Flagged, ...]
    no_plan: tuple[Flagged, ...]
    quiet: tuple[Flagged, ...]
    plan_days: int
    quiet_days: int


def _days(stored: dict[str, str], key: str, default: int) -> int:
    text = stored.get(key, "")
    return int(text) if text.isdigit() and 1 <= int(text) <= 365 else default


async def supervision(tx: Tx, club_id: int, now: datetime, today: date) -> Supervision:
    """The club's supervision list as of today (club time), read in a few queries for the
    whole club rather than a few per person."""
    stored = await tx.club_settings.all(club_id)
    plan_days = _days(stored, KEY_PLAN_DAYS, PLAN_AFTER_DAYS)
    quiet_days = _days(stored, KEY_QUIET_DAYS, QUIET_AFTER_DAYS)
    repo = exports_of(tx)
    people = {
        p.id: p
        for p in await repo.participants(club_id)
        if p.consent not in ("declined", "withdrawn")
    }
    current = {
        e.participant_id: e
        for e in await tx.enrolments.of_club(club_id)
        if e.participant_id in people
        and started_on(e) <= today
        and (e.ended_on is None or e.ended_on > today)
    }
    safety, overdue, no_plan, quiet = [], [], [], []
    came = {
        r.participant_id
        for r in await tx.attendance.in_period(
            club_id, now - timedelta(days=quiet_days), now + timedelta(seconds=1)
        )
        if counts_as_there(r.presence)
    }
    # Safety flags of each person's newest self-assessment, finished or not: stored with a
    # submitted one, scored here for one still open.
    latest = {
        r.participant_id: r
        for r in await repo.latest_readings(club_id, "participant")
        if r.participant_id in current
    }
    scores = await scores_of(tx, list(latest.values()))
    paths = await repo.plan_dates(club_id)
    for pid, enrolment in sorted(current.items(), key=lambda kv: people[kv[0]].display_name):
        name = people[pid].display_name
        reading = latest.get(pid)
        if reading is not None and scores[reading.id].safety_flags:
            safety.append(Flagged(pid, name, since=reading.last_activity_at.date()))
        path = paths.get(enrolment.id)
        if path is not None and path.review_date is not None and path.review_date < today:
            overdue.append(Flagged(pid, name, since=path.review_date))
        admitted = started_on(enrolment)
        waited = (today - admitted).days
        if waited > plan_days and (path is None or path.agreed_at is None):
            no_plan.append(Flagged(pid, name, since=admitted, days=waited))
        if waited > quiet_days and pid not in came:
            quiet.append(Flagged(pid, name, days=quiet_days))
    return Supervision(
        tuple(safety), tuple(overdue), tuple(no_plan), tuple(quiet), plan_days, quiet_days
    )
