"""A participant who blocked the bot: staff are told once (their reminders stop by
themselves, see outbox_hook)."""

from __future__ import annotations

from datetime import datetime

from flows.context import FlowContext, FlowSettings
from flows.intake.alerts import alert_staff
from storage.timefmt import to_db
from storage.tx import Tx


async def tell_staff_unreachable(
    tx: Tx, telegram_id: int, now: datetime, settings: FlowSettings
) -> int:
    """Alert the club's staff that this participant's messages no longer arrive."""
    participant = await tx.participants.by_telegram(telegram_id)
    if participant is None:
        return 0
    ctx = FlowContext(tx=tx, now=now, settings=settings, bot_username="")
    # Called only when the participant turned unreachable: one alert per time it happens.
    return await alert_staff(
        ctx, participant, "unreachable", event=f"unreachable:{participant.id}:{to_db(now)}"
    )
