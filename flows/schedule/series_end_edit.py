"""The session screen's "Change end date" of a weekly series: the typed last day moves it
(series_end.move_end), checked like the planning's end date."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from base.clean import clean_line
from base.i18n import Text
from base.times import parse_date, show_date, show_time
from flows import flow
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.flow import ClubState, Step
from flows.reply import Message, Reply
from flows.schedule import planning, series_end
from flows.staff import parsing
from flows.staff.access import StaffActor
from flows.staff.parsing import hint_examples


@dataclass(frozen=True)
class ChangeSeriesEnd(ButtonData, kind="zn"):
    """Ask for a new last day of the session's weekly series."""

    session: int


class SeriesEndState(ClubState):
    """The new last day of a session's series is awaited."""

    flow: Literal["series_end"] = "series_end"
    session: int


async def ask(ctx: FlowContext, staff: StaffActor, session_id: int) -> list[Reply]:
    """The series' weekday, hour and last day now; the new last day is awaited."""
    lang = staff.actor.language
    session = await ctx.tx.schedule.get(staff.club_id, session_id)
    club = await ctx.tx.schedule.club(staff.club_id)
    series = None if session is None else await series_end.series_of(ctx.tx, staff.club_id, session)
    if session is None or club is None or series is None or session.status != "planned":
        return flow.not_available(lang)
    await Step(ctx, staff.actor).remember(SeriesEndState(club=staff.club_id, session=session.id))
    last = series_end.last_planned(series)
    params = {
        "title": last.title,
        "time": show_time(last.starts_at, club.timezone),
        "until": show_date(last.starts_at, club.timezone),
        **await hint_examples(ctx, staff),
    }
    return [Message((Text("schedule.until.ask", params),), language=lang)]


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """The typed last day: the series moved, or what to type instead."""
    pending = step.mine(SeriesEndState)
    if pending is None:
        return None
    ctx, staff = step.ctx, step.staff
    session = await ctx.tx.schedule.get(staff.club_id, pending.session)
    until = parse_date(clean_line(text))
    if session is not None and until is None:
        return step.say("schedule.error.until", **await hint_examples(ctx, staff))
    try:
        if session is None or until is None:
            raise planning.PlanError("access.not_available")
        moved = await series_end.move_end(
            ctx.tx,
            staff.club_id,
            session,
            until,
            changed_by=staff.audit_name,
            now=ctx.now,
            default_language=ctx.settings.default_language,
        )
    except planning.PlanError as error:
        if str(error) == "access.not_available":  # gone or cancelled: nothing to type again
            await step.remember(None)
        return [Message((error.text(),), language=step.lang)]
    await step.remember(None)
    done = {"title": session.title, "until": parsing.show_date(until), "added": moved.added}
    return step.say("schedule.until.done", **done, cancelled=moved.cancelled)
