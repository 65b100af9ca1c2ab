"""Webhook delivery as Telegram does it, to one or several bot workers.

Each pending update is POSTed with the secret token until a worker answers 200; a chat's
next update waits until its previous one was answered; failed deliveries (connection
refused, an error status, a worker killed mid-request) go to the next worker after a short
pause. Several endpoints stand for the proxy in front of the workers. The FakeUser helpers
work unchanged: an update counts as fetched when it is first posted.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import time
from collections import Counter
from types import TracebackType
from typing import TYPE_CHECKING, Self

import aiohttp

if TYPE_CHECKING:
    from tests.fakebot.server import FakeBotApi
    from tests.fakebot.state import QueuedUpdate

RETRY_PAUSE = 0.05


class WebhookPusher:
    def __init__(
        self,
        server: FakeBotApi,
        endpoints: list[str],
        secret_token: str = "workers-secret-token-0123456789abcdefghij",  # noqa: S107 - fake
        *,
        request_timeout: float = 30.0,
    ) -> None:
        self.server = server
        self.endpoints = endpoints
        self.secret_token = secret_token
        self.request_timeout = request_timeout
        self.answered: Counter[int] = Counter()  # update id -> 200 answers
        self.attempts: Counter[int] = Counter()  # update id -> POSTs
        self._turn = itertools.count()
        self._busy_chats: set[int | str] = set()
        self._in_flight: set[int] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: asyncio.Task[None] | None = None
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        timeout = aiohttp.ClientTimeout(total=self.request_timeout)
        self._session = aiohttp.ClientSession(timeout=timeout)
        self._runner = asyncio.create_task(self._run())
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        tasks = [t for t in (self._runner, *self._tasks) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()

    @property
    def in_flight(self) -> set[int]:
        """Update ids posted and not yet answered."""
        return self._in_flight

    def pending(self) -> int:
        """Updates not yet answered by any worker."""
        return len(self.server.queue._pending)

    async def _run(self) -> None:
        queue = self.server.queue
        while True:
            for queued in sorted(queue._pending, key=lambda q: q.update_id):
                key: int | str = queued.chat_id if queued.chat_id is not None else queued.update_id
                if queued.update_id in self._in_flight or key in self._busy_chats:
                    continue
                self._busy_chats.add(key)
                self._in_flight.add(queued.update_id)
                task = asyncio.create_task(self._deliver(queued, key))
                self._tasks.add(task)
                task.add_done_callback(self._tasks.discard)
            changed = queue._changed
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(0.02):
                    await changed.wait()

    async def _deliver(self, queued: QueuedUpdate, key: int | str) -> None:
        assert self._session is not None
        try:
            while True:
                endpoint = self.endpoints[next(self._turn) % len(self.endpoints)]
                if queued.fetched_at is None:
                    queued.fetched_at = time.monotonic()
                self.attempts[queued.update_id] += 1
                try:
                    async with self._session.post(
                        endpoint,
                        json=queued.update,
                        headers={"X-Telegram-Bot-Api-Secret-Token": self.secret_token},
                    ) as response:
                        ok = response.status == 200
                except (aiohttp.ClientError, TimeoutError):
                    ok = False
                if ok:
                    self.answered[queued.update_id] += 1
                    with contextlib.suppress(ValueError):
                        self.server.queue._pending.remove(queued)
                    return
                await asyncio.sleep(RETRY_PAUSE)
        finally:
            self._busy_chats.discard(key)
            self._in_flight.discard(queued.update_id)
            self.server.queue._notify()
