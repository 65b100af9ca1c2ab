"""The real programs as separate processes: `kisbot run` against the fake server, `kisbot chat`."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from pathlib import Path

from tests.fakebot.server import FakeBotApi

# The checkout under test: `python -m bot` must run this code, not an installed copy.
ROOT = str(Path(__file__).resolve().parents[1])


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KISBOT_", "TELEGRAM_"))}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [ROOT, os.environ.get("PYTHONPATH")]))
    env.update(extra)
    return env


async def test_run_answers_start_and_stops_on_sigterm(
    fake_telegram: FakeBotApi, tmp_path: Path
) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=ROOT,
        env=_env(
            TELEGRAM_BOT_TOKEN=fake_telegram.token,
            TELEGRAM_API_BASE_URL=fake_telegram.url,
            KISBOT_DB_PATH=str(tmp_path / "bot.sqlite3"),
        ),
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        ala = fake_telegram.user(5001, "Ala", language_code="en")
        await ala.send("/start", within=20)
        assert ala.last.text == "Wybierz język · Оберіть мову · Choose your language"
        await ala.click("Українська")
        # A separate process gives no "done" signal: on a busy machine its second message can
        # come after the first one's quiet period, so wait for it (an event, not a pause).
        await fake_telegram.until(lambda: len(ala.messages) >= 2, within=10)
        assert "Добрий день!" in (ala.messages[-1].text or "")
        commands = [c for c in fake_telegram.calls if c.method == "setMyCommands"]
        assert {c.params.get("language_code") for c in commands} >= {"pl", "uk", "en"}
    finally:
        process.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(process.communicate(), 20)
    assert process.returncode == 0, err.decode()
    assert fake_telegram.token not in err.decode()
    assert "Traceback" not in err.decode()


async def test_chat_holds_a_conversation_in_the_terminal(tmp_path: Path) -> None:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "chat",
        env=_env(KISBOT_DB_PATH=str(tmp_path / "chat.sqlite3")),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    # English, agree to the terms, answer the first question with its first button, leave.
    out, err = await asyncio.wait_for(process.communicate(b"3\n1\n1\n/quit\n"), 30)
    text = out.decode()
    assert process.returncode == 0, err.decode()
    assert "[1] ✓ Polski" in text
    assert "Before we start" in text
    assert "[1] I agree" in text
    assert "✓ " in text.split("I agree", 1)[1]  # an answered question shows its answer
    assert "2/9" in text  # and the next one follows
