"""Who is this? Resolved once per step, inside the step's transaction."""

from __future__ import annotations

from datetime import datetime

from flows.actor import Actor, pick_language
from flows.context import FlowSettings
from storage.tx import Tx


async def identify(
    tx: Tx,
    telegram_id: int,
    telegram_language: str | None,
    settings: FlowSettings,
    now: datetime,
) -> Actor:
    """The actor for a Telegram account, with their language decided."""
    account = await tx.accounts.touch(telegram_id, now)
    return Actor(
        telegram_id=telegram_id,
        language=pick_language(account.language, telegram_language, settings.default_language),
        language_chosen=account.language is not None,
        is_operator=telegram_id in settings.admin_ids,
    )
