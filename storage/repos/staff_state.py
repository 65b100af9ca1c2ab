"""A staff member's working state: the club they work in now, and a flow waiting for input."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.timefmt import to_db


class StaffState(BaseModel):
    """Where a staff member is."""

    model_config = ConfigDict(frozen=True)

    club_id: int | None
    pending: dict[str, Any] | None


class StaffStateRepo(Repository):
    """Read and change a staff member's state."""

    async def get(self, telegram_id: int) -> StaffState:
        """The state (empty when never set)."""
        row = await self._one(
            "SELECT club_id, pending FROM staff_state WHERE telegram_id = ?", (telegram_id,)
        )
        if row is None:
            return StaffState(club_id=None, pending=None)
        pending = json.loads(row["pending"]) if row["pending"] else None
        return StaffState(club_id=row["club_id"], pending=pending)

    async def set_club(self, telegram_id: int, club_id: int, now: datetime) -> None:
        """Work in this club from now on (and drop any half-done flow of the old one)."""
        await self._run(
            "INSERT INTO staff_state (telegram_id, club_id, pending, updated_at) "
            "VALUES (?, ?, NULL, ?) ON CONFLICT (telegram_id) DO UPDATE SET "
            "club_id = excluded.club_id, pending = NULL, updated_at = excluded.updated_at",
            (telegram_id, club_id, to_db(now)),
        )

    async def set_pending(
        self, telegram_id: int, pending: dict[str, Any] | None, now: datetime
    ) -> None:
        """Remember (or clear) the flow waiting for this person's typed input."""
        value = None if pending is None else json.dumps(pending, ensure_ascii=False)
        await self._run(
            "INSERT INTO staff_state (telegram_id, club_id, pending, updated_at) "
            "VALUES (?, NULL, ?, ?) ON CONFLICT (telegram_id) DO UPDATE SET "
            "pending = excluded.pending, updated_at = excluded.updated_at",
            (telegram_id, value, to_db(now)),
        )

    async def next_list(self, telegram_id: int, now: datetime) -> int:
        """A number for a new list message to this person, never given to them before."""
        row = await self._one(
            "INSERT INTO staff_state (telegram_id, club_id, pending, updated_at, lists) "
            "VALUES (?, NULL, NULL, ?, 1) ON CONFLICT (telegram_id) DO UPDATE SET "
            "lists = staff_state.lists + 1 RETURNING lists",
            (telegram_id, to_db(now)),
        )
        assert row is not None  # noqa: S101 - an upsert with RETURNING gives its row
        return int(row["lists"])
