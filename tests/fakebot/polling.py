"""The update queue behind getUpdates: offsets, confirmation, long polling, redelivery."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Sequence
from typing import Any

from tests.fakebot.state import ApiError, QueuedUpdate

# Telegram's default when allowed_updates was never set: everything but these.
NOT_BY_DEFAULT = frozenset({"chat_member", "message_reaction", "message_reaction_count"})

SUPERSEDED = ApiError(
    409,
    "Conflict: terminated by other getUpdates request; "
    "make sure that only one bot instance is running",
)


class UpdateQueue:
    def __init__(self) -> None:
        self.all: list[dict[str, Any]] = []  # every update ever queued, in order
        self.confirmed_offset = 0
        self._pending: list[QueuedUpdate] = []
        self._ids = itertools.count(100001)
        self._allowed: Sequence[str] | None = None
        self._generation = 0
        self._closing = False
        self.holding = 0  # getUpdates requests held open right now, waiting for an update
        self._changed = asyncio.Event()

    def _notify(self) -> None:
        # Waking every poller by swapping the event: each re-checks its own condition.
        self._changed.set()
        self._changed = asyncio.Event()

    def put(self, body: dict[str, Any]) -> QueuedUpdate:
        queued = QueuedUpdate({"update_id": next(self._ids), **body})
        self.all.append(queued.update)
        self._pending.append(queued)
        self._notify()
        return queued

    def put_again(self, update: dict[str, Any]) -> QueuedUpdate:
        """Deliver an identical update once more, even if its id was already confirmed -
        what Telegram does when a confirmation is lost."""
        queued = QueuedUpdate(dict(update), forced=True)
        self._pending.append(queued)
        self._notify()
        return queued

    def fetched_unconfirmed(self) -> bool:
        """Whether the bot fetched an update it has not confirmed yet (by the offset of its
        next getUpdates): until then it may still be reading the answer, the update not yet
        in its hands, while nothing about it shows at the server."""
        return any(
            q.fetched_at is not None and (q.forced or q.update_id >= self.confirmed_offset)
            for q in self._pending
        )

    def pending_count(self) -> int:
        return len(self._ready(100))

    def drop_pending(self) -> None:
        self._pending.clear()

    def close(self) -> None:
        self._closing = True
        self._notify()

    def _confirm(self, offset: int) -> None:
        if offset < 0:  # "-N": only the last N updates survive
            self._pending = self._pending[offset:]
            return
        self.confirmed_offset = max(self.confirmed_offset, offset)
        self._pending = [
            q for q in self._pending if q.update_id >= offset or (q.forced and q.fetched_at is None)
        ]

    def _ready(self, limit: int) -> list[QueuedUpdate]:
        def wanted(q: QueuedUpdate) -> bool:
            if self._allowed:
                return q.kind in self._allowed
            return q.kind not in NOT_BY_DEFAULT

        ready = sorted((q for q in self._pending if wanted(q)), key=lambda q: q.update_id)
        return ready[:limit]

    async def poll(self, params: dict[str, Any]) -> list[QueuedUpdate]:
        """Answer one getUpdates: return at once if something is pending, else hold the
        request until an update arrives or `timeout` seconds pass."""
        offset = params.get("offset")
        if isinstance(offset, int) and offset != 0:
            self._confirm(offset)
        if params.get("allowed_updates") is not None:
            self._allowed = list(params["allowed_updates"])
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        deadline = time.monotonic() + max(float(params.get("timeout") or 0), 0.0)
        self._generation += 1
        mine = self._generation
        self._notify()  # an older poll still waiting now learns it was superseded
        held = False
        try:
            while True:
                if self._generation != mine:
                    raise SUPERSEDED
                ready = self._ready(limit)
                remaining = deadline - time.monotonic()
                if ready or remaining <= 0 or self._closing:
                    return ready
                if not held:  # counted and announced once, so held polls never wake each other
                    held = True
                    self.holding += 1
                    self._notify()
                changed = self._changed
                try:
                    async with asyncio.timeout(remaining):
                        await changed.wait()
                except TimeoutError:
                    pass
        finally:
            if held:
                self.holding -= 1

    async def until_held(self, within: float = 5.0) -> None:
        """Until a getUpdates is held open waiting for updates: an event, not a guessed pause."""
        async with asyncio.timeout(within):
            while self.holding == 0:
                await self._changed.wait()

    @staticmethod
    def mark_fetched(batch: list[QueuedUpdate]) -> None:
        now = time.monotonic()
        for q in batch:
            if q.fetched_at is None:
                q.fetched_at = now
