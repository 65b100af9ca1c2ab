"""The entry point of every step: routes an actor's input to the flow that owns it."""

from __future__ import annotations

import logging

from base.i18n import Text
from flows import buttons, common
from flows.actor import Actor
from flows.context import FlowContext
from flows.inputs import Command, Edited, Input, Press, TextInput, Unsupported
from flows.intake import participant as participant_flow
from flows.intake.joining import JoinRefused, check_code, join_with_code, refusal
from flows.messages import participant as write_to_staff
from flows.network_join import join_coordinator
from flows.reply import Message, Reply
from flows.schedule.joining import take_part_in_coming_sessions
from flows.staff import router as staff_flow
from flows.staff.access import resolve_staff
from flows.staff.join import join_staff
from storage.repos.who import Who

log = logging.getLogger(__name__)


async def handle(ctx: FlowContext, actor: Actor, inp: Input, who: Who) -> list[Reply]:
    """One step: read and write through ctx.tx, return what to show. `who`: the person as the
    step started (flows.identity), read once for both sides."""
    if isinstance(inp, Unsupported):
        return await write_to_staff.unsupported(ctx, actor, who) or [
            common.unsupported_input(actor)
        ]
    if isinstance(inp, Edited):
        return [common.edited_input(actor)]
    if isinstance(inp, Press) and buttons.decode(inp.data) is None:
        # Nothing the bot made looks like this: forged or from another bot version.
        log.warning("malformed button data ignored (%d bytes)", len(inp.data.encode()))
    if isinstance(inp, Command) and inp.name == "start" and inp.args:
        return await _join(ctx, actor, inp.args)
    staff, who = await resolve_staff(ctx, actor, who)
    staff_replies = await staff_flow.handle(ctx, actor, inp, staff, who)
    if staff_replies is not None:
        return staff_replies
    # The staff side changed nothing of this (it answers whatever it touches): who.participant
    # and the staff state's pending are as the participant side would read them again.
    participant = who.participant
    if participant is not None and participant.unreachable:
        # A person who writes can be reached again, even if they once blocked the bot.
        await ctx.tx.participants.set_reachable(actor.telegram_id)
    if participant is not None:
        return await participant_flow.handle(ctx, actor, participant, inp, who)
    return await _stranger(ctx, actor, inp)


async def _join(ctx: FlowContext, actor: Actor, code: str) -> list[Reply]:
    coordinator = await join_coordinator(ctx, actor, code)
    if coordinator is not None:
        return coordinator
    try:
        invite = await check_code(ctx, actor, code.strip())
        if invite.staff_role is not None:
            return await join_staff(ctx, actor, invite)
        participant = await join_with_code(ctx, actor, invite)
    except JoinRefused as refused:
        return [refusal(actor, refused)]
    await take_part_in_coming_sessions(
        ctx.tx, participant.club_id, participant.id, ctx.now, ctx.settings.default_language
    )
    club = await ctx.tx.clubs.get(participant.club_id)
    welcome = Message(
        (Text("join.welcome", {"club": club.name if club else ""}),), language=actor.language
    )
    return [welcome, *await participant_flow.resume(ctx, actor, participant)]


async def _stranger(ctx: FlowContext, actor: Actor, inp: Input) -> list[Reply]:
    """Someone not (yet) known to any club."""
    if isinstance(inp, Command):
        if inp.name == "help":
            return [common.help_message(actor)]
        if inp.name == "language":
            return [common.ask_language(actor)]
        if inp.name == "cancel":
            return [Message((Text("cancel.nothing"),), language=actor.language)]
        if inp.name != "start":
            return [common.unknown_command(actor)]
        if not actor.language_chosen:
            return [common.ask_language(actor)]
        return [_welcome(actor)]
    if isinstance(inp, Press):
        pressed = buttons.decode(inp.data)
        if isinstance(pressed, common.ChooseLanguage):
            actor, replies = await common.choose_language(ctx, actor, pressed.code)
            return [*replies, _welcome(actor)]
        return [common.stale_button(actor), _welcome(actor)]
    if isinstance(inp, TextInput):
        return [_welcome(actor)]
    return [common.unknown_command(actor)]


def _welcome(actor: Actor) -> Message:
    """For someone the bot does not know: how to join."""
    return Message((Text("start.no_code"),), language=actor.language)
