"""The command menus registered with Telegram, in each language; which commands a menu lists
comes from the flow registry (flows/staff/menu.py)."""

from __future__ import annotations

import logging

from telegram import Bot, BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from base.i18n import LANGUAGES, translate
from flows import registry
from flows.staff.menu import participant_commands

log = logging.getLogger(__name__)


def commands_for(language: str, names: tuple[str, ...] | None = None) -> list[BotCommand]:
    """The menu in one language (the participants' menu unless names are given)."""
    chosen = participant_commands(registry.PARTICIPANT) if names is None else names
    return [BotCommand(name, translate(language, f"commands.{name}")) for name in chosen]


async def set_staff_menu(
    bot: Bot, chat_id: int, language: str, commands: tuple[str, ...], *, remove: bool
) -> None:
    """The commands a staff member may use in one chat's menu, or back to the participants'
    menu (flows/staff/menu.py decides which)."""
    scope = BotCommandScopeChat(chat_id)
    try:
        if remove or not commands:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(commands_for(language, commands), scope=scope)
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
