"""A staff member opens their invite link: membership, name, specialism."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from base.clean import clean_line
from base.i18n import Text, translate
from flows import flow
from flows.actor import Actor
from flows.context import FlowContext
from flows.flow import Flow, FlowState, Step
from flows.reply import Message, Reply
from flows.staff import menu
from storage.repos.invites import Invite
from storage.repos.staff import Specialism, StaffMember
from storage.tx import Tx

SpecialismCode = Literal["sw", "ps", "cc", "ot"]
SPECIALISMS: dict[SpecialismCode, Specialism] = {
    "sw": "social_worker",
    "ps": "psychologist",
    "cc": "career_counsellor",
    "ot": "other",
}
MAX_NAME = 100


class StaffNameState(FlowState):
    """A new member's name is awaited."""

    flow: Literal["staff_name"] = "staff_name"
    staff: int


async def join_staff(ctx: FlowContext, actor: Actor, invite: Invite) -> list[Reply]:
    """The invite is valid and unused (checked by the caller): make or revive the membership."""
    assert invite.staff_role is not None  # noqa: S101 - the caller routes staff invites here
    club = await ctx.tx.clubs.get(invite.club_id)
    if club is None:
        return [Message((Text("join.code_invalid"),), language=actor.language)]
    existing = await ctx.tx.staff.membership(club.id, actor.telegram_id)
    if (
        existing is not None
        and existing.deactivated_at is not None
        and invite.created_at <= existing.deactivated_at
    ):
        # A link made before someone lost access must not give it back (they may have made
        # it themselves while they were a leader).
        return [Message((Text("join.code_invalid"),), language=actor.language)]
    await ctx.tx.invites.use(invite.code_hash, actor.telegram_id, ctx.now)
    if existing is None:
        member = await ctx.tx.staff.add(club.id, actor.telegram_id, "-", invite.staff_role, ctx.now)
    else:
        await ctx.tx.staff.reactivate(club.id, existing.id, invite.staff_role)
        member = existing
    if invite.staff_specialism in SPECIALISMS.values():
        # Chosen by whoever made the link, never by the person opening it.
        await confirm_specialism(
            ctx.tx,
            club.id,
            member.id,
            invite.staff_specialism,  # type: ignore[arg-type]  # checked just above
            f"invite:{invite.created_by_staff_id or 'operator'}",
            ctx.now,
        )
    await ctx.tx.staff_state.set_club(actor.telegram_id, club.id, ctx.now)
    await ctx.tx.staff_state.set_pending(
        actor.telegram_id, StaffNameState(staff=member.id).model_dump(), ctx.now
    )
    await ctx.tx.audit.record(
        ctx.now,
        actor.audit_name,
        "staff.joined",
        club_id=club.id,
        subject=f"staff:{member.id}",
        detail=invite.staff_role,
    )
    return [
        Message(
            (Text("staff.welcome", {"club": club.name}), Text("staff.ask_name")),
            language=actor.language,
        ),
    ]


async def staff_name(
    ctx: FlowContext, actor: Actor, club_id: int, staff_id: int, name: str
) -> list[Reply]:
    """The typed name: ready to work. The specialism came with the link or comes from a leader
    (it decides who reads limited notes, so nobody chooses their own)."""
    name = clean_line(name)
    if not name or len(name) > MAX_NAME:
        return [Message((Text("club.name_invalid", {"max": MAX_NAME}),), language=actor.language)]
    await ctx.tx.staff.set_name(club_id, staff_id, name)
    await ctx.tx.staff_state.set_pending(actor.telegram_id, None, ctx.now)
    member = await ctx.tx.staff.get(club_id, staff_id)
    specialism = (
        Text(
            "staff.specialism_given",
            {"specialism": translate(actor.language, f"specialism.{member.specialism}")},
        )
        if member is not None and member.specialism
        else Text("staff.specialism_pending")
    )
    return [
        Message((Text("staff.ready", {"name": name}), specialism), language=actor.language),
        *await menu.welcome(ctx, actor),
    ]


async def _text(step: Step, text: str) -> list[Reply] | None:
    pending = step.mine(StaffNameState)
    if pending is None or pending.staff != step.staff.member.id:
        return None
    return await staff_name(step.ctx, step.actor, step.staff.club_id, pending.staff, text)


FLOW = Flow(
    name="staff_name",
    side="staff",
    access=flow.staff,
    states=(StaffNameState,),
    on_text=_text,
)


async def confirm_specialism(
    tx: Tx, club_id: int, staff_id: int, specialism: Specialism | None, actor: str, now: datetime
) -> StaffMember | None:
    """A leader's or operator's choice of a member's specialism, audit-logged; None if no such
    member. Never the member's own: the specialism decides who reads limited notes."""
    member = await tx.staff.get(club_id, staff_id)
    if member is None:
        return None
    await tx.staff.set_specialism(club_id, staff_id, specialism)
    await tx.audit.record(
        now,
        actor,
        "staff.specialism_set",
        club_id=club_id,
        subject=f"staff:{staff_id}",
        detail=specialism or "none",
    )
    return await tx.staff.get(club_id, staff_id)
