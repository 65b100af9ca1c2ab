"""The daily digest for staff, queued at the club's hour and written when it goes out."""

from __future__ import annotations

from datetime import date, datetime

from base.i18n import LANGUAGES, Text
from base.times import day_bounds, local, show_time
from exports import two_thirds
from flows.quiet_hours import is_quiet
from flows.reply import Part
from flows.schedule.verdict import Hold, Send, Verdict
from storage.repos.outbox import OutboxMessage
from storage.repos.schedule import ClubSchedule
from storage.tx import Tx

KIND = "digest"


async def queue_due(tx: Tx, now: datetime, default_language: str) -> int:
    """Queue today's digest for each club whose digest hour has come; return how many rows."""
    queued = 0
    for club in await tx.schedule.clubs():
        if club.digest_hour is None or is_quiet(now, club.timezone):
            continue
        today = local(now, club.timezone)
        if today.hour < club.digest_hour:
            continue
        # A day without sessions has nothing to report that cannot wait: no digest then.
        start, end = day_bounds(today.date(), club.timezone)
        if not await tx.schedule.in_club(club.club_id, start, end):
            continue
        for member in await tx.staff.active_in_club(club.club_id):
            stored = await tx.accounts.language_of(member.telegram_id)
            queued += await tx.outbox.enqueue(
                member.telegram_id,
                KIND,
                "schedule.digest.title",
                {"club": club.club_id, "date": today.date().isoformat(), "staff": member.id},
                stored if stored in LANGUAGES else default_language,
                due_at=now,
                now=now,
                dedupe_key=f"digest:{club.club_id}:{today.date().isoformat()}:{member.id}",
            )
    return queued


async def prepare(tx: Tx, message: OutboxMessage, now: datetime) -> Verdict:
    """The digest's text, or a Hold (staff member gone, or quiet hours)."""
    club_id, staff_id, day_text = (
        message.params.get("club"),
        message.params.get("staff"),
        message.params.get("date"),
    )
    if not (isinstance(club_id, int) and isinstance(staff_id, int) and isinstance(day_text, str)):
        return Hold(None)
    club = await tx.schedule.club(club_id)
    member = await tx.staff.get(club_id, staff_id)
    if club is None or member is None or not member.active:
        return Hold(None)
    if is_quiet(now, club.timezone):
        return Hold(None)  # tomorrow's digest replaces it
    return Send(await compose(tx, club, date.fromisoformat(day_text)))


async def compose(tx: Tx, club: ClubSchedule, day: date) -> tuple[Part, ...]:
    """Today's sessions with who confirmed, declined or cannot be reached; unfinished
    diagnoses; participants whose planned week is under two thirds reintegration."""
    start, end = day_bounds(day, club.timezone)
    parts: list[Part] = [Text("schedule.digest.title", {"date": day.strftime("%d.%m.%Y")})]
    sessions = await tx.schedule.in_club(club.club_id, start, end)
    if not sessions:
        parts.append(Text("schedule.digest.no_sessions"))
    for session in sessions:
        people = await tx.schedule.attendees(session.id)
        yes = ", ".join(a.display_name for a in people if a.rsvp == "yes") or "–"
        no = (
            ", ".join(
                a.display_name + (f" ({a.reason})" if a.reason else "")
                for a in people
                if a.rsvp == "no"
            )
            or "–"
        )
        unreachable = ", ".join(a.display_name for a in people if a.unreachable) or "–"
        parts.append(
            Text(
                "schedule.digest.session",
                {
                    "time": show_time(session.starts_at, club.timezone),
                    "title": session.title,
                    "place": session.place,
                    "yes": yes,
                    "no": no,
                    "unreachable": unreachable,
                },
            )
        )
    unfinished = await tx.schedule.unfinished_diagnoses(club.club_id)
    parts.append(Text("schedule.digest.unfinished", {"count": unfinished}, count=unfinished))
    below: list[str] = []
    for participant_id, name in await tx.schedule.club_participants(club.club_id):
        share = await two_thirds.week_share(tx, club.club_id, participant_id, day, club.timezone)
        if share.below:
            percent = two_thirds.percent(share.planned_reintegration, share.planned)
            below.append(f"{name} {percent}%")
    if below:
        parts.append(Text("schedule.digest.below", {"names": ", ".join(below)}))
    return tuple(parts)
