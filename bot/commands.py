"""The command menu registered with Telegram, in each language."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from base.i18n import LANGUAGES, translate

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


# The menu a staff member's chat gets (scoped to that chat); /help lists everything.
STAFF_MENU = (
    "participants",
    "invite",
    "today",
    "week",
    "session",
    "card",
    "assess",
    "club",
    "help",
    "language",
    "cancel",
)


def commands_for(language: str, names: tuple[str, ...] = PARTICIPANT_COMMANDS) -> list[BotCommand]:
    """The menu in one language."""
    return [BotCommand(name, translate(language, f"commands.{name}")) for name in names]


async def set_staff_menu(bot: Bot, chat_id: int, language: str, *, remove: bool) -> None:
    """The staff commands in one chat's menu, or back to the participants' menu."""
    scope = BotCommandScopeChat(chat_id)
    try:
        if remove:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(commands_for(language, STAFF_MENU), scope=scope)
    except TelegramError as exc:
        log.warning("could not change a staff member's command menu: %s", exc.message)


async def register_commands(bot: Bot, default_language: str) -> None:
    """Register the menu per language; a failure is logged, never fatal."""
    try:
        await bot.set_my_commands(commands_for(default_language))
        for language in LANGUAGES:
            await bot.set_my_commands(commands_for(language), language_code=language)
    except TelegramError as exc:
        log.warning("could not register the command menu with Telegram: %s", exc.message)
