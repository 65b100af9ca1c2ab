"""Choosing the participants of a session from the club's list: pages of ten with ◀ ▶, ticks
kept in the flow's state across pages and searches, typed words or a number narrowing the list.

Used when a session is planned and when its attendees change; each flow brings its own button
kinds (a button kind belongs to one flow) and keeps a `Picking` in its state. Each list message
has a number (`view`) never given to the same staff member before, in any flow or state (kept in
staff_state): a search or a new list sends a new one, so the buttons of an older or abandoned
list are stale.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pydantic import BaseModel, ConfigDict

from base.clean import clean_line
from base.i18n import Text
from flows.context import FlowContext
from flows.reply import Button, Keyboard, Part
from flows.staff import pages


class Picking(BaseModel):
    """The list being chosen from, as a flow's state keeps it."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    chosen: tuple[int, ...] = ()
    search: str | None = None  # the typed search narrowing the list
    page: int = 0
    view: int = 0  # the number of the list message on screen


P = TypeVar("P", bound=Picking)


@dataclass(frozen=True)
class PickerButtons:
    """How a flow's picker buttons are made (callback data from the list's number)."""

    pick: Callable[[int, int], str]  # (participant, view)
    page: Callable[[int, int, bool], str]  # (view, page, back to everyone)
    done: Callable[[int], str] | None  # (view); None when one person is picked at once


async def listed(ctx: FlowContext, club_id: int, search: str | None) -> list[pages.Person]:
    """The club's participants in the programme, narrowed by the search if there is one."""
    people = await ctx.tx.schedule.club_participants(club_id)
    return people if search is None else pages.search(people, search)


async def screen(
    ctx: FlowContext, club_id: int, state: Picking, ask: Text, buttons: PickerButtons
) -> tuple[tuple[Part, ...], Keyboard]:
    """One page of the list, with its words and buttons."""
    view, search, several = state.view, state.search, buttons.done is not None
    found = await listed(ctx, club_id, search)
    count = len(found)
    last = pages.page_count(count) - 1
    # People may have left since the list was shown: the nearest page there is.
    page = min(state.page, last)
    shown = found[page * pages.PAGE_SIZE : (page + 1) * pages.PAGE_SIZE]
    parts: list[Part] = [ask]
    if search is not None:
        parts.append(
            Text("schedule.pick.found", {"query": search, "count": count}, count=count)
            if found
            else Text("schedule.pick.none", {"query": search})
        )
    if state.chosen and several:
        chosen = len(state.chosen)
        parts.append(Text("schedule.pick.chosen", {"count": chosen}, count=chosen))
    if last > 0:
        parts.append(Text("participants.page", {"page": page + 1, "pages": last + 1}))
    if last > 0 or (search is not None and found):  # "nobody found" says it already
        parts.append(Text("schedule.pick.hint"))
    rows: list[tuple[Button, ...]] = [
        (
            Button(
                ("✓ " if pid in state.chosen else "") + pages.person_label(pid, name),
                buttons.pick(pid, view),
            ),
        )
        for pid, name in shown
    ]
    nav = pages.nav_row(page, last + 1, lambda to: buttons.page(view, to, False))
    if nav:
        rows.append(nav)
    if search is not None:
        rows.append((Button(Text("schedule.pick.everyone"), buttons.page(view, 0, True)),))
    if buttons.done is not None:
        rows.append((Button(Text("schedule.new.done"), buttons.done(view)),))
    return tuple(parts), tuple(rows)


async def new_list(
    ctx: FlowContext, telegram_id: int, state: P, chosen: tuple[int, ...] | None = None
) -> P:
    """The whole club from its first page, in a new list message."""
    view = await ctx.tx.staff_state.next_list(telegram_id, ctx.now)
    update = {"search": None, "page": 0, "view": view}
    return state.model_copy(update=update if chosen is None else {**update, "chosen": chosen})


async def searched(ctx: FlowContext, telegram_id: int, state: P, typed: str) -> P:
    """The list narrowed by typed text (of any length), in a new list message."""
    query = clean_line(typed[: pages.MAX_QUERY * 4])[: pages.MAX_QUERY]
    view = await ctx.tx.staff_state.next_list(telegram_id, ctx.now)
    return state.model_copy(update={"search": query or None, "page": 0, "view": view})


async def turned(
    ctx: FlowContext, club_id: int, state: P, view: int, page: int, everyone: bool
) -> P | None:
    """Another page of the list on screen (or the whole club again); None when the button
    is of another list or the page does not exist (stale or forged)."""
    search = None if everyone else state.search
    count = len(await listed(ctx, club_id, search))
    if view != state.view or page >= pages.page_count(count):
        return None
    return state.model_copy(update={"page": page, "search": search})


def toggled(state: P, participant_id: int) -> P:
    """The participant ticked, or unticked if they were."""
    chosen = state.chosen
    if participant_id in chosen:
        chosen = tuple(p for p in chosen if p != participant_id)
    else:
        chosen = (*chosen, participant_id)
    return state.model_copy(update={"chosen": chosen})
