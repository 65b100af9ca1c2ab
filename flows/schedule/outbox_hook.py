"""What the outbox does with rows of the weekly plan, decided right before sending.

A reminder goes out only while its session is planned and has not started, to an attendee who
has not declined and can be reached; in quiet hours (21:00-08:00 club time) everything but the
one-hour-before reminder waits for 08:00, and a reminder that would then be too late is dropped.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from base.i18n import Text
from base.times import show_date, show_time
from flows import follow_up, follow_up_staff
from flows.messages import outbox as thread_outbox
from flows.quiet_hours import is_quiet, next_allowed
from flows.reply import Button, Keyboard
from flows.schedule import digest
from flows.schedule.participant import RsvpPress
from flows.schedule.reminders import DIGEST, HOUR_BEFORE, NOTICE, REMINDERS, STAFF_NOTICE
from flows.schedule.verdict import Hold, Send, Verdict
from storage.repos.outbox import OutboxMessage
from storage.tx import Tx

KINDS = frozenset({*REMINDERS, NOTICE, STAFF_NOTICE, DIGEST})


def _number(message: OutboxMessage, name: str) -> int | None:
    value = message.params.get(name)
    return value if isinstance(value, int) else None


def rsvp_buttons(session_id: int) -> Keyboard:
    """ "I'll be there" / "I can't come"."""
    return (
        (
            Button(Text("schedule.rsvp.yes"), RsvpPress(session_id, "y").encode()),
            Button(Text("schedule.rsvp.no"), RsvpPress(session_id, "n").encode()),
        ),
    )


async def prepare(tx: Tx, message: OutboxMessage, now: datetime) -> Verdict:
    """The verdict on a due row of the weekly plan (or a follow-up question); None for rows of
    other kinds."""
    if message.kind == follow_up.KIND:
        return await follow_up.prepare(tx, message, now)
    if message.kind == follow_up_staff.KIND:
        return await follow_up_staff.prepare(tx, message, now)
    if message.kind in thread_outbox.KINDS:
        return await thread_outbox.prepare(tx, message, now)
    if message.kind not in KINDS:
        return None
    if message.kind == DIGEST:
        return await digest.prepare(tx, message, now)
    session_id = _number(message, "session")
    session = await tx.schedule.get_any(session_id) if session_id is not None else None
    if session is None:
        return Hold(None)
    club = await tx.schedule.club(session.club_id)
    if club is None:
        return Hold(None)
    reminder = message.kind in REMINDERS
    if reminder and (session.status != "planned" or now >= session.starts_at):
        return Hold(None)  # cancelled, or fell due while the bot was down and is over now
    if message.kind != HOUR_BEFORE and is_quiet(now, club.timezone):
        later = next_allowed(now, club.timezone)
        # After the night the one-hour-before reminder (if any) comes first: no second one.
        latest = session.starts_at - timedelta(minutes=club.before_minutes or 0)
        return Hold(None if reminder and later >= latest else later)
    if not reminder:
        return None
    participant_id = _number(message, "participant")
    attendee = (
        await tx.schedule.attendee(session.id, participant_id)
        if participant_id is not None
        else None
    )
    if (
        attendee is None
        or attendee.rsvp == "no"
        or attendee.unreachable
        or attendee.telegram_id != message.chat_id
        or not attendee.in_programme
    ):
        return Hold(None)
    text = Text(
        f"schedule.{message.kind}",
        {
            "title": session.title,
            "date": show_date(session.starts_at, club.timezone),
            "time": show_time(session.starts_at, club.timezone),
            "place": session.place,
        },
    )
    return Send((text,), rsvp_buttons(session.id))
