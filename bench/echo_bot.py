"""The baseline: a bare PTB bot that answers each message with one sendMessage and each
button press with one answerCallbackQuery. Same settings as kisbot's Application where
they are not kisbot's own work (concurrent updates, long polling), nothing else.

Run by bench.intake_load as `python -m bench.echo_bot` with TELEGRAM_BOT_TOKEN and
TELEGRAM_API_BASE_URL in the environment.
"""

from __future__ import annotations

import os

from telegram import Update
from telegram.ext import Application, ContextTypes, TypeHandler


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    if update.callback_query is not None:
        await update.callback_query.answer()
    elif (chat := update.effective_chat) is not None and update.effective_message is not None:
        await context.bot.send_message(chat.id, update.effective_message.text or "?")


def main() -> None:
    base = os.environ["TELEGRAM_API_BASE_URL"].rstrip("/")
    app = (
        Application.builder()
        .token(os.environ["TELEGRAM_BOT_TOKEN"])
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .concurrent_updates(True)
        .build()
    )
    app.add_handler(TypeHandler(Update, echo))
    app.run_polling(allowed_updates=Update.ALL_TYPES)


if __name__ == "__main__":
    main()
