"""What a person did, independent of Telegram."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Command:
    """A slash command with its argument text."""

    name: str
    args: str = ""


@dataclass(frozen=True)
class TextInput:
    """Typed text; `reply_to` is the id of the bot's earlier message in the same chat that the
    person answered by replying to it (the adapter fills it in; None for plain text)."""

    text: str
    reply_to: int | None = None


@dataclass(frozen=True)
class Press:
    """A press of an inline button; data is untrusted until checked."""

    data: str


UnsupportedKind = Literal[
    "sticker", "photo", "voice", "video", "audio", "location", "contact", "document", "other"
]


@dataclass(frozen=True)
class Unsupported:
    """Something the bot cannot read (sticker, photo, voice...)."""

    kind: UnsupportedKind


@dataclass(frozen=True)
class Edited:
    """An edit of an earlier message; edits are not read."""


@dataclass(frozen=True)
class BotBlocked:
    """The person blocked the bot in their private chat (True) or unblocked it (False).
    Telegram says so as it happens, in the order of the person's other updates."""

    blocked: bool


Input = Command | TextInput | Press | Unsupported | Edited | BotBlocked
