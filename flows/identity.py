"""Who is this? Resolved once per step, inside the step's transaction."""

from __future__ import annotations

from datetime import datetime

from flows.actor import Actor, pick_language
from flows.context import FlowSettings
from storage.repos.who import Who
from storage.tx import Tx


async def identify(
    tx: Tx,
    telegram_id: int,
    telegram_language: str | None,
    settings: FlowSettings,
    now: datetime,
) -> tuple[Actor, Who]:
    """The actor for a Telegram account, with their language decided, and who they are (staff,
    participant) as the step starts: one query for all of it."""
    who = await tx.who.arrive(telegram_id, now)
    actor = Actor(
        telegram_id=telegram_id,
        language=pick_language(who.language, telegram_language, settings.default_language),
        language_chosen=who.language is not None,
        is_operator=telegram_id in settings.admin_ids,
    )
    return actor, who
