"""What the outbox does with a thread message, decided right before sending.

A participant's message goes to a staff member who is still active in that club; a staff
answer goes to a participant who can still be reached (consent given, not left). Both wait
for the end of the club's quiet hours, except an answer that follows the participant's own
message within the hour (a conversation they started) or one a staff member marked urgent
(flows/messages/urgent.py). The rows carry only the message id (and the urgent mark): an
erased thread leaves nothing to send.
"""

from __future__ import annotations

from datetime import datetime

from base.i18n import Text
from flows.messages.links import write_button
from flows.messages.thread import CONVERSATION, KINDS, TO_STAFF, URGENT, reachable
from flows.quiet_hours import is_quiet, next_allowed
from flows.reply import Button
from flows.schedule.verdict import Hold, Send, Verdict
from flows.staff.links import OpenCard, ThreadPress
from storage.repos.outbox import OutboxMessage
from storage.repos.threads import ThreadMessage
from storage.tx import Tx

__all__ = ["KINDS", "prepare"]


async def prepare(tx: Tx, row: OutboxMessage, now: datetime) -> Verdict:
    """Send the message now, hold it past quiet hours, or drop it."""
    message_id = row.params.get("message")
    message = await tx.threads.get(message_id) if isinstance(message_id, int) else None
    if message is None:
        return Hold(None)  # erased with the person
    participant = await tx.participants.get(message.club_id, message.participant_id)
    club = await tx.clubs.get(message.club_id)
    if participant is None or club is None:
        return Hold(None)
    if row.kind == TO_STAFF:
        member = await tx.staff.membership(message.club_id, row.chat_id)
        if member is None or not member.active:
            return Hold(None)
        if is_quiet(now, club.timezone):
            return Hold(next_allowed(now, club.timezone))
        return _to_staff(message, participant.display_name)
    if not reachable(participant) or participant.telegram_id != row.chat_id:
        return Hold(None)
    if is_quiet(now, club.timezone) and row.params.get(URGENT) != 1:
        wrote = await tx.threads.last_from_participant(participant.id)
        if wrote is None or now - wrote > CONVERSATION:
            return Hold(next_allowed(now, club.timezone))
    signed = Text(
        "messages.from_staff", {"text": message.body, "signature": message.signature or ""}
    )
    return Send((signed,), write_button("messages.button_reply"), copy_of=message.id)


def _to_staff(message: ThreadMessage, name: str) -> Send:
    pid = message.participant_id
    text = Text("messages.to_staff", {"name": name, "id": pid, "text": message.body})
    buttons = (
        (
            Button(Text("messages.button_answer"), ThreadPress(pid, "a").encode()),
            Button(Text("messages.button_card"), OpenCard(pid).encode()),
        ),
    )
    return Send((text,), buttons, copy_of=message.id)
