"""Telegram accounts the bot has met, with their chosen language."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from storage.repos.base import Repository
from storage.timefmt import to_db


class Account(BaseModel):
    """A Telegram account as the bot knows it."""

    model_config = ConfigDict(frozen=True)

    telegram_id: int
    language: str | None


class AccountsRepo(Repository):
    """Accounts and their language preference."""

    async def touch(self, telegram_id: int, now: datetime) -> Account:
        """Create the account on first contact, note the visit, return it."""
        # One round trip: every step starts here.
        row = await self._one(
            "INSERT INTO accounts (telegram_id, language, created_at, last_seen_at) "
            "VALUES (?, NULL, ?, ?) "
            "ON CONFLICT (telegram_id) DO UPDATE SET last_seen_at = excluded.last_seen_at "
            "RETURNING telegram_id, language",
            (telegram_id, to_db(now), to_db(now)),
        )
        assert row is not None  # noqa: S101 - an upsert with RETURNING always yields the row
        return Account(telegram_id=row["telegram_id"], language=row["language"])

    async def language_of(self, telegram_id: int) -> str | None:
        """The stored language choice, if any."""
        row = await self._one("SELECT language FROM accounts WHERE telegram_id = ?", (telegram_id,))
        return None if row is None else row["language"]

    async def set_language(self, telegram_id: int, language: str) -> None:
        """Remember the person's language."""
        await self._run(
            "UPDATE accounts SET language = ? WHERE telegram_id = ?", (language, telegram_id)
        )
