"""Staff and operator steps: the staff flows of the registry. Returns None when the input is
not for the staff side (the participant side or the stranger's welcome answers it)."""

from __future__ import annotations

from flows import buttons, registry
from flows.actor import Actor
from flows.context import FlowContext
from flows.flow import Flow, Step
from flows.inputs import Command, Input, Press, TextInput
from flows.reply import Reply
from flows.staff import menu
from flows.staff.access import resolve_staff


async def handle(ctx: FlowContext, actor: Actor, inp: Input) -> list[Reply] | None:
    """A staff or operator step, or None to let the participant side answer."""
    staff, state = await resolve_staff(ctx, actor, await ctx.tx.staff_state.get(actor.telegram_id))
    pending, dropped = registry.read_state(state.pending, staff.club_id if staff else None)
    if pending is not None and registry.owner(pending).side != "staff":
        pending = None  # a participant's waiting flow: the participant side reads it
    step = Step(ctx, actor, staff_member=staff, pending=pending)
    told: list[Reply] = []
    if dropped:
        # Kept from an older version of the bot, or from another club: start again, politely.
        await step.remember(None)
        told = step.say("flow.dropped")
    if isinstance(inp, Command):
        answer = await _command(step, pending is not None, inp)
    elif isinstance(inp, Press):
        answer = await _press(step, inp)
    elif isinstance(inp, TextInput) and dropped:
        # The words were meant for the dropped flow: read them as nothing else.
        answer = []
    elif isinstance(inp, TextInput):
        answer = await registry.replied(registry.STAFF, step, inp)
        if answer is None:
            answer = await _text(step, inp.text)
    else:
        answer = None
    return answer if answer is None else [*told, *answer]


def _allowed(step: Step, flow: Flow) -> bool:
    return flow.access(step)


async def _command(step: Step, has_pending: bool, cmd: Command) -> list[Reply] | None:
    if cmd.name == "cancel" and has_pending:
        await step.remember(None)
        return step.say("staff.cancelled")
    flow = registry.STAFF_COMMANDS.get(cmd.name)
    if flow is None or flow.on_command is None:
        if cmd.name in ("start", "help") and not cmd.args and await _staff_only(step):
            # /start and /help also (re)set the staff menu, for staff who joined before it.
            return [*await menu.welcome(step.ctx, step.actor)]
        return None
    if not flow.may_run(step, cmd.name):
        return step.not_available()
    return await flow.on_command(step, cmd)


async def _press(step: Step, press: Press) -> list[Reply] | None:
    button = buttons.decode(press.data)
    if button is None:
        # Out of date or forged: staff get the pop-up here; a participant's own screen is
        # shown again by the participant side.
        return step.stale() if await _staff_only(step) or step.actor.is_operator else None
    flow = registry.STAFF_BUTTONS.get(type(button))
    if flow is None or flow.on_press is None:
        return None
    if not _allowed(step, flow):
        return step.not_available()
    return await flow.on_press(step, button)


async def _text(step: Step, text: str) -> list[Reply] | None:
    if step.pending is not None:
        flow = registry.owner(step.pending)
        if _allowed(step, flow) and flow.on_text is not None:
            answered = await flow.on_text(step, text)
            if answered is not None:
                return answered
        # The flow no longer applies (deactivated, no longer operator): drop it. Someone who is
        # no longer staff may still be a participant: their words go to the participant side.
        await step.remember(None)
        if step.staff_member is None:
            participant = await step.ctx.tx.participants.by_telegram(step.actor.telegram_id)
            return None if participant is not None else step.not_available()
        return [*menu.staff_help(step)]
    if step.staff_member is None:
        return None
    for flow in registry.STAFF:
        if flow.on_text is not None and _allowed(step, flow):
            answered = await flow.on_text(step, text)
            if answered is not None:
                return answered
    return [*menu.staff_help(step)] if await _staff_only(step) else None


async def _staff_only(step: Step) -> bool:
    """Staff who are not also a participant (whose words the participant side reads)."""
    if step.staff_member is None:
        return False
    return await step.ctx.tx.participants.by_telegram(step.actor.telegram_id) is None
