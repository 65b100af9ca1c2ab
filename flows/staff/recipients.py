"""Messages for staff are delivered only while the recipient is still staff.

A staff alert or digest can wait in the outbox (quiet hours, a Telegram outage); if the person
lost access meanwhile, it must not reach them, since it names participants.
"""

from __future__ import annotations

from flows import follow_up_staff
from flows.schedule.reminders import DIGEST, STAFF_NOTICE
from storage.repos.outbox import OutboxMessage
from storage.tx import Tx

# "staff_notice" (telling someone their access ended) is deliberately not here.
FOR_ACTIVE_STAFF = frozenset({"staff_alert", STAFF_NOTICE, DIGEST, follow_up_staff.KIND})
# Everything the outbox sends someone as staff (cancelling a participant's messages keeps
# these, for the rare account that is both).
STAFF_KINDS = FOR_ACTIVE_STAFF | {"staff_notice"}


async def may_receive(tx: Tx, message: OutboxMessage) -> bool:
    """False when a staff-only message's recipient has no active membership any more."""
    if message.kind not in FOR_ACTIVE_STAFF:
        return True
    return bool(await tx.staff.memberships(message.chat_id))
