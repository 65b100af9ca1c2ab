"""A month of sessions and attendance for the demo club, and a demo network around it, so the
attendance list, the benefit statement and every report of `kisbot demo-data` show something.

The month is the calendar month before the one of `now` (club time): a weekly plan of the four
kinds of social reintegration and the vocational third, for everyone in the programme then,
with attendance drawn from a fixed seed (mostly present, some late, excused or unexcused).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from base.times import local_to_utc
from exports.periods import Period, active_in, month_period
from storage.repos.attendance import Mark, Presence
from storage.repos.schedule import NewSession
from storage.repos.staff import StaffMember
from storage.tx import Tx

NETWORK_META_KEY = "demo_data.network"


@dataclass(frozen=True)
class Weekly:
    """One activity of the demo week: weekday (0 = Monday), hour, kind, title, minutes."""

    weekday: int
    at: time
    kind: str
    title: str
    minutes: int
    # Every n-th person only (individual counselling is not for everyone each week).
    every: int = 1


WEEK = (
    Weekly(0, time(10), "group_workshop", "Warsztat grupowy", 120),
    Weekly(1, time(10), "academy_health", "Akademia zdrowia", 90),
    Weekly(2, time(9), "vocational", "Pracownia", 120),
    Weekly(3, time(11), "education_budget", "Budżet domowy", 90),
    Weekly(4, time(10), "individual_counselling", "Konsultacje", 60, every=3),
)
ABSENCE_REASONS = ("wizyta u lekarza", "sprawa w urzędzie", "opieka nad dzieckiem", "choroba")


def previous_month(now: datetime, zone: ZoneInfo) -> Period:
    """The calendar month before now's, in the zone."""
    first_of_this = now.astimezone(zone).date().replace(day=1)
    last = first_of_this - timedelta(days=1)
    return month_period(last.year, last.month, zone)


def _presence(rng: random.Random) -> Presence:
    draw = rng.random()
    if draw < 0.74:
        return "present"
    if draw < 0.82:
        return "late"
    return "excused" if draw < 0.90 else "unexcused"


async def seed_month(
    tx: Tx, club_id: int, now: datetime, timezone: str, members: list[StaffMember], seed: int
) -> int:
    """Plan and record the month; the number of sessions made."""
    rng = random.Random(seed)  # noqa: S311 - fictional data, not secrets
    zone = ZoneInfo(timezone)
    period = previous_month(now, zone)
    people = sorted(
        {e.participant_id for e in await tx.enrolments.of_club(club_id) if active_in(e, period)}
    )
    made = 0
    day = period.first
    while day <= period.last:
        for activity in WEEK:
            if activity.weekday == day.weekday():
                made += await _one(tx, club_id, day, activity, people, zone, now, members, rng)
        day += timedelta(days=1)
    return made


async def _one(
    tx: Tx,
    club_id: int,
    day: date,
    activity: Weekly,
    people: list[int],
    zone: ZoneInfo,
    now: datetime,
    members: list[StaffMember],
    rng: random.Random,
) -> int:
    starts = local_to_utc(day, activity.at, zone.key)
    session = await tx.schedule.create(
        club_id,
        NewSession(
            kind=activity.kind,
            title=activity.title,
            place="sala 1",
            starts_at=starts,
            duration_minutes=activity.minutes,
            audience="club" if activity.every == 1 else "chosen",
        ),
        None,
        "demo",
        now,
    )
    week = day.isocalendar().week
    who = [p for i, p in enumerate(people) if (i + week) % activity.every == 0]
    await tx.schedule.add_attendees(session.id, who)
    marks: list[Mark] = []
    for pid in who:
        presence = _presence(rng)
        minutes = activity.minutes - rng.choice((15, 30)) if presence == "late" else None
        reason = rng.choice(ABSENCE_REASONS) if presence == "excused" else None
        marks.append(Mark(pid, presence, minutes, reason))
    await tx.attendance.record_many(
        club_id, session.id, marks, staff_id=members[0].id, now=starts + timedelta(hours=3)
    )
    return 1


async def seed_network(tx: Tx, club_id: int, name: str, now: datetime) -> int:
    """A demo network holding the demo club (made once)."""
    known = await tx.meta.get(NETWORK_META_KEY)
    if known is not None and await tx.networks.get(int(known)) is not None:
        return int(known)
    network = await tx.networks.create(name, now)
    await tx.networks.add_club(network.id, club_id, now)
    await tx.meta.set(NETWORK_META_KEY, str(network.id))
    return network.id
