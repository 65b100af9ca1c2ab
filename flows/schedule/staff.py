"""The staff side of the weekly plan, as the staff router sees it: commands, buttons, flows.

Every entry point receives a StaffActor (flows/staff/access.py) and queries with its club id.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from flows.context import FlowContext
from flows.i18n import Text
from flows.reply import Document, Message, Reply, Toast
from flows.schedule import ical, session_new, session_view
from flows.schedule.session_view import number
from flows.staff.access import StaffActor

COMMANDS = frozenset({"session", "today", "calendar"})
BUTTONS = frozenset({"zk", "zu", "za", "zp", "zd", "zr", "zc", "zs", "zv", "zm", "ze", "zx"})
FLOWS = frozenset({session_new.FLOW, session_view.EDIT_FLOW})
_NEW = frozenset({"zk", "zu", "za", "zp", "zd", "zr", "zc"})
CALENDAR_PAST = timedelta(days=7)
CALENDAR_AHEAD = timedelta(days=120)


async def command(ctx: FlowContext, staff: StaffActor, name: str, args: str) -> list[Reply]:
    """/session [id], /today, /calendar [participant id]."""
    wanted = args.strip().lstrip("#")
    if name == "today":
        return await session_view.today(ctx, staff)
    if name == "session":
        if not wanted:
            return await session_new.start(ctx, staff)
        found = number(wanted)
        return await session_view.show(ctx, staff, found) if found else _no(staff)
    if name == "calendar":
        return await calendar(ctx, staff, number(wanted) if wanted else None, bool(wanted))
    return _no(staff)


def _no(staff: StaffActor) -> list[Reply]:
    return [Message((Text("access.not_available"),), language=staff.actor.language)]


async def on_press(
    ctx: FlowContext,
    staff: StaffActor,
    pending: dict[str, Any] | None,
    kind: str,
    fields: tuple[str, ...],
) -> list[Reply]:
    """A schedule button pressed by staff."""
    if kind in _NEW:
        return await session_new.on_press(ctx, staff, pending, kind, fields)
    first = number(fields[0]) if fields else None
    if kind == "zm":
        return await session_view.mark(ctx, staff, fields)
    if kind == "zx":
        return await session_view.on_cancel(ctx, staff, fields)
    if first is None:
        return [Toast(Text("button.stale"), staff.actor.language)]
    if kind == "zs":
        return await session_view.show(ctx, staff, first)
    if kind == "zv":
        return await session_view.attendance(ctx, staff, first)
    if kind == "ze" and len(fields) == 2:
        return await session_view.ask_change(ctx, staff, first, fields[1])
    return [Toast(Text("button.stale"), staff.actor.language)]


async def on_text(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any], text: str
) -> list[Reply]:
    """Typed input for the schedule flow waiting for it."""
    if pending.get("flow") == session_view.EDIT_FLOW:
        return await session_view.on_change_text(ctx, staff, pending, text)
    return await session_new.on_text(ctx, staff, pending, text)


async def calendar(
    ctx: FlowContext, staff: StaffActor, participant_id: int | None, asked_for_one: bool
) -> list[Reply]:
    """The club's (or one participant's) sessions as an .ics file."""
    lang = staff.actor.language
    club = await ctx.tx.schedule.club(staff.club_id)
    if club is None or (asked_for_one and participant_id is None):
        return _no(staff)
    start, end = ctx.now - CALENDAR_PAST, ctx.now + CALENDAR_AHEAD
    if participant_id is not None:
        participant = await ctx.tx.participants.get(staff.club_id, participant_id)
        if participant is None:
            return _no(staff)
        sessions = await ctx.tx.schedule.of_participant(staff.club_id, participant.id, start, end)
        name, filename = participant.display_name, f"plan-{participant.id}.ics"
    else:
        sessions = await ctx.tx.schedule.in_club(staff.club_id, start, end)
        name, filename = club.name, f"plan-club-{club.club_id}.ics"
    return [
        Document(
            filename,
            partial(ical.export, sessions, name, lang),
            (Text("schedule.calendar.caption", {"count": len(sessions)}, count=len(sessions)),),
            lang,
        )
    ]
