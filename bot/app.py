"""The python-telegram-bot Application of kisbot and its life cycle."""

from __future__ import annotations

import asyncio
import logging
import signal
import threading
import time
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut
from telegram.ext import Application, TypeHandler

from base.clock import Clock, SystemClock
from bot.commands import register_commands
from bot.dispatch import on_update
from bot.errors import on_error
from bot.export_workers import ExportWorkers
from bot.logs import quiet_library_loggers
from bot.outbox import OutboxDispatcher
from bot.ratelimit import KisbotRateLimiter
from bot.services import KEY, Services, services_of
from bot.settings import Settings
from bot.transport import AiohttpRequest
from bot.webhook import Webhook, WebhookServer
from flows.intake.helplines import helplines
from questionnaires.bundled import current_participant_questionnaire
from storage.db import open_database
from storage.rescore import in_background

log = logging.getLogger(__name__)

# The Application with PTB's default context types.
KisbotApp = Application[Any, Any, Any, Any, Any, Any]


def build_application(settings: Settings, *, clock: Clock | None = None) -> KisbotApp:
    """The Application: handlers, error handler, rate limiter, database opened in post_init."""
    if settings.telegram_bot_token is None:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    quiet_library_loggers()
    app = (
        Application.builder()
        .token(settings.telegram_bot_token.get_secret_value())
        .base_url(settings.bot_api_url)
        .base_file_url(settings.bot_file_url)
        .concurrent_updates(True)
        # Replies and sends through aiohttp (bot/transport.py); getUpdates through PTB's own.
        .request(AiohttpRequest())
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
    services.db = await open_database(services.settings.database)
    services.bot_username = app.bot.username
    async with services.db.transaction() as tx:
        # The CLI prints invite links without calling Telegram; it reads the username here.
        await tx.meta.set("bot_username", app.bot.username)
    await register_commands(app.bot, services.settings.default_language)
    services.outbox = OutboxDispatcher(app.bot, services)
    await services.outbox.start()
    if services.settings.export_workers:
        # Started at the first export, not here: most runs of the bot never export.
        services.exports = ExportWorkers(
            services.settings.export_workers, log_level=services.settings.log_level
        )
    # After an upgrade the bot answers at once; stored profiles catch up meanwhile.
    services.rescoring = asyncio.create_task(in_background(services.db, services.clock))


async def _post_shutdown(app: KisbotApp) -> None:
    services = services_of(app)
    if services.rescoring is not None:
        # Its batch under way rolls back; the next start takes up what is left.
        services.rescoring.cancel()
        await asyncio.gather(services.rescoring, return_exceptions=True)
        services.rescoring = None
    await _stop_sending(services)
    if services.exports is not None:
        await services.exports.close()
        services.exports = None
    if services.db is not None:
        await services.db.close()
        services.db = None


async def _stop_sending(services: Services) -> None:
    if services.outbox is not None:
        await services.outbox.stop()
        services.outbox = None


async def retrying(
    call: Callable[[], Awaitable[Any]],
    what: str,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    max_delay: float = 60.0,
) -> Any:
    """call(), again with backoff while Telegram cannot be reached (cancel it to give up)."""
    delay = 1.0
    while True:
        try:
            return await call()
        except InvalidToken:
            raise
        except (NetworkError, TimedOut) as exc:
            log.warning(
                "cannot reach the Telegram Bot API to %s (%s); trying again in %.0f s",
                what,
                type(exc).__name__,
                delay,
            )
            await sleep(delay)
            delay = min(delay * 2, max_delay)


async def initialize_with_retries(
    app: KisbotApp,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    max_delay: float = 60.0,
) -> None:
    """initialize() (getMe), retrying with backoff while Telegram cannot be reached."""
    await retrying(app.initialize, "start", sleep, max_delay)


def polling_failed(error: TelegramError) -> None:
    """A failed poll while running: one clear line (PTB's default is a traceback at ERROR per
    attempt). PTB polls again after 1 s, then 1.5 times longer each time, up to 30 s."""
    log.warning(
        "polling the Telegram Bot API failed (%s: %s); trying again after a growing pause",
        type(error).__name__,
        error,
    )


async def start(app: KisbotApp, webhook: Webhook | None = None) -> None:
    """Everything run_polling does before it waits: initialize, post_init, updates, start."""
    await initialize_with_retries(app)
    if app.post_init is not None:
        await app.post_init(app)
    if webhook is None:
        if app.updater is None:
            raise RuntimeError("the application was built without an updater")
        # Negative bootstrap_retries: keep retrying deleteWebhook while Telegram is away.
        await app.updater.start_polling(
            bootstrap_retries=-1,
            allowed_updates=Update.ALL_TYPES,
            error_callback=polling_failed,
        )
    else:
        server = WebhookServer(webhook, app)
        services_of(app).webhook = server
        server.start()
        await retrying(
            lambda: app.bot.set_webhook(
                webhook.url,
                secret_token=webhook.secret_token,
                allowed_updates=Update.ALL_TYPES,
            ),
            "register the webhook",
        )
    await app.start()
    threading.Thread(target=read_files_ahead, name="kisbot-read-files", daemon=True).start()


# Parsing the files holds the interpreter for about 0.3 s: begun at once, it delayed the first
# getUpdates by as much (bench.startup: 1.24 s against 0.96 s without it). A second later the
# bot is already polling.
READ_AHEAD_AFTER = 1.0


def read_files_ahead() -> None:
    """Read and check the participant questionnaire and the crisis lines soon after start (YAML
    and their checks: about half a second), in a thread of their own. Otherwise the first answer
    after a start reads them on the event loop, and every update behind it waits that long."""
    time.sleep(READ_AHEAD_AFTER)
    try:
        current_participant_questionnaire()
        helplines()
    except Exception:  # the first step that needs a broken file reports its problems
        log.debug("reading the questionnaire files ahead failed", exc_info=True)


async def stop(app: KisbotApp) -> None:
    """The reverse of start, tolerant of a partial start."""
    server = services_of(app).webhook
    if server is not None:
        await server.stop()
        services_of(app).webhook = None
    if app.updater is not None and app.updater.running:
        await app.updater.stop()
    if app.running:
        await app.stop()
    # The outbox sends through the Bot: stopped after app.shutdown() closed the Bot's HTTP
    # session, a send in between would open a new session that nothing ever closes.
    await _stop_sending(services_of(app))
    await app.shutdown()
    if app.post_shutdown is not None:
        await app.post_shutdown(app)


# SIGTERM must end the process within 5 s (systemd and Docker then send SIGKILL): stopping
# gets this long, then whatever still waits on Telegram is abandoned. Every answer is
# committed before its reply, so nothing acknowledged is lost by not waiting longer.
STOP_WITHIN = 4.0


async def serve(app: KisbotApp, webhook: Webhook | None = None) -> None:
    """Run until SIGINT or SIGTERM, which end it in every state, starting included."""
    stopping = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stopping.set)
    starting = asyncio.create_task(start(app, webhook))
    signalled = asyncio.create_task(stopping.wait())
    try:
        await asyncio.wait({starting, signalled}, return_when=asyncio.FIRST_COMPLETED)
        if starting.done():
            starting.result()  # InvalidToken and other start failures end the program here
            log.info("kisbot is running as @%s", app.bot.username)
            await signalled
        log.info("stopping")
    finally:
        for task in (starting, signalled):
            task.cancel()
        await asyncio.gather(starting, signalled, return_exceptions=True)
        try:
            await asyncio.wait_for(stop(app), STOP_WITHIN)
        except TimeoutError:
            log.warning("stopping took over %.0f s; the rest was abandoned", STOP_WITHIN)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
