"""The staff side of the weekly plan, as the staff router sees it: commands, buttons, flows.

Every entry point receives a StaffActor (flows/staff/access.py) and queries with its club id.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial

from base.i18n import Text
from base.ids import parse_id
from flows import flow
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.flow import Flow, Step
from flows.inputs import Command
from flows.reply import Document, Reply
from flows.schedule import (
    attendance_screen,
    attendees_edit,
    ical,
    series_end_edit,
    session_new,
    session_view,
)
from flows.schedule.session_view import (
    CancelSession,
    ChangeSession,
    SessionEditState,
    ShowAttendance,
    ShowSession,
)
from flows.staff.access import StaffActor

CALENDAR_PAST = timedelta(days=7)
CALENDAR_AHEAD = timedelta(days=120)


async def command(step: Step, cmd: Command) -> list[Reply]:
    """/session [id], /today, /calendar [participant id]."""
    ctx, staff, wanted = step.ctx, step.staff, cmd.args.strip()
    if cmd.name == "today":
        return await session_view.today(ctx, staff)
    if cmd.name == "session":
        if not wanted:
            return await session_new.start(ctx, staff)
        found = parse_id(wanted)
        return await session_view.show(ctx, staff, found) if found else step.not_available()
    return await calendar(ctx, staff, parse_id(wanted) if wanted else None, bool(wanted))


async def on_press(step: Step, button: ButtonData) -> list[Reply]:
    """A button of a planned session."""
    ctx, staff = step.ctx, step.staff
    if isinstance(button, attendance_screen.BUTTONS):
        return await attendance_screen.on_press(step, button)
    if isinstance(button, CancelSession):
        return await session_view.on_cancel(ctx, staff, button)
    if isinstance(button, ShowSession):
        return await session_view.show(ctx, staff, button.session)
    if isinstance(button, ShowAttendance):
        return await attendance_screen.show(ctx, staff, button.session)
    if isinstance(button, ChangeSession):
        if button.scope is None and (asked := await session_view.ask_scope(ctx, staff, button)):
            return asked
        series = button.scope == "s"
        if button.field == "a":
            return await attendees_edit.start(ctx, staff, button.session, series)
        return await session_view.ask_change(ctx, staff, button.session, button.field, series)
    if isinstance(button, series_end_edit.ChangeSeriesEnd):
        return await series_end_edit.ask(ctx, staff, button.session)
    if isinstance(button, attendees_edit.BUTTONS):
        return await attendees_edit.on_press(step, button)
    return step.stale()


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """Typed words for a session change, an attendance detail, the attendee list's search or a
    series' new end date, whichever waits."""
    return (
        await session_view.on_change_text(step, text)
        or await attendance_screen.on_text(step, text)
        or await attendees_edit.on_text(step, text)
        or await series_end_edit.on_text(step, text)
    )


SESSIONS = Flow(
    name="sessions",
    side="staff",
    access=flow.staff,
    commands=frozenset({"session", "today", "calendar"}),
    buttons=(
        ShowSession,
        ShowAttendance,
        ChangeSession,
        CancelSession,
        *attendance_screen.BUTTONS,
        *attendees_edit.BUTTONS,
        series_end_edit.ChangeSeriesEnd,
    ),
    states=(
        SessionEditState,
        attendance_screen.AttendanceDetailState,
        attendees_edit.AttendeesEditState,
        series_end_edit.SeriesEndState,
    ),
    on_command=command,
    on_press=on_press,
    on_text=on_text,
)

NEW_SESSION = Flow(
    name="session_new",
    side="staff",
    access=flow.staff,
    buttons=session_new.BUTTONS,
    states=(session_new.NewSessionState,),
    on_press=session_new.on_press,
    on_text=session_new.on_text,
)


async def calendar(
    ctx: FlowContext, staff: StaffActor, participant_id: int | None, asked_for_one: bool
) -> list[Reply]:
    """The club's (or one participant's) sessions as an .ics file."""
    lang = staff.actor.language
    club = await ctx.tx.schedule.club(staff.club_id)
    if club is None or (asked_for_one and participant_id is None):
        return flow.not_available(staff.actor.language)
    start, end = ctx.now - CALENDAR_PAST, ctx.now + CALENDAR_AHEAD
    if participant_id is not None:
        participant = await ctx.tx.participants.get(staff.club_id, participant_id)
        if participant is None:
            return flow.not_available(staff.actor.language)
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
