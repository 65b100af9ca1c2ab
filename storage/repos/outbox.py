"""The outbox: messages the bot sends on its own, durable across restarts."""

from __future__ import annotations

import json
from collections.abc import Collection
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, field_validator

from storage.conn import Row
from storage.repos.base import Repository
from storage.timefmt import from_db, to_db

OutboxStatus = Literal["pending", "sending", "sent", "dropped", "failed"]
Param = str | int | float

_COLUMNS = "id, chat_id, kind, message_key, params, language, due_at, status, dedupe_key"


class OutboxMessage(BaseModel):
    """A message waiting to be sent (or already handled)."""

    model_config = ConfigDict(frozen=True)

    id: int
    chat_id: int
    kind: str
    message_key: str
    params: dict[str, Param]
    language: str
    due_at: datetime
    status: OutboxStatus
    dedupe_key: str | None

    @field_validator("params", mode="before")
    @classmethod
    def _json(cls, value: object) -> object:
        return json.loads(value) if isinstance(value, str) else value


def _message(row: Row) -> OutboxMessage:
    return OutboxMessage.model_validate(dict(row))


class OutboxRepo(Repository):
    """Enqueue, claim and settle outgoing messages."""

    async def enqueue(
        self,
        chat_id: int,
        kind: str,
        message_key: str,
        params: dict[str, Param],
        language: str,
        due_at: datetime,
        now: datetime,
        dedupe_key: str | None = None,
    ) -> bool:
        """Add a message; False when one with the same dedupe key exists already."""
        changed = await self._run(
            "INSERT INTO outbox (chat_id, kind, message_key, params, language, due_at, "
            "dedupe_key, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (dedupe_key) DO NOTHING",
            (
                chat_id,
                kind,
                message_key,
                json.dumps(params, ensure_ascii=False),
                language,
                to_db(due_at),
                dedupe_key,
                to_db(now),
            ),
        )
        if changed:
            self._notes.queued_outbox = True
        return changed > 0

    async def due(self, now: datetime, limit: int) -> list[OutboxMessage]:
        """Pending messages whose time has come, oldest first."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM outbox WHERE status = 'pending' AND due_at <= ? "  # noqa: S608 - constant columns
            "ORDER BY due_at, id LIMIT ?",
            (to_db(now), limit),
        )
        return [_message(r) for r in rows]

    async def due_to(self, chat_id: int, now: datetime, limit: int) -> list[OutboxMessage]:
        """Pending messages to one chat whose time has come, oldest first (`kisbot chat`)."""
        rows = await self._all(
            f"SELECT {_COLUMNS} FROM outbox WHERE status = 'pending' AND chat_id = ? "  # noqa: S608 - constant columns
            "AND due_at <= ? ORDER BY due_at, id LIMIT ?",
            (chat_id, to_db(now), limit),
        )
        return [_message(r) for r in rows]

    async def next_due_at(self) -> datetime | None:
        """When the next pending message falls due."""
        row = await self._one("SELECT MIN(due_at) AS due FROM outbox WHERE status = 'pending'")
        if row is None or row["due"] is None:
            return None
        return from_db(row["due"])

    async def by_key(self, dedupe_key: str) -> OutboxMessage | None:
        """The row queued under this dedupe key, whatever its status."""
        row = await self._one(
            f"SELECT {_COLUMNS} FROM outbox WHERE dedupe_key = ?",  # noqa: S608 - constant columns
            (dedupe_key,),
        )
        return _message(row) if row else None

    async def hurry(self, message_id: int, params: dict[str, Param], now: datetime) -> bool:
        """A pending row due now with these params (a staff answer marked urgent); False when
        it is no longer pending."""
        changed = await self._run(
            "UPDATE outbox SET due_at = ?, params = ? WHERE id = ? AND status = 'pending'",
            (to_db(now), json.dumps(params, ensure_ascii=False), message_id),
        )
        if changed:
            self._notes.queued_outbox = True
        return changed > 0

    async def is_pending(self, message_id: int) -> bool:
        """Whether the row still waits to be sent (a read, no lock)."""
        row = await self._one(
            "SELECT 1 FROM outbox WHERE id = ? AND status = 'pending'", (message_id,)
        )
        return row is not None

    async def lock_pending(self, message_id: int) -> bool:
        """Lock a pending row until this transaction ends; False when it is no longer pending
        or another worker holds it (PostgreSQL: FOR UPDATE SKIP LOCKED, so nobody waits;
        SQLite's transactions are serialised already)."""
        skip = " FOR UPDATE SKIP LOCKED" if self._conn.dialect == "postgres" else ""
        row = await self._one(
            "SELECT id FROM outbox WHERE id = ? AND status = 'pending'" + skip,  # noqa: S608 - fixed fragments
            (message_id,),
        )
        return row is not None

    async def claim(self, message_id: int) -> bool:
        """Mark a message as being sent; False if someone else claimed it first."""
        changed = await self._run(
            "UPDATE outbox SET status = 'sending' WHERE id = ? AND status = 'pending'",
            (message_id,),
        )
        return changed == 1

    async def settle(self, message_id: int, status: OutboxStatus, now: datetime) -> None:
        """Record how sending ended."""
        await self._run(
            "UPDATE outbox SET status = ?, sent_at = ? WHERE id = ?",
            (status, to_db(now), message_id),
        )

    async def release(self, message_id: int) -> None:
        """Put a claimed message back (sending was refused before reaching Telegram)."""
        await self._run(
            "UPDATE outbox SET status = 'pending' WHERE id = ? AND status = 'sending'",
            (message_id,),
        )

    async def abandon_interrupted(self, now: datetime) -> int:
        """After a crash, messages caught mid-send may have reached the person: never resend."""
        return await self._run(
            "UPDATE outbox SET status = 'dropped', sent_at = ? WHERE status = 'sending'",
            (to_db(now),),
        )

    async def cancel_pending_to(
        self, chat_id: int, *, keep_kinds: Collection[str], now: datetime
    ) -> int:
        """Drop the pending rows to one chat, except those of `keep_kinds`; how many."""
        kept = sorted(keep_kinds)
        marks = ", ".join("?" for _ in kept) or "''"
        return await self._run(
            "UPDATE outbox SET status = 'dropped', sent_at = ? WHERE chat_id = ? "  # noqa: S608 - placeholders only
            f"AND status = 'pending' AND kind NOT IN ({marks})",
            (to_db(now), chat_id, *kept),
        )
