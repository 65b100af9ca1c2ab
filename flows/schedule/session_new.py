"""/session: plan a session step by step (kind, title, date and time, duration, place, who
attends, weekly repetition), then confirm. The position is kept in staff_state."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from base.clean import clean_line
from base.i18n import Text
from base.ids import parse_id
from base.times import MAX_OCCURRENCES, local, parse_date, parse_local, show_date, show_time
from flows.buttons import ButtonData, Word
from flows.context import FlowContext
from flows.flow import ClubState, Step
from flows.reply import Button, EditPressed, Keyboard, Message, Reply
from flows.schedule import people_picker, planning
from flows.staff import pages
from flows.staff.access import StaffActor
from flows.staff.parsing import hint_examples
from flows.staff.parsing import show_date as show_day
from questionnaires.bundled import catalogue
from storage.repos.schedule import Audience
from storage.timefmt import from_db, to_db

DURATIONS = (45, 60, 90, 120, 180)
WEEK = timedelta(days=7)
AUDIENCES: tuple[Audience, ...] = ("club", "chosen", "one")


@dataclass(frozen=True)
class PickKind(ButtonData, kind="zk"):
    """The kind of activity (catalogue id)."""

    activity: Word


@dataclass(frozen=True)
class PickDuration(ButtonData, kind="zu"):
    """One of the usual durations, in minutes."""

    minutes: int


@dataclass(frozen=True)
class PickAudience(ButtonData, kind="za"):
    """The whole club, chosen people, or one person."""

    audience: Audience


@dataclass(frozen=True)
class PickPerson(ButtonData, kind="zp"):
    """A participant attending (toggled when several are chosen), on the list `view`."""

    participant: int
    view: int | None = None


@dataclass(frozen=True)
class PeoplePage(ButtonData, kind="zg"):
    """A page of the list `view` of participants; c: the whole club again, not the search."""

    view: int
    page: int
    everyone: Literal["c"] | None = None


@dataclass(frozen=True)
class PeopleDone(ButtonData, kind="zd"):
    """The chosen people of the list `view` are complete."""

    view: int


@dataclass(frozen=True)
class PickRepeat(ButtonData, kind="zr"):
    """Once, or weekly until a date."""

    repeat: Literal["once", "weekly"]


@dataclass(frozen=True)
class ConfirmSession(ButtonData, kind="zc"):
    """Create (y) or drop (n) the planned session."""

    answer: Literal["y", "n"]


BUTTONS = (
    PickKind,
    PickDuration,
    PickAudience,
    PickPerson,
    PeoplePage,
    PeopleDone,
    PickRepeat,
    ConfirmSession,
)


class NewSessionState(ClubState, people_picker.Picking):
    """The session planned so far and the step waiting for input."""

    flow: Literal["session_new"] = "session_new"
    step: Literal[
        "kind", "title", "when", "duration", "place", "audience", "people", "repeat", "until",
        "confirm",
    ]  # fmt: skip
    kind: str | None = None
    title: str | None = None
    start: str | None = None  # as stored (storage/timefmt)
    minutes: int | None = None
    place: str | None = None
    audience: Audience | None = None
    until: str | None = None  # ISO date
    # chosen, search, page, view: the participant list (people_picker.Picking).


def _msg(staff: StaffActor, *parts: Text | str, buttons: Keyboard = ()) -> Message:
    return Message(tuple(parts), buttons, staff.actor.language)


async def _zone(ctx: FlowContext, staff: StaffActor) -> str:
    club = await ctx.tx.schedule.club(staff.club_id)
    return club.timezone if club else ctx.settings.timezone


async def start(ctx: FlowContext, staff: StaffActor) -> list[Reply]:
    """Ask for the kind of activity."""
    await Step(ctx, staff.actor).remember(NewSessionState(club=staff.club_id, step="kind"))
    lang = staff.actor.language
    rows = tuple(
        (Button(kind.name.get(lang), PickKind(kind.id).encode()),)
        for kind in catalogue().activity_kinds
    )
    return [_msg(staff, Text("schedule.new.ask_kind"), buttons=rows)]


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """Typed title, date and time, duration, place or end date."""
    pending = step.mine(NewSessionState)
    if pending is None:
        return None
    return await _typed(step, pending, clean_line(text))


async def _typed(outer: Step, pending: NewSessionState, value: str) -> list[Reply]:
    ctx, staff, step = outer.ctx, outer.staff, pending.step
    if step == "title":
        if not value or len(value) > planning.MAX_TITLE:
            return [_msg(staff, Text("schedule.error.title"))]
        await outer.remember(pending.model_copy(update={"step": "when", "title": value}))
        return [_msg(staff, Text("schedule.new.ask_when", await hint_examples(ctx, staff)))]
    if step == "when":
        moment = parse_local(value, await _zone(ctx, staff))
        if moment is None:
            return [_msg(staff, Text("schedule.error.when", await hint_examples(ctx, staff)))]
        if moment <= ctx.now:
            return [_msg(staff, Text("schedule.error.past"))]
        await outer.remember(
            pending.model_copy(update={"step": "duration", "start": to_db(moment)})
        )
        return [_ask_duration(staff)]
    if step == "duration":
        minutes = parse_id(value)
        if minutes is None or not 0 < minutes <= planning.MAX_MINUTES:
            return [_msg(staff, Text("schedule.error.duration"))]
        return await _after_duration(outer, pending, minutes)
    if step == "place":
        if not value or len(value) > planning.MAX_PLACE:
            return [_msg(staff, Text("schedule.error.place"))]
        await outer.remember(pending.model_copy(update={"step": "audience", "place": value}))
        rows = tuple(
            (Button(Text(f"schedule.audience.{a}"), PickAudience(a).encode()),) for a in AUDIENCES
        )
        return [_msg(staff, Text("schedule.new.ask_audience"), buttons=rows)]
    if step == "people":
        return await _search(outer, pending, value)
    if step == "until":
        until = parse_date(value)
        start_at = from_db(str(pending.start))
        if until is None or until < start_at.date():
            return [_msg(staff, Text("schedule.error.until", await hint_examples(ctx, staff)))]
        # base.times.weekly plans at most MAX_OCCURRENCES weeks: said, not cut short silently.
        furthest = local(start_at, await _zone(ctx, staff)).date() + WEEK * (MAX_OCCURRENCES - 1)
        if until > furthest:
            far: dict[str, str | int] = {"date": show_day(furthest), "count": MAX_OCCURRENCES}
            return [_msg(staff, Text("schedule.error.until_far", far, count=MAX_OCCURRENCES))]
        return await _summary(outer, pending.model_copy(update={"until": until.isoformat()}))
    return [_msg(staff, Text("schedule.new.use_buttons"))]


def _ask_duration(staff: StaffActor) -> Message:
    row = tuple(
        Button(Text("schedule.minutes", {"count": m}), PickDuration(m).encode()) for m in DURATIONS
    )
    return _msg(staff, Text("schedule.new.ask_duration"), buttons=(row,))


async def _after_duration(step: Step, pending: NewSessionState, minutes: int) -> list[Reply]:
    await step.remember(pending.model_copy(update={"step": "place", "minutes": minutes}))
    return [_msg(step.staff, Text("schedule.new.ask_place"))]


def _picker_buttons(one: bool) -> people_picker.PickerButtons:
    return people_picker.PickerButtons(
        pick=lambda pid, view: PickPerson(pid, view).encode(),
        page=lambda view, to, everyone: PeoplePage(view, to, "c" if everyone else None).encode(),
        done=None if one else (lambda view: PeopleDone(view).encode()),
    )


async def _picker(
    ctx: FlowContext, staff: StaffActor, pending: NewSessionState
) -> tuple[tuple[Text | str, ...], Keyboard]:
    """The list of participants to choose from: one page of it, with its words and buttons."""
    one = pending.audience == "one"
    ask = Text("schedule.new.ask_one" if one else "schedule.new.ask_chosen")
    return await people_picker.screen(ctx, staff.club_id, pending, ask, _picker_buttons(one))


async def _search(step: Step, pending: NewSessionState, typed: str) -> list[Reply]:
    """Typed text narrows the list, shown as a new message; the older list's buttons go stale."""
    narrowed = await people_picker.searched(step.ctx, step.actor.telegram_id, pending, typed)
    await step.remember(narrowed)
    parts, keyboard = await _picker(step.ctx, step.staff, narrowed)
    return [_msg(step.staff, *parts, buttons=keyboard)]


