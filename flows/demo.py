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


# The club `kisbot demo-data` made (flows/demo_data.py keeps its id under this meta key).
DEMO_DATA_KEY = "demo_data.club"


class NoSuchClub(LookupError):
    """`kisbot chat --club ID` names a club that does not exist."""


async def demo_staff(
    tx: Tx, telegram_id: int, timezone: str, now: datetime, club_id: int | None = None
) -> StaffMember:
    """The terminal's leader: a leader of the chat's demo club, of the club `kisbot demo-data`
    made (when it exists) and of `club_id` (when given), so /club switches between them; they
    work in `club_id`, else the demo-data club, else the demo club."""
    clubs = [await demo_club(tx, timezone, now)]
    known = await tx.meta.get(DEMO_DATA_KEY)
    for wanted in (int(known) if known else None, club_id):
        if wanted is None:
            continue
        found = await tx.clubs.get(wanted)
        if found is None:
            if wanted == club_id:
                raise NoSuchClub(str(club_id))
            continue
        clubs.append(found)
    for club in clubs:
        member = await _lead(tx, telegram_id, club, now)
    await tx.staff_state.set_club(telegram_id, clubs[-1].id, now)
    return member


async def _lead(tx: Tx, telegram_id: int, club: Club, now: datetime) -> StaffMember:
    """telegram_id as an active leader of club, created (or made active) if needed."""
    member = await tx.staff.membership(club.id, telegram_id)
    if member is None:
        member = await tx.staff.add(club.id, telegram_id, DEMO_LEADER_NAME, "leader", now)
        await tx.staff.set_specialism(club.id, member.id, "social_worker")
        await tx.audit.record(
            now, "cli", "staff.demo_created", club_id=club.id, subject=f"staff:{member.id}"
        )
    elif not member.active:
        await tx.staff.reactivate(club.id, member.id, "leader")
    found = await tx.staff.membership(club.id, telegram_id)
    assert found is not None  # noqa: S101 - added above in this transaction
    return found
