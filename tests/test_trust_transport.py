"""Updates are authentic: webhook secret, private chats that are the sender's, stopping."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import sys
from pathlib import Path

import aiohttp
import pytest

from bench.procs import free_port
from bot.app import build_application, start, stop
from bot.webhook import Webhook
from tests.fakebot.server import FakeBotApi
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot, settings_for

SECRET = "Zx9" * 15  # 45 characters of Telegram's alphabet


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KISBOT_", "TELEGRAM_"))}
    env.update(extra)
    return env


def _update(user: FakeUser, text: str, update_id: int = 1) -> dict[str, object]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": update_id,
            "date": 0,
            "chat": user.chat,
            "from": user.user,
            "text": text,
        },
    }


async def _post(port: int, path: str, body: object, token: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = token
    async with (
        aiohttp.ClientSession() as session,
        session.post(
            f"http://127.0.0.1:{port}{path}", data=json.dumps(body), headers=headers
        ) as answer,
    ):
        return answer.status


async def test_webhook_drops_requests_without_the_right_secret_and_logs_only_that(
    fake_telegram: FakeBotApi, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    port = free_port()
    app = build_application(settings_for(fake_telegram, tmp_path / "hook.sqlite3"))
    await start(app, Webhook("https://kisbot.example/hook", "127.0.0.1", port, SECRET))
    try:
        registered = [c for c in fake_telegram.calls if c.method == "setWebhook"]
        assert registered[-1].params["url"] == "https://kisbot.example/hook"
        assert registered[-1].params["secret_token"] == SECRET
        ala = fake_telegram.user(6001, "Ala", language_code="en")
        wrong = SECRET[:-1] + "Q"  # right length, one character off
        with caplog.at_level(logging.DEBUG):
            assert await _post(port, "/hook", _update(ala, "hello-wrong"), None) == 403
            assert await _post(port, "/hook", _update(ala, "hello-wrong"), wrong) == 403
        assert await _post(port, "/hook", {"not": "an update"}, SECRET) == 400
        logged = "\n".join(r.getMessage() for r in caplog.records)
        assert "without the right secret token dropped" in logged
        assert wrong not in logged
        assert "hello-wrong" not in logged
        assert await _post(port, "/hook", _update(ala, "hello", 2), SECRET) == 200
        await fake_telegram.until(lambda: bool(ala.messages))
        await fake_telegram.settled()
        # One answer, to the update with the secret: nothing without it reached the bot.
        assert [m.text for m in ala.messages] == [ala.last.text]
        assert "you need a personal link" in (ala.last.text or "")
    finally:
        await stop(app)


async def test_a_private_chat_update_from_someone_else_is_dropped(kisbot: Kisbot) -> None:
    # User ids are not secret: a forged update names a leader as sender and another chat.
    await kisbot.add_staff(7001, "Pani Ewa")
    await kisbot.invite("Zenobia Wrzosowska")
    leader = kisbot.server.user(7001, "Ewa")
    outsider = kisbot.server.user(6666, "Mallory")
    forged = FakeUser(kisbot.server, leader.user, outsider.chat)
    await forged.send("/participants", expect_reply=False)
    await kisbot.server.settled()
    assert outsider.messages == []
    assert not [c for c in kisbot.server.calls if c.method == "sendMessage"]
    await leader.send("/participants")  # the real leader in their own chat still works
    assert "Zenobia Wrzosowska" in (leader.last.text or "")


def test_webhook_mode_refuses_to_start_without_a_secret(tmp_path: Path) -> None:
    import subprocess

    done = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--webhook-url", "https://kisbot.example/hook"],
        env=_env(
            TELEGRAM_BOT_TOKEN="123456:" + "A" * 35,
            TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}",
            KISBOT_DB_PATH=str(tmp_path / "bot.sqlite3"),
        ),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done.stderr
    assert "KISBOT_WEBHOOK_SECRET: webhook mode needs a secret token" in done.stderr
    short = subprocess.run(
        [sys.executable, "-m", "bot", "run", "--webhook-url", "https://kisbot.example/hook"],
        env=_env(
            TELEGRAM_BOT_TOKEN="123456:" + "A" * 35,
            KISBOT_WEBHOOK_SECRET="short",
            KISBOT_DB_PATH=str(tmp_path / "bot.sqlite3"),
        ),
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
        cwd=tmp_path,
    )
    assert short.returncode == 2
    assert "KISBOT_WEBHOOK_SECRET: must be 32-256 characters" in short.stderr
    assert "short" not in short.stderr.replace("KISBOT_WEBHOOK_SECRET: must", "")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
@pytest.mark.parametrize("mode", ["polling", "webhook"])
async def test_run_stops_on_a_signal_while_telegram_cannot_be_reached(
    tmp_path: Path, sig: signal.Signals, mode: str
) -> None:
    # Nothing listens on this port: every call to Telegram fails, start-up keeps retrying.
    args = ["run"]
    if mode == "webhook":
        args += ["--webhook-url", "https://kisbot.example/hook", "--port", str(free_port())]
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=_env(
            TELEGRAM_BOT_TOKEN="123456:" + "A" * 35,
            TELEGRAM_API_BASE_URL=f"http://127.0.0.1:{free_port()}",
            KISBOT_DB_PATH=str(tmp_path / "bot.sqlite3"),
            KISBOT_WEBHOOK_SECRET=SECRET,
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        cwd=tmp_path,
    )
    assert process.stderr is not None
    seen = b""
    try:
        while b"cannot reach the Telegram Bot API" not in seen:
            line = await asyncio.wait_for(process.stderr.readline(), 30)
            assert line, seen.decode()
            seen += line
    finally:
        process.send_signal(sig)
    try:
        # A bound for a hang, not a speed figure: before, the process never ended by itself.
        _, err = await asyncio.wait_for(process.communicate(), 20)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert process.returncode == 0, (seen + err).decode()
    assert "Traceback" not in (seen + err).decode()
