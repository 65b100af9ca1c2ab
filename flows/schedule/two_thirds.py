"""Moved to exports/two_thirds.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports exports.two_thirds."""

from exports.two_thirds import (
    WeekShare,
    hours,
    percent,
    week_share,
)

__all__ = [
    "WeekShare",
    "hours",
    "percent",
    "week_share",
]
