"""The rules of a thread, shared by both sides: who gets a participant's message, what may be
sent, how often, how an answer is signed, and the outbox rows that carry each message.

Neither side ever sees the other's Telegram account: staff see the name from the club's
records, participants see a signature the club chose (storage/club_rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from base.clean import clean_block
from base.i18n import LANGUAGES, translate
from flows.context import FlowContext
from flows.quiet_hours import is_quiet
from storage.club_rules import rules_of
from storage.repos.participants import Participant
from storage.repos.staff import StaffMember

# Outbox kinds: a participant's message to one staff member, a staff answer to a participant.
TO_STAFF = "thread_in"
TO_PARTICIPANT = "thread_out"
KINDS = frozenset({TO_STAFF, TO_PARTICIPANT})

# A message is one readable chat message with its frame well inside Telegram's 4096.
MAX_CHARS = 2000
# A staff answer within this time of the participant's own message is part of a conversation
# the participant started: it goes at once, even in quiet hours.
CONVERSATION = timedelta(hours=1)
# The outbox param of a staff answer a staff member marked urgent: it goes in quiet hours too.
URGENT = "urgent"

Refusal = Literal["empty", "too_long", "too_many"]


@dataclass(frozen=True)
class Checked:
    """Typed words made safe to pass on, or why they cannot be."""

    body: str
    refusal: Refusal | None = None
    per_hour: int = 0  # the club's limit, when it refused the message


async def check(ctx: FlowContext, participant: Participant, direction: str, text: str) -> Checked:
    """Invisible and direction-changing marks dropped; empty, long and too frequent (the
    club rule `messages_per_hour`, each direction) refused."""
    body = clean_block(text)
    if not body:
        return Checked(body, "empty")
    if len(body) > MAX_CHARS:
        return Checked(body, "too_long")
    since = ctx.now - timedelta(hours=1)
    sent = await ctx.tx.threads.count_since(
        participant.id, "in" if direction == "in" else "out", since
    )
    per_hour = (await rules_of(ctx.tx, participant.club_id)).messages_per_hour
    return Checked(body, "too_many", per_hour) if sent >= per_hour else Checked(body)


def reachable(participant: Participant) -> bool:
    """Whether staff may write to this person: in the bot, consent given, not left."""
    return (
        participant.telegram_id is not None
        and participant.consent == "given"
        and participant.status != "left"
        and not participant.unreachable
    )


async def recipients(ctx: FlowContext, participant: Participant) -> list[StaffMember]:
    """The staff responsible for the person in their plan, else the club's active staff."""
    active = await ctx.tx.staff.active_in_club(participant.club_id)
    path = await ctx.tx.support_paths.get(participant.club_id, participant.id)
    if path is not None:
        items = await ctx.tx.support_paths.items(participant.club_id, path.id)
        responsible = {i.responsible_staff_id for i in items if i.status != "dropped"}
        chosen = [m for m in active if m.id in responsible]
        if chosen:
            return chosen
    return active


async def language_of(ctx: FlowContext, telegram_id: int) -> str:
    """The language a person chose, else the bot's default."""
    stored = await ctx.tx.accounts.language_of(telegram_id)
    return stored if stored in LANGUAGES else ctx.settings.default_language


async def signature(ctx: FlowContext, member: StaffMember, language: str) -> str:
    """How the participant sees the sender: first name and/or role, as the club decides."""
    rules = await rules_of(ctx.tx, member.club_id)
    role = translate(
        language,
        f"messages.sign_role.{member.specialism or member.role}",
    )
    first = member.display_name.split()[0] if member.display_name.split() else ""
    if rules.message_signature == "role" or not first:
        return role
    if rules.message_signature == "first_name":
        return first
    return translate(language, "messages.sign_both", {"name": first, "role": role})


async def quiet_now(ctx: FlowContext, club_id: int) -> bool:
    """Whether the club is in its quiet hours now."""
    club = await ctx.tx.clubs.get(club_id)
    return is_quiet(ctx.now, club.timezone if club else ctx.settings.timezone)


async def to_staff(ctx: FlowContext, participant: Participant, body: str) -> int:
    """Store the participant's message and queue it for the staff responsible for them.

    The outbox rows carry only the message id: the text and the name are read at send time,
    so erasure (which deletes the message) leaves nothing in the outbox to send.
    """
    message_id = await ctx.tx.threads.add(participant.club_id, participant.id, "in", body, ctx.now)
    for member in await recipients(ctx, participant):
        await ctx.tx.outbox.enqueue(
            member.telegram_id,
            TO_STAFF,
            "messages.to_staff",
            {"message": message_id},
            await language_of(ctx, member.telegram_id),
            due_at=ctx.now,
            now=ctx.now,
            dedupe_key=f"thread:{message_id}:staff{member.id}",
        )
    await ctx.tx.audit.record(
        ctx.now,
        f"participant:{participant.id}",
        "thread.written",
        club_id=participant.club_id,
        subject=f"participant:{participant.id}",
    )
    return message_id


def answer_key(message_id: int) -> str:
    """The dedupe key of the outbox row that carries a staff answer to the participant."""
    return f"thread:{message_id}:participant"


async def to_participant(
    ctx: FlowContext, member: StaffMember, participant: Participant, body: str
) -> int:
    """Store a staff member's answer, signed as the club decides, and queue it."""
    assert participant.telegram_id is not None  # noqa: S101 - callers check reachable() first
    language = await language_of(ctx, participant.telegram_id)
    message_id = await ctx.tx.threads.add(
        participant.club_id,
        participant.id,
        "out",
        body,
        ctx.now,
        staff_id=member.id,
        signature=await signature(ctx, member, language),
    )
    await ctx.tx.outbox.enqueue(
        participant.telegram_id,
        TO_PARTICIPANT,
        "messages.from_staff",
        {"message": message_id},
        language,
        due_at=ctx.now,
        now=ctx.now,
        dedupe_key=answer_key(message_id),
    )
    # Who answered whom, never the words (those are in the thread, erased with the person).
    await ctx.tx.audit.record(
        ctx.now,
        f"staff:{member.id}",
        "thread.answered",
        club_id=participant.club_id,
        subject=f"participant:{participant.id}",
    )
    return message_id
