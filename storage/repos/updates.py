"""Processed Telegram update ids (at-most-once handling)."""

from __future__ import annotations

from datetime import datetime

from storage.repos.base import Repository
from storage.timefmt import to_db


class UpdatesRepo(Repository):
    """Which updates have been handled."""

    async def claim(self, update_id: int, now: datetime) -> bool:
        """Record update_id; False when it was handled before (a redelivery)."""
        changed = await self._run(
            "INSERT INTO processed_updates (update_id, processed_at) VALUES (?, ?) "
            "ON CONFLICT (update_id) DO NOTHING",
            (update_id, to_db(now)),
        )
        return changed > 0

    async def forget_before(self, cutoff: datetime) -> int:
        """Drop old ids: Telegram keeps undelivered updates for 24 hours only."""
        return await self._run(
            "DELETE FROM processed_updates WHERE processed_at < ?", (to_db(cutoff),)
        )
