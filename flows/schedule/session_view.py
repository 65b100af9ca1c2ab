"""One session for staff: what it is and who answered; change, cancel, attendance; /today."""

from __future__ import annotations

from typing import Any

from flows import callbacks
from flows.context import FlowContext
from flows.i18n import Text
from flows.intake.questionnaire import catalogue
from flows.reply import Button, EditPressed, Keyboard, Message, Reply, Toast
from flows.schedule import planning
from flows.schedule.times import day_bounds, local, parse_local, show_date, show_time
from flows.staff.access import StaffActor
from storage.repos.schedule import Attendee, Session

EDIT_FLOW = "session_edit"
FIELDS = ("w", "p", "t")  # when, place, title
MAX_ID = 2**63 - 1


def number(text: str) -> int | None:
    """A plain positive id, or None (also for digits int() refuses and ids SQLite cannot hold)."""
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_ID:
        return None
    return int(text)


async def _zone(ctx: FlowContext, staff: StaffActor) -> str:
    club = await ctx.tx.schedule.club(staff.club_id)
    return club.timezone if club else ctx.settings.timezone


def _not_available(staff: StaffActor) -> list[Reply]:
    return [Message((Text("access.not_available"),), language=staff.actor.language)]


def _counts(people: list[Attendee]) -> dict[str, int]:
    return {
        "yes": sum(a.rsvp == "yes" for a in people),
        "no": sum(a.rsvp == "no" for a in people),
        "open": sum(a.rsvp == "none" for a in people),
        "count": len(people),
    }


async def show(ctx: FlowContext, staff: StaffActor, session_id: int) -> list[Reply]:
    """The session of the staff member's club, with its buttons."""
    lang = staff.actor.language
    session = await ctx.tx.schedule.get(staff.club_id, session_id)
    if session is None:
        return _not_available(staff)
    zone = await _zone(ctx, staff)
    people = await ctx.tx.schedule.attendees(session.id)
    kind = catalogue().activity_kind(session.kind)
    parts: list[Text | str] = [
        Text(
            "schedule.view",
            {
                "id": session.id,
                "kind": kind.name.get(lang) if kind else session.kind,
                "title": session.title,
                "date": show_date(session.starts_at, zone),
                "time": show_time(session.starts_at, zone),
                "minutes": session.duration_minutes,
                "place": session.place,
            },
        ),
        Text("schedule.view.answers", _counts(people), count=len(people)),
    ]
    if session.status == "cancelled":
        parts.append(Text("schedule.view.cancelled"))
        return [Message(tuple(parts), language=lang)]
    rows: list[tuple[Button, ...]] = [
        (Button(Text("schedule.button.attendance"), callbacks.encode("zv", session.id)),),
        (
            Button(Text("schedule.button.when"), callbacks.encode("ze", session.id, "w")),
            Button(Text("schedule.button.place"), callbacks.encode("ze", session.id, "p")),
            Button(Text("schedule.button.title"), callbacks.encode("ze", session.id, "t")),
        ),
        (Button(Text("schedule.button.cancel"), callbacks.encode("zx", session.id)),),
    ]
    return [Message(tuple(parts), tuple(rows), lang)]


