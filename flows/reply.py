"""What a flow asks the adapter to show: Telegram-free replies."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from base.i18n import Text
from flows.context import FlowContext, FlowSettings

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
class Export:
    """A long read and the documents it draws, as another process can run it: everything here
    pickles (a builder found by its module and name, plain arguments), nothing is a closure
    over the step, and the arguments hold only what the export may read (a club id, not the
    staff member's memberships)."""

    build: Callable[..., Awaitable[list[Reply]]]
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    now: datetime
    settings: FlowSettings
    bot_username: str
    # Whom to answer, if the export cannot be made.
    language: str

    async def run(self, tx: Tx) -> list[Reply]:
        """The replies, read from tx."""
        ctx = FlowContext(tx, self.now, self.settings, self.bot_username)
        return await self.build(ctx, *self.args, **self.kwargs)


@dataclass(frozen=True)
class Later:
    """Replies read after the step's commit, on a read-only snapshot outside the write lock
    (flows/later.py): long reads never hold up other people's steps.

    export: the read builds for long (an export), so it runs where the bot's event loop does
    not wait for it: in the export worker process, or in a thread with its own connection.
    """

    read: Callable[[Tx], Awaitable[list[Reply]]]
    export: Export | None = None


Reply = Message | EditPressed | Toast | Document | StaffMenu | Later


@dataclass
class Replies:
    """The replies of one step, in order."""

    items: list[Reply] = field(default_factory=list)

    def add(self, reply: Reply) -> None:
        """Append a reply."""
        self.items.append(reply)
