"""Demo identities for `kisbot chat`: try the conversations without Telegram or an invite."""

from __future__ import annotations

from datetime import datetime

from storage.repos.participants import Participant
from storage.tx import Tx

DEMO_CLUB_NAME = "Klub Integracji Społecznej (demo)"


async def demo_participant(tx: Tx, telegram_id: int, timezone: str, now: datetime) -> Participant:
    """The participant bound to telegram_id, creating a demo club and participant if needed."""
    existing = await tx.participants.by_telegram(telegram_id)
    if existing is not None:
        return existing
    clubs = [c for c in await tx.clubs.all() if c.name == DEMO_CLUB_NAME]
    club = clubs[0] if clubs else await tx.clubs.create(DEMO_CLUB_NAME, "KIS", timezone, now)
    created = await tx.participants.create(club.id, f"Demo {abs(telegram_id)}", now)
    await tx.participants.bind(created.id, telegram_id)
    await tx.audit.record(
        now, "cli", "participant.demo_created", club_id=club.id, subject=f"participant:{created.id}"
    )
    bound = await tx.participants.by_telegram(telegram_id)
    assert bound is not None  # noqa: S101 - bound just above in this transaction
    return bound
