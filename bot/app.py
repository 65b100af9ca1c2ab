"""The python-telegram-bot Application of kisbot and its life cycle."""

from __future__ import annotations

import asyncio
import logging
import signal
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TimedOut
from telegram.ext import Application, TypeHandler

from bot.commands import register_commands
from bot.dispatch import on_update
from bot.errors import on_error
from bot.logs import quiet_url_loggers
from bot.outbox import OutboxDispatcher
from bot.ratelimit import KisbotRateLimiter
from bot.services import KEY, Services, services_of
from bot.settings import Settings
from flows.clock import Clock, SystemClock
from storage.db import Database

log = logging.getLogger(__name__)

# The Application with PTB's default context types.
KisbotApp = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: Settings, *, clock: Clock | None = None) -> KisbotApp:
    """The Application: handlers, error handler, rate limiter, database opened in post_init."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    quiet_url_loggers()
    app = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.bot_api_url)
        .base_file_url(settings.bot_file_url)
        .concurrent_updates(True)
        .rate_limiter(
            KisbotRateLimiter(overall_max_rate=settings.send_rate_per_second, max_retries=3)
        )
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build()
    )
    app.bot_data[KEY] = Services(settings=settings, clock=clock or SystemClock())
    app.add_handler(TypeHandler(Update, on_update))
    app.add_error_handler(on_error)
    return app


async def _post_init(app: KisbotApp) -> None:
    services = services_of(app)
    services.db = await Database.open(services.settings.db_path)
    services.bot_username = app.bot.username
    async with services.db.transaction() as tx:
        # The CLI prints invite links without calling Telegram; it reads the username here.
        await tx.meta.set("bot_username", app.bot.username)
    await register_commands(app.bot, services.settings.default_language)
    services.outbox = OutboxDispatcher(app.bot, services)
    await services.outbox.start()


async def _post_shutdown(app: KisbotApp) -> None:
    services = services_of(app)
    if services.outbox is not None:
        await services.outbox.stop()
        services.outbox = None
    if services.db is not None:
        await services.db.close()
        services.db = None


@dataclass(frozen=True)
class Webhook:
    """Webhook mode instead of long polling."""

    url: str
    listen: str
    port: int
    secret_token: str | None


async def initialize_with_retries(
    app: KisbotApp,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    max_delay: float = 60.0,
) -> None:
    """initialize() (getMe), retrying with backoff while Telegram cannot be reached."""
    delay = 1.0
    while True:
        try:
            await app.initialize()
            return
        except InvalidToken:
            raise
        except (NetworkError, TimedOut) as exc:
            log.warning(
                "cannot reach the Telegram Bot API (%s); trying again in %.0f s",
                type(exc).__name__,
                delay,
            )
            await sleep(delay)
            delay = min(delay * 2, max_delay)


async def start(app: KisbotApp, webhook: Webhook | None = None) -> None:
    """Everything run_polling does before it waits: initialize, post_init, updater, start."""
    await initialize_with_retries(app)
    if app.post_init is not None:
        await app.post_init(app)
    if app.updater is None:
        raise RuntimeError("the application was built without an updater")
    if webhook is None:
        # Negative bootstrap_retries: keep retrying deleteWebhook while Telegram is away.
        await app.updater.start_polling(bootstrap_retries=-1, allowed_updates=Update.ALL_TYPES)
    else:
        await app.updater.start_webhook(
            listen=webhook.listen,
            port=webhook.port,
            webhook_url=webhook.url,
            secret_token=webhook.secret_token,
            bootstrap_retries=-1,
            allowed_updates=Update.ALL_TYPES,
        )
    await app.start()


async def stop(app: KisbotApp) -> None:
    """The reverse of start, tolerant of a partial start."""
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


async def serve(app: KisbotApp, webhook: Webhook | None = None) -> None:
    """Run until SIGINT or SIGTERM."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    try:
        await start(app, webhook)
        log.info("kisbot is running as @%s", app.bot.username)
        await stopping.wait()
    finally:
        await stop(app)
