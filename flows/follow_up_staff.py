"""When a graduate leaves the follow-up question unanswered for the club's number of days
(club rule `follow_up_remind_days`), the staff responsible for their plan are told, so they
can phone; with nobody responsible, the club's leaders are. Queued by the outbox loop with the
follow-up questions, decided right before sending: not in quiet hours, not once an answer came
in (in the bot or by phone), and only to someone who is still staff.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from base.i18n import LANGUAGES, Text
from flows.quiet_hours import is_quiet, next_allowed
from flows.reply import Button
from flows.schedule.verdict import Hold, Send, Verdict
from flows.staff.links import OpenCard
from storage.club_rules import rules_of
from storage.repos.follow_ups import FollowUp
from storage.repos.outbox import OutboxMessage
from storage.tx import Tx

KIND = "follow_up_staff"


def _answered(follow_up: FollowUp, every: list[FollowUp]) -> bool:
    """An answer for the same enrolment and month, in the bot or by phone."""
    return any(
        f.answer is not None
        for f in every
        if f.enrolment_id == follow_up.enrolment_id and f.months == follow_up.months
    )


async def _responsible(tx: Tx, club_id: int, enrolment_id: int) -> list[tuple[int, int]]:
    """(staff id, Telegram id) of the active staff responsible for the enrolment's plan
    items; the club's active leaders when there are none."""
    active = await tx.staff.active_in_club(club_id)
    path = await tx.support_paths.of_enrolment(club_id, enrolment_id)
    named = (
        {i.responsible_staff_id for i in await tx.support_paths.items(club_id, path.id)}
        if path is not None
        else set()
    )
    chosen = [m for m in active if m.id in named] or [m for m in active if m.role == "leader"]
    return [(m.id, m.telegram_id) for m in chosen]


async def queue_due(tx: Tx, now: datetime, default_language: str) -> int:
    """Queue a message to the responsible staff for every follow-up question unanswered for
    the club's number of days; each once. Returns how many messages were queued."""
    queued = 0
    for club in await tx.clubs.all():
        days = (await rules_of(tx, club.id)).follow_up_remind_days
        every = await tx.follow_ups.of_club(club.id)
        for f in every:
            if (
                f.channel != "bot"
                or f.asked_at is None
                or f.asked_at > now - timedelta(days=days)
                or _answered(f, every)
            ):
                continue
            for staff_id, telegram_id in await _responsible(tx, club.id, f.enrolment_id):
                stored = await tx.accounts.language_of(telegram_id)
                language = stored if stored in LANGUAGES else default_language
                if await tx.outbox.enqueue(
                    telegram_id,
                    KIND,
                    "followup.staff_reminder",
                    {"follow_up": f.id},
                    language,
                    due_at=now,
                    now=now,
                    dedupe_key=f"fus:{f.id}:staff{staff_id}",
                ):
                    queued += 1
    return queued


async def prepare(tx: Tx, message: OutboxMessage, now: datetime) -> Verdict:
    """Send the reminder with a button to the card, hold it through quiet hours, or drop it
    (answered meanwhile, the person erased or back in the programme)."""
    follow_up_id = message.params.get("follow_up")
    found = await tx.follow_ups.get(follow_up_id) if isinstance(follow_up_id, int) else None
    if found is None:
        return Hold(None)
    person = await tx.participants.get(found.club_id, found.participant_id)
    club = await tx.clubs.get(found.club_id)
    current = await tx.enrolments.current(found.club_id, found.participant_id)
    if (
        person is None
        or club is None
        or current is None
        or current.id != found.enrolment_id
        or person.deletion_requested_at is not None
        or _answered(found, await tx.follow_ups.of_participant(found.club_id, person.id))
    ):
        return Hold(None)
    if is_quiet(now, club.timezone):
        return Hold(next_allowed(now, club.timezone))
    days = (now - found.asked_at).days if found.asked_at else 0
    text = Text(
        "followup.staff_reminder",
        {"name": person.display_name, "id": person.id, "months": found.months},
        count=days,
    )
    card = Button(Text("followup.staff_open_card"), OpenCard(person.id).encode())
    return Send((text,), ((card,),))
