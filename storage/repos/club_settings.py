"""Per-club settings stored as key and text value; storage.club_rules gives them types and
documented defaults."""

from __future__ import annotations

from storage.repos.base import Repository


class ClubSettingsRepo(Repository):
    """Read and change one club's settings."""

    async def all(self, club_id: int) -> dict[str, str]:
        """The club's stored settings (missing keys take their defaults)."""
        rows = await self._all("SELECT key, value FROM club_settings WHERE club_id = ?", (club_id,))
        return {str(r["key"]): str(r["value"]) for r in rows}

    async def put(self, club_id: int, key: str, value: str | None) -> None:
        """Store a setting; None returns it to its default."""
        await self._run("DELETE FROM club_settings WHERE club_id = ? AND key = ?", (club_id, key))
        if value is not None:
            await self._run(
                "INSERT INTO club_settings (club_id, key, value) VALUES (?, ?, ?)",
                (club_id, key, value),
            )
