"""The plan's own fields, entered in the bot: goals in the participant's words with a
measurable indicator and a date, the agreed standard week's hours, periodic reviews (date,
what changed, who), the conditions for ending and the final assessment. Each screen opens from
the plan; a typed value brings the screen back as a new message. After agreement every change
is an annex, as for the plan's actions (path_changes.record)."""

from __future__ import annotations

import re
from datetime import date
from typing import Literal

from base.clean import clean_block
from base.i18n import Text, translate
from exports.path_words import goal_end
from exports.plan import week_of
from flows import flow
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff import date_choices, path_changes
from flows.staff.access import StaffActor
from flows.staff.links import GoalEndPress, PathPress, PlanPress
from flows.staff.parsing import club_today, examples, parse_date, show_date
from flows.staff.path import plan_screen, waiting_path
from storage.repos.participants import Participant
from storage.repos.support_paths import HOUR_FIELDS, HourField, SupportPath

MAX_GOAL = 500
GOALS_EDITABLE = 10  # goals with buttons; a plan has a few
MAX_TEXT = 2000
MAX_HOURS = 40  # a week's hours of one part: a full-time week at most
HOUR_CODES: dict[str, HourField] = {field.removeprefix("hours_")[0]: field for field in HOUR_FIELDS}
_HOURS = re.compile(r"^\d{1,2}([.,]\d)?$")
PlanField = Literal["goal", "indicator", "due", "hours", "review_on", "review_text", "final", "end"]
_TEXTS: dict[str, Literal["final_assessment", "end_conditions"]] = {
    "final": "final_assessment",
    "end": "end_conditions",
}


class PlanState(ClubState):
    """A typed value of the plan's fields is awaited (a goal and its parts, hours, a review)."""

    flow: Literal["plan"] = "plan"
    participant: int
    field: PlanField
    goal: int | None = None
    # A goal being corrected (back to the goals after one field), not written for the first time.
    editing: bool = False
    hours: HourField | None = None
    reviewed_on: date | None = None


def _back(participant_id: int) -> Button:
    return Button(Text("path.back"), PathPress(participant_id, "v").encode())


def parse_hours(text: str) -> float | None:
    """Hours a week as typed: 6, 1,5 or 1.5 (one decimal), at most MAX_HOURS; else None."""
    cleaned = text.strip()
    if not _HOURS.match(cleaned):
        return None
    value = float(cleaned.replace(",", "."))
    return value if value <= MAX_HOURS else None


async def _goals(
    ctx: FlowContext, staff: StaffActor, participant: Participant, path: SupportPath
) -> tuple[tuple[Text | str, ...], tuple[tuple[Button, ...], ...]]:
    lang = staff.actor.language
    goals = await ctx.tx.support_paths.goals(staff.club_id, path.id)
    empty = translate(lang, "path.not_set")
    lines = [
        translate(
            lang,
            "path.goal_line",
            {
                "number": n,
                "goal": g.goal,
                "indicator": g.indicator or empty,
                "date": show_date(g.due_date) or empty,
            },
        )
        if g.ended is None
        else translate(
            lang,
            "goal_end.goal_line",
            {
                "number": n,
                "goal": g.goal,
                "indicator": g.indicator or empty,
                "date": show_date(g.due_date) or empty,
                "mark": goal_end(lang, g.ended),
            },
        )
        for n, g in enumerate(goals, start=1)
    ] or [translate(lang, "path.goals_none")]
    header = Text("path.goals_header", {"name": participant.display_name, "id": participant.id})
    pid = participant.id
    rows: list[tuple[Button, ...]] = [
        (Button(Text("path.goal_add"), PlanPress(pid, "ga").encode()),)
    ]
    for n, g in enumerate(goals[:GOALS_EDITABLE], start=1):
        if g.ended is not None:  # an ended goal stays as signed: nothing to change
            continue
        row = [
            Button(
                Text("path.goal_edit_indicator", {"number": n}),
                PlanPress(pid, "gi", str(g.id)).encode(),
            ),
            Button(
                Text("path.goal_edit_due", {"number": n}), PlanPress(pid, "ge", str(g.id)).encode()
            ),
        ]
        if path.agreed_at is None:
            row.append(
                Button(
                    Text("path.goal_remove", {"number": n}),
                    PlanPress(pid, "gx", str(g.id)).encode(),
                )
            )
        else:  # an agreed plan keeps its goals: one ends by an annex (flows/staff/goal_end)
            row.append(
                Button(
                    Text("goal_end.button", {"number": n}),
                    GoalEndPress(pid, "s", str(g.id)).encode(),
                )
            )
        rows.append(tuple(row))
    rows.append((_back(pid),))
    return (header, "\n".join(lines)), tuple(rows)


