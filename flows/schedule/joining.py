"""A participant who joins later gets the club's coming sessions and their reminders."""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.schedule import reminders
from storage.tx import Tx

# Sessions are planned weeks ahead at most; a year bounds the look-ahead query.
LOOK_AHEAD = timedelta(days=366)


async def take_part_in_coming_sessions(
    tx: Tx, club_id: int, participant_id: int, now: datetime, default_language: str
) -> int:
    """Add the participant to coming whole-club sessions and (re)plan reminders of every
    coming session they are expected at; return how many sessions were touched.

    Invited people are expected at whole-club sessions from the start but have no Telegram
    account until they open their link, so their reminders are made here.
    """
    club = await tx.schedule.club(club_id)
    if club is None:
        return 0
    touched = 0
    for session in await tx.schedule.in_club(club_id, now, now + LOOK_AHEAD):
        expected = {a.participant_id for a in await tx.schedule.attendees(session.id)}
        if session.audience == "club" and participant_id not in expected:
            await tx.schedule.add_attendees(session.id, [participant_id])
            expected.add(participant_id)
        if participant_id in expected:
            await reminders.plan(tx, club, session, now, default_language)
            touched += 1
    return touched
