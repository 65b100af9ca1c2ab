"""/session: plan a session step by step (kind, title, date and time, duration, place, who
attends, weekly repetition), then confirm. The position is kept in staff_state."""

from __future__ import annotations

from typing import Any

from flows import callbacks
from flows.context import FlowContext
from flows.i18n import Text
from flows.intake.questionnaire import catalogue
from flows.reply import Button, EditPressed, Keyboard, Message, Reply
from flows.schedule import planning
from flows.schedule.times import parse_date, parse_local, show_date, show_time
from flows.staff.access import StaffActor
from storage.timefmt import from_db, to_db

FLOW = "session_new"
DURATIONS = (45, 60, 90, 120, 180)
AUDIENCES = ("club", "chosen", "one")
MAX_LISTED = 40


def _msg(staff: StaffActor, *parts: Text | str, buttons: Keyboard = ()) -> Message:
    return Message(tuple(parts), buttons, staff.actor.language)


async def _remember(ctx: FlowContext, staff: StaffActor, data: dict[str, Any]) -> None:
    pending = {**data, "flow": FLOW, "club": staff.club_id}
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, pending, ctx.now)


async def _zone(ctx: FlowContext, staff: StaffActor) -> str:
    club = await ctx.tx.schedule.club(staff.club_id)
    return club.timezone if club else ctx.settings.timezone


async def start(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """Ask for the kind of activity."""
    await _remember(ctx, staff, {"step": "kind"})
    lang = staff.actor.language
    rows = tuple(
        (Button(kind.name.get(lang), callbacks.encode("zk", kind.id)),)
        for kind in catalogue().activity_kinds
    )
    return [_msg(staff, Text("schedule.new.ask_kind"), buttons=rows)]


async def on_text(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any], text: str
) -> list[Reply]:
    """Typed title, date and time, duration, place or end date."""
    step = pending.get("step")
    value = " ".join(text.split())
    if step == "title":
        if not value or len(value) > planning.MAX_TITLE:
            return [_msg(staff, Text("schedule.error.title"))]
        await _remember(ctx, staff, {**pending, "step": "when", "title": value})
        return [_msg(staff, Text("schedule.new.ask_when"))]
    if step == "when":
        moment = parse_local(value, await _zone(ctx, staff))
        if moment is None:
            return [_msg(staff, Text("schedule.error.when"))]
        if moment <= ctx.now:
            return [_msg(staff, Text("schedule.error.past"))]
        await _remember(ctx, staff, {**pending, "step": "duration", "start": to_db(moment)})
        return [_ask_duration(staff)]
    if step == "duration":
        if not (value.isascii() and value.isdigit()) or not 0 < int(value) <= planning.MAX_MINUTES:
            return [_msg(staff, Text("schedule.error.duration"))]
        return await _after_duration(ctx, staff, pending, int(value))
    if step == "place":
        if not value or len(value) > planning.MAX_PLACE:
            return [_msg(staff, Text("schedule.error.place"))]
        await _remember(ctx, staff, {**pending, "step": "audience", "place": value})
        rows = tuple(
            (Button(Text(f"schedule.audience.{a}"), callbacks.encode("za", a)),) for a in AUDIENCES
        )
        return [_msg(staff, Text("schedule.new.ask_audience"), buttons=rows)]
    if step == "until":
        until = parse_date(value)
        start_at = from_db(str(pending.get("start")))
        if until is None or until < start_at.date():
            return [_msg(staff, Text("schedule.error.until"))]
        return await _summary(ctx, staff, {**pending, "until": until.isoformat()})
    return [_msg(staff, Text("schedule.new.use_buttons"))]


def _ask_duration(staff: StaffActor) -> Message:
    row = tuple(
        Button(Text("schedule.minutes", {"count": m}), callbacks.encode("zu", m)) for m in DURATIONS
    )
    return _msg(staff, Text("schedule.new.ask_duration"), buttons=(row,))


async def _after_duration(
    ctx: FlowContext, staff: StaffActor, pending: dict[str, Any], minutes: int
) -> list[Reply]:
    await _remember(ctx, staff, {**pending, "step": "place", "minutes": minutes})
    return [_msg(staff, Text("schedule.new.ask_place"))]


async def _participants_keyboard(
    ctx: FlowContext, staff: StaffActor, chosen: list[int], one: bool
) -> Keyboard:
    people = (await ctx.tx.schedule.club_participants(staff.club_id))[:MAX_LISTED]
    rows: list[tuple[Button, ...]] = [
        (Button(("✓ " if pid in chosen else "") + name, callbacks.encode("zp", pid)),)
        for pid, name in people
    ]
    if not one:
        rows.append((Button(Text("schedule.new.done"), callbacks.encode("zd")),))
    return tuple(rows)


def _ask_repeat(staff: StaffActor) -> Message:
    row = (
        Button(Text("schedule.repeat.once"), callbacks.encode("zr", "once")),
        Button(Text("schedule.repeat.weekly"), callbacks.encode("zr", "weekly")),
    )
    return _msg(staff, Text("schedule.new.ask_repeat"), buttons=(row,))


