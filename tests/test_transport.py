"""The bot's Bot API client (bot/transport.py): a burst of replies larger than its few
connections all arrive, none lost to a wait for a connection; files arrive whole."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from telegram import Bot, InputFile

from bot.transport import AiohttpRequest
from tests.fakebot.server import FakeBotApi


class CountingServer(FakeBotApi):
    """The fake server, noting the most calls it was answering at once."""

    most_at_once = 0

    async def answer(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        self.most_at_once = max(self.most_at_once, self.inflight + 1)
        return await super().answer(*args, **kwargs)


@pytest.fixture
async def server() -> AsyncIterator[CountingServer]:
    async with CountingServer() as started:
        yield started
        started.assert_no_violations()


async def bot_on(server: FakeBotApi, request: AiohttpRequest) -> Bot:
    bot = Bot(server.token, base_url=f"{server.url}/bot", request=request)
    await bot.initialize()
    return bot


async def test_more_replies_at_once_than_connections_all_arrive(server: CountingServer) -> None:
    people = [server.user(7001 + n, f"P{n}", language_code="pl") for n in range(8)]
    # Each answer takes a while: the last of 8 calls on 2 connections waits for three rounds,
    # longer than PTB's default pool timeout (1 s), after which a reply would be lost.
    server.inject("sendMessage", delay=0.4, times=None)
    bot = await bot_on(server, AiohttpRequest(connections=2))
    try:
        sent = await asyncio.gather(*(bot.send_message(p.id, "Pytanie 1") for p in people))
    finally:
        await bot.shutdown()
    assert [m.chat.id for m in sent] == [p.id for p in people]
    assert all(p.last.text == "Pytanie 1" for p in people)
    assert server.most_at_once == 2


async def test_a_document_arrives_whole_with_its_caption(server: CountingServer) -> None:
    leader = server.user(7101, "Ewa", language_code="pl")
    content = bytes(range(256)) * 40
    bot = await bot_on(server, AiohttpRequest())
    try:
        await bot.send_document(
            leader.id, InputFile(content, filename="raport.xlsx"), caption="Raport za listopad"
        )
    finally:
        await bot.shutdown()
    [upload] = leader.documents
    assert (upload.filename, upload.content, upload.caption) == (
        "raport.xlsx",
        content,
        "Raport za listopad",
    )
