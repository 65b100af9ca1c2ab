"""Messages between a participant and the club's staff: the thread of the case file."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict

from storage.conn import Row
from storage.repos.base import Repository
from storage.timefmt import from_db, to_db

Direction = Literal["in", "out"]  # in: from the participant; out: from a staff member

_COLUMNS = (
    "m.id, m.club_id, m.participant_id, m.direction, m.staff_id, m.signature, m.body, "
    "m.created_at, s.display_name AS staff_name"
)
_FROM = "thread_messages m LEFT JOIN staff_members s ON s.id = m.staff_id"


class ThreadMessage(BaseModel):
    """One message of a thread, with the staff author's name (for staff eyes only)."""

    model_config = ConfigDict(frozen=True)

    id: int
    club_id: int
    participant_id: int
    direction: Direction
    staff_id: int | None
    signature: str | None
    body: str
    created_at: datetime
    staff_name: str | None


def _message(row: Row) -> ThreadMessage:
    return ThreadMessage.model_validate(dict(row))


class ThreadsRepo(Repository):
    """Add messages, read a thread, and find the thread a reply belongs to."""

    async def add(
        self,
        club_id: int,
        participant_id: int,
        direction: Direction,
        body: str,
        now: datetime,
        *,
        staff_id: int | None = None,
        signature: str | None = None,
    ) -> int:
        """A new message; its id."""
        return await self._insert(
            "INSERT INTO thread_messages (club_id, participant_id, direction, staff_id, "
            "signature, body, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (club_id, participant_id, direction, staff_id, signature, body, to_db(now)),
        )

    async def get(self, message_id: int) -> ThreadMessage | None:
        """A message by id, whatever the club (the outbox checks the rest before sending)."""
        row = await self._one(f"SELECT {_COLUMNS} FROM {_FROM} WHERE m.id = ?", (message_id,))  # noqa: S608 - constant fragments
        return _message(row) if row else None

    async def latest(self, club_id: int, participant_id: int, limit: int) -> list[ThreadMessage]:
        """The newest messages of a participant's thread, oldest of them first."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM {_FROM} WHERE m.club_id = ? AND m.participant_id = ? "  # noqa: S608 - constant fragments
            "ORDER BY m.id DESC LIMIT ?",
            (club_id, participant_id, limit),
        )
        return [_message(r) for r in reversed(rows)]

    async def count(self, club_id: int, participant_id: int) -> int:
        """How many messages the thread has."""
        row = await self._one(
            "SELECT COUNT(*) AS n FROM thread_messages WHERE club_id = ? AND participant_id = ?",
            (club_id, participant_id),
        )
        return int(row["n"]) if row else 0

    async def count_since(self, participant_id: int, direction: Direction, since: datetime) -> int:
        """Messages of one direction in a participant's thread after a moment (rate limits)."""
        row = await self._one(
            "SELECT COUNT(*) AS n FROM thread_messages "
            "WHERE participant_id = ? AND direction = ? AND created_at > ?",
            (participant_id, direction, to_db(since)),
        )
        return int(row["n"]) if row else 0

    async def last_from_participant(self, participant_id: int) -> datetime | None:
        """When the participant last wrote (a staff answer soon after is no night surprise)."""
        row = await self._one(
            "SELECT MAX(created_at) AS at FROM thread_messages "
            "WHERE participant_id = ? AND direction = 'in'",
            (participant_id,),
        )
        if row is None or row["at"] is None:
            return None
        return from_db(row["at"])

    async def remember_copy(self, chat_id: int, shown_message_id: int, message_id: int) -> None:
        """The bot showed this message in that chat under that Telegram message id (nothing
        when the message was erased meanwhile)."""
        await self._run(
            "INSERT INTO thread_copies (chat_id, shown_message_id, message_id) "
            "SELECT CAST(? AS BIGINT), CAST(? AS BIGINT), id FROM thread_messages WHERE id = ? "
            "ON CONFLICT (chat_id, shown_message_id) DO NOTHING",
            (chat_id, shown_message_id, message_id),
        )

    async def by_copy(self, chat_id: int, shown_message_id: int) -> ThreadMessage | None:
        """The message whose copy this is, in this chat only (a reply can name nothing else)."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM {_FROM} "  # noqa: S608 - constant fragments
            "JOIN thread_copies c ON c.message_id = m.id "
            "WHERE c.chat_id = ? AND c.shown_message_id = ?",
            (chat_id, shown_message_id),
        )
        return _message(row) if row else None
