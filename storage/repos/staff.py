"""Staff members of clubs (the staff issue adds invites, roles and deactivation flows)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storage.conn import Row
from storage.repos.base import Repository
from storage.timefmt import to_db

Role = Literal["leader", "specialist"]


class StaffMember(BaseModel):
    """A person working in a club."""

    model_config = ConfigDict(frozen=True)

    id: int
    club_id: int
    telegram_id: int
    display_name: str
    role: Role
    specialism: str | None
    active: bool
    deactivated_at: datetime | None = None


def _member(row: Row) -> StaffMember:
    return StaffMember.model_validate(dict(row))


_COLUMNS = "id, club_id, telegram_id, display_name, role, specialism, active, deactivated_at"
Specialism = Literal["social_worker", "psychologist", "career_counsellor", "other"]


class StaffRepo(Repository):
    """Find and add staff."""

    async def add(
        self, club_id: int, telegram_id: int, display_name: str, role: Role, now: datetime
    ) -> StaffMember:
        """A new active member of a club."""
        new_id = await self._insert(
            "INSERT INTO staff_members (club_id, telegram_id, display_name, role, created_at) "
            "VALUES (?, ?, ?, ?, ?)",
            (club_id, telegram_id, display_name, role, to_db(now)),
        )
        return StaffMember(
            id=new_id,
            club_id=club_id,
            telegram_id=telegram_id,
            display_name=display_name,
            role=role,
            specialism=None,
            active=True,
        )

    async def active_in_club(self, club_id: int) -> list[StaffMember]:
        """Active staff of a club, leaders first."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM staff_members WHERE club_id = ? AND active = TRUE "  # noqa: S608 - constant columns
            "ORDER BY role, id",
            (club_id,),
        )
        return [_member(r) for r in rows]

    async def memberships(self, telegram_id: int) -> list[StaffMember]:
        """Every active membership of a Telegram account."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM staff_members WHERE telegram_id = ? AND active = TRUE "  # noqa: S608 - constant columns
            "ORDER BY club_id",
            (telegram_id,),
        )
        return [_member(r) for r in rows]

    async def get(self, club_id: int, staff_id: int) -> StaffMember | None:
        """A member of this club by id (active or not)."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM staff_members WHERE club_id = ? AND id = ?",  # noqa: S608 - constant columns
            (club_id, staff_id),
        )
        return _member(row) if row else None

    async def in_club(self, club_id: int) -> list[StaffMember]:
        """Every member of a club, active first."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM staff_members WHERE club_id = ? "  # noqa: S608 - constant columns
            "ORDER BY active DESC, role, id",
            (club_id,),
        )
        return [_member(r) for r in rows]

    async def membership(self, club_id: int, telegram_id: int) -> StaffMember | None:
        """This account's membership of this club, active or not."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM staff_members WHERE club_id = ? AND telegram_id = ?",  # noqa: S608 - constant columns
            (club_id, telegram_id),
        )
        return _member(row) if row else None

    async def reactivate(self, club_id: int, staff_id: int, role: Role) -> None:
        """A former member joins again through a new invite."""
        await self._run(
            "UPDATE staff_members SET active = TRUE, deactivated_at = NULL, specialism = NULL, "
            "role = ? "
            "WHERE club_id = ? AND id = ?",
            (role, club_id, staff_id),
        )

    async def deactivate(self, club_id: int, staff_id: int, now: datetime) -> bool:
        """Take away the member's access at once; False if already inactive."""
        changed = await self._run(
            "UPDATE staff_members SET active = FALSE, deactivated_at = ? "
            "WHERE club_id = ? AND id = ? AND active = TRUE",
            (to_db(now), club_id, staff_id),
        )
        return changed > 0

    async def set_name(self, club_id: int, staff_id: int, name: str) -> None:
        """The name colleagues see."""
        await self._run(
            "UPDATE staff_members SET display_name = ? WHERE club_id = ? AND id = ?",
            (name, club_id, staff_id),
        )

    async def set_specialism(
        self, club_id: int, staff_id: int, specialism: Specialism | None
    ) -> None:
        """Social worker, psychologist, career counsellor or other."""
        await self._run(
            "UPDATE staff_members SET specialism = ? WHERE club_id = ? AND id = ?",
            (specialism, club_id, staff_id),
        )
