"""One step for one person, shared by Telegram and the terminal chat."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from base.i18n import Text
from flows import router
from flows.context import FlowContext, FlowSettings
from flows.identity import identify
from flows.inputs import BotBlocked, Input
from flows.reply import Message, Reply
from flows.schedule.blocked import bot_blocked
from storage.tx import Tx


@dataclass(frozen=True)
class StepRequest:
    """Who did what, from where."""

    telegram_id: int
    telegram_language: str | None
    input: Input
    private: bool = True


async def perform(
    tx: Tx, request: StepRequest, settings: FlowSettings, now: datetime, bot_username: str
) -> list[Reply]:
    """Identify the person and run the flow that owns their input, inside tx."""
    if isinstance(request.input, BotBlocked):
        # Nothing to show, and no account for someone the bot does not know.
        await bot_blocked(tx, request.telegram_id, request.input.blocked, now, settings)
        return []
    actor, who = await identify(tx, request.telegram_id, request.telegram_language, settings, now)
    if not request.private:
        return [Message((Text("group.private_only"),), language=actor.language)]
    ctx = FlowContext(tx=tx, now=now, settings=settings, bot_username=bot_username)
    return await router.handle(ctx, actor, request.input, who)
