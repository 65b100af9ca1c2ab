"""Flow replies shown on Telegram."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict

from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, InputFile
from telegram.error import BadRequest

from base.i18n import render as render_text
from bot.commands import set_staff_menu
from flows.reply import (
    Document,
    EditPressed,
    Keyboard,
    Message,
    Part,
    Reply,
    StaffMenu,
    Toast,
)

log = logging.getLogger(__name__)

TEXT_LIMIT = 4096
CAPTION_LIMIT = 1024


def text_of(parts: tuple[Part, ...], language: str) -> str:
    """The parts in the person's language, as one text (paragraphs)."""
    return "\n\n".join(p if isinstance(p, str) else render_text(language, p) for p in parts)


def split_text(text: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Chunks within Telegram's limit, cut at paragraph or line ends where possible."""
    chunks: list[str] = []
    rest = text
    while len(rest) > limit:
        cut = rest.rfind("\n", 0, limit)
        if cut <= 0:
            cut = rest.rfind(" ", 0, limit)
        if cut <= 0:
            cut = limit
        chunks.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    chunks.append(rest or "…")
    return chunks


def keyboard(buttons: Keyboard, language: str) -> InlineKeyboardMarkup | None:
    """Inline keyboard markup, or None when there are no buttons."""
    if not buttons:
        return None
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    b.label if isinstance(b.label, str) else render_text(language, b.label),
                    callback_data=b.data,
                )
                for b in row
            ]
            for row in buttons
        ]
    )


class KeyboardMessages:
    """The last message with inline buttons per chat, so that a question answered by typing
    can lose its buttons like one answered by a press. Memory only: after a restart the old
    buttons simply stay (pressing them is answered as stale), which is harmless."""

    def __init__(self, limit: int = 20_000) -> None:
        self._by_chat: OrderedDict[int, int] = OrderedDict()
        self._limit = limit

    def remember(self, chat_id: int, message_id: int) -> None:
        """chat_id's newest message with buttons."""
        self._by_chat[chat_id] = message_id
        self._by_chat.move_to_end(chat_id)
        while len(self._by_chat) > self._limit:
            self._by_chat.popitem(last=False)

    def take(self, chat_id: int) -> int | None:
        """The remembered message (forgotten now: its buttons are about to go)."""
        return self._by_chat.pop(chat_id, None)

    def forget(self, chat_id: int, message_id: int) -> None:
        """The message lost its buttons by other means."""
        if self._by_chat.get(chat_id) == message_id:
            del self._by_chat[chat_id]


async def send_replies(
    bot: Bot,
    chat_id: int,
    replies: list[Reply],
    *,
    callback_query_id: str | None = None,
    pressed_message_id: int | None = None,
    keyboards: KeyboardMessages | None = None,
) -> None:
    """Show the replies in order; a pressed button is always answered exactly once.

    EditPressed edits the pressed message, or, for typed input, the chat's last message with
    buttons.
    """
    toast = next((r for r in replies if isinstance(r, Toast)), None)
    if callback_query_id is not None:
        text = None
        if toast is not None:
            text = (
                toast.text
                if isinstance(toast.text, str)
                else render_text(toast.language, toast.text)
            )
        await bot.answer_callback_query(callback_query_id, text=text[:200] if text else None)
    for reply in replies:
        if isinstance(reply, Message):
            target = reply.chat_id or chat_id
            sent = await _send_message(bot, target, reply)
            if reply.buttons and keyboards is not None:
                keyboards.remember(target, sent)
        elif isinstance(reply, EditPressed):
            message_id = pressed_message_id
            if message_id is None and keyboards is not None:
                message_id = keyboards.take(chat_id)
            elif message_id is not None and keyboards is not None and not reply.buttons:
                keyboards.forget(chat_id, message_id)
            await _edit_pressed(bot, chat_id, message_id, reply)
        elif isinstance(reply, Document):
            await _send_document(bot, chat_id, reply)
        elif isinstance(reply, StaffMenu):
            await set_staff_menu(
                bot, reply.chat_id or chat_id, reply.language, reply.commands, remove=reply.remove
            )


async def _send_message(bot: Bot, chat_id: int, reply: Message) -> int:
    """Send (in chunks if long); the id of the last message, which carries the buttons."""
    chunks = split_text(text_of(reply.parts, reply.language))
    sent_id = 0
    for index, chunk in enumerate(chunks):
        last = index == len(chunks) - 1
        sent = await bot.send_message(
            chat_id,
            chunk,
            reply_markup=keyboard(reply.buttons, reply.language) if last else None,
        )
        sent_id = sent.message_id
    return sent_id


async def _edit_pressed(bot: Bot, chat_id: int, message_id: int | None, reply: EditPressed) -> None:
    if message_id is None:
        return
    text = split_text(text_of(reply.parts, reply.language))[0]
    try:
        await bot.edit_message_text(
            text,
            chat_id=chat_id,
            message_id=message_id,
            reply_markup=keyboard(reply.buttons, reply.language),
        )
    except BadRequest as exc:
        # Too old to edit, deleted, or unchanged: the new state is in the next message anyway.
        log.debug("edit of a pressed message skipped: %s", exc.message)


async def _send_document(bot: Bot, chat_id: int, reply: Document) -> None:
    caption = text_of(reply.caption, reply.language)[:CAPTION_LIMIT] or None
    content = reply.content
    data = content if isinstance(content, bytes) else await asyncio.to_thread(content)
    upload = InputFile(data, filename=reply.filename)
    if reply.as_photo:
        await bot.send_photo(chat_id, upload, caption=caption)
    else:
        await bot.send_document(chat_id, upload, caption=caption)
