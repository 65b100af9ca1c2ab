"""The last line of defence: log the failure, tell the person their answers are safe."""

from __future__ import annotations

import logging
import sqlite3
import traceback

from telegram import Update
from telegram.error import Forbidden, NetworkError, RetryAfter, TelegramError, TimedOut
from telegram.ext import ContextTypes

from base.i18n import translate
from bot.services import services_of
from flows.actor import pick_language

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log an unhandled error with the update's context (never its content) and apologise."""
    error = context.error
    if isinstance(error, (NetworkError, TimedOut, RetryAfter)) and not isinstance(update, Update):
        log.warning("Telegram connection problem: %s", type(error).__name__)
        return
    if not isinstance(update, Update):
        log.error("error outside an update", exc_info=error)
        return
    kind = next((k for k in _KINDS if getattr(update, k, None) is not None), "unknown")
    chat = update.effective_chat
    # Identify the update, not the person: no text, no answers, no names. An exception's
    # message can quote what the person typed (pydantic and ValueError messages do), so only
    # messages of exceptions known not to carry content are logged; the frames always are.
    log.error(
        "error handling update %s (%s, chat type %s): %s\n%s",
        update.update_id,
        kind,
        chat.type if chat else "-",
        describe(error),
        "".join(traceback.format_tb(error.__traceback__)) if error else "",
    )
    if chat is None or isinstance(error, Forbidden):
        return
    user = update.effective_user
    services = services_of(context.application)
    if user is None:
        await _apologise(update, context, chat.id, None)
        return
    # In the person's turn, as their steps' replies are: the step failed and let go of the
    # lock, and their next step may already be replying (or waiting out Telegram's 429 for
    # this chat); the apology must neither cut into that nor break the pause.
    async with services.locks.hold(user.id):
        await _apologise(update, context, chat.id, user.id)


async def _apologise(
    update: Update, context: ContextTypes.DEFAULT_TYPE, chat_id: int, user_id: int | None
) -> None:
    """Tell the person, in their language, that something failed and their answers are safe."""
    services = services_of(context.application)
    stored = None
    if user_id is not None and services.db is not None:
        try:
            async with services.db.transaction() as tx:
                stored = await tx.accounts.language_of(user_id)
        except Exception:
            stored = None
    user = update.effective_user
    language = pick_language(
        stored, user.language_code if user else None, services.settings.default_language
    )
    try:
        if update.callback_query is not None:
            await update.callback_query.answer()
        await context.bot.send_message(chat_id, translate(language, "error.generic"))
    except Exception:
        log.warning("could not send the apology for update %s", update.update_id)


def describe(error: BaseException | None) -> str:
    """The exception's type, with its message only when it cannot hold personal data."""
    if error is None:
        return "-"
    name = type(error).__name__
    if isinstance(error, TelegramError | sqlite3.Error | OSError):
        return f"{name}: {error}"
    return name


_KINDS = ("message", "edited_message", "callback_query", "my_chat_member", "inline_query")
