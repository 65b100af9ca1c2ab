"""Replies honour Telegram's 429 and still arrive; bulk sends stay under the cap."""

from __future__ import annotations

import asyncio

import pytest

from bot.ratelimit import REPLYING, KisbotRateLimiter
from tests.harness import Kisbot
from tests.intake_helpers import t
from tests.plugins.bot_errors import Watch

# Over HTTP: 429 answers and the rate limiter belong to the adapter.
pytestmark = pytest.mark.over_http


async def test_a_reply_refused_with_429_is_sent_again_after_the_pause(kisbot: Kisbot) -> None:
    ala = kisbot.server.user(8101, "Ala", language_code="pl")
    kisbot.server.inject("sendMessage", 429, retry_after=1, times=1, chat_id=ala.id)
    await ala.send("/start", within=10)
    assert ala.last.text == "Wybierz język · Оберіть мову · Choose your language"
    sends = [c for c in kisbot.server.calls if c.method == "sendMessage" and c.chat_id == ala.id]
    assert [c.status for c in sends] == [429, 200]


async def test_replies_skip_the_overall_limiter_and_bulk_sends_do_not() -> None:
    limiter = KisbotRateLimiter(overall_max_rate=1)
    await limiter.initialize()
    seen: list[str] = []

    async def call(name: str) -> bool:
        seen.append(name)
        return True

    used_overall: list[bool] = []
    original = limiter._run_request  # the AIORateLimiter path that applies the limits

    async def spying(*args: object, **kwargs: object) -> object:
        used_overall.append(True)
        return await original(*args, **kwargs)  # type: ignore[arg-type]

    limiter._run_request = spying  # type: ignore[method-assign]
    token = REPLYING.set(True)
    try:
        await limiter.process_request(call, ("reply",), {}, "sendMessage", {"chat_id": 1}, None)
    finally:
        REPLYING.reset(token)
    await limiter.process_request(call, ("bulk",), {}, "sendMessage", {"chat_id": 1}, None)
    await limiter.shutdown()
    assert seen == ["reply", "bulk"]
    assert used_overall == [True]  # only the bulk send went through the limiter


async def test_an_apology_waits_for_the_next_steps_pause_after_a_429(
    kisbot: Kisbot, bot_errors: Watch
) -> None:
    """The reply to one step meets a 500 (the bot apologises), the reply to the person's next
    step a 429: nothing more goes to that chat until the pause is over, the apology neither,
    and the apology comes after the next step's reply, not in the middle of it."""
    ala = kisbot.server.user(8102, "Ala", language_code="pl")
    await ala.send("/start")
    kisbot.server.inject("sendMessage", 500, times=1, chat_id=ala.id)
    kisbot.server.inject("sendMessage", 429, retry_after=1, times=1, chat_id=ala.id)
    since = len(kisbot.server.calls)
    # Sent together, as a person pressing on; the bot takes them in order.
    await asyncio.gather(
        ala.send("/help", expect_reply=False), ala.send("/help", expect_reply=False)
    )
    await kisbot.server.settled()
    assert [r.name for r in bot_errors.errors] == ["bot.errors"]  # the 500, logged
    sends = [
        c for c in kisbot.server.calls[since:] if c.method == "sendMessage" and c.chat_id == ala.id
    ]
    assert [c.status for c in sends] == [500, 429, 200, 200]
    # The order says it: the refused reply again (after its pause), only then the apology.
    refused, again, apology = sends[1], sends[2], sends[3]
    assert again.params == refused.params
    assert apology.params["text"] == t("pl", "error.generic")
