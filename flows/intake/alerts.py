"""Telling the club's staff that something needs them, through the durable outbox."""

from __future__ import annotations

from base.i18n import LANGUAGES
from flows.context import FlowContext
from storage.repos.outbox import Param
from storage.repos.participants import Participant


async def alert_staff(
    ctx: FlowContext,
    participant: Participant,
    kind: str,
    params: dict[str, Param] | None = None,
    *,
    event: str,
) -> int:
    """Queue the staff alert `staff_alert.<kind>` for every active staff member of the club.

    `event` makes the alert unique, so a repeated step never alerts twice. Returns how many
    staff members were queued; with no staff yet, the event stays in the audit log only.
    """
    values: dict[str, Param] = {"name": participant.display_name, "id": participant.id}
    values.update(params or {})
    queued = 0
    for member in await ctx.tx.staff.active_in_club(participant.club_id):
        stored = await ctx.tx.accounts.language_of(member.telegram_id)
        language = stored if stored in LANGUAGES else ctx.settings.default_language
        if await ctx.tx.outbox.enqueue(
            member.telegram_id,
            "staff_alert",
            f"staff_alert.{kind}",
            values,
            language,
            due_at=ctx.now,
            now=ctx.now,
            dedupe_key=f"{event}:staff{member.id}",
        ):
            queued += 1
    await ctx.tx.audit.record(
        ctx.now,
        f"participant:{participant.id}",
        f"alert.{kind}",
        club_id=participant.club_id,
        subject=f"participant:{participant.id}",
    )
    return queued
