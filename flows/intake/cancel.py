"""When someone stops being in the programme (consent withdrawn, left, graduated), what the
bot still meant to send them is cancelled, and staff are told how much."""

from __future__ import annotations

from flows.context import FlowContext
from flows.intake.alerts import alert_staff
from flows.staff.recipients import STAFF_KINDS
from storage.repos.participants import Participant
from storage.timefmt import to_db


async def cancel_pending(ctx: FlowContext, participant: Participant) -> int:
    """Drop every pending outbox row to the person (reminders, notices, requests, nudges) and
    tell the club's staff in one line when there were any; how many were dropped.

    Rows meant for the same Telegram account as a staff member stay: someone can be both.
    Call it before queuing a farewell (the graduate's thank-you), which must still go.
    """
    if participant.telegram_id is None:
        return 0
    dropped = await ctx.tx.outbox.cancel_pending_to(
        participant.telegram_id, keep_kinds=STAFF_KINDS, now=ctx.now
    )
    if dropped:
        await alert_staff(
            ctx,
            participant,
            "outbox_cancelled",
            {"count": dropped},
            event=f"outbox_cancelled:{participant.id}:{to_db(ctx.now)}",
        )
    return dropped
