"""The support path from the card: a draft proposed from the profile, edited by buttons and
typed values, agreed with a date; afterwards every change is an annex (path_changes)."""

from __future__ import annotations

from datetime import date
from typing import Literal

from base.clean import clean_block, clean_line
from base.i18n import Text
from base.ids import parse_id
from exports import path_words
from flows import flow
from flows.context import FlowContext
from flows.flow import ClubState, Flow, Step
from flows.inputs import Command
from flows.reply import Button, EditPressed, Message, Reply
from flows.staff import date_choices, partner_register, path_changes, path_check, path_view
from flows.staff.access import StaffActor
from flows.staff.links import PathItemPress, PathPress
from flows.staff.parsing import club_today, examples, parse_date, show_date
from flows.staff.path_view import STATUS_CODES, TEXT_FIELDS, data, item_data, t
from questionnaires.bundled import catalogue
from questionnaires.model import SCORED_SPHERES
from storage.repos.participants import Participant
from storage.repos.support_paths import SupportItem, SupportPath

MAX_TEXT = 1000
MAX_PARTNER = 200
PathField = Literal["s", "v", "o", "review", "partner", "target", "start", "agreed", "gaps"]
MAX_GAPS = 500
# Item dates: the state's field and the item column it fills.
_ITEM_DATES: dict[str, Literal["target_date", "start_date"]] = {
    "target": "target_date",
    "start": "start_date",
}
_TEXT_CODES: dict[str, PathField] = {"s": "s", "v": "v", "o": "o"}  # path_view.TEXT_FIELDS


class PathState(ClubState):
    """A typed value for the path is awaited: a text field, a date, or an item's partner."""

    flow: Literal["path"] = "path"
    participant: int
    field: PathField
    item: int | None = None
    # Why the plan is agreed although something is missing (typed before the date).
    gaps: str | None = None


def _not_available(staff: StaffActor) -> list[Reply]:
    return flow.not_available(staff.actor.language)


def _stale(staff: StaffActor) -> list[Reply]:
    return [flow.stale_button(staff.actor.language)]


async def _names(ctx: FlowContext, staff: StaffActor) -> dict[int, str]:
    return path_view.staff_names(await ctx.tx.staff.in_club(staff.club_id))


async def plan_screen(
    ctx: FlowContext, staff: StaffActor, participant: Participant, *, edit: bool
) -> list[Reply]:
    """The plan (a draft is made on first opening)."""
    lang = staff.actor.language
    paths = ctx.tx.support_paths
    path = await paths.get(staff.club_id, participant.id)
    if path is None:
        await path_changes.draft(ctx, staff, participant.id)
        path = await paths.get(staff.club_id, participant.id)
        assert path is not None  # noqa: S101 - made just above in this transaction
    items = await paths.items(staff.club_id, path.id)
    annexes = await paths.annexes(staff.club_id, path.id)
    goals = await paths.goals(staff.club_id, path.id)
    reviews = await paths.reviews(staff.club_id, path.id)
    gaps = path_check.missing(lang, path, items, goals)
    names = await _names(ctx, staff)
    text = path_view.plan_text(lang, participant, path, items, annexes, names, goals, reviews, gaps)
    buttons = path_view.plan_buttons(
        lang, participant.id, path, items, goals, len(reviews), await club_today(ctx, staff)
    )
    if edit:
        return [EditPressed((text,), lang, buttons)]
    return [Message((text,), buttons, lang)]


async def open_path(ctx: FlowContext, staff: StaffActor, participant_id: int) -> list[Reply]:
    """From the card or /path: the plan as a new message."""
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return _not_available(staff)
    return await plan_screen(ctx, staff, participant, edit=False)


