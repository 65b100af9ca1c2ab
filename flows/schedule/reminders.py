"""Reminder rows in the outbox: created when a session is planned, recomputed when it changes.

One row per (kind, session, participant), keyed `rem:<kind>:<session>:<participant>`: the
outbox's unique dedupe key makes a second one impossible, whatever happens to the first.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from base.i18n import LANGUAGES
from base.times import local, local_to_utc
from storage.repos.schedule import Attendee, ClubSchedule, Session
from storage.tx import Tx

DAY_BEFORE = "reminder_day"
HOUR_BEFORE = "reminder_hour"
REMINDERS = (DAY_BEFORE, HOUR_BEFORE)
NOTICE = "session_notice"
STAFF_NOTICE = "session_staff"
DIGEST = "digest"


def language_of(attendee: Attendee, default: str) -> str:
    """The attendee's language, or the deployment's default."""
    return attendee.language if attendee.language in LANGUAGES else default


def due_times(club: ClubSchedule, session: Session, now: datetime) -> dict[str, datetime]:
    """When each reminder of the session goes out (kinds left out are not sent)."""
    if session.starts_at <= now or session.status != "planned":
        return {}
    found: dict[str, datetime] = {}
    if club.before_minutes:
        found[HOUR_BEFORE] = max(now, session.starts_at - timedelta(minutes=club.before_minutes))
    if club.day_before_hour is not None:
        day = local(session.starts_at, club.timezone).date() - timedelta(days=1)
        due = max(now, local_to_utc(day, time(club.day_before_hour), club.timezone))
        # Planned too late for a reminder of its own: the one-hour-before one will do.
        if due < found.get(HOUR_BEFORE, session.starts_at):
            found[DAY_BEFORE] = due
    return found


async def plan(
    tx: Tx,
    club: ClubSchedule,
    session: Session,
    now: datetime,
    default_language: str,
    attendees: list[Attendee] | None = None,
) -> int:
    """(Re)create the pending reminders of a session; return how many rows were added."""
    await tx.schedule.forget_pending(session.id, REMINDERS)
    due = due_times(club, session, now)
    added = 0
    for attendee in attendees if attendees is not None else await tx.schedule.attendees(session.id):
        if attendee.telegram_id is None or attendee.rsvp == "no" or not attendee.in_programme:
            continue
        for kind, at in due.items():
            added += await tx.schedule.enqueue(
                chat_id=attendee.telegram_id,
                kind=kind,
                message_key=f"schedule.{kind}",
                params={"session": session.id, "participant": attendee.participant_id},
                language=language_of(attendee, default_language),
                due_at=at,
                now=now,
                dedupe_key=f"rem:{kind}:{session.id}:{attendee.participant_id}",
                session_id=session.id,
                participant_id=attendee.participant_id,
            )
    return added
