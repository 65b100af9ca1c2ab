"""Dates and times of the weekly plan: typed DD.MM.RRRR GG:MM in the club's zone, stored UTC.

A weekly session keeps its local hour across the clock changes: occurrences are expanded in
local time and only then converted to UTC.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})$")
MAX_OCCURRENCES = 60  # a little over a year of weekly sessions


def parse_date(text: str) -> date | None:
    """DD.MM.RRRR, or None."""
    found = _DATE.match(text.strip())
    if not found:
        return None
    try:
        return date(int(found.group(3)), int(found.group(2)), int(found.group(1)))
    except ValueError:
        return None


def parse_local(text: str, timezone: str) -> datetime | None:
    """'DD.MM.RRRR GG:MM' in the club's zone as an aware UTC moment, or None."""
    parts = text.split()
    if len(parts) != 2:
        return None
    day = parse_date(parts[0])
    found = _TIME.match(parts[1])
    if day is None or not found:
        return None
    hour, minute = int(found.group(1)), int(found.group(2))
    if hour > 23 or minute > 59:
        return None
    return local_to_utc(day, time(hour, minute), timezone)


def local_to_utc(day: date, at: time, timezone: str) -> datetime:
    """A wall-clock time of the club as UTC (a time the spring change skips moves forward)."""
    # fold=0: a time the March change skips (02:30) lands an hour later, a time the October
    # change repeats is its first (summer-time) occurrence.
    return datetime.combine(day, at, tzinfo=ZoneInfo(timezone)).astimezone(UTC)


def weekly(first: datetime, until: date | None, timezone: str) -> list[datetime]:
    """first, and the same local weekday and hour each week up to `until` (inclusive), UTC."""
    zone = ZoneInfo(timezone)
    local = first.astimezone(zone)
    if until is None:
        return [first]
    found: list[datetime] = []
    day = local.date()
    while day <= until and len(found) < MAX_OCCURRENCES:
        found.append(local_to_utc(day, local.time().replace(tzinfo=None), timezone))
        day += timedelta(days=7)
    return found


def local(moment: datetime, timezone: str) -> datetime:
    """The moment on the club's clock."""
    return moment.astimezone(ZoneInfo(timezone))


def show_date(moment: datetime, timezone: str) -> str:
    """DD.MM.RRRR on the club's clock."""
    return local(moment, timezone).strftime("%d.%m.%Y")


def show_time(moment: datetime, timezone: str) -> str:
    """GG:MM on the club's clock."""
    return local(moment, timezone).strftime("%H:%M")


def day_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """The UTC start and end of a local calendar day (23 or 25 hours on change days)."""
    return (
        local_to_utc(day, time(0, 0), timezone),
        local_to_utc(day + timedelta(days=1), time(0, 0), timezone),
    )


def week_start(day: date) -> date:
    """The Monday of day's week."""
    return day - timedelta(days=day.weekday())


def week_bounds(day: date, timezone: str) -> tuple[datetime, datetime]:
    """UTC bounds of the Monday-to-Sunday week containing day, on the club's clock."""
    monday = week_start(day)
    return day_bounds(monday, timezone)[0], day_bounds(monday + timedelta(days=7), timezone)[0]
