"""Telegram accounts the bot has met, with their chosen language (a step notes the visit and
reads the language with who the person is: storage/repos/who.py)."""

from __future__ import annotations

from storage.repos.base import Repository


class AccountsRepo(Repository):
    """Accounts and their language preference."""

    async def language_of(self, telegram_id: int) -> str | None:
        """The stored language choice, if any."""
        row = await self._one("SELECT language FROM accounts WHERE telegram_id = ?", (telegram_id,))
        return None if row is None else row["language"]

    async def set_language(self, telegram_id: int, language: str) -> None:
        """Remember the person's language."""
        await self._run(
            "UPDATE accounts SET language = ? WHERE telegram_id = ?", (language, telegram_id)
        )
