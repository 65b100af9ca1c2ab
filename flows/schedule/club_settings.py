"""A club's reminder and digest hours, and what changes when they change."""

from __future__ import annotations

from datetime import datetime, timedelta

from flows.schedule import reminders
from storage.repos.schedule import ClubSchedule
from storage.tx import Tx

LOOK_AHEAD = timedelta(days=366)


async def change_club_settings(
    tx: Tx,
    club_id: int,
    *,
    day_before_hour: int | None,
    before_minutes: int | None,
    digest_hour: int | None,
    now: datetime,
    default_language: str,
) -> ClubSchedule | None:
    """Store the settings (None switches one off) and replan the coming sessions' reminders."""
    if not await tx.schedule.set_club_settings(
        club_id, day_before_hour, before_minutes, digest_hour
    ):
        return None
    club = await tx.schedule.club(club_id)
    if club is None:
        return None
    for session in await tx.schedule.in_club(club_id, now, now + LOOK_AHEAD):
        await reminders.plan(tx, club, session, now, default_language)
    await tx.audit.record(
        now,
        "cli",
        "club.schedule_settings",
        club_id=club_id,
        detail=f"{day_before_hour},{before_minutes},{digest_hour}",
    )
    return club