async def _week(
    ctx: FlowContext, staff: StaffActor, participant: Participant, path: SupportPath
) -> tuple[tuple[Text | str, ...], tuple[tuple[Button, ...], ...]]:
    lang = staff.actor.language
    week = week_of(lang, path)
    lines = [
        translate(lang, "path.week_line", {"part": r.label, "hours": r.value}) for r in week.rows
    ]
    if week.share:
        lines.append(translate(lang, "doc.week.share", {"share": week.share}))
        lines.append(translate(lang, "doc.week.meets" if week.meets_rule else "doc.week.below"))
    header = Text("path.week_header", {"name": participant.display_name, "id": participant.id})
    pid = participant.id
    rows = [
        (Button(Text(f"path.week_button.{field}"), PlanPress(pid, "wh", code).encode()),)
        for code, field in HOUR_CODES.items()
    ]
    rows.append((_back(pid),))
    return (header, "\n".join(lines)), tuple(rows)


async def _reviews(
    ctx: FlowContext, staff: StaffActor, participant: Participant, path: SupportPath
) -> tuple[tuple[Text | str, ...], tuple[tuple[Button, ...], ...]]:
    lang = staff.actor.language
    reviews = await ctx.tx.support_paths.reviews(staff.club_id, path.id)
    lines = [
        translate(
            lang,
            "path.review_line",
            {"date": show_date(r.reviewed_on), "who": r.staff_name or "?", "changes": r.changes},
        )
        for r in reviews
    ] or [translate(lang, "path.reviews_none")]
    header = Text("path.reviews_header", {"name": participant.display_name, "id": participant.id})
    pid = participant.id
    rows = (
        (Button(Text("path.review_add"), PlanPress(pid, "ra").encode()),),
        (Button(Text("path.review_next"), PathPress(pid, "rv").encode()),),
        (_back(pid),),
    )
    return (header, "\n".join(lines)), rows


Screen = tuple[tuple[Text | str, ...], tuple[tuple[Button, ...], ...]]
_SCREENS = {"g": _goals, "w": _week, "r": _reviews}


async def show_goals(
    ctx: FlowContext, staff: StaffActor, participant: Participant, *, edit: bool
) -> list[Reply]:
    """The goals screen (after a goal was ended by an annex, or that was cancelled)."""
    return await _show(ctx, staff, participant, "g", edit=edit)


async def _show(
    ctx: FlowContext, staff: StaffActor, participant: Participant, which: str, *, edit: bool
) -> list[Reply]:
    """One of the three screens, edited in place after a press or new after a typed value."""
    path = await ctx.tx.support_paths.get(staff.club_id, participant.id)
    if path is None:
        return [flow.stale_button(staff.actor.language)]
    parts, rows = await _SCREENS[which](ctx, staff, participant, path)
    lang = staff.actor.language
    return [EditPressed(parts, lang, rows) if edit else Message(parts, rows, lang)]


async def _ask(
    step: Step, state: PlanState, question: Text, dates: list[tuple[Text, str]] | None = None
) -> list[Reply]:
    """Wait for a typed value; dates, when offered, are buttons."""
    await step.remember(state)
    rows = tuple(
        (
            Button(
                label,
                PlanPress(
                    state.participant, "gd" if state.field == "due" else "rd", value
                ).encode(),
            ),
        )
        for label, value in dates or []
    )
    return [Message((question, Text("path.cancel_hint")), rows, step.lang)]


async def _ask_due(
    step: Step, participant_id: int, goal_id: int, *, editing: bool = False
) -> list[Reply]:
    today = await club_today(step.ctx, step.staff)
    state = PlanState(
        club=step.staff.club_id,
        participant=participant_id,
        field="due",
        goal=goal_id,
        editing=editing,
    )
    question = Text("path.ask_goal_due", {"example": examples(today)["later"]})
    return await _ask(step, state, question, date_choices.ahead(today))


