"""A staff member opens their invite link: membership, name, specialism."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows import flow
from flows.actor import Actor
from flows.buttons import ButtonData
from flows.clean import clean_line
from flows.context import FlowContext
from flows.flow import Flow, FlowState, Step
from flows.i18n import Text
from flows.reply import Button, EditPressed, Message, Reply, StaffMenu
from storage.repos.invites import Invite
from storage.repos.staff import Specialism

SpecialismCode = Literal["sw", "ps", "cc", "ot"]
SPECIALISMS: dict[SpecialismCode, Specialism] = {
    "sw": "social_worker",
    "ps": "psychologist",
    "cc": "career_counsellor",
    "ot": "other",
}
MAX_NAME = 100


@dataclass(frozen=True)
class ChooseSpecialism(ButtonData, kind="ss"):
    """The new member's specialism (set once)."""

    code: SpecialismCode


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
    """The typed name; then the specialism."""
    name = clean_line(name)
    if not name or len(name) > MAX_NAME:
        return [Message((Text("club.name_invalid", {"max": MAX_NAME}),), language=actor.language)]
    await ctx.tx.staff.set_name(club_id, staff_id, name)
    await ctx.tx.staff_state.set_pending(actor.telegram_id, None, ctx.now)
    buttons = tuple(
        (Button(Text(f"specialism.{value}"), ChooseSpecialism(code).encode()),)
        for code, value in SPECIALISMS.items()
    )
    return [Message((Text("staff.ask_specialism", {"name": name}),), buttons, actor.language)]


async def choose_specialism(
    ctx: FlowContext, actor: Actor, club_id: int, staff_id: int, code: SpecialismCode
) -> list[Reply]:
    """Specialism pressed, once, right after joining: ready to work.

    Specialism decides who reads restricted case notes, so it is set once, when joining
    (or joining again after losing access), and a later press - forged or stale - changes
    nothing.
    """
    specialism = SPECIALISMS[code]
    member = await ctx.tx.staff.get(club_id, staff_id)
    if member is None or member.specialism is not None:
        return [flow.stale_button(actor.language)]
    await ctx.tx.staff.set_specialism(club_id, staff_id, specialism)
    await ctx.tx.audit.record(
        ctx.now,
        actor.audit_name,
        "staff.specialism_set",
        club_id=club_id,
        subject=f"staff:{staff_id}",
        detail=specialism,
    )
    return [
        EditPressed((Text(f"specialism.{specialism}"),), actor.language),
        Message((Text("staff.help"),), language=actor.language),
        StaffMenu(actor.language),
    ]


async def _press(step: Step, button: ChooseSpecialism) -> list[Reply]:
    staff = step.staff
    return await choose_specialism(
        step.ctx, step.actor, staff.club_id, staff.member.id, button.code
    )


async def _text(step: Step, text: str) -> list[Reply] | None:
    pending = step.mine(StaffNameState)
    if pending is None or pending.staff != step.staff.member.id:
        return None
    return await staff_name(step.ctx, step.actor, step.staff.club_id, pending.staff, text)


FLOW = Flow(
    name="staff_name",
    side="staff",
    access=flow.staff,
    buttons=(ChooseSpecialism,),
    states=(StaffNameState,),
    on_press=_press,
    on_text=_text,
)
