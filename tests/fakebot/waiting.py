"""When has the bot finished reacting to an update?

There is no "done" signal over HTTP, so: the update was fetched, the bot then made a call
about that chat (or callback), and after that made no call at all for `settle` seconds.
A test that runs the bot in-process can also say when it is busy (`Waiter.busy`): a pause
inside an update's handler (a rate limiter, a loaded machine) then never passes for its end.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from tests.fakebot.state import QueuedUpdate

if TYPE_CHECKING:
    from tests.fakebot.server import FakeBotApi

TICK = 0.002


class Waiter:
    def __init__(self, server: FakeBotApi, *, settle: float, timeout: float) -> None:
        self.server = server
        self.settle_period = settle
        self.timeout = timeout
        # Whether the bot is still handling an update; None when the bot cannot tell.
        self.busy: Callable[[], bool] | None = None

    async def wait(
        self,
        queued: QueuedUpdate,
        *,
        expect_reply: bool,
        what: str,
        chat_id: int | None = None,
        query_id: str | None = None,
        within: float | None = None,
    ) -> None:
        since = len(self.server.calls)
        chat_id = queued.chat_id if chat_id is None else chat_id
        query_id = queued.query_id if query_id is None else query_id
        deadline = time.monotonic() + (self.timeout if within is None else within)
        await self._until(
            lambda: queued.fetched_at is not None,
            deadline,
            f"{what} (update {queued.update_id}) was never fetched by getUpdates - "
            "is the Application polling this server?",
            since,
        )
        if expect_reply:
            await self._until(
                lambda: self._reacted(queued, chat_id, query_id),
                deadline,
                f"the bot did not react to {what} (update {queued.update_id})",
                since,
            )
        await self.settle(deadline, what, since)

    def _reacted(self, queued: QueuedUpdate, chat_id: int | None, query_id: str | None) -> bool:
        fetched = queued.fetched_at
        assert fetched is not None
        for call in reversed(self.server.calls):
            if call.at < fetched:
                return False
            if call.method == "getUpdates":
                continue
            if chat_id is not None and call.chat_id == chat_id:
                return True
            if query_id is not None and call.params.get("callback_query_id") == query_id:
                return True
        return False

    async def settle(self, deadline: float, what: str, since: int | None = None) -> None:
        def quiet() -> bool:
            idle = time.monotonic() - self.server.last_activity
            if self.busy is not None and self.busy():
                return False
            return self.server.inflight == 0 and idle >= self.settle_period

        await self._until(quiet, deadline, f"the bot never went quiet after {what}", since)

    async def _until(
        self, condition: Callable[[], bool], deadline: float, problem: str, since: int | None
    ) -> None:
        while not condition():
            if time.monotonic() >= deadline:
                raise AssertionError(self.report(problem, since))
            await asyncio.sleep(TICK)

    def report(self, problem: str, since: int | None) -> str:
        calls = self.server.calls[since or 0 :]
        shown = [str(c) for c in calls if not (c.method == "getUpdates" and not c.result)]
        lines = [f"{problem} within {self.timeout} s.", "Bot API calls meanwhile:"]
        lines += [f"  {line}" for line in shown] or ["  (none)"]
        if self.server.violations:
            lines += ["Violations so far:", *(f"  {v}" for v in self.server.violations)]
        return "\n".join(lines)
