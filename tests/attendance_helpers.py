"""A CIS with three participants and a month (December 2026) of sessions and attendance,
hand-computed figures in the tests that use it.

Weekly "Warsztat" (group workshop, 120 min) on 1, 8, 15 and 22 December at 10:00 for the whole
club; one "Ogród" (vocational, 180 min) on 3 December for Ala only.
Ala: present, late (90 min), excused ("wizyta u lekarza"), unexcused; Ogród present.
Basia (admitted 1 December: a trial month): unexcused, present, present, present.
Olek: unexcused, unexcused, present, not recorded.
Ala and Olek were admitted on 1 October (their trial month is over).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from base.times import parse_local
from flows.schedule import planning
from storage.db import Database
from storage.repos.attendance import Presence

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
# Ala and Olek were admitted on 1 October: their trial month (a CIS default) is over.
EARLIER = datetime(2026, 10, 1, 8, 0, tzinfo=UTC)


@dataclass(frozen=True)
class December:
    """The ids the tests need."""

    club_id: int
    ala: int
    basia: int
    olek: int
    workshops: tuple[int, ...]
    garden: int


def _plan(kind: str, title: str, when: str, minutes: int, until: date | None, who: tuple[int, ...]):
    starts = parse_local(when, "Europe/Warsaw")
    assert starts is not None
    return planning.Plan(
        kind=kind,
        title=title,
        place="sala 1",
        starts_at=starts,
        duration_minutes=minutes,
        audience="chosen" if who else "club",
        participant_ids=who,
        until=until,
    )


async def december(db: Database, kind: str = "CIS", name: str = "CIS Przystań") -> December:
    """Seed the month described above."""
    async with db.transaction() as tx:
        club = await tx.clubs.create(name, kind, "Europe/Warsaw", NOW)  # type: ignore[arg-type]
        staff = await tx.staff.add(club.id, 501, "Ewa", "leader", NOW)
        ala = await tx.participants.create(club.id, "Ala", EARLIER)
        basia = await tx.participants.create(club.id, "Basia", datetime(2026, 12, 1, 8, tzinfo=UTC))
        olek = await tx.participants.create(club.id, "Olek", EARLIER)
        workshops = await planning.create(
            tx,
            club.id,
            _plan("group_workshop", "Warsztat", "01.12.2026 10:00", 120, date(2026, 12, 22), ()),
            "test",
            NOW,
            "pl",
        )
        garden = await planning.create(
            tx,
            club.id,
            _plan("vocational", "Ogród", "03.12.2026 10:00", 180, None, (ala.id,)),
            "test",
            NOW,
            "pl",
        )
        marks: list[tuple[int, int, Presence, int | None, str | None]] = [
            (workshops[0].id, ala.id, "present", None, None),
            (workshops[1].id, ala.id, "late", 90, None),
            (workshops[2].id, ala.id, "excused", None, "wizyta u lekarza"),
            (workshops[3].id, ala.id, "unexcused", None, None),
            (garden[0].id, ala.id, "present", None, None),
            (workshops[0].id, basia.id, "unexcused", None, None),
            (workshops[1].id, basia.id, "present", None, None),
            (workshops[2].id, basia.id, "present", None, None),
            (workshops[3].id, basia.id, "present", None, None),
            (workshops[0].id, olek.id, "unexcused", None, None),
            (workshops[1].id, olek.id, "unexcused", None, None),
            (workshops[2].id, olek.id, "present", None, None),
        ]
        for session_id, pid, presence, minutes, reason in marks:
            assert await tx.attendance.record(
                club.id,
                session_id,
                pid,
                presence,
                minutes=minutes,
                reason=reason,
                staff_id=staff.id,
                now=NOW,
            )
    ids = tuple(w.id for w in workshops)
    return December(club.id, ala.id, basia.id, olek.id, ids, garden[0].id)
