"""Tests cannot reach the real network: only the fake server on loopback answers."""

from __future__ import annotations

import httpx
import pytest
from telegram import Bot
from telegram.error import NetworkError

from tests.fakebot import FakeBotApi

pytest_plugins = ["tests.fakebot.fixtures"]

# TEST-NET-3 (RFC 5737): an IP literal, so no DNS is involved and nothing can answer.
OUTSIDE = "203.0.113.1"
BLOCKED = f'socket.connect() with host "{OUTSIDE}"'


def chain(exc: BaseException) -> list[BaseException]:
    """exc, its causes and, for exception groups (anyio's connect), their members."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo:
        current = todo.pop()
        seen.append(current)
        if isinstance(current, BaseExceptionGroup):
            todo.extend(current.exceptions)
        if current.__cause__ is not None:
            todo.append(current.__cause__)
    return seen


async def test_httpx_cannot_leave_loopback() -> None:
    # pytest-socket's block both warns and raises; with warnings as errors the warning wins
    with pytest.raises(BaseException) as caught:  # noqa: PT011 - checked right below
        async with httpx.AsyncClient() as client:
            await client.get(f"http://{OUTSIDE}/")
    assert any(BLOCKED in str(e) for e in chain(caught.value)), caught.value


async def test_ptb_pointed_elsewhere_fails_fast() -> None:
    with pytest.raises(NetworkError) as caught:
        async with Bot("1:x", base_url=f"http://{OUTSIDE}/bot"):
            pass
    assert any(BLOCKED in str(e) for e in chain(caught.value)), caught.value


async def test_loopback_fake_server_is_reachable(fake_telegram: FakeBotApi) -> None:
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url) as bot:
        assert bot.username == "kisbot_test_bot"
