"""Ending or dropping a goal of an agreed plan by an annex: why (a reason chosen, or typed),
from when it no longer counts, then the annex recorded once both sides agree.

The signed plan is never edited: the goal's own row keeps its words, indicator and date, and
a separate end row names the annex, the date and the reason (storage: plan_goal_ends). The
goal stays on the plan, its documents and the annex snapshots, marked as ended.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from base.clean import clean_block
from base.i18n import Text
from exports.path_words import end_reason
from flows import flow
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.follow_up import months_after
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff import date_choices, path_changes
from flows.staff.links import GoalEndPress
from flows.staff.parsing import club_today, parse_date, show_date
from flows.staff.path import waiting_path
from flows.staff.plan_fields import MAX_GOAL, show_goals
from storage.repos.participants import Participant
from storage.repos.support_paths import (
    GOAL_END_REASONS,
    Goal,
    GoalEnd,
    GoalEndReason,
    SupportPath,
)

# An annex may take effect later than the day it is signed, but not years later.
MONTHS_AHEAD = 12


class GoalEndState(ClubState):
    """A goal being ended: the reason, then the date, then the annex to confirm."""

    flow: Literal["goal_end"] = "goal_end"
    participant: int
    goal: int
    stage: Literal["reason", "date", "confirm"]
    reason: GoalEndReason | None = None
    note: str | None = None
    ended_on: date | None = None
    # The annex number the confirmation showed: another annex recorded meanwhile shows it again.
    annex: int | None = None


def _open_goal(goals: list[Goal], goal_id: int | str | None) -> tuple[int, Goal] | None:
    """(its number on the plan, the goal) for a goal of this plan not ended yet."""
    for number, goal in enumerate(goals, start=1):
        if str(goal.id) == str(goal_id) and goal.ended is None:
            return number, goal
    return None


async def _found(
    step: Step, participant_id: int, goal_id: int | str | None
) -> tuple[Participant, SupportPath, int, Goal] | None:
    """The participant, their agreed plan and an open goal of it; None for anything else
    (a draft removes goals instead; an ended goal ends once)."""
    ctx, staff = step.ctx, step.staff
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    path = await ctx.tx.support_paths.get(staff.club_id, participant_id) if participant else None
    if participant is None or path is None or path.agreed_at is None:
        return None
    found = _open_goal(await ctx.tx.support_paths.goals(staff.club_id, path.id), goal_id)
    if found is None:
        return None
    return participant, path, found[0], found[1]


def _decided(state: GoalEndState) -> tuple[GoalEndReason, date]:
    """The reason and date of a state at its last stage (the earlier stages set both)."""
    if state.reason is None or state.ended_on is None:
        raise ValueError("a goal's end confirmed before its reason and date")
    return state.reason, state.ended_on


def _cancel(participant_id: int) -> Button:
    return Button(Text("goal_end.cancel"), GoalEndPress(participant_id, "x").encode())


def _ask_reason(step: Step, participant_id: int, number: int, goal: Goal) -> list[Reply]:
    rows = tuple(
        (Button(Text(f"goal_end.reason.{code}"), GoalEndPress(participant_id, "r", code).encode()),)
        for code in GOAL_END_REASONS
        if code != "other"  # "other" is typed
    )
    text = Text("goal_end.ask_reason", {"number": number, "goal": goal.goal})
    return [
        EditPressed(
            (text, Text("path.cancel_hint")), step.lang, (*rows, (_cancel(participant_id),))
        )
    ]


def _bounds(path: SupportPath, today: date) -> tuple[date, date]:
    """The dates an end may take effect: from the agreement to a year ahead."""
    first = path.agreed_at or today
    return first, months_after(today, MONTHS_AHEAD)


async def _ask_date(
    step: Step, state: GoalEndState, path: SupportPath, number: int, *, edit: bool
) -> list[Reply]:
    await step.remember(state)
    today = await club_today(step.ctx, step.staff)
    first, _ = _bounds(path, today)
    pid = state.participant
    rows = (
        (
            Button(
                Text("path.agree_today", {"date": show_date(today)}),
                GoalEndPress(pid, "d", date_choices.compact(today)).encode(),
            ),
        ),
        (_cancel(pid),),
    )
    parts: tuple[Text | str, ...] = (
        Text("goal_end.ask_date", {"number": number, "first": show_date(first)}),
        Text("path.cancel_hint"),
    )
    return [EditPressed(parts, step.lang, rows) if edit else Message(parts, rows, step.lang)]


async def _confirm(
    step: Step,
    state: GoalEndState,
    participant: Participant,
    path: SupportPath,
    number: int,
    goal: Goal,
    *,
    edit: bool,
) -> list[Reply]:
    """What the annex will say, with the button that records it."""
    annex = await step.ctx.tx.support_paths.next_annex(path.id)
    await step.remember(state.model_copy(update={"annex": annex}))
    reason, on = _decided(state)
    end = GoalEnd(annex=annex, on=on, reason=reason, note=state.note)
    text = Text(
        "goal_end.confirm",
        {
            "annex": annex,
            "name": participant.display_name,
            "id": participant.id,
            "number": number,
            "goal": goal.goal,
            "date": show_date(on),
            "reason": end_reason(step.lang, end),
        },
    )
    pid = participant.id
    rows = (
        (
            Button(
                Text("goal_end.confirm_button", {"annex": annex}),
                GoalEndPress(pid, "c", str(goal.id)).encode(),
            ),
        ),
        (_cancel(pid),),
    )
    return [EditPressed((text,), step.lang, rows) if edit else Message((text,), rows, step.lang)]


async def _record(
    ctx: FlowContext, step: Step, state: GoalEndState, path: SupportPath, number: int
) -> bool:
    """The end row and its annex, in this transaction; False when the goal ended meanwhile."""
    staff = step.staff
    reason, on = _decided(state)
    paths = ctx.tx.support_paths
    annex = await paths.next_annex(path.id)
    ended = await paths.end_goal(
        staff.club_id,
        state.goal,
        annex,
        on,
        reason,
        state.note,
        staff.member.id,
        ctx.now,
    )
    if not ended:
        return False
    # The annex snapshot now holds the goal's end; the audit entry names the annex.
    recorded = await path_changes.record(
        ctx,
        staff,
        state.participant,
        {
            "change": "goal_ended",
            "value": str(number),
            "reason": reason,
            "from": on.isoformat(),
        },
    )
    if recorded != annex:  # one writer per transaction: cannot happen; never mislabel an annex
        raise RuntimeError(f"annex {recorded} recorded for goal end {annex}")
    return True


async def on_press(step: Step, button: GoalEndPress) -> list[Reply]:
    """A button of ending a goal: start, a reason, a date, record, cancel."""
    pid = button.participant
    pending = step.mine(GoalEndState)
    if pending is not None and pending.participant != pid:
        pending = None
    if button.action == "x":
        if pending is not None:
            await step.remember(None)
        participant = await step.ctx.tx.participants.get(step.staff.club_id, pid)
        if participant is None:
            return step.not_available()
        return await show_goals(step.ctx, step.staff, participant, edit=True)
    if button.action == "s":
        found = await _found(step, pid, button.value)
        if found is None:
            if await step.ctx.tx.participants.get(step.staff.club_id, pid) is None:
                return step.not_available()
            return step.stale()
        participant, _, number, goal = found
        await step.remember(
            GoalEndState(club=step.staff.club_id, participant=pid, goal=goal.id, stage="reason")
        )
        return _ask_reason(step, pid, number, goal)
    # Every later press belongs to the question waiting now, for the same goal.
    if pending is None:
        return step.stale()
    found = await _found(step, pid, pending.goal)
    if found is None:
        await step.remember(None)
        return step.stale()
    participant, path, number, goal = found
    if button.action == "r" and pending.stage == "reason" and button.value in GOAL_END_REASONS:
        reason: GoalEndReason = next(c for c in GOAL_END_REASONS if c == button.value)
        state = pending.model_copy(update={"stage": "date", "reason": reason})
        return await _ask_date(step, state, path, number, edit=True)
    if button.action == "d" and pending.stage == "date":
        when = date_choices.from_compact(button.value)
        today = await club_today(step.ctx, step.staff)
        first, last = _bounds(path, today)
        if when is None or not first <= when <= last:
            return step.stale()
        state = pending.model_copy(update={"stage": "confirm", "ended_on": when})
        return await _confirm(step, state, participant, path, number, goal, edit=True)
    if button.action == "c" and pending.stage == "confirm" and button.value == str(goal.id):
        if pending.annex != await step.ctx.tx.support_paths.next_annex(path.id):
            # Someone recorded another annex of this plan since: the number shown was wrong.
            return await _confirm(step, pending, participant, path, number, goal, edit=True)
        if not await _record(step.ctx, step, pending, path, number):
            await step.remember(None)
            return step.stale()
        await step.remember(None)
        return await show_goals(step.ctx, step.staff, participant, edit=True)
    return step.stale()


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """A typed reason (the reason "other") or the date the end takes effect."""
    pending = step.mine(GoalEndState)
    if pending is None:
        return None
    lang = step.lang
    waiting = await waiting_path(step, pending.participant)
    found = await _found(step, pending.participant, pending.goal) if waiting else None
    if found is None:
        await step.remember(None)
        return step.stale()
    participant, path, number, goal = found
    value = clean_block(text)
    if pending.stage == "reason":
        if not value or len(value) > MAX_GOAL:
            return [Message((Text("path.text_invalid", {"max": MAX_GOAL}),), language=lang)]
        state = pending.model_copy(update={"stage": "date", "reason": "other", "note": value})
        return await _ask_date(step, state, path, number, edit=False)
    if pending.stage == "date":
        when, today = parse_date(value), await club_today(step.ctx, step.staff)
        if when is None:
            return [Message((date_choices.invalid(today),), language=lang)]
        first, last = _bounds(path, today)
        if not first <= when <= last:
            wrong = Text("path.date_range", {"first": show_date(first), "last": show_date(last)})
            return [Message((wrong,), language=lang)]
        state = pending.model_copy(update={"stage": "confirm", "ended_on": when})
        return await _confirm(step, state, participant, path, number, goal, edit=False)
    # Words typed while the annex waits for its button: the question again.
    return await _confirm(step, pending, participant, path, number, goal, edit=False)


FLOW = Flow(
    name="goal_end",
    side="staff",
    access=flow.staff,
    buttons=(GoalEndPress,),
    states=(GoalEndState,),
    on_press=on_press,
    on_text=on_text,
)
