"""Moved to base/clock.py: re-exported so code written before keeps working
(docs/ARCHITECTURE.md, layers). New code imports base.clock."""

from base.clock import (
    Clock,
    ManualClock,
    SystemClock,
)

__all__ = [
    "Clock",
    "ManualClock",
    "SystemClock",
]
