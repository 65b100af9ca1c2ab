"""Moved to base/times.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports base.times."""

from base.times import (
    MAX_OCCURRENCES,
    day_bounds,
    local,
    local_to_utc,
    parse_date,
    parse_local,
    show_date,
    show_time,
    week_bounds,
    week_start,
    weekly,
)

__all__ = [
    "MAX_OCCURRENCES",
    "day_bounds",
    "local",
    "local_to_utc",
    "parse_date",
    "parse_local",
    "show_date",
    "show_time",
    "week_bounds",
    "week_start",
    "weekly",
]
