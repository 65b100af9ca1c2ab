"""The fake Bot API server in a light mode for load: no global settle waits.

Simulated people wait for calls about their own chat (`ChatInbox`), and the server
measures each update's delivery-to-first-reply latency as the calls come in.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

from tests.fakebot.server import FakeBotApi
from tests.fakebot.spec import Violation
from tests.fakebot.state import ApiError, Call, QueuedUpdate


@dataclass
class ChatInbox:
    """Every call the bot made about one chat, and a wake-up for whoever waits on it."""

    calls: list[Call] = field(default_factory=list)
    changed: asyncio.Event = field(default_factory=asyncio.Event)
    awaiting: QueuedUpdate | None = None  # the update whose first reply is not yet timed

    async def wait_for(self, since: int, wanted: Any, within: float) -> Call | None:
        """The first call at index >= since for which wanted(call) holds, or None on timeout."""
        deadline = time.monotonic() + within
        index = since
        while True:
            while index < len(self.calls):
                if wanted(self.calls[index]):
                    return self.calls[index]
                index += 1
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            self.changed.clear()
            try:
                async with asyncio.timeout(remaining):
                    await self.changed.wait()
            except TimeoutError:
                return None


class LoadServer(FakeBotApi):
    """FakeBotApi that files every answered call under its chat and times first replies."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.inboxes: dict[int, ChatInbox] = {}
        self.latencies: list[float] = []  # seconds, delivery to first reply, per update
        self.delivered_at: list[float] = []  # when each of those updates was delivered
        self.chat_latencies: dict[int, list[float]] = {}  # the same, by chat
        self.replied = 0
        self.first_update_at: float | None = None
        self.last_reply_at = 0.0
        # (chat, message id) -> callback data of the question buttons it was sent with;
        # edits drop the keyboard, so what a message asked is remembered here.
        self.sent_data: dict[tuple[int, int], list[str]] = {}

    def inbox(self, chat_id: int) -> ChatInbox:
        found = self.inboxes.get(chat_id)
        if found is None:
            found = self.inboxes[chat_id] = ChatInbox()
        return found

    def enqueue_for(self, chat_id: int, body: dict[str, Any]) -> QueuedUpdate:
        """Queue an update and start timing it for this chat."""
        queued = self.enqueue(body)
        self.inbox(chat_id).awaiting = queued
        if self.first_update_at is None:
            self.first_update_at = time.monotonic()
        return queued

    async def _answer(
        self, call: Call, type_errors: list[Violation], spec: dict[str, Any] | None
    ) -> Any:
        try:
            result = await super()._answer(call, type_errors, spec)
            call.result = result
            return result
        except ApiError as err:
            call.status = err.code  # the base class sets it only after this returns
            raise
        finally:
            self._observe(call)

    def _observe(self, call: Call) -> None:
        chat = call.chat_id
        if chat is None and "callback_query_id" in call.params:
            chat = self.world.callback_queries.get(str(call.params["callback_query_id"]))
        if not isinstance(chat, int):
            return
        inbox = self.inbox(chat)
        queued = inbox.awaiting
        if queued is not None:
            inbox.awaiting = None
            # fetched_at is set just after the response bytes are written; a reply cannot
            # come before that, but if the bookkeeping lags, time it from arrival instead.
            fetched = queued.fetched_at if queued.fetched_at is not None else call.at
            latency = max(call.at - fetched, 0.0)
            self.latencies.append(latency)
            self.delivered_at.append(fetched)
            self.chat_latencies.setdefault(chat, []).append(latency)
            self.replied += 1
            self.last_reply_at = call.at
        if call.method == "sendMessage" and isinstance(call.result, dict):
            data = keyboard_data(call.params)
            if data:
                self.sent_data[(chat, int(call.result["message_id"]))] = data
        inbox.calls.append(call)
        inbox.changed.set()


def keyboard_data(params: dict[str, Any]) -> list[str]:
    """callback_data of an inline keyboard in a call's params, row by row, flattened."""
    markup = params.get("reply_markup")
    if not isinstance(markup, dict):
        return []
    rows = markup.get("inline_keyboard") or []
    return [str(b.get("callback_data")) for row in rows for b in row if b.get("callback_data")]
