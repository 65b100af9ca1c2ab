"""Follow-up after the end of an enrolment: 3 and 6 months later (club rules), one short,
neutral question in the participant's language with buttons.

The outbox loop queues the question when it falls due (`queue_due`), and decides right before
sending (`prepare`) whether it still may go: not in quiet hours, only to someone still out of
the programme, reachable and consenting. The question names nothing about the programme's
outcome, since a lock screen can show it. A question more than LATE_DAYS overdue (the bot was
off, or the end was recorded long afterwards) is not asked at all: the answer would not be a
3- or 6-month figure any more.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from base.i18n import LANGUAGES, Text
from flows import follow_up_staff
from flows.buttons import ButtonData
from flows.quiet_hours import is_quiet, next_allowed
from flows.reply import Button, Keyboard
from flows.schedule.verdict import Hold, Send, Verdict
from storage.club_rules import rules_of
from storage.repos.follow_ups import FOLLOW_UP_ANSWERS, FollowUpAnswer
from storage.repos.outbox import OutboxMessage
from storage.tx import Tx

KIND = "follow_up"
LATE_DAYS = 30


@dataclass(frozen=True)
class FollowUpPress(ButtonData, kind="fu"):
    """An answer to the follow-up question."""

    follow_up: int
    answer: FollowUpAnswer


def months_after(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def buttons(follow_up_id: int) -> Keyboard:
    """One button per answer, one per row (short words on old phones)."""
    return tuple(
        (Button(Text(f"followup.answer.{a}"), FollowUpPress(follow_up_id, a).encode()),)
        for a in FOLLOW_UP_ANSWERS
    )


async def queue_due(tx: Tx, now: datetime, default_language: str) -> int:
    """Queue every follow-up question that is due now; return how many."""
    queued = 0
    for club in await tx.clubs.all():
        rules = await rules_of(tx, club.id)
        today = now.astimezone(ZoneInfo(club.timezone)).date()
        for months in rules.follow_up_months:
            # Ended between (today - months - LATE_DAYS) and (today - months), roughly; the
            # exact due day is checked per enrolment below.
            newest = today - timedelta(days=months * 28)
            oldest = today - timedelta(days=months * 31 + LATE_DAYS + 3)
            for enrolment in await tx.enrolments.ended_between(club.id, oldest, newest):
                assert enrolment.ended_on is not None  # noqa: S101 - selected by its end date
                due = months_after(enrolment.ended_on, months)
                if not due <= today <= due + timedelta(days=LATE_DAYS):
                    continue
                queued += await _ask(tx, enrolment.participant_id, enrolment.id, months, now,
                                     default_language, club.id)  # fmt: skip
    # Questions left unanswered too long: the responsible staff are told, so they can phone.
    await follow_up_staff.queue_due(tx, now, default_language)
    return queued


async def _ask(
    tx: Tx,
    participant_id: int,
    enrolment_id: int,
    months: int,
    now: datetime,
    default_language: str,
    club_id: int,
) -> int:
    person = await tx.participants.get(club_id, participant_id)
    if (
        person is None
        or person.telegram_id is None
        or person.consent != "given"
        or person.deletion_requested_at is not None
        or person.status not in ("graduated", "left")
    ):
        return 0
    current = await tx.enrolments.current(club_id, participant_id)
    if current is None or current.id != enrolment_id:
        return 0  # they came back: a new enrolment, no follow-up of the old one
    follow_up_id = await tx.follow_ups.ask(club_id, participant_id, enrolment_id, months, now)
    if follow_up_id is None:
        return 0
    stored = await tx.accounts.language_of(person.telegram_id)
    language = stored if stored in LANGUAGES else default_language
    await tx.outbox.enqueue(
        person.telegram_id,
        KIND,
        "followup.question",
        {"follow_up": follow_up_id},
        language,
        due_at=now,
        now=now,
        dedupe_key=f"fu:{enrolment_id}:{months}",
    )
    return 1


async def prepare(tx: Tx, message: OutboxMessage, now: datetime) -> Verdict:
    """Send the question with its buttons, hold it through quiet hours, or drop it."""
    follow_up_id = message.params.get("follow_up")
    if not isinstance(follow_up_id, int):
        return Hold(None)
    found = await tx.follow_ups.get(follow_up_id)
    if found is None or found.answer is not None:
        return Hold(None)
    person = await tx.participants.get(found.club_id, found.participant_id)
    club = await tx.clubs.get(found.club_id)
    if (
        person is None
        or club is None
        or person.telegram_id != message.chat_id
        or person.unreachable
        or person.consent != "given"
        or person.status not in ("graduated", "left")
    ):
        return Hold(None)
    if is_quiet(now, club.timezone):
        return Hold(next_allowed(now, club.timezone))
    return Send((Text("followup.question"),), buttons(follow_up_id))
