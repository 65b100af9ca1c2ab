"""/week: the club's week on one screen, day by day, each session with how many are expected
and how many came (present or late), and buttons to the previous and the next week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from base.i18n import Text
from base.times import local, show_time, week_bounds, week_start
from flows import flow
from flows.buttons import ButtonData
from flows.flow import Flow, Step
from flows.inputs import Command
from flows.reply import Button, EditPressed, Message, Reply
from storage.repos.attendance import counts_as_there

# A week far from today is not what staff plan with; the buttons stop at a year either side.
MAX_WEEKS_AWAY = 52


@dataclass(frozen=True)
class WeekPress(ButtonData, kind="wk"):
    """The week starting on this Monday (its proleptic ordinal, a plain int)."""

    monday: int


async def show(step: Step, monday: date) -> tuple[Text | str, ...]:
    """The week's lines."""
    ctx, staff = step.ctx, step.staff
    club = await ctx.tx.schedule.club(staff.club_id)
    zone = club.timezone if club else ctx.settings.timezone
    start, end = week_bounds(monday, zone)
    sessions = await ctx.tx.schedule.in_club(staff.club_id, start, end)
    sunday = monday + timedelta(days=6)
    parts: list[Text | str] = [
        Text(
            "week.title",
            {"since": monday.strftime("%d.%m"), "until": sunday.strftime("%d.%m.%Y")},
        )
    ]
    if not sessions:
        parts.append(Text("week.empty"))
    day: date | None = None
    for session in sessions:
        this_day = local(session.starts_at, zone).date()
        if this_day != day:
            day = this_day
            parts.append(
                Text(f"week.day.{this_day.weekday()}", {"date": this_day.strftime("%d.%m")})
            )
        people = await ctx.tx.schedule.attendees(session.id)
        parts.append(
            Text(
                "week.session",
                {
                    "id": session.id,
                    "time": show_time(session.starts_at, zone),
                    "title": session.title,
                    "expected": len(people),
                    "came": sum(1 for a in people if counts_as_there(a.presence)),
                    "marked": sum(1 for a in people if a.presence is not None),
                },
            )
        )
    return tuple(parts)


def _buttons(monday: date) -> tuple[tuple[Button, ...], ...]:
    return (
        (
            Button(
                Text("week.previous"), WeekPress((monday - timedelta(days=7)).toordinal()).encode()
            ),
            Button(Text("week.next"), WeekPress((monday + timedelta(days=7)).toordinal()).encode()),
        ),
    )


async def _command(step: Step, cmd: Command) -> list[Reply]:
    club = await step.ctx.tx.schedule.club(step.staff.club_id)
    zone = club.timezone if club else step.ctx.settings.timezone
    monday = week_start(local(step.ctx.now, zone).date())
    return [Message(await show(step, monday), _buttons(monday), step.lang)]


async def _press(step: Step, button: WeekPress) -> list[Reply]:
    today = step.ctx.now.date()
    try:
        monday = date.fromordinal(button.monday)
    except (ValueError, OverflowError):
        return step.stale()
    if monday.weekday() != 0 or abs((monday - today).days) > MAX_WEEKS_AWAY * 7:
        return step.stale()
    return [EditPressed(await show(step, monday), step.lang, _buttons(monday))]


FLOW = Flow(
    name="week",
    side="staff",
    access=flow.staff,
    commands=frozenset({"week"}),
    buttons=(WeekPress,),
    on_command=_command,
    on_press=_press,
)
