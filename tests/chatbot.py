"""kisbot's steps in-process, for user stories: the fast driver of the chat test language.

Like aiogram-dialog's BotClient: no HTTP, no polling, no waiting for quiet. An update from a
test person (`server.user(...).send/click`) runs here as bot/dispatch.on_update runs it -
its update claimed and `flows.step.perform` in one transaction, committed before any reply -
then the replies are rendered by the adapter's own bot/render.send_replies through a PTB Bot
whose transport answers in-process from the fake Telegram (tests/fakebot/inprocess.py). What
a person sees (texts, buttons by label, edits of the pressed message, toasts, documents) is
then read exactly as over HTTP. The outbox (alerts to staff, reminders, nudges) is the real
OutboxDispatcher: a step that queued something has it delivered before the action returns,
and `run_outbox()` sends what the injectable clock has made due.

What is the adapter's own (polling, webhook, rate limits, error handler, concurrency) stays
tested over HTTP with tests/harness.Kisbot.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

from telegram import Bot, Update
from telegram.error import Forbidden

from bot.commands import register_commands
from bot.convert import to_incoming
from bot.dispatch import overwrite_erased
from bot.export_workers import ExportWorkers
from bot.outbox import OutboxDispatcher
from bot.render import send_replies
from bot.services import Services
from flows.later import complete
from flows.schedule.blocked import person_blocked
from flows.step import StepRequest, perform
from storage.db import Database, open_database
from tests.fakebot.inprocess import InProcessBotApi, InProcessRequest
from tests.harness import BotUnderTest


@dataclass
class ChatBot(BotUnderTest):
    """kisbot in-process, on the in-process fake Telegram."""

    services: Services | None = None
    outbox: OutboxDispatcher | None = None
    bot: Bot | None = None

    async def start(self) -> None:
        """What bot/app.start and its post_init do, minus the Updater."""
        server = self.server
        assert isinstance(server, InProcessBotApi)
        settings = self.settings
        assert settings.telegram_bot_token is not None
        bot = Bot(
            settings.telegram_bot_token.get_secret_value(),
            base_url=settings.bot_api_url,
            base_file_url=settings.bot_file_url,
            request=InProcessRequest(server),
            get_updates_request=InProcessRequest(server),
        )
        await bot.initialize()
        services = Services(settings=settings, clock=self.clock)
        services.db = await open_database(settings.database)
        services.bot_username = bot.username
        if settings.export_workers:
            services.exports = ExportWorkers(settings.export_workers, log_level=settings.log_level)
        async with services.db.transaction() as tx:
            await tx.meta.set("bot_username", bot.username)
        await register_commands(bot, settings.default_language)
        # No pause between two messages to one chat: pacing is the adapter's, tested over HTTP.
        outbox = OutboxDispatcher(bot, services, per_chat_gap=0.0)
        await outbox.recover()
        self.bot, self.services, self.outbox = bot, services, outbox
        server.handler = self.handle
        await outbox.run_once()  # the outbox loop's first round, right at start

    async def stop(self) -> None:
        """Close the database; the next start is a new process."""
        server = self.server
        assert isinstance(server, InProcessBotApi)
        server.handler = None
        if self.services is not None and self.services.exports is not None:
            await self.services.exports.close()
        if self.services is not None and self.services.db is not None:
            await self.services.db.close()
        if self.bot is not None:
            await self.bot.shutdown()
        self.services = self.outbox = self.bot = None

    @property
    def app(self) -> NoReturn:
        """There is no PTB Application in-process; say what to do instead of an AttributeError."""
        raise AssertionError(
            "this test runs kisbot in-process (tests/chatbot.py), without a PTB Application: "
            "mark it `pytest.mark.over_http` if it tests the adapter itself"
        )

    @property
    def db(self) -> Database:
        """The running bot's database."""
        assert self.services is not None, "the bot is not running"
        return self.services.database

    async def run_outbox(self) -> int:
        """One round of the outbox at the clock's time."""
        assert self.outbox is not None, "the bot is not running"
        return await self.outbox.run_once()

    async def handle(self, data: dict[str, Any]) -> None:
        """One update, as bot/dispatch.on_update handles it."""
        services, bot, outbox = self.services, self.bot, self.outbox
        assert services is not None, "the bot is not running"
        assert bot is not None
        assert outbox is not None
        update = Update.de_json(data, bot)
        incoming = to_incoming(update)
        if incoming is None:
            return
        now = self.clock.now()
        async with services.database.transaction() as tx:
            if not await tx.updates.claim(update.update_id, now):
                return
            request = StepRequest(
                incoming.user_id, incoming.language_code, incoming.input, private=incoming.private
            )
            replies = await perform(tx, request, services.flow_settings, now, services.bot_username)
        await overwrite_erased(services, tx.signals)
        replies = await complete(services.database, replies, services.exports)
        query = update.callback_query
        try:
            await send_replies(
                bot,
                incoming.chat_id,
                replies,
                callback_query_id=query.id if query else None,
                pressed_message_id=query.message.message_id if query and query.message else None,
                keyboards=services.keyboards,
            )
        except Forbidden:
            if not incoming.private:
                return  # removed from a group: not the person's own chat
            async with services.database.transaction() as tx:
                await person_blocked(tx, incoming.user_id, now, services.flow_settings)
        if tx.signals.queued_outbox:
            await outbox.run_once()  # the loop's wake-up, run to its end
