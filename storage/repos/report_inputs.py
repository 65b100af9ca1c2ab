"""Figures of the annual report the product cannot know (grants, staff employment basis),
entered by a leader before the report is made."""

from __future__ import annotations

from datetime import datetime

from storage.repos.base import Repository
from storage.timefmt import to_db


class ReportInputsRepo(Repository):
    """One value per club, year and code; the latest entry wins."""

    async def set(
        self, club_id: int, year: int, code: str, value: str, by: str, now: datetime
    ) -> None:
        """Enter or replace one figure."""
        await self._run(
            "INSERT INTO report_inputs (club_id, year, code, value, updated_at, updated_by) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (club_id, year, code) DO UPDATE SET "
            "value = excluded.value, updated_at = excluded.updated_at, "
            "updated_by = excluded.updated_by",
            (club_id, year, code, value, to_db(now), by),
        )

    async def clear(self, club_id: int, year: int, code: str) -> bool:
        """Remove an entered figure (the report marks it for completion by hand again)."""
        changed = await self._run(
            "DELETE FROM report_inputs WHERE club_id = ? AND year = ? AND code = ?",
            (club_id, year, code),
        )
        return changed == 1

    async def of_year(self, club_id: int, year: int) -> dict[str, str]:
        """The figures entered for the club's year, by code."""
        rows = await self._all(
            "SELECT code, value FROM report_inputs WHERE club_id = ? AND year = ?",
            (club_id, year),
        )
        return {str(r["code"]): str(r["value"]) for r in rows}
