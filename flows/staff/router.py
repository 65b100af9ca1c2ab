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
from flows.staff.access import StaffActor
from storage.repos.who import Who


async def handle(
    ctx: FlowContext, actor: Actor, inp: Input, staff: StaffActor | None, who: Who
) -> list[Reply] | None:
    """A staff or operator step, or None to let the participant side answer. `staff` and `who`
    come from flows.staff.access.resolve_staff (the router ran it)."""
    club = staff.club_id if staff else None
    pending, dropped = registry.read_state(who.staff_state.pending, club)
    if pending is not None and registry.owner(pending).side != "staff":
        pending = None  # a participant's waiting flow: the participant side reads it
    step = Step(ctx, actor, staff_member=staff, pending=pending)
    participant = who.participant is not None
    told: list[Reply] = []
    if dropped:
        # Kept from an older version of the bot, or from another club: start again, politely.
        await step.remember(None)
        told = step.say("flow.dropped")
    if isinstance(inp, Command):
        answer = await _command(step, pending is not None, inp, participant)
    elif isinstance(inp, Press):
        answer = await _press(step, inp, participant)
    elif isinstance(inp, TextInput) and dropped:
        # The words were meant for the dropped flow: read them as nothing else.
        answer = []
    elif isinstance(inp, TextInput):
        answer = await registry.replied(registry.STAFF, step, inp)
        if answer is None:
            answer = await _text(step, inp.text, participant)
    else:
        answer = None
    return answer if answer is None else [*told, *answer]


def _allowed(step: Step, flow: Flow) -> bool:
    return flow.access(step)


async def _command(
    step: Step, has_pending: bool, cmd: Command, participant: bool
) -> list[Reply] | None:
    if cmd.name == "cancel" and has_pending:
        await step.remember(None)
        return step.say("staff.cancelled")
    flow = registry.STAFF_COMMANDS.get(cmd.name)
    if flow is None or flow.on_command is None:
        if cmd.name in ("start", "help") and not cmd.args and _staff_only(step, participant):
            # /start and /help also (re)set the staff menu, for staff who joined before it.
            return [*await menu.welcome(step.ctx, step.actor)]
        return None
    if not flow.may_run(step, cmd.name):
        return step.not_available()
    return await flow.on_command(step, cmd)


async def _press(step: Step, press: Press, participant: bool) -> list[Reply] | None:
    button = buttons.decode(press.data)
    if button is None:
        # Out of date or forged: staff get the pop-up here; a participant's own screen is
        # shown again by the participant side.
        return step.stale() if _staff_only(step, participant) or step.actor.is_operator else None
    flow = registry.STAFF_BUTTONS.get(type(button))
    if flow is None or flow.on_press is None:
        return None
    if not _allowed(step, flow):
        return step.not_available()
    return await flow.on_press(step, button)


async def _text(step: Step, text: str, participant: bool) -> list[Reply] | None:
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
            return None if participant else step.not_available()
        return [*menu.staff_help(step)]
    if step.staff_member is None:
        return None
    for flow in registry.STAFF:
        if flow.on_text is not None and _allowed(step, flow):
            answered = await flow.on_text(step, text)
            if answered is not None:
                return answered
    return [*menu.staff_help(step)] if _staff_only(step, participant) else None


def _staff_only(step: Step, participant: bool) -> bool:
    """Staff who are not also a participant (whose words the participant side reads)."""
    return step.staff_member is not None and not participant
