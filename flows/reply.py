"""What a flow asks the adapter to show: Telegram-free replies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from base.i18n import Text

if TYPE_CHECKING:
    from storage.tx import Tx

# A part of a message: a catalogue Text, or text that is already in the person's language
# (questionnaire wording, an answer the person typed).
Part = Text | str


@dataclass(frozen=True)
class Button:
    """An inline button: its label and its callback data (at most 64 bytes)."""

    label: Part
    data: str


Keyboard = tuple[tuple[Button, ...], ...]


@dataclass(frozen=True)
class Message:
    """A new message to the person (or, with chat_id, to someone else)."""

    parts: tuple[Part, ...]
    buttons: Keyboard = ()
    language: str = "pl"
    chat_id: int | None = None


@dataclass(frozen=True)
class EditPressed:
    """Replace the text of the message whose button was pressed, and drop its buttons."""

    parts: tuple[Part, ...]
    language: str = "pl"
    buttons: Keyboard = ()


@dataclass(frozen=True)
class Toast:
    """A short pop-up answer to a button press."""

    text: Part
    language: str = "pl"


@dataclass(frozen=True)
class Document:
    """A file sent to the person.

    content may be a function that makes the bytes: the adapter calls it after the step's
    transaction has committed, off the event loop, so slow drawing never holds the database.
    """

    filename: str
    content: bytes | Callable[[], bytes]
    caption: tuple[Part, ...] = ()
    language: str = "pl"
    as_photo: bool = False


@dataclass(frozen=True)
class StaffMenu:
    """Show these staff commands in this person's Telegram menu (or take them away); the
    commands come from flows/staff/menu.py, which asks the registry."""

    language: str = "pl"
    chat_id: int | None = None
    remove: bool = False
    commands: tuple[str, ...] = ()


@dataclass(frozen=True)
class Later:
    """Replies read after the step's commit, on a read-only snapshot outside the write lock
    (flows/later.py): long reads never hold up other people's steps.

    heavy: the read builds for long (an export), so it runs in a thread on its own event loop
    with its own connection, and the bot's event loop goes on serving steps meanwhile.
    """

    read: Callable[[Tx], Awaitable[list[Reply]]]
    heavy: bool = False


Reply = Message | EditPressed | Toast | Document | StaffMenu | Later


@dataclass
class Replies:
    """The replies of one step, in order."""

    items: list[Reply] = field(default_factory=list)

    def add(self, reply: Reply) -> None:
        """Append a reply."""
        self.items.append(reply)
