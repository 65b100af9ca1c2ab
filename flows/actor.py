"""Who is acting: resolved once per update, before any flow runs."""

from __future__ import annotations

from dataclasses import dataclass

from base.i18n import LANGUAGES


@dataclass(frozen=True)
class Actor:
    """A person talking to the bot, with their language already decided."""

    telegram_id: int
    language: str
    language_chosen: bool
    is_operator: bool = False

    @property
    def audit_name(self) -> str:
        """How the audit log names this person."""
        return f"tg:{self.telegram_id}"


def pick_language(stored: str | None, telegram_code: str | None, default: str) -> str:
    """The stored choice, else Telegram's language when we have it, else the default."""
    if stored in LANGUAGES:
        return stored
    guess = (telegram_code or "").split("-")[0].lower()
    if guess in LANGUAGES:
        return guess
    # Russian-language phones are common among Ukrainian refugees; Ukrainian is the better guess.
    if guess in ("ru", "be"):
        return "uk"
    return default