async def _item_view(
    ctx: FlowContext, staff: StaffActor, path: SupportPath, item: SupportItem, *, edit: bool = True
) -> list[Reply]:
    """One item with its fields; it stays on screen while they are set (a typed value gets
    it back as a new message)."""
    lang = staff.actor.language
    text = path_view.item_text(lang, item, await _names(ctx, staff))
    following = path_view.next_item(await ctx.tx.support_paths.items(staff.club_id, path.id), item)
    buttons = path_view.item_buttons(
        lang, path.participant_id, item, path.agreed_at is not None, following
    )
    if edit:
        return [EditPressed((text,), lang, buttons)]
    return [Message((text,), buttons, lang)]


async def _ask(
    ctx: FlowContext,
    staff: StaffActor,
    participant_id: int,
    key: str,
    field: PathField,
    item: int | None = None,
    dates: Literal["dtp", "sdp", "rvd"] | None = None,
) -> list[Reply]:
    """Wait for a typed value; a date comes with an example and buttons of dates ahead."""
    state = PathState(club=staff.club_id, participant=participant_id, field=field, item=item)
    await Step(ctx, staff.actor).remember(state)
    lang = staff.actor.language
    if dates is None:
        return [Message((Text(key), Text("path.cancel_hint")), language=lang)]
    today = await club_today(ctx, staff)
    rows = tuple(
        (
            Button(
                label,
                item_data(participant_id, dates, item, value)
                if dates != "rvd" and item is not None
                else data(participant_id, "rvd", value),
            ),
        )
        for label, value in date_choices.ahead(today)
    )
    ask = Text(key, {"example": examples(today)["later"]})
    return [Message((ask, Text("path.cancel_hint")), rows, lang)]


async def on_press(step: Step, button: PathPress | PathItemPress) -> list[Reply]:
    """A support path button: an action on the plan or on one of its items."""
    ctx, staff, participant_id = step.ctx, step.staff, button.participant
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    if participant is None:
        return _not_available(staff)
    if isinstance(button, PathItemPress):
        return await _item_press(step, participant, button)
    action = button.action
    more = () if button.target is None else (button.target,)
    if action == "o":
        return await plan_screen(ctx, staff, participant, edit=False)
    path = await ctx.tx.support_paths.get(staff.club_id, participant_id)
    if path is None:
        return _stale(staff)
    if action == "v":
        return await plan_screen(ctx, staff, participant, edit=True)
    if action in ("c", "cs", "ca"):
        return await _catalogue(ctx, staff, participant, path, action, more)
    code = _TEXT_CODES.get(button.target or "")
    if action == "w" and code is not None:
        return await _ask(ctx, staff, participant_id, f"path.ask_{TEXT_FIELDS[code]}", field=code)
    if action == "rv":
        return await _ask(
            ctx, staff, participant_id, "path.ask_review", field="review", dates="rvd"
        )
    if action == "rvd":
        when = date_choices.from_compact(button.target)
        if when is None:
            return _stale(staff)
        await step.remember(None)
        await ctx.tx.support_paths.set_review_date(staff.club_id, path.id, when)
        await path_changes.record(
            ctx, staff, participant_id, {"change": "review", "value": when.isoformat()}
        )
        return await plan_screen(ctx, staff, participant, edit=True)
    if action == "aa":
        return await _accept_all(ctx, staff, participant, path)
    if action == "me":
        return await _me_responsible(ctx, staff, participant, path)
    if action == "agx":
        if path.agreed_at is not None:
            return _stale(staff)
        return await _ask(ctx, staff, participant_id, "path.ask_gaps", field="gaps")
    pending = step.mine(PathState)
    gaps = (
        pending.gaps
        if pending is not None
        and pending.participant == participant_id
        and pending.field == "agreed"
        else None
    )
    return await _agree_press(ctx, staff, participant, path, today=action == "agt", gaps=gaps)


