"""One update at a time per person; different people in parallel."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager


class PersonLocks:
    """Per-person asyncio locks that are dropped when nobody waits on them."""

    def __init__(self) -> None:
        self._locks: dict[int, asyncio.Lock] = {}
        self._users: dict[int, int] = {}

    @asynccontextmanager
    async def hold(self, person_id: int) -> AsyncIterator[None]:
        """Wait for and hold this person's lock."""
        lock = self._locks.setdefault(person_id, asyncio.Lock())
        self._users[person_id] = self._users.get(person_id, 0) + 1
        try:
            async with lock:
                yield
        finally:
            self._users[person_id] -= 1
            if self._users[person_id] == 0:
                del self._users[person_id]
                del self._locks[person_id]

    def __len__(self) -> int:
        return len(self._locks)
