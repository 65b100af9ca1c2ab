"""The two-thirds rule: per participant per week, the share of hours in activity kinds that
count as social reintegration, planned and attended, against all their hours."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from base.times import week_bounds
from questionnaires.bundled import catalogue
from storage.tx import Tx


@dataclass(frozen=True)
class WeekShare:
    """Minutes of one participant's week."""

    planned: int
    planned_reintegration: int
    attended: int
    attended_reintegration: int

    @property
    def below(self) -> bool:
        """Planned reintegration under two thirds of the planned time (integers, no rounding)."""
        return self.planned > 0 and self.planned_reintegration * 3 < self.planned * 2

    @property
    def attended_below(self) -> bool:
        """Attended reintegration under two thirds of the attended time."""
        return self.attended > 0 and self.attended_reintegration * 3 < self.attended * 2


def percent(part: int, whole: int) -> int:
    """part of whole in whole percent, rounded down (0 when whole is 0)."""
    return part * 100 // whole if whole else 0


def hours(minutes: int) -> str:
    """Minutes as hours with at most one decimal, Polish style (1,5)."""
    whole, rest = divmod(minutes * 10 // 60, 10)
    return f"{whole},{rest}" if rest else str(whole)


async def week_share(
    tx: Tx, club_id: int, participant_id: int, day: date, timezone: str
) -> WeekShare:
    """The participant's Monday-to-Sunday week containing day."""
    start, end = week_bounds(day, timezone)
    kinds = catalogue()
    planned = planned_r = attended = attended_r = 0
    for kind_id, minutes, was_there in await tx.schedule.week_hours(
        club_id, participant_id, start, end
    ):
        kind = kinds.activity_kind(kind_id)
        counts = kind is not None and kind.reintegration
        planned += minutes
        planned_r += minutes if counts else 0
        if was_there:
            attended += minutes
            attended_r += minutes if counts else 0
    return WeekShare(planned, planned_r, attended, attended_r)
