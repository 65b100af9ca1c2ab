"""The entry point of every step: routes an actor's input to the flow that owns it."""

from __future__ import annotations

from flows import callbacks, common
from flows.actor import Actor
from flows.context import FlowContext
from flows.i18n import Text
from flows.inputs import Command, Edited, Input, Press, TextInput, Unsupported
from flows.reply import Message, Reply


async def handle(ctx: FlowContext, actor: Actor, inp: Input) -> list[Reply]:
    """One step: read and write through ctx.tx, return what to show."""
    if isinstance(inp, Command):
        return await _command(ctx, actor, inp)
    if isinstance(inp, Press):
        return await _press(ctx, actor, inp)
    if isinstance(inp, Unsupported):
        return [common.unsupported_input(actor)]
    if isinstance(inp, Edited):
        return [common.edited_input(actor)]
    if isinstance(inp, TextInput):
        return [_welcome(actor)]
    return [common.unknown_command(actor)]


async def _command(ctx: FlowContext, actor: Actor, cmd: Command) -> list[Reply]:
    if cmd.name == "start":
        if not actor.language_chosen:
            return [common.ask_language(actor)]
        return [_welcome(actor)]
    if cmd.name == "help":
        return [common.help_message(actor)]
    if cmd.name == "language":
        return [common.ask_language(actor)]
    if cmd.name == "cancel":
        return [Message((Text("cancel.nothing"),), language=actor.language)]
    return [common.unknown_command(actor)]


async def _press(ctx: FlowContext, actor: Actor, press: Press) -> list[Reply]:
    decoded = callbacks.decode(press.data)
    if decoded is None:
        return [common.stale_button(actor)]
    if decoded.kind == "l" and len(decoded.fields) == 1:
        actor, replies = await common.choose_language(ctx, actor, decoded.fields[0])
        return [*replies, _welcome(actor)]
    return [common.stale_button(actor)]


def _welcome(actor: Actor) -> Message:
    """For someone the bot does not know: how to join."""
    return Message((Text("start.no_code"),), language=actor.language)