async def on_press(
    ctx: FlowContext,
    staff: StaffActor,
    pending: dict[str, Any] | None,
    kind: str,
    fields: tuple[str, ...],
) -> list[Reply]:
    """A button of the step waiting for it; anything else is stale."""
    lang = staff.actor.language
    stale: list[Reply] = [Message((Text("button.stale"),), language=lang)]
    if not pending or pending.get("flow") != FLOW or pending.get("club") != staff.club_id:
        return stale
    step = pending.get("step")
    value = fields[0] if fields else ""
    if kind == "zk" and step == "kind":
        activity = catalogue().activity_kind(value)
        if activity is None:
            return stale
        await _remember(ctx, staff, {**pending, "step": "title", "kind": activity.id})
        return [
            EditPressed((Text("schedule.new.ask_kind"), activity.name.get(lang)), lang),
            _msg(staff, Text("schedule.new.ask_title")),
        ]
    if kind == "zu" and step == "duration" and value.isascii() and value.isdigit():
        if int(value) not in DURATIONS:
            return stale
        return await _after_duration(ctx, staff, pending, int(value))
    if kind == "za" and step == "audience" and value in AUDIENCES:
        if value == "club":
            await _remember(ctx, staff, {**pending, "step": "repeat", "audience": "club"})
            return [_ask_repeat(staff)]
        await _remember(ctx, staff, {**pending, "step": "people", "audience": value, "chosen": []})
        keyboard = await _participants_keyboard(ctx, staff, [], value == "one")
        if not keyboard or (value != "one" and len(keyboard) == 1):
            return [_msg(staff, Text("schedule.error.no_participants"))]
        return [_msg(staff, Text(f"schedule.new.ask_{value}"), buttons=keyboard)]
    if kind == "zp" and step == "people" and value.isascii() and value.isdigit():
        members = {p for p, _ in await ctx.tx.schedule.club_participants(staff.club_id)}
        pid = int(value)
        if pid not in members:
            return stale
        if pending.get("audience") == "one":
            await _remember(ctx, staff, {**pending, "step": "repeat", "chosen": [pid]})
            return [_ask_repeat(staff)]
        chosen = [int(p) for p in pending.get("chosen", [])]
        chosen = [p for p in chosen if p != pid] if pid in chosen else [*chosen, pid]
        await _remember(ctx, staff, {**pending, "chosen": chosen})
        keyboard = await _participants_keyboard(ctx, staff, chosen, False)
        return [EditPressed((Text("schedule.new.ask_chosen"),), lang, keyboard)]
    if kind == "zd" and step == "people" and pending.get("chosen"):
        await _remember(ctx, staff, {**pending, "step": "repeat"})
        return [EditPressed((Text("schedule.new.ask_chosen"),), lang), _ask_repeat(staff)]
    if kind == "zr" and step == "repeat" and value in ("once", "weekly"):
        if value == "weekly":
            await _remember(ctx, staff, {**pending, "step": "until"})
            return [_msg(staff, Text("schedule.new.ask_until"))]
        return await _summary(ctx, staff, {**pending, "until": None})
    if kind == "zc" and step == "confirm" and value in ("y", "n"):
        if value == "n":
            await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
            return [EditPressed((Text("staff.cancelled"),), lang)]
        return await _create(ctx, staff, pending)
    return stale


def _plan(pending: dict[str, Any]) -> planning.Plan:
    until = pending.get("until")
    from datetime import date

    return planning.Plan(
        kind=str(pending.get("kind")),
        title=str(pending.get("title")),
        place=str(pending.get("place")),
        starts_at=from_db(str(pending.get("start"))),
        duration_minutes=int(pending.get("minutes", 0)),
        audience=pending.get("audience", "club"),
        participant_ids=tuple(int(p) for p in pending.get("chosen", [])),
        until=date.fromisoformat(until) if until else None,
    )


async def _summary(ctx: FlowContext, staff: StaffActor, pending: dict[str, Any]) -> list[Reply]:
    await _remember(ctx, staff, {**pending, "step": "confirm"})
    plan = _plan(pending)
    zone = await _zone(ctx, staff)
    kind = catalogue().activity_kind(plan.kind)
    count = len(plan.participant_ids)
    who = (
        Text("schedule.audience.club")
        if plan.audience == "club"
        else Text("schedule.summary.people", {"count": count}, count=count)
    )
    repeat = (
        Text("schedule.summary.weekly", {"until": plan.until.strftime("%d.%m.%Y")})
        if plan.until
        else Text("schedule.repeat.once")
    )
    row = (
        Button(Text("schedule.new.create"), callbacks.encode("zc", "y")),
        Button(Text("schedule.new.drop"), callbacks.encode("zc", "n")),
    )
    return [
        _msg(
            staff,
            Text(
                "schedule.summary",
                {
                    "kind": kind.name.get(staff.actor.language) if kind else plan.kind,
                    "title": plan.title,
                    "date": show_date(plan.starts_at, zone),
                    "time": show_time(plan.starts_at, zone),
                    "minutes": plan.duration_minutes,
                    "place": plan.place,
                },
            ),
            who,
            repeat,
            buttons=(row,),
        )
    ]


async def _create(ctx: FlowContext, staff: StaffActor, pending: dict[str, Any]) -> list[Reply]:
    lang = staff.actor.language
    try:
        made = await planning.create(
            ctx.tx,
            staff.club_id,
            _plan(pending),
            staff.audit_name,
            ctx.now,
            ctx.settings.default_language,
        )
    except planning.PlanError as error:
        return [Message((Text(str(error)),), language=lang)]
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
    return [
        EditPressed(
            (
                Text(
                    "schedule.new.created", {"count": len(made), "id": made[0].id}, count=len(made)
                ),
            ),
            lang,
        )
    ]
