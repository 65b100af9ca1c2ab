"""The command menu registered with Telegram, in each language."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand
from telegram.error import TelegramError

from flows.i18n import LANGUAGES, translate

log = logging.getLogger(__name__)

PARTICIPANT_COMMANDS = (
    "start",
    "help",
    "schedule",
    "language",
    "privacy",
    "mydata",
    "delete",
    "cancel",
)


def commands_for(language: str) -> list[BotCommand]:
    """The menu in one language."""
    return [
        BotCommand(name, translate(language, f"commands.{name}")) for name in PARTICIPANT_COMMANDS
    ]


async def register_commands(bot: Bot, default_language: str) -> None:
    """Register the menu per language; a failure is logged, never fatal."""
    try:
        await bot.set_my_commands(commands_for(default_language))
        for language in LANGUAGES:
            await bot.set_my_commands(commands_for(language), language_code=language)
    except TelegramError as exc:
        log.warning("could not register the command menu with Telegram: %s", exc.message)
