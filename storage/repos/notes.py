"""Case notes: what staff write about a participant, optionally for their specialism only."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.timefmt import from_db, to_db

# A note is visible to its author, and to everyone when unrestricted, else to the staff of
# the specialism it is limited to. The viewer's id and specialism are bound twice.
_VISIBLE = (
    "n.club_id = ? AND n.participant_id = ? AND (n.author_staff_id = ? "
    "OR n.visible_to_specialism IS NULL OR n.visible_to_specialism = ?)"
)


class CaseNote(BaseModel):
    """One note, with its author's name."""

    model_config = ConfigDict(frozen=True)

    id: int
    author_staff_id: int
    author_name: str
    visible_to_specialism: str | None
    body: str
    created_at: datetime


class NotesRepo(Repository):
    """Add notes and read those a staff member may see; notes are never changed."""

    async def add(
        self,
        club_id: int,
        participant_id: int,
        author_staff_id: int,
        body: str,
        visible_to_specialism: str | None,
        now: datetime,
    ) -> int:
        """A new note; its id."""
        return await self._insert(
            "INSERT INTO case_notes (club_id, participant_id, author_staff_id, "
            "visible_to_specialism, body, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            (club_id, participant_id, author_staff_id, visible_to_specialism, body, to_db(now)),
        )

    async def count_visible(
        self, club_id: int, participant_id: int, viewer_id: int, viewer_specialism: str | None
    ) -> int:
        """How many notes of the participant the viewer may read."""
        row = await self._one(
            f"SELECT COUNT(*) AS n FROM case_notes n WHERE {_VISIBLE}",  # noqa: S608 - constant condition
            (club_id, participant_id, viewer_id, viewer_specialism),
        )
        return int(row["n"]) if row else 0

    async def visible(
        self,
        club_id: int,
        participant_id: int,
        viewer_id: int,
        viewer_specialism: str | None,
        limit: int,
    ) -> list[CaseNote]:
        """The newest notes the viewer may read, newest first."""
        rows = await self._all(
            "SELECT n.id, n.author_staff_id, s.display_name AS author_name, "  # noqa: S608 - constant condition
            "n.visible_to_specialism, n.body, n.created_at FROM case_notes n "
            "JOIN staff_members s ON s.id = n.author_staff_id "
            f"WHERE {_VISIBLE} ORDER BY n.id DESC LIMIT ?",
            (club_id, participant_id, viewer_id, viewer_specialism, limit),
        )
        return [
            CaseNote(
                id=r["id"],
                author_staff_id=r["author_staff_id"],
                author_name=r["author_name"],
                visible_to_specialism=r["visible_to_specialism"],
                body=r["body"],
                created_at=from_db(r["created_at"]),
            )
            for r in rows
        ]
