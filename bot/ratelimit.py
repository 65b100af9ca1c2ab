"""Sending pace: bulk messages under Telegram's cap, replies to a person without delay.

Telegram's ~30 messages per second is the limit for bulk notifications; a reply to what a
person just did is not bulk. Putting replies behind the same cap made each answer wait for
two slots (the edit and the next question) and capped the whole bot at about 12 answers a
second under load. So replies skip the overall limiter, still retry after a 429 as Telegram
asks, and everything the bot sends on its own (reminders, nudges, alerts) stays capped.
"""

from __future__ import annotations

import asyncio
import contextvars
import logging
from collections.abc import Callable, Coroutine
from typing import Any

from telegram.error import RetryAfter
from telegram.ext import AIORateLimiter

log = logging.getLogger(__name__)

# Set while the replies to one person's update are sent (each update runs in its own task).
REPLYING: contextvars.ContextVar[bool] = contextvars.ContextVar("kisbot_replying", default=False)

REPLY_RETRIES = 3


class KisbotRateLimiter(AIORateLimiter):
    """AIORateLimiter for bulk sends; replies pass straight through, honouring RetryAfter."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Any]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> Any:
        if not REPLYING.get():
            return await super().process_request(
                callback, args, kwargs, endpoint, data, rate_limit_args
            )
        for attempt in range(REPLY_RETRIES + 1):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as exc:
                if attempt == REPLY_RETRIES:
                    raise
                pause = exc.retry_after
                seconds = pause.total_seconds() if hasattr(pause, "total_seconds") else pause
                log.info("Telegram asked to wait %.1f s before replying", seconds)
                await asyncio.sleep(float(seconds) + 0.1)
        raise AssertionError("unreachable")  # pragma: no cover - the loop returns or raises