async def _me_responsible(
    ctx: FlowContext, staff: StaffActor, participant: Participant, path: SupportPath
) -> list[Reply]:
    """The one pressing becomes responsible for every action of the draft without anyone."""
    paths = ctx.tx.support_paths
    nobody = path_check.unassigned(await paths.items(staff.club_id, path.id))
    if not nobody or path.agreed_at is not None:
        return _stale(staff)
    for item in nobody:
        await paths.set_item(staff.club_id, item.id, "responsible_staff_id", staff.member.id)
    await path_changes.record(
        ctx, staff, participant.id, {"change": "responsible_all", "value": str(staff.member.id)}
    )
    return await plan_screen(ctx, staff, participant, edit=True)


async def _accept_all(
    ctx: FlowContext, staff: StaffActor, participant: Participant, path: SupportPath
) -> list[Reply]:
    """Every proposed item becomes planned in one press; staff then remove what does not fit."""
    paths = ctx.tx.support_paths
    proposed = [i for i in await paths.items(staff.club_id, path.id) if i.status == "proposed"]
    if not proposed:
        return _stale(staff)
    for item in proposed:
        await paths.set_item(staff.club_id, item.id, "status", "planned")
    await path_changes.record(
        ctx, staff, participant.id, {"change": "accepted_all", "value": str(len(proposed))}
    )
    return await plan_screen(ctx, staff, participant, edit=True)


async def _item_press(step: Step, participant: Participant, button: PathItemPress) -> list[Reply]:
    ctx, staff, action = step.ctx, step.staff, button.action
    more = () if button.value is None else (button.value,)
    paths = ctx.tx.support_paths
    path = await paths.get(staff.club_id, participant.id)
    item = await paths.item(staff.club_id, participant.id, button.item) if path else None
    if path is None or item is None:
        return _stale(staff)
    change = {"instrument": item.instrument_id}
    if action == "i":
        return await _item_view(ctx, staff, path, item)
    if action == "a" and item.status == "proposed":
        await paths.set_item(staff.club_id, item.id, "status", "planned")
        await path_changes.record(ctx, staff, participant.id, {**change, "change": "accepted"})
        return await plan_screen(ctx, staff, participant, edit=True)
    if action == "x" and path.agreed_at is None:
        await paths.remove_item(staff.club_id, item.id)
        await path_changes.record(ctx, staff, participant.id, {**change, "change": "removed"})
        return await plan_screen(ctx, staff, participant, edit=True)
    if action == "ss" and more and more[0] in STATUS_CODES and item.status != "proposed":
        status = STATUS_CODES[more[0]]
        await paths.set_item(staff.club_id, item.id, "status", status)
        await path_changes.record(
            ctx, staff, participant.id, {**change, "change": "status", "value": status}
        )
        return await _after_item_change(ctx, staff, path, item)
    if action == "r":
        return await _responsible_menu(ctx, staff, participant.id, item)
    if action == "rr":
        member_id = parse_id(more[0]) if more else None
        member = await ctx.tx.staff.get(staff.club_id, member_id) if member_id is not None else None
        if member is None or not member.active:
            return _stale(staff)
        await paths.set_item(staff.club_id, item.id, "responsible_staff_id", member.id)
        await path_changes.record(
            ctx, staff, participant.id, {**change, "change": "responsible", "value": str(member.id)}
        )
        return await _after_item_change(ctx, staff, path, item)
    if action == "pt":
        asked = await _ask(
            ctx, staff, participant.id, "path.ask_partner", field="partner", item=item.id
        )
        return [*asked, *await partner_register.choices(ctx, staff, participant.id, item.id)]
    if action == "pp" and more:
        chosen = await partner_register.pick(ctx, staff, item.id, more[0])
        if chosen is None:
            return _stale(staff)
        await Step(ctx, staff.actor).remember(None)
        await path_changes.record(
            ctx, staff, participant.id, {**change, "change": "partner", "value": chosen}
        )
        return await _after_item_change(ctx, staff, path, item)
    if action == "pa":
        return await partner_register.add_typed(ctx, staff, item)
    if action in ("dt", "sd"):
        field: PathField = "target" if action == "dt" else "start"
        return await _ask(
            ctx,
            staff,
            participant.id,
            f"path.ask_{field}",
            field=field,
            item=item.id,
            dates="dtp" if action == "dt" else "sdp",
        )
    if action in ("dtp", "sdp"):
        when = date_choices.from_compact(button.value)
        if when is None:
            return _stale(staff)
        await step.remember(None)
        await _set_item_date(
            ctx, staff, participant.id, item, "target" if action == "dtp" else "start", when
        )
        return await _after_item_change(ctx, staff, path, item)
    return _stale(staff)


