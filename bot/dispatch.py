"""Every update's path: who is this, at most once, one at a time per person, then a flow."""

from __future__ import annotations

import logging
import time

from telegram import Update
from telegram.error import Forbidden
from telegram.ext import ContextTypes

from bot.convert import to_incoming
from bot.ratelimit import REPLYING
from bot.render import send_replies
from bot.services import Services, services_of
from flows.later import complete
from flows.schedule.blocked import person_blocked
from flows.step import StepRequest, perform
from storage.repos.base import TxNotes

log = logging.getLogger(__name__)


async def on_update(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route an update through dedupe, the person's lock and the flows, then reply."""
    incoming = to_incoming(update)
    if incoming is None:
        return
    services = services_of(context.application)
    started = time.perf_counter()
    # The in-memory lock only keeps one process's replies to a person in order; what makes
    # steps one at a time across every worker is the person's lock in the database, held by
    # the transaction itself (storage: Database.person_transaction).
    async with services.locks.hold(incoming.user_id):
        now = services.clock.now()
        async with services.database.person_transaction(incoming.user_id) as tx:
            if not await tx.updates.claim(update.update_id, now):
                log.info("update %s was handled before; ignored", update.update_id)
                return
            request = StepRequest(
                incoming.user_id, incoming.language_code, incoming.input, private=incoming.private
            )
            replies = await perform(tx, request, services.flow_settings, now, services.bot_username)
        # Committed: whatever happens while replying, the step itself is not lost.
        log.debug(
            "update %s (%s) committed in %.1f ms",
            update.update_id,
            type(incoming.input).__name__,
            (time.perf_counter() - started) * 1000,
        )
        await overwrite_erased(services, tx.signals)
        replies = await complete(services.database, replies, services.exports)
        if tx.signals.queued_outbox:
            # Only then: an outbox round per step would take the database lock for nothing.
            services.wake_outbox()
        query = update.callback_query
        # Replies to the person's own step are not bulk sends (see bot/ratelimit.py).
        REPLYING.set(True)
        try:
            await send_replies(
                context.bot,
                incoming.chat_id,
                replies,
                callback_query_id=query.id if query else None,
                pressed_message_id=query.message.message_id if query and query.message else None,
                keyboards=services.keyboards,
            )
        except Forbidden:
            if not incoming.private:
                # Removed from a group: nothing is wrong with the bot, and it says nothing
                # about the person's own chat.
                log.info("update %s: the bot may not write to that group", update.update_id)
                return
            # The person blocked the bot: no nudges or alerts to them until they unblock it
            # or write again (the router marks them reachable on their next update).
            async with services.database.transaction() as tx:
                alerted = await person_blocked(
                    tx, incoming.user_id, services.clock.now(), services.flow_settings
                )
            if alerted:
                services.wake_outbox()
            log.info("update %s: the person blocked the bot", update.update_id)


async def overwrite_erased(services: Services, signals: TxNotes) -> None:
    """After a committed step that erased personal data: the WAL, which still holds older
    copies of the zeroed pages, is checkpointed and emptied, so the bytes leave the file."""
    if signals.erased:
        await services.database.scrub()
