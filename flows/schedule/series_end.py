"""A weekly series' end date moved: later weeks added (the same attendees, their reminders) or
the occurrences after the new end cancelled (each attendee told once). Shared by the bot's
screen (series_end_edit.py) and anything else that plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from base.times import MAX_OCCURRENCES, local, local_to_utc, show_date
from flows.schedule import planning
from flows.schedule.planning import PlanError
from storage.repos.schedule import ClubSchedule, Session
from storage.tx import Tx

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class Moved:
    """What moving the end date did."""

    added: int
    cancelled: int


async def series_of(tx: Tx, club_id: int, session: Session) -> list[Session] | None:
    """Every occurrence of the session's weekly series by time, or None for a one-off or a
    series with no planned occurrence left to carry on from."""
    found = await tx.schedule.series(club_id, session)
    if len(found) < 2 or not any(s.status == "planned" for s in found):
        return None
    return found


def last_planned(series: list[Session]) -> Session:
    """The series' last planned occurrence: its end, and the pattern later weeks follow."""
    return [s for s in series if s.status == "planned"][-1]


def _weeks_after(
    last: Session, until: date, zone: str, now: datetime, limit: int
) -> list[datetime]:
    """Up to `limit` weekly starts after `last` (its weekday and club-clock hour) up to `until`,
    only those still ahead: a series that ended long ago carries on from this week."""
    wall = local(last.starts_at, zone)
    day = wall.date() + WEEK
    today = local(now, zone).date()
    if day < today:
        day += WEEK * ((today - day).days // 7)
    found: list[datetime] = []
    while day <= until and len(found) < limit:
        moment = local_to_utc(day, wall.time(), zone)
        if moment > now:
            found.append(moment)
        day += WEEK
    return found


async def _attendees(tx: Tx, club: ClubSchedule, last: Session) -> list[int]:
    """Who the added weeks expect: the whole club as it is now, or the last occurrence's people
    still in the programme."""
    members = [p for p, _ in await tx.schedule.club_participants(club.club_id)]
    if last.audience == "club":
        return members
    keep = set(members)
    expected = await tx.schedule.attendees(last.id)
    return [a.participant_id for a in expected if a.participant_id in keep]


async def move_end(
    tx: Tx,
    club_id: int,
    session: Session,
    until: date,
    *,
    changed_by: str,
    now: datetime,
    default_language: str,
) -> Moved:
    """Make `until` (a date on the club's clock) the last day of the session's weekly series."""
    club = await tx.schedule.club(club_id)
    series = None if club is None else await series_of(tx, club_id, session)
    if club is None or series is None or session.club_id != club_id:
        raise PlanError("access.not_available")
    zone = club.timezone

    def day(s: Session) -> date:
        return local(s.starts_at, zone).date()

    # Every check comes before the first write: a refusal leaves the series as it was.
    if until < local(now, zone).date():
        raise PlanError("schedule.error.until_past")
    if until < day(series[0]):
        raise PlanError("schedule.error.until_start", date=show_date(series[0].starts_at, zone))
    planned = [s for s in series if s.status == "planned"]
    last = planned[-1]
    ahead = [s.starts_at for s in planned if s.starts_at > now and day(s) <= until]
    # As planning does (base.times.weekly): at most MAX_OCCURRENCES weeks still to come.
    room = MAX_OCCURRENCES - len(ahead)
    starts = _weeks_after(last, until, zone, now, max(room, 0) + 1)
    if starts and len(starts) > room:
        furthest = (ahead + starts)[MAX_OCCURRENCES - 1]
        raise PlanError(
            "schedule.error.until_far", date=show_date(furthest, zone), count=MAX_OCCURRENCES
        )
    people = await _attendees(tx, club, last) if starts else []
    # A whole-club series may wait for its people (late joiners are added, as at planning).
    if starts and not people and last.audience != "club":
        raise PlanError("schedule.error.series_nobody")

    later = [s for s in planned if day(s) > until]  # all ahead: until is today or later
    cancelled = await planning.cancel_quietly(tx, club_id, later, cancelled_by=changed_by, now=now)
    await planning.tell_cancelled(tx, club, cancelled, now, default_language)
    root = session.series_id or session.id
    for start in starts:
        made = await planning.add_occurrence(
            tx, club, last, start, root, people, changed_by, now, default_language
        )
        await tx.audit.record(
            now,
            changed_by,
            "session.created",
            club_id=club_id,
            subject=f"session:{made.id}",
            detail=f"series:{root}",
        )
    await tx.audit.record(
        now,
        changed_by,
        "session.changed",
        club_id=club_id,
        subject=f"session:{root}",
        detail=f"until:{day(last).isoformat()}->{until.isoformat()}",
    )
    return Moved(added=len(starts), cancelled=len(cancelled))
