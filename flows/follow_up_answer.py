"""The participant's answer to the follow-up question (a participant screen of its own).

Only the person the question was sent to can answer it, once; a second press or a forged
button gets a polite word and changes nothing. "I'd like to hear from the club" tells staff.
"""

from __future__ import annotations

from base.i18n import Text
from flows import flow
from flows.context import FlowContext
from flows.follow_up import FollowUpPress
from flows.intake.alerts import alert_staff
from flows.reply import EditPressed, Reply
from storage.repos.participants import Participant


async def answer(
    ctx: FlowContext, participant: Participant, button: FollowUpPress, language: str
) -> list[Reply]:
    """Store the first answer to the person's own question and thank them."""
    chosen, follow_up_id = button.answer, button.follow_up
    found = await ctx.tx.follow_ups.get(follow_up_id)
    if found is None or found.participant_id != participant.id:
        return [flow.stale_button(language)]
    if not await ctx.tx.follow_ups.answer(participant.id, follow_up_id, chosen, ctx.now):
        return [EditPressed((Text("followup.already"),), language)]
    await ctx.tx.audit.record(
        ctx.now,
        f"participant:{participant.id}",
        "follow_up.answered",
        club_id=participant.club_id,
        subject=f"participant:{participant.id}",
        detail=f"{found.months}:{chosen}",
    )
    if chosen == "contact":
        await alert_staff(
            ctx,
            participant,
            "follow_up_contact",
            {"months": found.months},
            event=f"fu:{follow_up_id}",
        )
    return [EditPressed((Text(f"followup.thanks_{chosen}"),), language)]