async def today(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """Today's sessions of the club with their answers, a button each."""
    lang = staff.actor.language
    zone = await _zone(ctx, staff)
    start, end = day_bounds(local(ctx.now, zone).date(), zone)
    sessions = await ctx.tx.schedule.in_club(staff.club_id, start, end)
    if not sessions:
        return [Message((Text("schedule.today.empty"),), language=lang)]
    parts: list[Text | str] = [Text("schedule.today.title", {"date": show_date(ctx.now, zone)})]
    rows: list[tuple[Button, ...]] = []
    for session in sessions:
        people = await ctx.tx.schedule.attendees(session.id)
        values: dict[str, Any] = {
            "time": show_time(session.starts_at, zone),
            "title": session.title,
            "place": session.place,
            **_counts(people),
        }
        parts.append(Text("schedule.today.line", values))
        label = f"{values['time']} {session.title}"
        rows.append((Button(label[:60], callbacks.encode("zs", session.id)),))
    return [Message(tuple(parts), tuple(rows), lang)]


def _attendance_keyboard(session: Session, people: list[Attendee]) -> Keyboard:
    rows: list[tuple[Button, ...]] = []
    for a in people:
        state = "unknown" if a.attended is None else ("present" if a.attended else "absent")
        nxt = 0 if a.attended else 1
        rows.append(
            (
                Button(
                    Text(f"schedule.attendance.{state}", {"name": a.display_name}),
                    callbacks.encode("zm", session.id, a.participant_id, nxt),
                ),
            )
        )
    return tuple(rows)


async def attendance(ctx: FlowContext, staff: StaffActor, session_id: int) -> list[Reply]:
    """One button per participant: a tap marks them present, another absent."""
    lang = staff.actor.language
    session = await ctx.tx.schedule.get(staff.club_id, session_id)
    if session is None or session.status != "planned":
        return _not_available(staff)
    if session.starts_at > ctx.now:
        return [Message((Text("schedule.attendance.not_yet"),), language=lang)]
    people = await ctx.tx.schedule.attendees(session.id)
    return [
        Message(
            (Text("schedule.attendance.title", {"title": session.title}),),
            _attendance_keyboard(session, people),
            lang,
        )
    ]


async def mark(ctx: FlowContext, staff: StaffActor, fields: tuple[str, ...]) -> list[Reply]:
    """zm:<session>:<participant>:<1|0>, checked: the session is of the club, the participant
    one of its attendees, and it has started."""
    lang = staff.actor.language
    ids = [number(f) for f in fields]
    if len(ids) != 3 or None in ids or ids[2] not in (0, 1):
        return [Toast(Text("button.stale"), lang)]
    session_id, participant_id, present = (int(i or 0) for i in ids)
    session = await ctx.tx.schedule.get(staff.club_id, session_id)
    if session is None or session.status != "planned" or session.starts_at > ctx.now:
        return _not_available(staff)
    if not await ctx.tx.schedule.mark(
        session.id, participant_id, bool(present), staff.member.id, ctx.now
    ):
        return [Toast(Text("button.stale"), lang)]
    await ctx.tx.audit.record(
        ctx.now,
        staff.audit_name,
        "session.attendance",
        club_id=staff.club_id,
        subject=f"participant:{participant_id}",
        detail=f"session:{session.id}:{present}",
    )
    people = await ctx.tx.schedule.attendees(session.id)
    return [
        EditPressed(
            (Text("schedule.attendance.title", {"title": session.title}),),
            lang,
            _attendance_keyboard(session, people),
        )
    ]


async def ask_change(
    ctx: FlowContext, staff: StaffActor, session_id: int, field: str
) -> list[Reply]:
    """Ask for the new date and time, place or title."""
    session = await ctx.tx.schedule.get(staff.club_id, session_id)
    if session is None or session.status != "planned" or field not in FIELDS:
        return _not_available(staff)
    pending = {"flow": EDIT_FLOW, "club": staff.club_id, "session": session.id, "field": field}
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, pending, ctx.now)
    return [Message((Text(f"schedule.change.ask_{field}"),), language=staff.actor.language)]


async def on_change_text(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any], text: str
) -> list[Reply]:
    """The typed new value: applied, reminders recomputed, attendees told."""
    lang = staff.actor.language
    session_id = pending.get("session")
    field = pending.get("field")
    session = (
        await ctx.tx.schedule.get(staff.club_id, session_id)
        if isinstance(session_id, int)
        else None
    )
    if session is None or field not in FIELDS:
        await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
        return _not_available(staff)
    value = " ".join(text.split())
    changes: dict[str, Any] = {}
    if field == "w":
        moment = parse_local(value, await _zone(ctx, staff))
        if moment is None:
            return [Message((Text("schedule.error.when"),), language=lang)]
        changes["starts_at"] = moment
    else:
        changes["place" if field == "p" else "title"] = value
    try:
        await planning.change(
            ctx.tx,
            staff.club_id,
            session,
            changed_by=staff.audit_name,
            now=ctx.now,
            default_language=ctx.settings.default_language,
            **changes,
        )
    except planning.PlanError as error:
        return [Message((Text(str(error)),), language=lang)]
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
    return [Message((Text("schedule.change.done"),), language=lang)]


async def on_cancel(ctx: FlowContext, staff: StaffActor, fields: tuple[str, ...]) -> list[Reply]:
    """zx:<session> asks; zx:<session>:1 cancels it, :s it and the later weekly ones."""
    lang = staff.actor.language
    session_id = number(fields[0]) if fields else None
    session = (
        await ctx.tx.schedule.get(staff.club_id, session_id) if session_id is not None else None
    )
    if session is None or session.status != "planned":
        return _not_available(staff)
    choice = fields[1] if len(fields) > 1 else None
    if choice is None:
        rows: list[tuple[Button, ...]] = [
            (Button(Text("schedule.cancel.one"), callbacks.encode("zx", session.id, 1)),),
        ]
        if len(await ctx.tx.schedule.series_from(staff.club_id, session)) > 1:
            rows.append(
                (Button(Text("schedule.cancel.series"), callbacks.encode("zx", session.id, "s")),)
            )
        rows.append(
            (Button(Text("schedule.cancel.keep"), callbacks.encode("zx", session.id, "k")),)
        )
        return [
            Message((Text("schedule.cancel.ask", {"title": session.title}),), tuple(rows), lang)
        ]
    if choice == "k":
        return [EditPressed((Text("schedule.cancel.kept"),), lang)]
    if choice not in ("1", "s"):
        return [Toast(Text("button.stale"), lang)]
    done = await planning.cancel(
        ctx.tx,
        staff.club_id,
        session,
        whole_series=choice == "s",
        cancelled_by=staff.audit_name,
        now=ctx.now,
        default_language=ctx.settings.default_language,
    )
    return [
        EditPressed((Text("schedule.cancel.done", {"count": len(done)}, count=len(done)),), lang)
    ]
