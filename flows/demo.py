"""Demo identities for `kisbot chat`: try the conversations without Telegram or an invite."""

from __future__ import annotations

from datetime import datetime

from storage.repos.clubs import Club
from storage.repos.participants import Participant
from storage.repos.staff import StaffMember
from storage.tx import Tx

DEMO_CLUB_NAME = "Klub Integracji Społecznej (demo)"
DEMO_LEADER_NAME = "Demo"


async def demo_club(tx: Tx, timezone: str, now: datetime) -> Club:
    """The demo club, created on first use."""
    clubs = [c for c in await tx.clubs.all() if c.name == DEMO_CLUB_NAME]
    return clubs[0] if clubs else await tx.clubs.create(DEMO_CLUB_NAME, "KIS", timezone, now)


async def demo_participant(tx: Tx, telegram_id: int, timezone: str, now: datetime) -> Participant:
    """The participant bound to telegram_id, creating a demo club and participant if needed."""
    existing = await tx.participants.by_telegram(telegram_id)
    if existing is not None:
        return existing
    club = await demo_club(tx, timezone, now)
    created = await tx.participants.create(club.id, f"Demo {abs(telegram_id)}", now)
    await tx.participants.bind(created.id, telegram_id)
    await tx.audit.record(
        now, "cli", "participant.demo_created", club_id=club.id, subject=f"participant:{created.id}"
    )
    bound = await tx.participants.by_telegram(telegram_id)
    assert bound is not None  # noqa: S101 - bound just above in this transaction
    return bound


async def demo_staff(tx: Tx, telegram_id: int, timezone: str, now: datetime) -> StaffMember:
    """A leader of the demo club bound to telegram_id, created (or made active) if needed."""
    club = await demo_club(tx, timezone, now)
    member = await tx.staff.membership(club.id, telegram_id)
    if member is None:
        member = await tx.staff.add(club.id, telegram_id, DEMO_LEADER_NAME, "leader", now)
        await tx.staff.set_specialism(club.id, member.id, "social_worker")
        await tx.audit.record(
            now, "cli", "staff.demo_created", club_id=club.id, subject=f"staff:{member.id}"
        )
    elif not member.active:
        await tx.staff.reactivate(club.id, member.id, "leader")
    await tx.staff_state.set_club(telegram_id, club.id, now)
    found = await tx.staff.membership(club.id, telegram_id)
    assert found is not None  # noqa: S101 - added above in this transaction
    return found
