"""Webhook mode, and one update at a time per person."""

from __future__ import annotations

import asyncio
import json
import socket
from pathlib import Path

import aiohttp

from bot.app import Webhook, build_application, start, stop
from bot.locks import PersonLocks
from tests.fakebot.server import FakeBotApi
from tests.harness import settings_for


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_webhook_mode_registers_and_answers(
    fake_telegram: FakeBotApi, tmp_path: Path
) -> None:
    port = _free_port()
    app = build_application(settings_for(fake_telegram, tmp_path / "hook.sqlite3"))
    hook = Webhook(
        url="https://kisbot.example/hook",
        listen="127.0.0.1",
        port=port,
        secret_token="s3cret-token",
    )
    await start(app, hook)
    try:
        registered = [c for c in fake_telegram.calls if c.method == "setWebhook"]
        assert registered[-1].params["url"] == "https://kisbot.example/hook"
        assert registered[-1].params["secret_token"] == "s3cret-token"
        ala = fake_telegram.user(6001, "Ala", language_code="en")
        update = {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": ala.chat,
                "from": ala.user,
                "text": "hello",
            },
        }
        async with aiohttp.ClientSession() as session:
            refused = await session.post(
                f"http://127.0.0.1:{port}/",
                data=json.dumps(update),
                headers={"Content-Type": "application/json"},
            )
            assert refused.status == 403  # no secret: not from Telegram
            accepted = await session.post(
                f"http://127.0.0.1:{port}/",
                data=json.dumps(update),
                headers={
                    "Content-Type": "application/json",
                    "X-Telegram-Bot-Api-Secret-Token": "s3cret-token",
                },
            )
            assert accepted.status == 200
        for _ in range(100):
            if ala.messages:
                break
            await asyncio.sleep(0.02)
        assert "you need a personal link" in (ala.last.text or "")
    finally:
        await stop(app)


async def test_one_update_at_a_time_per_person_and_people_in_parallel() -> None:
    locks = PersonLocks()
    events: list[str] = []

    async def step(person: int, name: str, pause: float) -> None:
        async with locks.hold(person):
            events.append(f"{name} in")
            await asyncio.sleep(pause)
            events.append(f"{name} out")

    await asyncio.gather(step(1, "a1", 0.05), step(1, "a2", 0.0), step(2, "b1", 0.0))
    # a2 waited for a1; b1 (another person) did not wait for anyone.
    assert events.index("a1 out") < events.index("a2 in")
    assert events.index("b1 out") < events.index("a1 out")
    assert len(locks) == 0  # nothing kept once nobody waits
