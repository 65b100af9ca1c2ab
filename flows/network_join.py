"""A coordinator opens their invite link: they join the network and can have its report
(/report), which holds counts only, never a person's data."""

from __future__ import annotations

from datetime import timedelta

from base.i18n import Text
from flows.actor import Actor
from flows.context import FlowContext
from flows.invites import CODE_SHAPE, MAX_FAILURES_PER_HOUR, hash_code
from flows.reply import Message, Reply


async def join_coordinator(ctx: FlowContext, actor: Actor, code: str) -> list[Reply] | None:
    """Join the network of a valid coordinator code; None when the code is not one (the
    participant and staff codes are tried next, and count failures there)."""
    tx = ctx.tx
    code = code.strip()
    invite = await tx.networks.find_invite(hash_code(code)) if CODE_SHAPE.match(code) else None
    if invite is None:
        return None
    since = ctx.now - timedelta(hours=1)
    if await tx.invites.failures_since(actor.telegram_id, since) >= MAX_FAILURES_PER_HOUR:
        return [Message((Text("join.too_many_tries"),), language=actor.language)]
    if invite.used_at is not None or invite.expires_at <= ctx.now:
        await tx.invites.record_failure(actor.telegram_id, ctx.now)
        key = "join.code_used" if invite.used_at is not None else "join.code_expired"
        return [Message((Text(key),), language=actor.language)]
    network = await tx.networks.get(invite.network_id)
    used = network is not None and await tx.networks.use_invite(
        invite.code_hash, actor.telegram_id, ctx.now
    )
    if network is None or not used:
        return [Message((Text("join.code_invalid"),), language=actor.language)]
    await tx.networks.add_coordinator(network.id, actor.telegram_id, "-", ctx.now)
    await tx.audit.record(
        ctx.now, actor.audit_name, "network.coordinator_joined", detail=str(network.id)
    )
    joined = Text("network.joined", {"network": network.name})
    return [Message((joined,), language=actor.language)]
