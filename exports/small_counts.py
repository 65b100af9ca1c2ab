"""Small counts in reports that leave a club: a count of people below the threshold is shown
as "<N", and averages or shares resting on so few are withheld, so no person can be picked out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from storage.club_rules import rules_of
from storage.tx import Tx


@dataclass(frozen=True)
class SmallCounts:
    """Counts from 1 to below - 1 are hidden; zero is shown (it names nobody)."""

    below: int

    def hides(self, count: int) -> bool:
        """Whether this count of people is too small to show."""
        return 0 < count < self.below

    def show(self, count: int) -> str:
        """The count, or "<N" when it is too small."""
        return f"<{self.below}" if self.hides(count) else str(count)


async def network_threshold(tx: Tx, club_ids: Iterable[int]) -> SmallCounts:
    """The strictest threshold of the clubs (each club's `network_min_count`, default 5)."""
    found = [(await rules_of(tx, club_id)).network_min_count for club_id in club_ids]
    return SmallCounts(max(found, default=5))