async def _ask_review_on(step: Step, participant_id: int) -> list[Reply]:
    today = await club_today(step.ctx, step.staff)
    state = PlanState(club=step.staff.club_id, participant=participant_id, field="review_on")
    question = Text("path.ask_review_on", {"example": show_date(today)})
    today_button = (
        Text("path.agree_today", {"date": show_date(today)}),
        date_choices.compact(today),
    )
    return await _ask(step, state, question, [today_button])


async def _ended_meanwhile(step: Step, participant: Participant, *, pressed: bool) -> list[Reply]:
    """The goal the question was about was ended by an annex while it waited: said in words
    (a typed answer has no button to answer with a pop-up), and the goals again."""
    said = Message((Text("goal_end.ended_meanwhile"),), language=step.lang)
    return [said, *await _show(step.ctx, step.staff, participant, "g", edit=pressed)]


async def _set_due(
    step: Step, participant: Participant, pending: PlanState, when: date, *, pressed: bool
) -> list[Reply]:
    """A goal's date: a new goal is complete and the plan comes back; a corrected one brings
    the goals back."""
    ctx, staff = step.ctx, step.staff
    if pending.goal is None:
        await step.remember(None)
        return step.stale()
    if not await ctx.tx.support_paths.set_goal(staff.club_id, pending.goal, due=when):
        # Ended by an annex (or gone) while the question waited: nothing to record.
        await step.remember(None)
        return await _ended_meanwhile(step, participant, pressed=pressed)
    await step.remember(None)
    await path_changes.record(
        ctx, staff, participant.id, {"change": "goal_due", "value": when.isoformat()}
    )
    if pending.editing:
        return await _show(ctx, staff, participant, "g", edit=pressed)
    return await plan_screen(ctx, staff, participant, edit=pressed)


async def _own_goal(step: Step, path: SupportPath, value: str | None) -> int | None:
    """A goal id from a button, when it is a goal of this plan (not of another person's)
    that an annex has not ended (an ended goal stays as it was signed)."""
    if value is None or not value.isdigit():
        return None
    goals = await step.ctx.tx.support_paths.goals(step.staff.club_id, path.id)
    return int(value) if any(g.id == int(value) and g.ended is None for g in goals) else None


async def _review_text(step: Step, participant_id: int, when: date) -> list[Reply]:
    state = PlanState(
        club=step.staff.club_id, participant=participant_id, field="review_text", reviewed_on=when
    )
    return await _ask(step, state, Text("path.ask_review_changes", {"date": show_date(when)}))


def _pending(step: Step, participant_id: int, field: PlanField) -> PlanState | None:
    """The waiting state, when it is this one (a date button of an older question is not)."""
    pending = step.mine(PlanState)
    if pending is None or pending.participant != participant_id or pending.field != field:
        return None
    return pending


