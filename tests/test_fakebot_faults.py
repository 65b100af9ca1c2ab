"""Injected failures arrive the way Telegram sends them, and PTB maps them as in production."""

from __future__ import annotations

import datetime as dtm
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import Bot, Update
from telegram.error import Conflict, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.ext import Application, ContextTypes, MessageHandler, filters
from telegram.request import HTTPXRequest
from telegram.warnings import PTBDeprecationWarning

from tests.fakebot import FakeBotApi, application_builder, running_application

pytest_plugins = ["tests.fakebot.fixtures"]

ALA, OLA = 1001, 1002


@pytest.fixture
async def bot(fake_telegram: FakeBotApi) -> AsyncIterator[Bot]:
    fake_telegram.user(id=ALA, first_name="Ala")
    fake_telegram.user(id=OLA, first_name="Ola")
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url) as bot:
        yield bot


async def test_429_has_telegram_shape_and_raises_retry_after(
    fake_telegram: FakeBotApi, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without PTB_TIMEDELTA, PTB 22 warns while *building* RetryAfter - which pytest turns
    # into an error, so the bot would never see RetryAfter in tests.
    monkeypatch.setenv("PTB_TIMEDELTA", "true")
    fake_telegram.inject("sendMessage", status=429, retry_after=3)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(ALA, "za szybko")
    assert caught.value.retry_after == dtm.timedelta(seconds=3)
    await bot.send_message(ALA, "już można")  # times=1: the next call goes through
    assert [c.status for c in fake_telegram.calls if c.method == "sendMessage"] == [429, 200]

    fake_telegram.inject("sendMessage", status=429, retry_after=1)
    async with httpx.AsyncClient() as client:
        raw = await client.post(
            f"{fake_telegram.base_url}{fake_telegram.token}/sendMessage",
            data={"chat_id": str(ALA), "text": "x"},
        )
    assert raw.status_code == 429
    assert raw.json() == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_retry_after_trips_over_the_deprecation_warning_by_default(
    fake_telegram: FakeBotApi, bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PTB_TIMEDELTA", raising=False)
    fake_telegram.inject("sendMessage", status=429)
    with pytest.raises(PTBDeprecationWarning, match="retry_after"):
        await bot.send_message(ALA, "x")


async def test_403_for_one_chat_only(fake_telegram: FakeBotApi, bot: Bot) -> None:
    fake_telegram.inject("sendMessage", status=403, chat_id=ALA, times=None)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await bot.send_message(ALA, "x")
    await bot.send_message(OLA, "x")
    with pytest.raises(Forbidden):
        await bot.send_message(ALA, "again")  # times=None: for good


async def test_blocked_user(fake_telegram: FakeBotApi, bot: Bot) -> None:
    ala = fake_telegram.user(id=ALA, first_name="Ala")
    ala.block()
    with pytest.raises(Forbidden, match="blocked"):
        await bot.send_message(ALA, "x")
    ala.unblock()
    await bot.send_message(ALA, "x")


async def test_500_is_a_network_error(fake_telegram: FakeBotApi, bot: Bot) -> None:
    fake_telegram.inject("sendMessage", status=500)
    with pytest.raises(NetworkError, match="Internal Server Error"):
        await bot.send_message(ALA, "x")


async def test_slow_answer_times_out_a_short_read_timeout(fake_telegram: FakeBotApi) -> None:
    fake_telegram.user(id=ALA, first_name="Ala")
    fake_telegram.inject("sendMessage", delay=0.3)
    request = HTTPXRequest(read_timeout=0.05)
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url, request=request) as bot:
        with pytest.raises(TimedOut):
            await bot.send_message(ALA, "x")


async def test_slow_answer_is_waited_for(fake_telegram: FakeBotApi) -> None:
    async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.effective_message is not None
        await update.effective_message.reply_text(f"1: {update.effective_message.text}")
        await update.effective_message.reply_text("2")

    app: Application[Any, Any, Any, Any, Any, Any] = application_builder(fake_telegram).build()
    app.add_handler(MessageHandler(filters.TEXT, echo))
    ala = fake_telegram.user(id=ALA, first_name="Ala")
    fake_telegram.inject("sendMessage", delay=0.2)
    async with running_application(app):
        await ala.send("hej")
        # the wait covered the slow first answer and the second one after it
        assert [m.text for m in ala.messages] == ["1: hej", "2"]


async def test_getupdates_refused_while_a_webhook_is_set(
    fake_telegram: FakeBotApi, bot: Bot
) -> None:
    await bot.set_webhook("https://kis.example.org/hook", secret_token="s3cret")
    assert fake_telegram.world.webhook is not None
    assert fake_telegram.world.webhook["secret_token"] == "s3cret"
    with pytest.raises(Conflict, match="webhook is active"):
        await bot.get_updates()
    await bot.delete_webhook()
    assert await bot.get_updates() == ()


async def test_wrong_token(fake_telegram: FakeBotApi) -> None:
    with pytest.raises(InvalidToken):
        async with Bot("1:wrong", base_url=fake_telegram.base_url):
            pass