async def _set_item_date(
    ctx: FlowContext,
    staff: StaffActor,
    participant_id: int,
    item: SupportItem,
    field: str,
    when: date,
) -> None:
    """An item's target or start date, recorded (an annex once the plan is agreed)."""
    await ctx.tx.support_paths.set_item(
        staff.club_id, item.id, _ITEM_DATES[field], when.isoformat()
    )
    await path_changes.record(
        ctx,
        staff,
        participant_id,
        {"change": field, "instrument": item.instrument_id, "value": when.isoformat()},
    )


async def _after_item_change(
    ctx: FlowContext, staff: StaffActor, path: SupportPath, item: SupportItem, *, edit: bool = True
) -> list[Reply]:
    fresh = await ctx.tx.support_paths.item(staff.club_id, path.participant_id, item.id)
    current = await ctx.tx.support_paths.get(staff.club_id, path.participant_id)
    if fresh is None or current is None:
        return _stale(staff)
    return await _item_view(ctx, staff, current, fresh, edit=edit)


async def _responsible_menu(
    ctx: FlowContext, staff: StaffActor, participant_id: int, item: SupportItem
) -> list[Reply]:
    lang = staff.actor.language
    rows = [
        (Button(m.display_name, item_data(participant_id, "rr", item.id, m.id)),)
        for m in await ctx.tx.staff.active_in_club(staff.club_id)
    ]
    rows.append((Button(t(lang, "path.back"), item_data(participant_id, "i", item.id)),))
    name = path_words.instrument_name(lang, item.instrument_id)
    return [EditPressed((t(lang, "path.ask_responsible", instrument=name),), lang, tuple(rows))]


async def _catalogue(
    ctx: FlowContext,
    staff: StaffActor,
    participant: Participant,
    path: SupportPath,
    action: str,
    more: tuple[str, ...],
) -> list[Reply]:
    """Add from the catalogue: a sphere, then one of its instruments not yet in the plan."""
    lang = staff.actor.language
    back = (Button(t(lang, "path.back"), data(participant.id, "v")),)
    instruments = catalogue().instruments
    if action == "c":
        spheres = [s for s in SCORED_SPHERES if any(i.sphere == s for i in instruments)]
        rows = [(Button(t(lang, f"sphere.{s}"), data(participant.id, "cs", s)),) for s in spheres]
        return [EditPressed((t(lang, "path.choose_sphere"),), lang, (*rows, back))]
    taken = {i.instrument_id for i in await ctx.tx.support_paths.items(staff.club_id, path.id)}
    if action == "cs" and more:
        offered = [i for i in instruments if i.sphere == more[0] and i.id not in taken]
        if not offered:
            return [EditPressed((t(lang, "path.nothing_to_add"),), lang, (back,))]
        rows = [(Button(i.name.get(lang), data(participant.id, "ca", i.id)),) for i in offered]
        sphere = t(lang, f"sphere.{more[0]}")
        return [
            EditPressed((t(lang, "path.choose_instrument", sphere=sphere),), lang, (*rows, back))
        ]
    found = catalogue().instrument(more[0]) if more else None
    if action != "ca" or found is None or found.id in taken:
        return _stale(staff)
    await ctx.tx.support_paths.add_item(path.id, found.id, found.sphere, None, "planned", ctx.now)
    await path_changes.record(
        ctx, staff, participant.id, {"change": "added", "instrument": found.id}
    )
    return await plan_screen(ctx, staff, participant, edit=True)


