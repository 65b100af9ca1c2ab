"""getUpdates as Telegram does it: offset, limit, long poll, one poller at a time."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
from telegram import Bot, KeyboardButton, ReplyKeyboardMarkup, ReplyKeyboardRemove

from tests.fakebot import FakeBotApi

pytest_plugins = ["tests.fakebot.fixtures"]


async def get_updates(server: FakeBotApi, **params: int) -> httpx.Response:
    async with httpx.AsyncClient() as client:
        return await client.post(
            f"{server.base_url}{server.token}/getUpdates",
            data={k: str(v) for k, v in params.items()},
        )


def ids(response: httpx.Response) -> list[int]:
    body: dict[str, Any] = response.json()
    return [u["update_id"] for u in body["result"]]


async def test_offset_and_limit(fake_telegram: FakeBotApi) -> None:
    queued = [fake_telegram.enqueue({"message": {"text": str(i)}}).update_id for i in range(3)]
    assert ids(await get_updates(fake_telegram, limit=2)) == queued[:2]
    # unconfirmed updates come again; an offset confirms everything below it
    assert ids(await get_updates(fake_telegram)) == queued
    assert ids(await get_updates(fake_telegram, offset=queued[1] + 1)) == queued[2:]
    assert fake_telegram.updates_confirmed == queued[1] + 1
    assert ids(await get_updates(fake_telegram, offset=queued[2] + 1)) == []


async def test_long_poll_answers_when_an_update_arrives(fake_telegram: FakeBotApi) -> None:
    poll = asyncio.create_task(get_updates(fake_telegram, timeout=30))
    await fake_telegram.queue.until_held()
    assert not poll.done()  # held open, as Telegram does
    update = fake_telegram.enqueue({"message": {"text": "hej"}})
    assert ids(await poll) == [update.update_id]
    assert update.fetched_at is not None


async def test_a_second_poller_terminates_the_first(fake_telegram: FakeBotApi) -> None:
    first = asyncio.create_task(get_updates(fake_telegram, timeout=30))
    await fake_telegram.queue.until_held()
    assert (await get_updates(fake_telegram)).json()["ok"] is True
    answer = (await first).json()
    assert answer["error_code"] == 409
    assert "terminated by other getUpdates request" in answer["description"]


async def test_reply_keyboard_is_chat_state(fake_telegram: FakeBotApi) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    async with Bot(fake_telegram.token, base_url=fake_telegram.base_url) as bot:
        keyboard = ReplyKeyboardMarkup([[KeyboardButton("Tak"), KeyboardButton("Nie")]])
        sent = await bot.send_message(ala.id, "Czy?", reply_markup=keyboard)
        assert sent.reply_markup is None  # Telegram echoes only inline keyboards
        assert ala.keyboard == [["Tak", "Nie"]]
        await bot.send_message(ala.id, "Dzięki", reply_markup=ReplyKeyboardRemove())
        assert ala.keyboard is None
