"""Clubs (KIS or CIS)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.timefmt import to_db

ClubKind = Literal["KIS", "CIS"]


class Club(BaseModel):
    """A social integration club or centre."""

    model_config = ConfigDict(frozen=True)

    id: int
    name: str
    kind: ClubKind
    timezone: str


class ClubsRepo(Repository):
    """Create and find clubs."""

    async def create(self, name: str, kind: ClubKind, timezone: str, now: datetime) -> Club:
        """A new club."""
        club_id = await self._insert(
            "INSERT INTO clubs (name, kind, timezone, created_at) VALUES (?, ?, ?, ?)",
            (name, kind, timezone, to_db(now)),
        )
        return Club(id=club_id, name=name, kind=kind, timezone=timezone)

    async def get(self, club_id: int) -> Club | None:
        """The club with this id, if any."""
        row = await self._one("SELECT id, name, kind, timezone FROM clubs WHERE id = ?", (club_id,))
        if row is None:
            return None
        return Club(id=row["id"], name=row["name"], kind=row["kind"], timezone=row["timezone"])

    async def all(self) -> list[Club]:
        """Every club, by id."""
        rows = await self._all("SELECT id, name, kind, timezone FROM clubs ORDER BY id")
        return [
            Club(id=r["id"], name=r["name"], kind=r["kind"], timezone=r["timezone"]) for r in rows
        ]