async def _agree_press(
    ctx: FlowContext,
    staff: StaffActor,
    participant: Participant,
    path: SupportPath,
    *,
    today: bool,
    gaps: str | None = None,
) -> list[Reply]:
    """Agreement: proposals decided first; then what is missing (with "agree anyway"); then
    the date, today in one press."""
    lang = staff.actor.language
    if path.agreed_at is not None:
        return _stale(staff)
    items = await ctx.tx.support_paths.items(staff.club_id, path.id)
    waiting = sum(1 for i in items if i.status == "proposed")
    if waiting:
        accept = Button(t(lang, "path.accept_all", count=waiting), data(participant.id, "aa"))
        return [Message((Text("path.proposals_left", {"count": waiting}),), ((accept,),), lang)]
    if gaps is None:
        check = await _check(ctx, staff, participant.id, path, items)
        if check:
            return check
    when = await club_today(ctx, staff)
    if today:
        return await _agree(ctx, staff, participant, when, gaps)
    return await _ask_agreed(ctx, staff, participant.id, when, gaps)


async def _check(
    ctx: FlowContext,
    staff: StaffActor,
    participant_id: int,
    path: SupportPath,
    items: list[SupportItem],
) -> list[Reply]:
    """What is missing, with a button per gap and "agree anyway"; nothing when complete."""
    lang = staff.actor.language
    goals = await ctx.tx.support_paths.goals(staff.club_id, path.id)
    gaps = path_check.missing(lang, path, items, goals)
    if not gaps:
        return []
    parts, rows = path_check.check_screen(participant_id, path, items, goals, gaps)
    return [Message(parts, rows, lang)]


async def _ask_agreed(
    ctx: FlowContext, staff: StaffActor, participant_id: int, today: date, gaps: str | None
) -> list[Reply]:
    """When was it agreed: typed, or today in one press (the reason for gaps kept meanwhile)."""
    lang = staff.actor.language
    state = PathState(club=staff.club_id, participant=participant_id, field="agreed", gaps=gaps)
    await Step(ctx, staff.actor).remember(state)
    button = Button(t(lang, "path.agree_today", date=show_date(today)), data(participant_id, "agt"))
    return [Message((Text("path.ask_agreed"), Text("path.cancel_hint")), ((button,),), lang)]


async def _agree(
    ctx: FlowContext, staff: StaffActor, participant: Participant, when: date, gaps: str | None
) -> list[Reply]:
    path = await ctx.tx.support_paths.get(staff.club_id, participant.id)
    items = await ctx.tx.support_paths.items(staff.club_id, path.id) if path else []
    if path is None or any(i.status == "proposed" for i in items):
        return _stale(staff)
    if gaps is None:  # something may have gone missing since the question (another member)
        check = await _check(ctx, staff, participant.id, path, items)
        if check:
            return check
    if not await ctx.tx.support_paths.agree(staff.club_id, path.id, when, gaps):
        return _stale(staff)
    await ctx.tx.staff_state.set_pending(staff.actor.telegram_id, None, ctx.now)
    if participant.status not in ("graduated", "left"):
        await ctx.tx.participants.set_status(participant.club_id, participant.id, "plan_agreed")
    await path_changes.record(
        ctx, staff, participant.id, {"change": "agreed", "value": when.isoformat()}
    )
    return await plan_screen(ctx, staff, participant, edit=False)


async def waiting_path(step: Step, participant_id: int) -> tuple[Participant, SupportPath] | None:
    """The participant and path a typed value is for; None, and the wait ended, when either
    has gone meanwhile (erased, or another club's now)."""
    ctx, staff = step.ctx, step.staff
    participant = await ctx.tx.participants.get(staff.club_id, participant_id)
    path = await ctx.tx.support_paths.get(staff.club_id, participant.id) if participant else None
    if participant is None or path is None:
        await step.remember(None)
        return None
    return participant, path


