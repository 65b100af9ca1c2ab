"""Setting up the weekly plan in tests: a club with staff, joined participants, sessions.

The clock fixture stands at Tuesday 24.11.2026 09:00 in Warsaw (08:00 UTC).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from base.times import parse_local
from flows.schedule import planning
from storage.repos.schedule import Session
from tests.fakebot.users import BotMessage, FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import join, staff_member, t

ZONE = "Europe/Warsaw"
__all__ = ["join", "staff_member", "t"]


def utc(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC moment."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


async def plan(
    kisbot: Kisbot,
    when: str,
    *,
    title: str = "Spotkanie w klubie",
    place: str = "sala 2",
    kind: str = "group_workshop",
    minutes: int = 60,
    participants: tuple[int, ...] = (),
    until: date | None = None,
) -> list[Session]:
    """Plan a session the way staff would (club time 'DD.MM.RRRR GG:MM')."""
    club_id = await kisbot.club()
    starts = parse_local(when, ZONE)
    assert starts is not None
    audience = "club" if not participants else "chosen"
    async with kisbot.db.transaction() as tx:
        return await planning.create(
            tx,
            club_id,
            planning.Plan(
                kind=kind,
                title=title,
                place=place,
                starts_at=starts,
                duration_minutes=minutes,
                audience=audience,
                participant_ids=participants,
                until=until,
            ),
            "test",
            kisbot.clock.now(),
            "pl",
        )


async def at(kisbot: Kisbot, moment: datetime) -> int:
    """Move the clock and run the outbox once; how many messages went out."""
    kisbot.clock.set(moment)
    return await kisbot.run_outbox()


def reminders(person: FakeUser) -> list[BotMessage]:
    """The reminders the person got (messages with the RSVP buttons)."""
    return [
        m
        for m in person.messages
        if any((d or "").startswith("1:rv:") for row in m.button_data for d in row)
    ]


def texts(person: FakeUser) -> list[str]:
    """Every text the person got."""
    return [m.text or "" for m in person.messages]


async def outbox_rows(kisbot: Kisbot, kind: str) -> list[tuple[str, str]]:
    """(status, dedupe key) of the outbox rows of a kind."""
    async with kisbot.db.transaction() as tx:
        rows = await tx.schedule._all(
            "SELECT status, dedupe_key FROM outbox WHERE kind = ? ORDER BY id", (kind,)
        )
    return [(r["status"], r["dedupe_key"]) for r in rows]
