"""Quiet hours: no messages the person did not ask for between 21:00 and 08:00 club time."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

QUIET_FROM = time(21, 0)
QUIET_UNTIL = time(8, 0)


def is_quiet(moment: datetime, timezone: str) -> bool:
    """Whether moment falls in the club's quiet hours."""
    local = moment.astimezone(ZoneInfo(timezone)).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def next_allowed(moment: datetime, timezone: str) -> datetime:
    """moment itself, or the end of the quiet hours it falls in (08:00 club time)."""
    if not is_quiet(moment, timezone):
        return moment
    local = moment.astimezone(ZoneInfo(timezone))
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=ZoneInfo(timezone)).astimezone(moment.tzinfo)