async def on_text(step: Step, text: str) -> list[Reply] | None:
    """A typed value for the field the path is waiting for."""
    pending = step.mine(PathState)
    if pending is None:
        return None
    found = await waiting_path(step, pending.participant)
    if found is None:
        return step.stale()
    participant, path = found
    ctx, staff, lang = step.ctx, step.staff, step.lang
    field = pending.field
    value = clean_line(text) if field in ("partner",) else clean_block(text)
    offer: list[Reply] = []
    item: SupportItem | None = None
    if field == "gaps":
        if not value or len(value) > MAX_GAPS:
            return [Message((Text("path.text_invalid", {"max": MAX_GAPS}),), language=lang)]
        return await _ask_agreed(ctx, staff, participant.id, await club_today(ctx, staff), value)
    if field in TEXT_FIELDS:
        if not value or len(value) > MAX_TEXT:
            return [Message((Text("path.text_invalid", {"max": MAX_TEXT}),), language=lang)]
        name = TEXT_FIELDS[field]
        await ctx.tx.support_paths.set_text(staff.club_id, path.id, name, value)
        change: path_changes.Change = {"change": name}
    elif field == "partner":
        if not value or len(value) > MAX_PARTNER:
            return [Message((Text("path.text_invalid", {"max": MAX_PARTNER}),), language=lang)]
        item = await _pending_item(step, participant.id, pending)
        if item is None:
            return step.stale()
        await ctx.tx.support_paths.set_item(staff.club_id, item.id, "partner", value)
        change = {"change": "partner", "instrument": item.instrument_id, "value": value}
        offer = await partner_register.link_typed(ctx, staff, participant.id, item.id, value)
    else:
        when = parse_date(value)
        today = await club_today(ctx, staff)
        if when is None:
            return [Message((date_choices.invalid(today),), language=lang)]
        # The agreement has happened; a review or target is still to come (a start may be past).
        wrong = (
            date_choices.out_of_range(when, today, ahead=field != "agreed")
            if field != "start"
            else None
        )
        if wrong is not None:
            return [Message((wrong,), language=lang)]
        if field == "agreed":
            return await _agree(ctx, staff, participant, when, pending.gaps)
        if field == "review":
            await ctx.tx.support_paths.set_review_date(staff.club_id, path.id, when)
            change = {"change": "review", "value": when.isoformat()}
        elif field in _ITEM_DATES:
            item = await _pending_item(step, participant.id, pending)
            if item is None:
                return step.stale()
            await step.remember(None)
            await _set_item_date(ctx, staff, participant.id, item, field, when)
            return await _after_item_change(ctx, staff, path, item, edit=False)
        else:
            await step.remember(None)
            return step.stale()
    await step.remember(None)
    await path_changes.record(ctx, staff, participant.id, change)
    if item is not None:  # an item's field: back to the item, not the whole list
        return [*offer, *await _after_item_change(ctx, staff, path, item, edit=False)]
    return [*offer, *await plan_screen(ctx, staff, participant, edit=False)]


async def _pending_item(step: Step, participant_id: int, pending: PathState) -> SupportItem | None:
    item_id = pending.item
    if item_id is None:
        await step.remember(None)
        return None
    return await step.ctx.tx.support_paths.item(step.staff.club_id, participant_id, item_id)


async def _command(step: Step, cmd: Command) -> list[Reply]:
    wanted = parse_id(cmd.args)
    # A malformed id gets the same answer as another club's: nothing to tell apart.
    return step.not_available() if wanted is None else await open_path(step.ctx, step.staff, wanted)


FLOW = Flow(
    name="path",
    side="staff",
    access=flow.staff,
    commands=frozenset({"path"}),
    buttons=(PathPress, PathItemPress),
    states=(PathState,),
    on_command=_command,
    on_press=on_press,
    on_text=on_text,
)
