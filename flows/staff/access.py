"""Access control for staff, in one place: who may do what, in which club.

Every staff step goes through `resolve_staff`, and every repository query of club data takes
the club id from the StaffActor it returns, so a guessed id from another club finds nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.actor import Actor
from flows.context import FlowContext
from storage.repos.staff import StaffMember
from storage.repos.staff_state import StaffState
from storage.repos.who import Who

Permission = Literal["work", "invite_staff", "manage_staff", "view_audit", "report", "erase"]
LEADER_ONLY: frozenset[Permission] = frozenset(
    {"invite_staff", "manage_staff", "view_audit", "report", "erase"}
)


@dataclass(frozen=True)
class StaffActor:
    """A staff member working in one club now."""

    actor: Actor
    member: StaffMember
    memberships: tuple[StaffMember, ...]

    @property
    def club_id(self) -> int:
        """The club every query of this step is limited to."""
        return self.member.club_id

    @property
    def audit_name(self) -> str:
        """How the audit log names this staff member."""
        return f"staff:{self.member.id}"

    def can(self, permission: Permission) -> bool:
        """Whether the member's role allows this."""
        return permission not in LEADER_ONLY or self.member.role == "leader"


async def resolve_staff(ctx: FlowContext, actor: Actor, who: Who) -> tuple[StaffActor | None, Who]:
    """The actor as staff of their current club (None without an active membership), and who
    they are after this (their staff state as it stands: the chosen club may move here)."""
    memberships = who.memberships
    if not memberships:
        return None, who
    current = next((m for m in memberships if m.club_id == who.staff_state.club_id), None)
    if current is None:
        # The chosen club is gone (access ended there): work in the first one, and remember
        # it, so the choice does not silently move between steps.
        current = memberships[0]
        await ctx.tx.staff_state.set_club(actor.telegram_id, current.club_id, ctx.now)
        who = who.with_state(StaffState(club_id=current.club_id, pending=None))
    return StaffActor(actor=actor, member=current, memberships=memberships), who
