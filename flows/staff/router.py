"""Staff and operator steps. Returns None when the input is not for the staff side."""

from __future__ import annotations

from flows import callbacks
from flows.actor import Actor
from flows.context import FlowContext
from flows.i18n import Text
from flows.inputs import Command, Input, Press, TextInput
from flows.reply import Message, Reply, StaffMenu, Toast
from flows.schedule import staff as schedule_work
from flows.staff import assess, card, enrol, join, new_reading, participants, team
from flows.staff import case as case_work
from flows.staff import exports as export_work
from flows.staff.access import STAFF_COMMANDS, StaffActor, resolve_staff
from storage.repos.staff_state import StaffState

STAFF_BUTTONS = frozenset(
    {"nc", "si", "sic", "sc", "sd", "sdy", "sdn", "ss", "eg", "er", "ec", "pls", "pcd"}
) | (
    assess.BUTTONS
    | new_reading.BUTTONS
    | case_work.BUTTONS
    | schedule_work.BUTTONS
    | export_work.BUTTONS
)


def not_available(actor: Actor) -> list[Reply]:
    """The same neutral answer for everyone who may not do something."""
    return [Message((Text("access.not_available"),), language=actor.language)]


async def handle(ctx: FlowContext, actor: Actor, inp: Input) -> list[Reply] | None:
    """A staff or operator step, or None to let the participant side answer."""
    staff, state = await resolve_staff(ctx, actor, await ctx.tx.staff_state.get(actor.telegram_id))
    if isinstance(inp, Command):
        return await _command(ctx, actor, staff, state, inp)
    if isinstance(inp, Press):
        decoded = callbacks.decode(inp.data)
        if decoded is None or decoded.kind not in STAFF_BUTTONS:
            return None
        return await _press(ctx, actor, staff, state, decoded.kind, decoded.fields)
    if isinstance(inp, TextInput) and state.pending is not None:
        return await _pending_text(ctx, actor, staff, state, inp.text)
    if isinstance(inp, TextInput) and staff is not None:
        answered = await assess.on_text(ctx, staff, inp.text)
        if answered is not None:
            return answered
    if staff is not None and await ctx.tx.participants.by_telegram(actor.telegram_id) is None:
        return [Message((Text("staff.help"),), language=actor.language)]
    return None


async def _command(
    ctx: FlowContext, actor: Actor, staff: StaffActor | None, state: StaffState, cmd: Command
) -> list[Reply] | None:
    name = cmd.name
    if name == "cancel" and state.pending is not None:
        await ctx.tx.staff_state.set_pending(actor.telegram_id, None, ctx.now)
        return [Message((Text("staff.cancelled"),), language=actor.language)]
    if name not in STAFF_COMMANDS:
        if (
            name in ("start", "help")
            and not cmd.args
            and staff is not None
            and await ctx.tx.participants.by_telegram(actor.telegram_id) is None
        ):
            # /start and /help also (re)set the staff menu, for staff who joined before it.
            return [
                Message((Text("staff.help"),), language=actor.language),
                StaffMenu(actor.language),
            ]
        return None
    if name == "newclub":
        return (
            await team.start_new_club(ctx, actor) if actor.is_operator else (not_available(actor))
        )
    if name == "staffinvite":
        if staff is not None and staff.can("invite_staff"):
            return await team.ask_invite_role(ctx, actor, staff.club_id)
        if actor.is_operator:
            return await team.choose_club_for_invite(ctx, actor)
        return not_available(actor)
    if staff is None:
        return not_available(actor)
    if name == "club":
        return await team.show_clubs(ctx, staff)
    if name == "invite":
        return await enrol.start(ctx, staff)
    if name == "participants":
        return await participants.show_list(ctx, staff)
    if name == "card":
        wanted = cmd.args.strip().lstrip("#")
        # A malformed id gets the same answer as another club's: nothing to tell apart.
        return (
            await card.open_card(ctx, staff, int(wanted))
            if wanted.isascii() and wanted.isdigit()
            else not_available(actor)
        )
    if name == "assess":
        return await assess.command(ctx, staff, cmd.args)
    if name == "team":
        return (
            await team.show_team(ctx, staff)
            if staff.can("manage_staff")
            else (not_available(actor))
        )
    if name == "report":
        return await export_work.report(ctx, staff)
    if name == "dataset":
        return await export_work.dataset(ctx, staff)
    if name in case_work.COMMANDS:
        return await case_work.command(ctx, staff, name, cmd.args)
    if name in schedule_work.COMMANDS:
        return await schedule_work.command(ctx, staff, name, cmd.args)
    return not_available(actor)


