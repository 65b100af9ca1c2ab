"""/participants: the club's participants with their status, in pages, with a filter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from base.i18n import Text, render, translate
from flows import flow
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.flow import Flow, Step
from flows.inputs import Command
from flows.later import later
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff.access import StaffActor
from flows.staff.attention import STALE_AFTER, club_safety_patterns
from flows.staff.links import OpenCard
from flows.staff.pages import PAGE_SIZE, nav_row, page_count, person_label
from questionnaires import engine
from questionnaires.bundled import questionnaire_of
from storage.repos.participant_list import ListRow

# Callback filter codes: everyone, or only those who need attention.
Filter = Literal["e", "a"]
EVERYONE: Filter = "e"
ATTENTION: Filter = "a"
# Statuses after which an unfinished questionnaire is not the participant's state any more.
_CLOSED = ("graduated", "left")


@dataclass(frozen=True)
class ListPage(ButtonData, kind="pls"):
    """A page of the list, with its filter."""

    page: int
    filter: Filter


async def show_list(
    ctx: FlowContext,
    staff: StaffActor,
    page: int = 0,
    filter_code: Filter = EVERYONE,
    *,
    edit: bool = False,
) -> list[Reply]:
    """One page of the list; a page button edits the message it was pressed on."""

    async def read(ctx: FlowContext) -> list[Reply]:
        return await _page(ctx, staff, page, filter_code, edit=edit)

    # Read after the commit, outside the write lock (flows/later.py).
    return [later(ctx, read)]


async def _page(
    ctx: FlowContext, staff: StaffActor, page: int, filter_code: Filter, *, edit: bool
) -> list[Reply]:
    lang = staff.actor.language
    attention_only = filter_code == ATTENTION
    stale_before = ctx.now - STALE_AFTER
    patterns = await club_safety_patterns(ctx.tx)
    total = await ctx.tx.participant_list.count(
        staff.club_id, attention_only=attention_only, stale_before=stale_before, patterns=patterns
    )
    pages = page_count(total)
    # A page button may be older than the list (people left): show the nearest page there is.
    page = min(max(page, 0), pages - 1)
    rows = await ctx.tx.participant_list.page(
        staff.club_id,
        attention_only=attention_only,
        stale_before=stale_before,
        patterns=patterns,
        limit=PAGE_SIZE,
        offset=page * PAGE_SIZE,
    )
    club = await ctx.tx.clubs.get(staff.club_id)
    header = Text(
        "participants.header_attention" if attention_only else "participants.header",
        {"club": club.name if club else "", "count": total},
    )
    lines = [render(lang, header)]
    if not rows:
        lines.append(
            translate(
                lang, "participants.none_attention" if attention_only else "participants.none"
            )
        )
    for row in rows:
        lines.append(await _line(ctx, lang, row, staff.club_id))
    if pages > 1:
        lines.append(translate(lang, "participants.page", {"page": page + 1, "pages": pages}))
    buttons = _buttons(rows, page, pages, filter_code)
    text = ("\n".join(lines),)
    if edit:
        return [EditPressed(text, lang, buttons)]
    return [Message(text, buttons, lang)]


async def _line(ctx: FlowContext, lang: str, row: ListRow, club_id: int) -> str:
    """`#id name · status[ · x/y][ · marks]`; x/y only for rows on this page."""
    parts = [f"#{row.id} {row.display_name}"]
    status = translate(lang, f"status.participant_{row.status}")
    progress = None
    if row.unfinished_reading_id is not None and row.status not in _CLOSED:
        reading = await ctx.tx.readings.get(club_id, row.unfinished_reading_id)
        if reading is not None:
            answers = await ctx.tx.readings.answers(reading.id)
            done = engine.progress(questionnaire_of(reading), answers)
            progress = translate(
                lang, "participants.in_progress", {"done": done.done, "total": done.total}
            )
    if progress is not None and row.status == "in_progress":
        parts.append(progress)
    else:
        parts.append(status)
        if progress is not None:
            parts.append(progress)
    if row.consent == "withdrawn":
        parts.append(translate(lang, "participants.consent_withdrawn"))
    if row.unreachable:
        parts.append(translate(lang, "participants.unreachable"))
    line = " · ".join(parts)
    if not row.attention:
        return line
    reasons = _reasons(lang, row)
    return " · ".join([f"⚠ {line}", *reasons])


def _reasons(lang: str, row: ListRow) -> list[str]:
    """Why the row needs attention, beyond what its line already says (status, consent,
    unreachable)."""
    found = []
    if row.safety:
        found.append(translate(lang, "participants.reason.safety"))
    if row.talk_to_staff:
        found.append(translate(lang, "participants.reason.talk_to_staff"))
    if row.stale:
        days = STALE_AFTER.days
        found.append(translate(lang, "participants.reason.stale", {"count": days}, count=days))
    return found


def _buttons(
    rows: list[ListRow], page: int, pages: int, filter_code: Filter
) -> tuple[tuple[Button, ...], ...]:
    keyboard: list[tuple[Button, ...]] = [
        (Button(person_label(row.id, row.display_name), OpenCard(row.id).encode()),) for row in rows
    ]
    nav = nav_row(page, pages, lambda to: ListPage(to, filter_code).encode())
    if nav:
        keyboard.append(tuple(nav))
    if filter_code == ATTENTION:
        keyboard.append(
            (Button(Text("participants.filter_everyone"), ListPage(0, EVERYONE).encode()),)
        )
    else:
        keyboard.append(
            (Button(Text("participants.filter_attention"), ListPage(0, ATTENTION).encode()),)
        )
    return tuple(keyboard)


async def _command(step: Step, cmd: Command) -> list[Reply]:
    return await show_list(step.ctx, step.staff)


async def _press(step: Step, button: ListPage) -> list[Reply]:
    return await show_list(step.ctx, step.staff, button.page, button.filter, edit=True)


FLOW = Flow(
    name="participants",
    side="staff",
    access=flow.staff,
    commands=frozenset({"participants"}),
    buttons=(ListPage,),
    on_command=_command,
    on_press=_press,
)
