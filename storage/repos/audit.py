"""The audit log: who did what to whose data, when. Append-only."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from storage.conn import Conn
from storage.repos.base import Repository
from storage.timefmt import from_db, to_db


class AuditEntry(BaseModel):
    """One recorded action."""

    model_config = ConfigDict(frozen=True)

    at: datetime
    actor: str
    club_id: int | None
    action: str
    subject: str | None
    detail: str | None


class AuditRepo(Repository):
    """Append and read the log; there is deliberately no update or delete."""

    async def record(
        self,
        now: datetime,
        actor: str,
        action: str,
        *,
        club_id: int | None = None,
        subject: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Append one entry."""
        await self._run(
            "INSERT INTO audit_log (at, actor, club_id, action, subject, detail) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            (to_db(now), actor, club_id, action, subject, detail),
        )

    async def for_subject(self, club_id: int, subject: str) -> list[AuditEntry]:
        """Entries about one subject of one club, oldest first."""
        rows = await self._all(
            "SELECT at, actor, club_id, action, subject, detail FROM audit_log "
            "WHERE club_id = ? AND subject = ? ORDER BY id",
            (club_id, subject),
        )
        return [
            AuditEntry(
                at=from_db(r["at"]),
                actor=r["actor"],
                club_id=r["club_id"],
                action=r["action"],
                subject=r["subject"],
                detail=r["detail"],
            )
            for r in rows
        ]

    async def recent_for_subject(self, club_id: int, subject: str, limit: int) -> list[AuditEntry]:
        """The newest entries about one subject of one club, newest first."""
        rows = await self._all(
            "SELECT at, actor, club_id, action, subject, detail FROM audit_log "
            "WHERE club_id = ? AND subject = ? ORDER BY id DESC LIMIT ?",
            (club_id, subject, limit),
        )
        return [
            AuditEntry(
                at=from_db(r["at"]),
                actor=r["actor"],
                club_id=r["club_id"],
                action=r["action"],
                subject=r["subject"],
                detail=r["detail"],
            )
            for r in rows
        ]


class HeldAudit(AuditRepo):
    """The audit log of a read-only snapshot: entries are held, then written by `write_to` in
    a short transaction of their own once the reading is done (a long export never holds the
    writers' lock for the sake of its one audit line)."""

    held: list[tuple[datetime, str, str, int | None, str | None, str | None]]

    def __init__(self, conn: Conn) -> None:
        super().__init__(conn)
        self.held = []

    async def record(
        self,
        now: datetime,
        actor: str,
        action: str,
        *,
        club_id: int | None = None,
        subject: str | None = None,
        detail: str | None = None,
    ) -> None:
        """Hold one entry until write_to."""
        self.held.append((now, actor, action, club_id, subject, detail))

    async def write_to(self, log: AuditRepo) -> None:
        """Append the held entries to log (the audit log of a write transaction)."""
        for now, actor, action, club_id, subject, detail in self.held:
            await log.record(now, actor, action, club_id=club_id, subject=subject, detail=detail)
        self.held = []