async def _turn_page(step: Step, pending: NewSessionState, button: PeoplePage) -> list[Reply]:
    """Another page of the same list (or the whole club again), in the same message."""
    turned = await people_picker.turned(
        step.ctx, step.staff.club_id, pending, button.view, button.page, bool(button.everyone)
    )
    if turned is None:
        return step.stale()
    await step.remember(turned)
    parts, keyboard = await _picker(step.ctx, step.staff, turned)
    return [EditPressed(parts, step.lang, keyboard)]


def _ask_repeat(staff: StaffActor) -> Message:
    row = (
        Button(Text("schedule.repeat.once"), PickRepeat("once").encode()),
        Button(Text("schedule.repeat.weekly"), PickRepeat("weekly").encode()),
    )
    return _msg(staff, Text("schedule.new.ask_repeat"), buttons=(row,))


async def on_press(step: Step, button: ButtonData) -> list[Reply]:
    """A button of the step waiting for it; anything else is stale."""
    pending = step.mine(NewSessionState)
    if pending is None:
        return step.stale()
    ctx, staff, lang, at = step.ctx, step.staff, step.lang, pending.step
    if isinstance(button, PickKind) and at == "kind":
        activity = catalogue().activity_kind(button.activity)
        if activity is None:
            return step.stale()
        await step.remember(pending.model_copy(update={"step": "title", "kind": activity.id}))
        return [
            EditPressed((Text("schedule.new.ask_kind"), activity.name.get(lang)), lang),
            _msg(staff, Text("schedule.new.ask_title")),
        ]
    if isinstance(button, PickDuration) and at == "duration" and button.minutes in DURATIONS:
        return await _after_duration(step, pending, button.minutes)
    if isinstance(button, PickAudience) and at == "audience":
        audience = button.audience
        if audience == "club":
            await step.remember(pending.model_copy(update={"step": "repeat", "audience": "club"}))
            return [_ask_repeat(staff)]
        if not await ctx.tx.schedule.club_participants(staff.club_id):
            return [_msg(staff, Text("schedule.error.no_participants"))]
        listing = await people_picker.new_list(
            ctx,
            step.actor.telegram_id,
            pending.model_copy(update={"step": "people", "audience": audience}),
            chosen=(),
        )
        await step.remember(listing)
        parts, keyboard = await _picker(ctx, staff, listing)
        return [_msg(staff, *parts, buttons=keyboard)]
    if isinstance(button, PeoplePage) and at == "people":
        return await _turn_page(step, pending, button)
    if isinstance(button, PickPerson) and at == "people":
        members = dict(await ctx.tx.schedule.club_participants(staff.club_id))
        pid = button.participant
        if pid not in members or button.view != pending.view:
            return step.stale()
        if pending.audience == "one":
            await step.remember(pending.model_copy(update={"step": "repeat", "chosen": (pid,)}))
            picked = pages.person_label(pid, members[pid])
            return [EditPressed((Text("schedule.new.ask_one"), picked), lang), _ask_repeat(staff)]
        ticked = people_picker.toggled(pending, pid)
        await step.remember(ticked)
        parts, keyboard = await _picker(ctx, staff, ticked)
        return [EditPressed(parts, lang, keyboard)]
    if isinstance(button, PeopleDone) and at == "people" and pending.audience == "chosen":
        if button.view != pending.view:
            return step.stale()
        if not pending.chosen:  # said in words: the button is not out of date
            return [_msg(staff, Text("schedule.error.attendees"))]
        await step.remember(pending.model_copy(update={"step": "repeat"}))
        count = len(pending.chosen)
        done = Text("schedule.pick.chosen", {"count": count}, count=count)
        return [EditPressed((Text("schedule.new.ask_chosen"), done), lang), _ask_repeat(staff)]
    if isinstance(button, PickRepeat) and at == "repeat":
        if button.repeat == "weekly":
            await step.remember(pending.model_copy(update={"step": "until"}))
            return [
                _msg(staff, Text("schedule.new.ask_until", await hint_examples(step.ctx, staff)))
            ]
        return await _summary(step, pending.model_copy(update={"until": None}))
    if isinstance(button, ConfirmSession) and at == "confirm":
        if button.answer == "n":
            await step.remember(None)
            return [EditPressed((Text("staff.cancelled"),), lang)]
        return await _create(step, pending)
    return step.stale()


def _plan(pending: NewSessionState) -> planning.Plan:
    return planning.Plan(
        kind=str(pending.kind),
        title=str(pending.title),
        place=str(pending.place),
        starts_at=from_db(str(pending.start)),
        duration_minutes=pending.minutes or 0,
        audience=pending.audience or "club",
        participant_ids=pending.chosen,
        until=date.fromisoformat(pending.until) if pending.until else None,
    )


async def _summary(step: Step, pending: NewSessionState) -> list[Reply]:
    ctx, staff = step.ctx, step.staff
    await step.remember(pending.model_copy(update={"step": "confirm"}))
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
        Button(Text("schedule.new.create"), ConfirmSession("y").encode()),
        Button(Text("schedule.new.drop"), ConfirmSession("n").encode()),
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


async def _create(step: Step, pending: NewSessionState) -> list[Reply]:
    ctx, staff, lang = step.ctx, step.staff, step.lang
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
    await step.remember(None)
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
