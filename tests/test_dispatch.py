"""How every update is handled: at most once, errors apologised for, logs without secrets."""

from __future__ import annotations

import logging

import pytest

import flows.step
from bot.app import build_application, initialize_with_retries
from tests.fakebot.server import FakeBotApi
from tests.harness import Kisbot
from tests.plugins.bot_errors import Watch

# Over HTTP: the adapter's dispatch: redelivery, the error handler, groups, start-up retries.
pytestmark = pytest.mark.over_http


async def test_redelivered_update_is_handled_once(kisbot: Kisbot) -> None:
    ala = kisbot.server.user(2001, "Ala", language_code="pl")
    await ala.send("/start")
    before = len(ala.messages)
    first = kisbot.server.updates[-1]
    await kisbot.server.deliver_again(first)
    assert len(ala.messages) == before


async def test_redelivery_after_restart_is_still_ignored(kisbot: Kisbot) -> None:
    ala = kisbot.server.user(2002, "Ala", language_code="pl")
    await ala.send("/start")
    before = len(ala.messages)
    await kisbot.restart()
    await kisbot.server.deliver_again(kisbot.server.updates[-1])
    assert len(ala.messages) == before


async def test_failure_is_apologised_for_in_the_persons_language_without_leaking(
    kisbot: Kisbot,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
    bot_errors: Watch,
) -> None:
    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("simulated bug")

    ola = kisbot.server.user(2003, "Ola", language_code="uk")
    monkeypatch.setattr(flows.step.router, "handle", broken)
    with caplog.at_level(logging.INFO):
        await ola.send("moja tajna odpowiedź o zdrowiu")
    assert ola.last.text == (
        "Щось пішло не так з мого боку. Ваші відповіді збережено. Спробуйте ще раз за хвилину."
    )
    logged = caplog.text
    assert "RuntimeError" in logged  # operators see what failed and where...
    assert "in broken" in logged
    assert "tajna odpowiedź" not in logged  # ...but never what the person wrote
    assert kisbot.server.token not in logged
    assert [(r.name, r.getMessage().split(":")[0]) for r in bot_errors.errors] == [
        ("bot.errors", "error handling update 100001 (message, chat type private)")
    ]


async def test_group_chat_gets_one_line(kisbot: Kisbot) -> None:
    group = kisbot.server.group(-100200, "Grupa wsparcia", supergroup=True)
    ala = kisbot.server.user(2004, "Ala", language_code="en").in_chat(group)
    await ala.send("/start")
    assert group.last.text == "I only work in private chats. Please message me directly."
    assert len(group.messages) == 1


async def test_unreachable_telegram_at_start_is_retried_with_backoff(
    fake_telegram: FakeBotApi, tmp_path: object, caplog: pytest.LogCaptureFixture
) -> None:
    from pathlib import Path

    from tests.harness import settings_for

    assert isinstance(tmp_path, Path)
    app = build_application(settings_for(fake_telegram, tmp_path / "x.sqlite3"))
    fake_telegram.inject("getMe", 500, times=2)
    pauses: list[float] = []

    async def no_wait(seconds: float) -> None:
        pauses.append(seconds)

    with caplog.at_level(logging.WARNING):
        await initialize_with_retries(app, sleep=no_wait)
    try:
        assert pauses == [1.0, 2.0]
        assert "cannot reach the Telegram Bot API" in caplog.text
        assert app.bot.username
    finally:
        await app.shutdown()
