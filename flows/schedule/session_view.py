"""One session for staff: what it is and who answered; change, cancel, attendance; /today."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from base.clean import clean_line
from base.i18n import Text
from base.ids import parse_id
from base.times import day_bounds, local, parse_local, show_date, show_time
from flows import flow
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.flow import ClubState, Step
from flows.reply import Button, EditPressed, Message, Reply
from flows.schedule import planning, series_end
from flows.schedule.series_end_edit import ChangeSeriesEnd
from flows.staff.access import StaffActor
from flows.staff.parsing import hint_examples
from questionnaires.bundled import catalogue
from storage.repos.schedule import Attendee, Session

Field = Literal["w", "p", "t", "d", "a"]  # when, place, title, duration, attendees
TYPED: tuple[Field, ...] = ("w", "p", "t", "d")


@dataclass(frozen=True)
class ShowSession(ButtonData, kind="zs"):
    """One session of the club."""

    session: int


@dataclass(frozen=True)
class ShowAttendance(ButtonData, kind="zv"):
    """The attendance buttons of a session."""

    session: int


@dataclass(frozen=True)
class ChangeSession(ButtonData, kind="ze"):
    """Ask for a new date and time, place, title or duration, or choose attendees."""

    session: int
    field: Field
    # 1: this occurrence, s: it and the later ones of its series; None: ask (if there are any).
    scope: Literal["1", "s"] | None = None


@dataclass(frozen=True)
class CancelSession(ButtonData, kind="zx"):
    """Ask (no choice yet), or cancel this one (1), the series (s), or keep it (k)."""

    session: int
    choice: Literal["1", "s", "k"] | None = None


class SessionEditState(ClubState):
    """A new value for one field of a session is awaited."""

    flow: Literal["session_edit"] = "session_edit"
    session: int
    field: Field
    series: bool = False  # also the later occurrences of its series


async def _zone(ctx: FlowContext, staff: StaffActor) -> str:
    club = await ctx.tx.schedule.club(staff.club_id)
    return club.timezone if club else ctx.settings.timezone


def _not_available(staff: StaffActor) -> list[Reply]:
    return flow.not_available(staff.actor.language)


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
        (Button(Text("schedule.button.attendance"), ShowAttendance(session.id).encode()),),
        (
            Button(Text("schedule.button.when"), ChangeSession(session.id, "w").encode()),
            Button(Text("schedule.button.place"), ChangeSession(session.id, "p").encode()),
            Button(Text("schedule.button.title"), ChangeSession(session.id, "t").encode()),
        ),
        (
            Button(Text("schedule.button.duration"), ChangeSession(session.id, "d").encode()),
            *(
                ()
                if session.audience == "club"
                else (
                    Button(
                        Text("schedule.button.attendees"), ChangeSession(session.id, "a").encode()
                    ),
                )
            ),
        ),
        (Button(Text("schedule.button.cancel"), CancelSession(session.id).encode()),),
    ]
    if await series_end.series_of(ctx.tx, staff.club_id, session) is not None:
        until = Button(Text("schedule.button.until"), ChangeSeriesEnd(session.id).encode())
        rows.insert(-1, (until,))
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
        rows.append((Button(label[:60], ShowSession(session.id).encode()),))
    return [Message(tuple(parts), tuple(rows), lang)]


async def ask_scope(ctx: FlowContext, staff: StaffActor, button: ChangeSession) -> list[Reply]:
    """A session with later weekly occurrences: change only this one, or the later ones too?
    An empty list when there is nothing to ask (the change goes on for this one)."""
    session = await ctx.tx.schedule.get(staff.club_id, button.session)
    if session is None or session.status != "planned":
        return _not_available(staff)
    if button.field in ("d", "a") and session.starts_at <= ctx.now:
        # Said before the choice of scope, not after it: neither answer could change it.
        return [Message((Text("schedule.error.started"),), language=staff.actor.language)]
    count = len(await ctx.tx.schedule.series_from(staff.club_id, session))
    if count < 2:
        return []
    this, later = (ChangeSession(session.id, button.field, scope) for scope in ("1", "s"))
    rows = (
        (Button(Text("schedule.change.scope_one"), this.encode()),),
        (Button(Text("schedule.change.scope_series", {"count": count}), later.encode()),),
    )
    ask = Text("schedule.change.scope_ask", {"title": session.title})
    return [Message((ask,), rows, staff.actor.language)]


async def ask_change(
    ctx: FlowContext, staff: StaffActor, session_id: int, field: Field, series: bool = False
) -> list[Reply]:
    """Ask for the new date and time, place, title or duration."""
    lang = staff.actor.language
    session = await ctx.tx.schedule.get(staff.club_id, session_id)
    if session is None or session.status != "planned" or field not in TYPED:
        return _not_available(staff)
    if field == "d" and session.starts_at <= ctx.now:
        return [Message((Text("schedule.error.started"),), language=lang)]
    pending = SessionEditState(club=staff.club_id, session=session.id, field=field, series=series)
    await Step(ctx, staff.actor).remember(pending)
    params = (
        {"minutes": session.duration_minutes} if field == "d" else await hint_examples(ctx, staff)
    )
    return [Message((Text(f"schedule.change.ask_{field}", params),), language=lang)]


async def on_change_text(step: Step, text: str) -> list[Reply] | None:
    """The typed new value: applied, reminders recomputed, attendees told."""
    pending = step.mine(SessionEditState)
    if pending is None:
        return None
    ctx, staff, lang, field = step.ctx, step.staff, step.lang, pending.field
    session = await ctx.tx.schedule.get(staff.club_id, pending.session)
    if session is None:
        await step.remember(None)
        return _not_available(staff)
    value = clean_line(text)
    changes: dict[str, Any] = {}
    if field == "w":
        moment = parse_local(value, await _zone(ctx, staff))
        if moment is None:
            return [
                Message(
                    (Text("schedule.error.when", await hint_examples(ctx, staff)),), language=lang
                )
            ]
        changes["starts_at"] = moment
    elif field == "d":
        return await _change_duration(step, pending, session, value)
    else:
        changes["place" if field == "p" else "title"] = value
    try:
        changed = await planning.change(
            ctx.tx,
            staff.club_id,
            session,
            series=pending.series,
            changed_by=staff.audit_name,
            now=ctx.now,
            default_language=ctx.settings.default_language,
            **changes,
        )
    except planning.PlanError as error:
        return [Message((Text(str(error)),), language=lang)]
    await step.remember(None)
    count = len(changed)
    done = (
        Text("schedule.change.done_series", {"count": count}, count=count)
        if pending.series
        else Text("schedule.change.done")
    )
    return [Message((done,), language=lang)]


async def _change_duration(
    step: Step, pending: SessionEditState, session: Session, value: str
) -> list[Reply]:
    """Typed minutes; nobody is told (planning.change_duration)."""
    ctx, staff, lang = step.ctx, step.staff, step.lang
    minutes = parse_id(value) or 0  # not a number: refused as out of range
    try:
        await planning.change_duration(
            ctx.tx,
            staff.club_id,
            session,
            minutes,
            series=pending.series,
            changed_by=staff.audit_name,
            now=ctx.now,
        )
    except planning.PlanError as error:
        if str(error) != "schedule.error.duration":  # started or gone: nothing to type again
            await step.remember(None)
        return [Message((Text(str(error)),), language=lang)]
    await step.remember(None)
    return [Message((Text("schedule.change.duration_done", {"minutes": minutes}),), language=lang)]


async def on_cancel(ctx: FlowContext, staff: StaffActor, button: CancelSession) -> list[Reply]:
    """Alone it asks; then 1 cancels this session, s it and the later weekly ones, k keeps."""
    lang = staff.actor.language
    session = await ctx.tx.schedule.get(staff.club_id, button.session)
    if session is None or session.status != "planned":
        return _not_available(staff)
    choice = button.choice
    if choice is None:
        rows: list[tuple[Button, ...]] = [
            (Button(Text("schedule.cancel.one"), CancelSession(session.id, "1").encode()),),
        ]
        if len(await ctx.tx.schedule.series_from(staff.club_id, session)) > 1:
            rows.append(
                (Button(Text("schedule.cancel.series"), CancelSession(session.id, "s").encode()),)
            )
        rows.append(
            (Button(Text("schedule.cancel.keep"), CancelSession(session.id, "k").encode()),)
        )
        return [
            Message((Text("schedule.cancel.ask", {"title": session.title}),), tuple(rows), lang)
        ]
    if choice == "k":
        return [EditPressed((Text("schedule.cancel.kept"),), lang)]
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
