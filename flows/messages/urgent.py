"""A staff answer that cannot wait for the morning: "Send now – it arrives at night".

An answer written in quiet hours, outside a conversation the participant started, waits for
08:00 (flows/messages/outbox.py). The staff member is offered this button with that answer,
and only then; pressing it marks the queued row urgent and due now, audit-logged. The
participant gets the same message as at any other time.
"""

from __future__ import annotations

from dataclasses import dataclass

from base.i18n import Text
from flows.buttons import ButtonData
from flows.flow import Step
from flows.messages import thread
from flows.reply import Button, EditPressed, Reply


@dataclass(frozen=True)
class SendNow(ButtonData, kind="thu"):
    """Send one held staff answer now, in the quiet hours."""

    message: int


def offer(message_id: int) -> Button:
    """The button under an answer that waits for the morning."""
    return Button(Text("messages.button_urgent"), SendNow(message_id).encode())


async def send_now(step: Step, button: SendNow) -> list[Reply]:
    """Mark the answer urgent and due now; or say why it cannot be (sent already, the person
    can no longer be reached); another club's answer, or a question, is not available."""
    ctx, staff = step.ctx, step.staff
    message = await ctx.tx.threads.get(button.message)
    if message is None or message.club_id != staff.club_id or message.direction != "out":
        return step.not_available()
    participant = await ctx.tx.participants.get(staff.club_id, message.participant_id)
    if participant is None:
        return step.not_available()
    name = {"name": participant.display_name}
    row = await ctx.tx.outbox.by_key(thread.answer_key(message.id))
    if row is not None and row.status in ("sent", "sending"):
        return [EditPressed((Text("messages.urgent_already", name),), step.lang)]
    if row is None or row.status != "pending" or not thread.reachable(participant):
        return [EditPressed((Text("messages.not_reachable"),), step.lang)]
    if row.params.get(thread.URGENT) != 1:
        await ctx.tx.outbox.hurry(row.id, {**row.params, thread.URGENT: 1}, ctx.now)
        # Who chose to write at night, to whom, never the words.
        await ctx.tx.audit.record(
            ctx.now,
            staff.audit_name,
            "thread.urgent",
            club_id=staff.club_id,
            subject=f"participant:{participant.id}",
            detail=f"message:{message.id}",
        )
    return [EditPressed((Text("messages.urgent_sent", name),), step.lang)]