async def on_press(step: Step, button: PlanPress) -> list[Reply]:
    """A button of the goals, the week, the reviews, or a text field of the plan."""
    ctx, staff = step.ctx, step.staff
    participant = await ctx.tx.participants.get(staff.club_id, button.participant)
    if participant is None:
        return step.not_available()
    path = await ctx.tx.support_paths.get(staff.club_id, participant.id)
    if path is None:
        return step.stale()
    action, pid, club = button.action, participant.id, staff.club_id
    if action in _SCREENS:
        return await _show(ctx, staff, participant, action, edit=True)
    if action == "ga":
        return await _ask(
            step, PlanState(club=club, participant=pid, field="goal"), Text("path.ask_goal")
        )
    goal = await _own_goal(step, path, button.value) if action in ("gx", "gi", "ge") else None
    if action == "gi" and goal is not None:
        state = PlanState(club=club, participant=pid, field="indicator", goal=goal, editing=True)
        return await _ask(step, state, Text("path.ask_indicator"))
    if action == "ge" and goal is not None:
        return await _ask_due(step, pid, goal, editing=True)
    if action == "gx" and goal is not None and path.agreed_at is None:
        if not await ctx.tx.support_paths.remove_goal(club, goal):
            return step.stale()
        await path_changes.record(ctx, staff, pid, {"change": "goal_removed"})
        return await _show(ctx, staff, participant, "g", edit=True)
    if action == "wh" and button.value in HOUR_CODES:
        field = HOUR_CODES[button.value]
        state = PlanState(club=club, participant=pid, field="hours", hours=field)
        part = translate(step.lang, f"doc.week.{field}")
        return await _ask(step, state, Text("path.ask_hours", {"part": part, "max": MAX_HOURS}))
    if action == "ra":
        return await _ask_review_on(step, pid)
    if action in ("f", "e"):
        field_name: PlanField = "final" if action == "f" else "end"
        state = PlanState(club=club, participant=pid, field=field_name)
        return await _ask(step, state, Text(f"path.ask_{_TEXTS[field_name]}"))
    when = date_choices.from_compact(button.value)
    if action == "gd" and when is not None:
        pending = _pending(step, pid, "due")
        if pending is None:
            return step.stale()
        return await _set_due(step, participant, pending, when, pressed=True)
    if action == "rd" and when is not None and _pending(step, pid, "review_on") is not None:
        return await _review_text(step, pid, when)
    return step.stale()


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """A typed goal, indicator, date, number of hours, review or text."""
    pending = step.mine(PlanState)
    if pending is None:
        return None
    found = await waiting_path(step, pending.participant)
    if found is None:
        return step.stale()
    participant, path = found
    ctx, staff, lang = step.ctx, step.staff, step.lang
    paths, club, pid, field = ctx.tx.support_paths, staff.club_id, participant.id, pending.field
    value = clean_block(text)
    if field in ("due", "review_on"):
        when, today = parse_date(value), await club_today(ctx, staff)
        if when is None:
            return [Message((date_choices.invalid(today),), language=lang)]
        # A goal's date is still to come; a review being recorded has happened.
        wrong = date_choices.out_of_range(when, today, ahead=field == "due")
        if wrong is not None:
            return [Message((wrong,), language=lang)]
        if field == "review_on":
            return await _review_text(step, pid, when)
        return await _set_due(step, participant, pending, when, pressed=False)
    if field == "hours":
        hours = parse_hours(value)
        if hours is None or pending.hours is None:
            return [Message((Text("path.hours_invalid", {"max": MAX_HOURS}),), language=lang)]
        await paths.set_hours(club, path.id, {pending.hours: hours})
        await step.remember(None)
        await path_changes.record(ctx, staff, pid, {"change": "hours"})
        return await _show(ctx, staff, participant, "w", edit=False)
    limit = MAX_GOAL if field in ("goal", "indicator") else MAX_TEXT
    if not value or len(value) > limit:
        return [Message((Text("path.text_invalid", {"max": limit}),), language=lang)]
    if field == "goal":
        goal_id = await paths.add_goal(club, path.id, value, None, None, ctx.now)
        if goal_id is None:
            await step.remember(None)
            return step.stale()
        await path_changes.record(ctx, staff, pid, {"change": "goal_added", "value": value})
        state = PlanState(club=club, participant=pid, field="indicator", goal=goal_id)
        return await _ask(step, state, Text("path.ask_indicator"))
    if field == "indicator" and pending.goal is not None:
        if not await paths.set_goal(club, pending.goal, indicator=value):
            # Ended by an annex (or gone) while the question waited: nothing to record.
            await step.remember(None)
            return await _ended_meanwhile(step, participant, pressed=False)
        await path_changes.record(ctx, staff, pid, {"change": "goal_indicator"})
        if pending.editing:
            await step.remember(None)
            return await _show(ctx, staff, participant, "g", edit=False)
        return await _ask_due(step, pid, pending.goal)
    if field == "review_text" and pending.reviewed_on is not None:
        await paths.add_review(club, path.id, pending.reviewed_on, value, staff.member.id, ctx.now)
        await step.remember(None)
        await path_changes.record(
            ctx, staff, pid, {"change": "review_held", "value": pending.reviewed_on.isoformat()}
        )
        return await _show(ctx, staff, participant, "r", edit=False)
    if field in _TEXTS:
        await paths.set_text(club, path.id, _TEXTS[field], value)
        await step.remember(None)
        await path_changes.record(ctx, staff, pid, {"change": _TEXTS[field]})
        return await plan_screen(ctx, staff, participant, edit=False)
    await step.remember(None)
    return step.stale()


FLOW = Flow(
    name="plan",
    side="staff",
    access=flow.staff,
    buttons=(PlanPress,),
    states=(PlanState,),
    on_press=on_press,
    on_text=on_text,
)