def _number(fields: tuple[str, ...], index: int) -> int | None:
    # isdigit() alone accepts digits such as "²" that int() refuses.
    if len(fields) <= index or not (fields[index].isascii() and fields[index].isdigit()):
        return None
    return int(fields[index])


async def _press(
    ctx: FlowContext,
    actor: Actor,
    staff: StaffActor | None,
    state: StaffState,
    kind: str,
    fields: tuple[str, ...],
) -> list[Reply]:
    stale: list[Reply] = [Toast(Text("button.stale"), actor.language)]
    first = _number(fields, 0)
    if kind == "nc":
        if not actor.is_operator or not fields:
            return not_available(actor)
        return await team.new_club_kind(ctx, actor, fields[0], state.pending)
    if kind == "sic":
        return (
            await team.ask_invite_role(ctx, actor, first)
            if (actor.is_operator and first is not None)
            else not_available(actor)
        )
    if kind == "si":
        if first is None or len(fields) != 2:
            return stale
        allowed = actor.is_operator or (
            staff is not None and staff.club_id == first and staff.can("invite_staff")
        )
        return (
            await team.issue_invite(ctx, actor, first, fields[1])
            if allowed
            else (not_available(actor))
        )
    if staff is None:
        return not_available(actor)
    if kind in export_work.BUTTONS:
        return await export_work.on_press(ctx, staff, fields)
    if kind in case_work.BUTTONS:
        return await case_work.on_press(ctx, staff, state.pending, kind, fields)
    if kind in schedule_work.BUTTONS:
        return await schedule_work.on_press(ctx, staff, state.pending, kind, fields)
    if kind in ("eg", "er", "ec") and fields:
        return await enrol.on_press(ctx, staff, state.pending, kind, fields[0])
    if kind == "sc" and first is not None:
        return await team.switch_club(ctx, staff, first)
    if kind == "pls" and first is not None and len(fields) == 2:
        return await participants.show_list(ctx, staff, first, fields[1], edit=True)
    if kind in assess.BUTTONS:
        return await assess.on_press(ctx, staff, kind, fields)
    if kind in new_reading.BUTTONS:
        return await new_reading.on_press(ctx, staff, fields)
    if kind == "pcd" and first is not None:
        return await card.open_card(ctx, staff, first)
    if kind == "ss" and fields:
        return await join.choose_specialism(ctx, actor, staff.club_id, staff.member.id, fields[0])
    if kind in ("sd", "sdy", "sdn") and first is not None:
        if not staff.can("manage_staff"):
            return not_available(actor)
        if kind == "sd":
            return await team.confirm_deactivate(ctx, staff, first)
        if kind == "sdy":
            return await team.deactivate(ctx, staff, first)
        return [Toast(Text("team.deactivate_kept"), actor.language)]
    return stale


async def _pending_text(
    ctx: FlowContext, actor: Actor, staff: StaffActor | None, state: StaffState, text: str
) -> list[Reply] | None:
    pending = state.pending or {}
    flow = pending.get("flow")
    if flow == "newclub" and actor.is_operator:
        return await team.new_club_name(ctx, actor, text)
    if flow in case_work.FLOWS and staff is not None and pending.get("club") == staff.club_id:
        return await case_work.on_text(ctx, staff, pending, text)
    if flow in schedule_work.FLOWS and staff is not None and pending.get("club") == staff.club_id:
        return await schedule_work.on_text(ctx, staff, pending, text)
    if flow == "enrol" and staff is not None and pending.get("club") == staff.club_id:
        return await enrol.on_text(ctx, staff, pending, text)
    staff_id = pending.get("staff")
    if flow == "staff_name" and staff is not None and staff_id == staff.member.id:
        return await join.staff_name(ctx, actor, staff.club_id, staff.member.id, text)
    # The flow no longer applies (deactivated, club switched): drop it. Someone who is no
    # longer staff may still be a participant: their words go to the participant side.
    await ctx.tx.staff_state.set_pending(actor.telegram_id, None, ctx.now)
    if staff is None:
        participant = await ctx.tx.participants.by_telegram(actor.telegram_id)
        return None if participant is not None else not_available(actor)
    return [Message((Text("staff.help"),), language=actor.language)]
