"""The fake Telegram without HTTP: PTB's calls answered in-process, updates handed straight
to the bot (tests/chatbot.py). The same method handlers, spec checks, faults and World as over
HTTP (server.py), so what a person sees reads the same in both."""

from __future__ import annotations

import json
import time
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.request import BaseRequest, RequestData

from tests.fakebot.server import FakeBotApi
from tests.fakebot.state import FilePart, QueuedUpdate

UpdateHandler = Callable[[dict[str, Any]], Awaitable[None]]


class InProcessRequest(BaseRequest):
    """PTB's transport: each Bot API call goes to the fake server's `answer`, as HTTPXRequest
    would send it (form values as JSON-encoded strings, files as multipart parts)."""

    def __init__(self, server: FakeBotApi) -> None:
        self._server = server

    async def initialize(self) -> None:
        """Nothing to open."""

    async def shutdown(self) -> None:
        """Nothing to close."""

    @property
    def read_timeout(self) -> float | None:
        return None

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: Any = None,
        write_timeout: Any = None,
        connect_timeout: Any = None,
        pool_timeout: Any = None,
    ) -> tuple[int, bytes]:
        raw: dict[str, Any] = dict(request_data.json_parameters) if request_data else {}
        files: dict[str, FilePart] = {}
        if request_data is not None and request_data.contains_files:
            for name, (filename, content, mime_type) in request_data.multipart_data.items():
                data = content if isinstance(content, bytes) else content.read()
                files[name] = FilePart(filename, data, mime_type)
        status, body = await self._server.answer(url.rsplit("/", 1)[-1], raw, files)
        return status, json.dumps(body).encode()


class InProcessBotApi(FakeBotApi):
    """FakeBotApi with no server: `submit` runs the update through `handler` and returns when
    the bot has finished with it, so no action waits for quiet."""

    def __init__(self) -> None:
        super().__init__()
        self.handler: UpdateHandler | None = None

    @property
    def url(self) -> str:
        return "http://127.0.0.1:9"  # never connected to: every call goes through InProcessRequest

    async def start(self) -> InProcessBotApi:
        return self

    async def stop(self) -> None:
        self.queue.close()

    async def submit(
        self,
        body: dict[str, Any],
        *,
        expect_reply: bool,
        what: str,
        chat_id: int | None = None,
        query_id: str | None = None,
        within: float | None = None,
    ) -> QueuedUpdate:
        queued = self.enqueue(body)
        queued.fetched_at = time.monotonic()
        await self._run(
            queued.update,
            expect_reply=expect_reply,
            what=f"{what} (update {queued.update_id})",
            chat_id=queued.chat_id if chat_id is None else chat_id,
            query_id=queued.query_id if query_id is None else query_id,
        )
        return queued

    async def deliver_again(self, update: dict[str, Any], *, expect_reply: bool = False) -> None:
        """The same update once more (same update_id), as after a lost confirmation."""
        again = QueuedUpdate(dict(update))
        await self._run(
            again.update,
            expect_reply=expect_reply,
            what="redelivery",
            chat_id=again.chat_id,
            query_id=again.query_id,
        )

    async def settled(self) -> None:
        """In-process, the bot has finished when its call returns."""

    async def _run(
        self,
        update: dict[str, Any],
        *,
        expect_reply: bool,
        what: str,
        chat_id: int | None,
        query_id: str | None,
    ) -> None:
        if self.handler is None:
            raise AssertionError(f"{what}: the bot is not running")
        since = len(self.calls)
        await self.handler(update)
        if expect_reply and not any(
            (chat_id is not None and c.chat_id == chat_id)
            or (query_id is not None and c.params.get("callback_query_id") == query_id)
            for c in self.calls[since:]
        ):
            raise AssertionError(self.waiter.report(f"the bot did not react to {what}", since))
