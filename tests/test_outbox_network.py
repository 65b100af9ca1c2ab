"""The outbox when the network fails: a reminder whose request never reached Telegram (no
connection) goes out once the network is back; one that may have been shown (the answer did
not come in time) is never sent again. Through the bot's own client (bot/transport.py) and
PTB's httpx one."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable, Iterator

import pytest
from telegram import Bot
from telegram.request import BaseRequest, HTTPXRequest

from bot.outbox import OutboxDispatcher
from bot.transport import AiohttpRequest
from tests.chatbot import ChatBot
from tests.harness import Kisbot
from tests.schedule_helpers import join, plan, reminders, utc

Client = Callable[[float], BaseRequest]  # a request object with this read timeout
DAY = "Przypomnienie: 25.11.2026, godz. 10:00 – Spotkanie w klubie.\nMiejsce: sala 2."


@pytest.fixture(params=["aiohttp", "httpx"])
async def client(request: pytest.FixtureRequest) -> AsyncIterator[Client]:
    """The HTTP client of the outbox's Bot (closed at the end): kisbot's own or PTB's."""
    made: list[BaseRequest] = []

    def make(read_timeout: float) -> BaseRequest:
        if request.param == "aiohttp":
            made.append(AiohttpRequest(read_timeout=read_timeout))
        else:
            made.append(HTTPXRequest(read_timeout=read_timeout))
        return made[-1]

    yield make
    for opened in made:
        await opened.shutdown()


@pytest.fixture
def refusing_port() -> Iterator[int]:
    """A loopback port bound but not listening: every connection to it is refused."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        yield sock.getsockname()[1]


@pytest.fixture
async def silent_port() -> AsyncIterator[int]:
    """A loopback server that accepts the request and never answers."""

    async def swallow(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        await reader.read()
        writer.close()

    server = await asyncio.start_server(swallow, "127.0.0.1", 0)
    async with server:
        yield server.sockets[0].getsockname()[1]


def outbox_through(
    kisbot: Kisbot, port: int, client: Client, read_timeout: float = 5.0
) -> OutboxDispatcher:
    """The running bot's outbox, its calls sent to 127.0.0.1:port instead of Telegram."""
    assert isinstance(kisbot, ChatBot)  # in-process: its services are at hand
    assert kisbot.services is not None
    token = kisbot.settings.telegram_bot_token
    assert token is not None
    bot = Bot(
        token.get_secret_value(),
        base_url=f"http://127.0.0.1:{port}/bot",
        request=client(read_timeout),
    )
    return OutboxDispatcher(bot, kisbot.services, per_chat_gap=0.0)


async def test_a_reminder_that_could_not_connect_goes_out_when_the_network_is_back(
    kisbot: Kisbot, refusing_port: int, client: Client
) -> None:
    person, _ = await join(kisbot, 4201)
    await plan(kisbot, "25.11.2026 10:00")
    kisbot.clock.set(utc(2026, 11, 24, 17, 0))
    assert await outbox_through(kisbot, refusing_port, client).run_once() == 0
    assert reminders(person) == []
    await kisbot.run_outbox()
    assert [m.text for m in reminders(person)] == [DAY]
    await kisbot.run_outbox()
    assert len(reminders(person)) == 1


async def test_a_reminder_whose_answer_did_not_come_is_not_sent_again(
    kisbot: Kisbot, silent_port: int, client: Client
) -> None:
    """The request reached the other side: the person may have it already. At most once."""
    person, _ = await join(kisbot, 4202)
    await plan(kisbot, "25.11.2026 10:00")
    kisbot.clock.set(utc(2026, 11, 24, 17, 0))
    assert await outbox_through(kisbot, silent_port, client, read_timeout=0.2).run_once() == 0
    await kisbot.run_outbox()
    kisbot.clock.set(utc(2026, 11, 24, 17, 30))
    await kisbot.run_outbox()
    assert reminders(person) == []
