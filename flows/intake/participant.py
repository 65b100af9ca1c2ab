"""Routing for a person bound to a participant: the participant flows of the registry."""

from __future__ import annotations

from flows import buttons, common, registry
from flows.actor import Actor
from flows.context import FlowContext
from flows.flow import Step
from flows.inputs import Command, Input, Press, TextInput
from flows.intake.resume import resume
from flows.reply import Reply
from flows.schedule.participant import RsvpPress, SkipReason
from storage.repos.participants import Participant
from storage.repos.who import Who

__all__ = ["handle", "resume"]


async def handle(
    ctx: FlowContext, actor: Actor, participant: Participant, inp: Input, who: Who
) -> list[Reply]:
    """One step of a participant; `who`: their waiting state and missed-session reason as the
    step found them."""
    pending, _ = registry.read_state(who.staff_state.pending, None)
    if pending is not None and registry.owner(pending).side != "participant":
        pending = None
    step = Step(ctx, actor, participant_row=participant, pending=pending)
    if pending is not None and not isinstance(inp, TextInput):
        # Words awaited (a message to staff) are not awaited once the person does anything else.
        await step.remember(None)
        if isinstance(inp, Command) and inp.name == "cancel":
            return [*step.say("wait.cancelled"), *await resume(ctx, actor, participant)]
    if isinstance(inp, Command):
        # Only right after "I can't come" are typed words a reason; anything else ends that.
        if who.awaiting_reason:
            await ctx.tx.schedule.stop_awaiting_reason(participant.id)
        found = registry.PARTICIPANT_COMMANDS.get(inp.name)
        if found is None or found.on_command is None:
            return [common.unknown_command(actor)]
        return await found.on_command(step, inp)
    if isinstance(inp, Press):
        button = buttons.decode(inp.data)
        if who.awaiting_reason and not isinstance(button, (RsvpPress, SkipReason)):
            await ctx.tx.schedule.stop_awaiting_reason(participant.id)
        owner = registry.PARTICIPANT_BUTTONS.get(type(button)) if button else None
        if owner is None or owner.on_press is None:
            return [*step.stale(), *await resume(ctx, actor, participant)]
        return await owner.on_press(step, button)
    if isinstance(inp, TextInput):
        replied = await registry.replied(registry.PARTICIPANT, step, inp)
        if replied is not None:
            return replied
        if pending is not None:
            waiting = registry.owner(pending)
            if waiting.on_text is not None:
                answered = await waiting.on_text(step, inp.text)
                if answered is not None:
                    return answered
        for flow in registry.PARTICIPANT:
            if flow.on_text is not None:
                answered = await flow.on_text(step, inp.text)
                if answered is not None:
                    return answered
        return await resume(ctx, actor, participant)
    return [common.unknown_command(actor)]
