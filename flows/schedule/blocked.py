"""A participant who blocked the bot: marked unreachable, staff told once (their reminders
stop by themselves, see outbox_hook); reachable again once they unblock it or write."""

from __future__ import annotations

from datetime import datetime

from flows.context import FlowContext, FlowSettings
from flows.intake.alerts import alert_staff
from storage.repos.participants import Participant
from storage.timefmt import to_db
from storage.tx import Tx

# As the reminders' rule (storage.repos.schedule.Attendee.in_programme), declining too.
NOT_IN_PROGRAMME = ("declined", "graduated", "left")
NO_CONSENT = ("declined", "withdrawn")


async def tell_staff_unreachable(
    tx: Tx, telegram_id: int, now: datetime, settings: FlowSettings
) -> int:
    """Alert the club's staff that this participant's messages no longer arrive."""
    participant = await tx.participants.by_telegram(telegram_id)
    if participant is None or not _worked_with(participant):
        # Someone who left, graduated, declined or withdrew consent: nothing for the staff to
        # act on (the card still says they cannot be reached; the follow-up has its reminder).
        return 0
    ctx = FlowContext(tx=tx, now=now, settings=settings, bot_username="")
    # Called only when the participant turned unreachable; at most once a day, so a person
    # blocking and unblocking again and again does not flood the staff.
    day = to_db(now)[:10]
    return await alert_staff(
        ctx, participant, "unreachable", event=f"unreachable:{participant.id}:{day}"
    )


def _worked_with(participant: Participant) -> bool:
    """Someone the club is working with now (joined or in the programme)."""
    return participant.consent not in NO_CONSENT and participant.status not in NOT_IN_PROGRAMME


async def person_blocked(tx: Tx, telegram_id: int, now: datetime, settings: FlowSettings) -> int:
    """The person blocked the bot (Telegram said so, or refused a message to them with 403):
    marked unreachable and, when that is news, the staff are told. Returns how many staff
    members were alerted."""
    if not await tx.participants.mark_unreachable_by_telegram(telegram_id):
        return 0
    return await tell_staff_unreachable(tx, telegram_id, now, settings)


async def bot_blocked(
    tx: Tx, telegram_id: int, blocked: bool, now: datetime, settings: FlowSettings
) -> None:
    """Telegram's word that the person blocked or unblocked the bot. Without it the bot
    learns of a block only from a refused message, and not at all when that message met a
    network fault instead; and a step the person sent just before blocking would count as
    their writing again."""
    if blocked:
        await person_blocked(tx, telegram_id, now, settings)
    else:
        await tx.participants.set_reachable(telegram_id)
