"""`kisbot chat`: the same conversations in a terminal, on the same database. Messages the bot
queues for the person at the terminal (staff alerts, reminders, nudges) show there when due,
after every line and while the terminal waits for one; files go to `exports-out/`, readable
by their owner only."""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Callable
from pathlib import Path

from base.clock import Clock
from base.i18n import render as render_text
from base.ids import parse_id
from bot.outbox import claim, message_parts
from bot.render import text_of
from flows.context import FlowSettings
from flows.inputs import Command, Input, Press, TextInput
from flows.later import complete
from flows.reply import Button, Document, EditPressed, Message, Reply, StaffMenu, Toast
from flows.step import StepRequest, perform
from storage.db import Database
from storage.files import write_atomic

OUTBOX_BATCH = 50
WAIT_POLL = 1.0  # seconds between looks at the outbox while waiting for a typed line


class TerminalChat:
    """Reads lines, runs steps, prints replies with their buttons numbered."""

    def __init__(
        self,
        db: Database,
        settings: FlowSettings,
        clock: Clock,
        telegram_id: int,
        *,
        write: Callable[[str], None] = print,
        files_dir: Path = Path("exports-out"),
    ) -> None:
        self._db = db
        self._settings = settings
        self._clock = clock
        self._telegram_id = telegram_id
        self._write = write
        self._files_dir = files_dir
        self._buttons: list[Button] = []

    def to_input(self, line: str) -> Input:
        """A typed line as a flow input: a number picks a shown button."""
        text = line.strip()
        # parse_id, not int(): a terminal has no length cap (int() refuses over 4300 digits)
        # and "²" is a digit int() cannot read.
        number = parse_id(text)
        if number is not None and 1 <= number <= len(self._buttons):
            return Press(self._buttons[number - 1].data)
        if text.startswith("/"):
            head, _, args = text.partition(" ")
            return Command(head[1:].lower(), args.strip())
        return TextInput(line)

    async def step(self, line: str) -> list[Reply]:
        """One line from the person: run it, print the replies, then what the outbox has due
        for them."""
        request = StepRequest(self._telegram_id, None, self.to_input(line))
        async with self._db.transaction() as tx:
            replies = await perform(tx, request, self._settings, self._clock.now(), "kisbot_chat")
        if tx.signals.erased:
            await self._db.scrub()  # as the bot does: erased bytes leave the file too
        replies = await complete(self._db, replies)
        self._show(replies)
        await self.deliver()
        return replies

    async def deliver(self, *, interrupting: bool = False) -> int:
        """Show the outbox messages due to the person at the terminal, as the bot would send
        them (decided and claimed the same way, so each shows once); how many were shown.
        `interrupting`: a prompt is on screen, so the first message starts a new line."""
        now = self._clock.now()
        async with self._db.transaction() as tx:
            due = await tx.outbox.due_to(self._telegram_id, now, OUTBOX_BATCH)
        shown = 0
        for message in due:
            async with self._db.transaction() as tx:
                claimed, verdict, language = await claim(tx, message, now)
            if not claimed:
                continue
            if interrupting and not shown:
                self._write("")
            text, buttons = message_parts(message, verdict, language)
            self._write(f"[message] {text}")
            self._show_buttons(buttons, language)
            self._write("")
            async with self._db.transaction() as tx:
                await tx.outbox.settle(message.id, "sent", now)
            shown += 1
        return shown

    def _show(self, replies: list[Reply]) -> None:
        for reply in replies:
            if isinstance(reply, StaffMenu):
                continue  # Telegram's command menu has no terminal counterpart
            if isinstance(reply, Message):
                prefix = f"[to {reply.chat_id}] " if reply.chat_id else ""
                self._write(prefix + text_of(reply.parts, reply.language))
                self._show_buttons(reply.buttons, reply.language)
            elif isinstance(reply, EditPressed):
                self._write("(" + text_of(reply.parts, reply.language) + ")")
                self._show_buttons(reply.buttons, reply.language)
            elif isinstance(reply, Toast):
                label = (
                    reply.text
                    if isinstance(reply.text, str)
                    else render_text(reply.language, reply.text)
                )
                self._write(f"({label})")
            elif isinstance(reply, Document):
                target = self._folder() / Path(reply.filename).name
                content = reply.content
                # Documents hold personal data: owner-only, whole or not at all.
                write_atomic(target, content if isinstance(content, bytes) else content())
                self._write(f"[file saved: {target}]")
            self._write("")

    def _folder(self) -> Path:
        """The files folder, created owner-only: documents hold personal data."""
        self._files_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._files_dir.chmod(0o700)
        return self._files_dir

    def _show_buttons(self, rows: tuple[tuple[Button, ...], ...], language: str) -> None:
        flat = [b for row in rows for b in row]
        if not flat:
            return
        self._buttons = flat
        for number, button in enumerate(flat, start=1):
            label = (
                button.label
                if isinstance(button.label, str)
                else render_text(language, button.label)
            )
            self._write(f"  [{number}] {label}")


def _prompt() -> None:
    sys.stdout.write("> ")
    sys.stdout.flush()


async def _read_line(chat: TerminalChat) -> str:
    """The next typed line; meanwhile what falls due for the person shows as it comes (a
    reminder, a staff member's message), as it would pop up in Telegram."""
    reading: asyncio.Task[str] = asyncio.create_task(asyncio.to_thread(sys.stdin.readline))
    while True:
        done, _ = await asyncio.wait({reading}, timeout=WAIT_POLL)
        if done:
            return reading.result()
        if await chat.deliver(interrupting=True):
            _prompt()


async def run_terminal(chat: TerminalChat, first: str = "/start") -> None:
    """The read-eval-print loop; /quit or end of input leaves."""
    await chat.deliver()  # what waited for the person since their last visit
    await chat.step(first)
    while True:
        _prompt()
        line = await _read_line(chat)
        if not line or line.strip() in ("/quit", "/exit"):
            return
        if line.strip():
            await chat.step(line.rstrip("\n"))
