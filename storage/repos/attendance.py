"""Attendance as a record: presence, minutes attended and the excused-absence reason per
participant and session, and a club's records of a period.

Every query takes the club id: a session or participant of another club is never reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.timefmt import from_db, to_db

Presence = Literal["present", "late", "excused", "unexcused"]
PRESENCES: tuple[Presence, ...] = ("present", "late", "excused", "unexcused")


def counts_as_there(presence: Presence | None) -> bool:
    """Present or late: the person took part (the two-thirds rule and hours count it)."""
    return presence in ("present", "late")


class AttendanceRecord(BaseModel):
    """One expected participant at one planned session, with what staff recorded."""

    model_config = ConfigDict(frozen=True)

    session_id: int
    series_id: int | None
    kind: str
    title: str
    starts_at: datetime
    duration_minutes: int
    participant_id: int
    display_name: str
    presence: Presence | None
    minutes_attended: int | None
    absence_reason: str | None

    @property
    def minutes(self) -> int:
        """Minutes the person was there: as recorded, else the whole session when present."""
        if not counts_as_there(self.presence):
            return 0
        return self.duration_minutes if self.minutes_attended is None else self.minutes_attended


_RECORD = (
    "s.id AS session_id, s.series_id, s.kind, s.title, s.starts_at, s.duration_minutes, "
    "a.participant_id, p.display_name, a.presence, a.minutes_attended, a.absence_reason"
)


@dataclass(frozen=True)
class Mark:
    """What staff record for one person at one session; minutes None means the whole
    session (present or late), reason is kept for an excused absence only."""

    participant_id: int
    presence: Presence
    minutes: int | None = None
    reason: str | None = None


_MARK = (
    "UPDATE session_attendees SET presence = ?, attended = ?, "
    "minutes_attended = CASE WHEN ? THEN COALESCE(?, (SELECT duration_minutes FROM "
    "sessions WHERE id = ?)) ELSE 0 END, absence_reason = ?, marked_at = ?, marked_by = ? "
    "WHERE session_id = ? AND participant_id = ? AND session_id IN "
    "(SELECT id FROM sessions WHERE club_id = ? AND status = 'planned')"
)


def _mark_row(
    club_id: int, session_id: int, mark: Mark, staff_id: int | None, now: datetime
) -> tuple[object, ...]:
    there = counts_as_there(mark.presence)
    return (
        mark.presence,
        there,
        there,
        mark.minutes,
        session_id,
        mark.reason if mark.presence == "excused" else None,
        to_db(now),
        staff_id,
        session_id,
        mark.participant_id,
        club_id,
    )


class AttendanceRepo(Repository):
    """Recording attendance and reading it back by period."""

    async def record(
        self,
        club_id: int,
        session_id: int,
        participant_id: int,
        presence: Presence,
        *,
        minutes: int | None,
        reason: str | None,
        staff_id: int | None,
        now: datetime,
    ) -> bool:
        """Record one person's attendance; False when they are not expected at a planned
        session of this club. minutes None means the whole session (present or late)."""
        mark = Mark(participant_id, presence, minutes, reason)
        changed = await self._run(_MARK, _mark_row(club_id, session_id, mark, staff_id, now))
        return changed == 1

    async def record_many(
        self,
        club_id: int,
        session_id: int,
        marks: Sequence[Mark],
        *,
        staff_id: int | None,
        now: datetime,
    ) -> None:
        """Record several people's attendance at one session in one batch, as record does
        each (a person not expected at a planned session of this club is passed over)."""
        await self._many(_MARK, [_mark_row(club_id, session_id, m, staff_id, now) for m in marks])

    async def in_period(
        self,
        club_id: int,
        start: datetime,
        end: datetime,
        participant_ids: list[int] | None = None,
    ) -> list[AttendanceRecord]:
        """Records of the club's planned sessions starting in [start, end), by time and name."""
        sql = (
            f"SELECT {_RECORD} FROM sessions s JOIN session_attendees a ON a.session_id = s.id "  # noqa: S608 - constant columns
            "JOIN participants p ON p.id = a.participant_id WHERE s.club_id = ? "
            "AND s.status = 'planned' AND s.starts_at >= ? AND s.starts_at < ?"
        )
        params: list[object] = [club_id, to_db(start), to_db(end)]
        if participant_ids is not None:
            if not participant_ids:
                return []
            sql += f" AND a.participant_id IN ({', '.join('?' for _ in participant_ids)})"
            params += participant_ids
        rows = await self._all(sql + " ORDER BY s.starts_at, s.id, p.display_name, p.id", params)
        found = []
        for r in rows:
            data = dict(r)
            data["starts_at"] = from_db(data["starts_at"])
            found.append(AttendanceRecord.model_validate(data))
        return found
