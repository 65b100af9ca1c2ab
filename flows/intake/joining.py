"""Opening a personal invite link: checks the code and binds the Telegram account."""

from __future__ import annotations

from datetime import timedelta

from base.i18n import Text
from flows.actor import Actor
from flows.context import FlowContext
from flows.invites import CODE_SHAPE, MAX_FAILURES_PER_HOUR, hash_code
from flows.reply import Message
from storage.repos.invites import Invite
from storage.repos.participants import Participant


class JoinRefused(Exception):
    """The code cannot be used; `key` says why in words for the person."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


async def check_code(ctx: FlowContext, actor: Actor, code: str) -> Invite:
    """The unused, unexpired invite behind code, or JoinRefused (failures count to a lockout).

    A participant code already used by this same account is returned too: opening one's own
    link again just resumes.
    """
    tx = ctx.tx
    since = ctx.now - timedelta(hours=1)
    if await tx.invites.failures_since(actor.telegram_id, since) >= MAX_FAILURES_PER_HOUR:
        raise JoinRefused("join.too_many_tries")
    invite = await tx.invites.find(hash_code(code)) if CODE_SHAPE.match(code) else None
    if invite is None:
        await tx.invites.record_failure(actor.telegram_id, ctx.now)
        raise JoinRefused("join.code_invalid")
    if invite.used_at is not None:
        if invite.used_by == actor.telegram_id and invite.participant_id is not None:
            return invite
        await tx.invites.record_failure(actor.telegram_id, ctx.now)
        raise JoinRefused("join.code_used")
    if invite.expires_at <= ctx.now:
        await tx.invites.record_failure(actor.telegram_id, ctx.now)
        raise JoinRefused("join.code_expired")
    return invite


async def join_with_code(ctx: FlowContext, actor: Actor, invite: Invite) -> Participant:
    """Bind the actor to the participant a checked invite was made for, or raise JoinRefused."""
    tx = ctx.tx
    if invite.participant_id is None:
        raise JoinRefused("join.code_invalid")
    participant = await tx.participants.get(invite.club_id, invite.participant_id)
    if participant is None:
        await tx.invites.record_failure(actor.telegram_id, ctx.now)
        raise JoinRefused("join.code_invalid")
    if invite.used_at is not None:
        if participant.telegram_id == actor.telegram_id:
            return participant  # the same person opened their link again
        await tx.invites.record_failure(actor.telegram_id, ctx.now)
        raise JoinRefused("join.code_used")
    current = await tx.participants.by_telegram(actor.telegram_id)
    if current is not None and current.id != participant.id:
        raise JoinRefused("join.already_linked")
    await tx.invites.use(invite.code_hash, actor.telegram_id, ctx.now)
    # A new link for a participant moves them to a new phone: the old account loses access.
    await tx.participants.bind(participant.id, actor.telegram_id)
    await tx.audit.record(
        ctx.now,
        actor.audit_name,
        "participant.joined",
        club_id=participant.club_id,
        subject=f"participant:{participant.id}",
    )
    bound = await tx.participants.get(participant.club_id, participant.id)
    assert bound is not None  # noqa: S101 - read back in the same transaction
    return bound


def refusal(actor: Actor, error: JoinRefused) -> Message:
    """The friendly explanation of a refused code."""
    return Message((Text(error.key),), language=actor.language)
