"""Small facts about the deployment (e.g. the bot's username, for invite links)."""

from __future__ import annotations

from storage.repos.base import Repository


class MetaRepo(Repository):
    """Key-value facts."""

    async def get(self, key: str) -> str | None:
        """The value of key, if set."""
        row = await self._one("SELECT value FROM meta WHERE key = ?", (key,))
        return None if row is None else str(row["value"])

    async def set(self, key: str, value: str) -> None:
        """Set key to value."""
        await self._run(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )
