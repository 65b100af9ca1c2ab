"""Who attends one occurrence of a session for chosen people (or one person), changed before
it starts: the club's list with today's attendees ticked, saved with Done (or at once when one
person attends); only what was ticked and unticked on the list changes. Those added get the
reminders, those removed are told they need not come."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from base.i18n import Text
from flows import flow
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.flow import ClubState, Step
from flows.reply import EditPressed, Keyboard, Message, Part, Reply
from flows.schedule import people_picker, planning
from flows.staff.access import StaffActor
from storage.repos.schedule import Session


@dataclass(frozen=True)
class EditAttendee(ButtonData, kind="zi"):
    """A participant ticked or unticked on the list `view` of the session's attendees (chosen
    at once when one attends)."""

    session: int
    participant: int
    view: int


@dataclass(frozen=True)
class AttendeesPage(ButtonData, kind="zj"):
    """A page of the list `view` of the session's attendees; c: the whole club again, not the
    search."""

    session: int
    view: int
    page: int
    everyone: Literal["c"] | None = None


@dataclass(frozen=True)
class AttendeesDone(ButtonData, kind="zl"):
    """Save who was ticked and unticked on the list `view` (the other attendees stay)."""

    session: int
    view: int


BUTTONS = (EditAttendee, AttendeesPage, AttendeesDone)


class AttendeesEditState(ClubState, people_picker.Picking):
    """The attendees being chosen for one session."""

    flow: Literal["session_people"] = "session_people"
    session: int
    one: bool = False
    series: bool = False  # also the later occurrences of its series
    # The ticks when the list opened: Done saves only what this list changed (a state kept
    # from before this field existed has None: the attendees at Done stand in for it).
    initial: tuple[int, ...] | None = None


def _buttons(session: int, one: bool) -> people_picker.PickerButtons:
    # The session in every button: a list of another session's attendees never acts on this one.
    return people_picker.PickerButtons(
        pick=lambda pid, view: EditAttendee(session, pid, view).encode(),
        page=lambda view, to, everyone: AttendeesPage(
            session, view, to, "c" if everyone else None
        ).encode(),
        done=None if one else (lambda view: AttendeesDone(session, view).encode()),
    )


async def _screen(
    ctx: FlowContext, staff: StaffActor, session: Session, state: AttendeesEditState
) -> tuple[tuple[Part, ...], Keyboard]:
    ask = Text(
        "schedule.people.ask_one" if state.one else "schedule.people.ask_chosen",
        {"id": session.id, "title": session.title},
    )
    buttons = _buttons(session.id, state.one)
    return await people_picker.screen(ctx, staff.club_id, state, ask, buttons)


async def _open(ctx: FlowContext, staff: StaffActor, session_id: int) -> Session | None:
    """The club's planned session for chosen people, or None."""
    session = await ctx.tx.schedule.get(staff.club_id, session_id)
    if session is None or session.status != "planned" or session.audience == "club":
        return None
    return session


async def start(
    ctx: FlowContext, staff: StaffActor, session_id: int, series: bool = False
) -> list[Reply]:
    """The club's list with the session's attendees ticked."""
    lang = staff.actor.language
    session = await _open(ctx, staff, session_id)
    if session is None:
        return flow.not_available(lang)
    if session.starts_at <= ctx.now:
        return [Message((Text("schedule.error.started"),), language=lang)]
    # Attendees who left the programme are not on the list: not ticked either (a tick nobody
    # can see would be counted and, unticked by nobody, stay as it is).
    members = {p for p, _ in await ctx.tx.schedule.club_participants(staff.club_id)}
    attendees = await ctx.tx.schedule.attendees(session.id)
    chosen = tuple(a.participant_id for a in attendees if a.participant_id in members)
    state = AttendeesEditState(
        club=staff.club_id,
        session=session.id,
        one=session.audience == "one",
        series=series,
        chosen=chosen,
        initial=chosen,
    )
    state = await people_picker.new_list(ctx, staff.actor.telegram_id, state)
    await Step(ctx, staff.actor).remember(state)
    parts, keyboard = await _screen(ctx, staff, session, state)
    return [Message(parts, keyboard, lang)]


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """Typed words or a number narrow the list."""
    pending = step.mine(AttendeesEditState)
    if pending is None:
        return None
    session = await _open(step.ctx, step.staff, pending.session)
    if session is None:
        await step.remember(None)
        return step.not_available()
    narrowed = await people_picker.searched(step.ctx, step.actor.telegram_id, pending, text)
    await step.remember(narrowed)
    parts, keyboard = await _screen(step.ctx, step.staff, session, narrowed)
    return [Message(parts, keyboard, step.lang)]


async def on_press(step: Step, button: ButtonData) -> list[Reply]:
    """A button of the list on screen; anything else (older list, forged) is stale."""
    pending = step.mine(AttendeesEditState)
    if (
        pending is None
        or not isinstance(button, BUTTONS)
        or button.session != pending.session
        or button.view != pending.view
    ):
        return step.stale()
    ctx, staff = step.ctx, step.staff
    session = await _open(ctx, staff, pending.session)
    if session is None:
        await step.remember(None)
        return step.not_available()
    if isinstance(button, AttendeesDone):
        initial = pending.initial
        if initial is None:
            initial = tuple(a.participant_id for a in await ctx.tx.schedule.attendees(session.id))
        added = tuple(p for p in pending.chosen if p not in initial)
        removed = tuple(p for p in initial if p not in pending.chosen)
        return await _save(step, pending, session, added, removed)
    if isinstance(button, AttendeesPage):
        changed = await people_picker.turned(
            ctx, staff.club_id, pending, button.view, button.page, bool(button.everyone)
        )
        if changed is None:
            return step.stale()
    else:
        members = {p for p, _ in await ctx.tx.schedule.club_participants(staff.club_id)}
        if button.participant not in members:
            return step.stale()
        if pending.one:
            return await _save(step, pending, session, (button.participant,), ())
        changed = people_picker.toggled(pending, button.participant)
    await step.remember(changed)
    parts, keyboard = await _screen(ctx, staff, session, changed)
    return [EditPressed(parts, step.lang, keyboard)]


async def _save(
    step: Step,
    pending: AttendeesEditState,
    session: Session,
    add: tuple[int, ...],
    remove: tuple[int, ...],
) -> list[Reply]:
    ctx, staff, lang = step.ctx, step.staff, step.lang
    try:
        added, removed = await planning.change_attendees(
            ctx.tx,
            staff.club_id,
            session,
            add=add,
            remove=remove,
            series=pending.series,
            changed_by=staff.audit_name,
            now=ctx.now,
            default_language=ctx.settings.default_language,
        )
    except planning.PlanError as error:
        if str(error) != "schedule.error.attendees":  # nothing to choose again: the end
            await step.remember(None)
        return [Message((Text(str(error)),), language=lang)]
    await step.remember(None)
    done = Text("schedule.people.saved", {"added": len(added), "removed": len(removed)})
    return [EditPressed((done,), lang)]
