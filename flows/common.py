"""Steps every person can take: help, language, cancel, and the answers to unreadable input."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from base.i18n import Text
from flows import flow
from flows.actor import Actor
from flows.buttons import ButtonData
from flows.context import FlowContext
from flows.reply import Button, EditPressed, Message, Reply, Toast
from flows.staff import menu

LanguageCode = Literal["pl", "uk", "en"]
LANGUAGE_NAMES: dict[LanguageCode, str] = {"pl": "Polski", "uk": "Українська", "en": "English"}


@dataclass(frozen=True)
class ChooseLanguage(ButtonData, kind="l"):
    """The language the bot speaks to this person from now on."""

    code: LanguageCode


def language_keyboard(current: str) -> tuple[tuple[Button, ...], ...]:
    """Polski / Українська / English, the current one marked."""
    return tuple(
        (
            Button(
                ("✓ " if code == current else "") + LANGUAGE_NAMES[code],
                ChooseLanguage(code).encode(),
            ),
        )
        for code in LANGUAGE_NAMES
    )


def ask_language(actor: Actor) -> Message:
    """The language question, asked in all three languages at once (the person may read none)."""
    return Message(
        parts=(Text("language.choose"),),
        buttons=language_keyboard(actor.language),
        language=actor.language,
    )


async def choose_language(
    ctx: FlowContext, actor: Actor, code: LanguageCode
) -> tuple[Actor, list[Reply]]:
    """Store the chosen language; the new actor speaks it from now on."""
    await ctx.tx.accounts.set_language(actor.telegram_id, code)
    changed = Actor(
        telegram_id=actor.telegram_id,
        language=code,
        language_chosen=True,
        is_operator=actor.is_operator,
    )
    confirm = EditPressed(
        (Text("language.set", {"language": LANGUAGE_NAMES[code]}),), language=code
    )
    # Staff get their menu in the new language (participants' menus are per language already).
    return changed, [confirm, *await menu.staff_menu(ctx, changed)]


def help_message(actor: Actor) -> Message:
    """What the bot can do for this person."""
    return Message((Text("help.participant"),), language=actor.language)


def unknown_command(actor: Actor) -> Message:
    """An unknown command: point to /help."""
    return Message((Text("command.unknown"),), language=actor.language)


def unsupported_input(actor: Actor) -> Message:
    """Stickers, photos, voice...: ask for buttons or words."""
    return Message((Text("input.unsupported"),), language=actor.language)


def edited_input(actor: Actor) -> Message:
    """Edits are not read."""
    return Message((Text("input.edited"),), language=actor.language)


def stale_button(actor: Actor) -> Toast:
    """A button that no longer means anything (flows.flow.stale_button)."""
    return flow.stale_button(actor.language)
