"""Time as a dependency, so tests control it instead of sleeping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Tells the current moment."""

    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        ...


class SystemClock:
    """The real clock."""

    def now(self) -> datetime:
        """The current moment, timezone-aware UTC."""
        return datetime.now(UTC)


class ManualClock:
    """A clock that moves only when told to (tests and the chat simulator)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("start must be timezone-aware")
        self._now = start

    def now(self) -> datetime:
        """The set moment."""
        return self._now

    def advance(self, delta: timedelta) -> None:
        """Move forward."""
        self._now += delta

    def set(self, moment: datetime) -> None:
        """Jump to a moment."""
        self._now = moment
