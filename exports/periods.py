"""Report periods: a calendar month, a year or any [since, until) range in the club's zone,
and who counts as active in a period.

Programme periods come from enrolments (a person may come back: each enrolment counts).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.repos.enrolments import Enrolment


@dataclass(frozen=True)
class Period:
    """[first, last] days in a zone; start and end are the UTC-comparable moments."""

    first: date
    last: date
    zone: ZoneInfo

    @property
    def start(self) -> datetime:
        """Midnight at the start of the first day, in the zone."""
        return datetime.combine(self.first, time(), self.zone)

    @property
    def end(self) -> datetime:
        """Midnight after the last day, in the zone (exclusive)."""
        return datetime.combine(self.last + timedelta(days=1), time(), self.zone)

    def contains(self, moment: datetime) -> bool:
        """Whether the moment falls in the period."""
        return self.start <= moment < self.end


def month_period(year: int, month: int, zone: ZoneInfo) -> Period:
    """A calendar month."""
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return Period(first, following - timedelta(days=1), zone)


def year_period(year: int, zone: ZoneInfo) -> Period:
    """A calendar year."""
    return Period(date(year, 1, 1), date(year, 12, 31), zone)


def parse_month(text: str) -> tuple[int, int] | None:
    """'YYYY-MM' as (year, month), or None."""
    parts = text.strip().split("-")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[0]) != 4:
        return None
    year, month = int(parts[0]), int(parts[1])
    return (year, month) if 1 <= month <= 12 and 2000 <= year <= 2100 else None


def started_on(enrolment: Enrolment) -> date:
    """The first day of the programme period (admission when no period was set)."""
    return enrolment.period_start or enrolment.admitted_on or enrolment.created_at.date()


def active_in(enrolment: Enrolment, period: Period) -> bool:
    """The enrolment's programme covers at least one day of the period."""
    ended = enrolment.ended_on
    return started_on(enrolment) <= period.last and (ended is None or ended >= period.first)


def ended_in(enrolment: Enrolment, period: Period) -> bool:
    """The enrolment ended (graduated or left) on a day of the period."""
    ended = enrolment.ended_on
    return ended is not None and period.first <= ended <= period.last


def in_programme_at_end(enrolment: Enrolment, period: Period) -> bool:
    """The enrolment was still running on the period's last day."""
    return enrolment.ended_on is None or enrolment.ended_on > period.last


def people_by_group(active: Sequence[Enrolment]) -> Counter[str]:
    """People of these enrolments by art. 1(2) group: a person counts once in each of their
    groups (over all their enrolments), and once as "none" when they have no group."""
    codes: dict[int, set[str]] = {}
    for e in active:
        codes.setdefault(e.participant_id, set()).update(e.groups)
    found: Counter[str] = Counter()
    for groups in codes.values():
        found.update(groups or {"none"})
    return found


def add_months(day: date, months: int) -> date:
    """The same day months later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    last = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)).day
    return date(year, month, min(day.day, last))


def trial_last_day(enrolment: Enrolment, trial_months: int) -> date | None:
    """The last day of the trial period: as recorded, else trial_months from the start."""
    if enrolment.trial_end is not None:
        return enrolment.trial_end
    if trial_months <= 0:
        return None
    return add_months(started_on(enrolment), trial_months) - timedelta(days=1)
