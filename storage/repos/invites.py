"""Invite codes (hashed), and failed attempts to use one (against guessing)."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storage.conn import Row
from storage.repos.base import Repository
from storage.timefmt import to_db

StaffRole = Literal["leader", "specialist"]


class Invite(BaseModel):
    """A stored invite; the code itself is never stored."""

    model_config = ConfigDict(frozen=True)

    code_hash: str
    club_id: int
    participant_id: int | None
    staff_role: StaffRole | None
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    used_by: int | None
    created_by_staff_id: int | None = None
    staff_specialism: str | None = None
    revoked_at: datetime | None = None


_COLUMNS = (
    "code_hash, club_id, participant_id, staff_role, created_at, expires_at, used_at, used_by, "
    "created_by_staff_id, staff_specialism, revoked_at"
)


def _invite(row: Row) -> Invite:
    return Invite.model_validate(dict(row))


class InvitesRepo(Repository):
    """Store, find and use invite codes."""

    async def add(
        self,
        code_hash: str,
        club_id: int,
        now: datetime,
        expires_at: datetime,
        *,
        participant_id: int | None = None,
        staff_role: StaffRole | None = None,
        staff_specialism: str | None = None,
        created_by_staff_id: int | None = None,
    ) -> None:
        """Store a new code's hash, with who made it (None: an operator or the CLI)."""
        await self._run(
            "INSERT INTO invites (code_hash, club_id, participant_id, staff_role, "
            "staff_specialism, created_by_staff_id, created_at, expires_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                code_hash,
                club_id,
                participant_id,
                staff_role,
                staff_specialism,
                created_by_staff_id,
                to_db(now),
                to_db(expires_at),
            ),
        )

    async def find(self, code_hash: str) -> Invite | None:
        """The invite with this hash."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM invites WHERE code_hash = ?",  # noqa: S608 - constant columns
            (code_hash,),
        )
        return _invite(row) if row else None

    async def use(self, code_hash: str, telegram_id: int, now: datetime) -> bool:
        """Mark the code used; False if it was used already (single use)."""
        changed = await self._run(
            "UPDATE invites SET used_at = ?, used_by = ? WHERE code_hash = ? AND used_at IS NULL",
            (to_db(now), telegram_id, code_hash),
        )
        return changed == 1

    async def revoke_unused_for(self, participant_id: int, now: datetime) -> None:
        """Expire a participant's earlier unused codes when a new one is made."""
        await self._run(
            "UPDATE invites SET expires_at = ? WHERE participant_id = ? AND used_at IS NULL "
            "AND expires_at > ?",
            (to_db(now), participant_id, to_db(now)),
        )

    async def open_staff_invites(self, club_id: int, now: datetime) -> list[Invite]:
        """The club's staff links nobody has used and that still work, newest first."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM invites WHERE club_id = ? AND staff_role IS NOT NULL "  # noqa: S608 - constant columns
            "AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ? "
            "ORDER BY created_at DESC",
            (club_id, to_db(now)),
        )
        return [_invite(r) for r in rows]

    async def revoke(self, club_id: int, code_hash: str, now: datetime) -> bool:
        """Stop one unused staff link of the club; False when it was used or gone already."""
        changed = await self._run(
            "UPDATE invites SET revoked_at = ?, expires_at = ? WHERE club_id = ? "
            "AND code_hash = ? AND used_at IS NULL AND revoked_at IS NULL AND expires_at > ?",
            (to_db(now), to_db(now), club_id, code_hash, to_db(now)),
        )
        return changed > 0

    async def revoke_made_by(self, club_id: int, staff_id: int, now: datetime) -> int:
        """Stop every unused link a staff member made (they lost access); how many."""
        return await self._run(
            "UPDATE invites SET revoked_at = ?, expires_at = ? WHERE club_id = ? "
            "AND created_by_staff_id = ? AND used_at IS NULL AND revoked_at IS NULL "
            "AND expires_at > ?",
            (to_db(now), to_db(now), club_id, staff_id, to_db(now)),
        )

    async def record_failure(self, telegram_id: int, now: datetime) -> None:
        """A wrong, used or expired code from this account."""
        await self._run(
            "INSERT INTO code_attempts (telegram_id, at) VALUES (?, ?)", (telegram_id, to_db(now))
        )

    async def failures_since(self, telegram_id: int, since: datetime) -> int:
        """How many failed codes this account sent since a moment."""
        row = await self._one(
            "SELECT COUNT(*) AS n FROM code_attempts WHERE telegram_id = ? AND at > ?",
            (telegram_id, to_db(since)),
        )
        return int(row["n"]) if row else 0
