"""Diagnostic only: `kisbot run` with the overall send-rate cap lifted.

kisbot's AIORateLimiter keeps all chat sends under KISBOT_SEND_RATE_PER_SECOND (25, at
most 30: Telegram's broadcast limit), so under load it, not kisbot's own work, sets the
pace. This wrapper measures what the bot itself can do; it is not a way to deploy.
"""

from __future__ import annotations

from typing import Any

from telegram.ext import AIORateLimiter

from bot import app as app_module
from bot.cli import main


def _unlimited(**kwargs: Any) -> AIORateLimiter:
    # overall_max_rate=0 turns the overall limiter off; retries on 429 stay as they are.
    return AIORateLimiter(**{**kwargs, "overall_max_rate": 0})


if __name__ == "__main__":
    # The name bot.app looks up when it builds the Application.
    app_module.AIORateLimiter = _unlimited  # type: ignore[attr-defined,assignment]
    main()
