"""Telegram updates turned into Telegram-free flow inputs."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import Message, Update
from telegram.constants import ChatMemberStatus, ChatType

from flows.inputs import (
    BotBlocked,
    Command,
    Edited,
    Input,
    Press,
    TextInput,
    Unsupported,
    UnsupportedKind,
)

log = logging.getLogger(__name__)

# Telegram's own limit is 4096; anything longer is not a real message and is cut for safety.
MAX_TEXT = 4096


@dataclass(frozen=True)
class Incoming:
    """Who sent what, and where."""

    user_id: int
    chat_id: int
    language_code: str | None
    private: bool
    input: Input


def to_incoming(update: Update) -> Incoming | None:
    """The flow input of an update, or None for kinds the bot ignores."""
    user = update.effective_user
    chat = update.effective_chat
    if user is None or chat is None or user.is_bot:
        return None
    private = chat.type == ChatType.PRIVATE
    if private and chat.id != user.id:
        # In a private chat the chat is the person. A mismatch is a forged update (a known
        # user id with another chat to receive the replies); Telegram never sends one.
        log.warning("update %s dropped: private chat of someone else", update.update_id)
        return None
    inp: Input | None
    if update.callback_query is not None:
        inp = Press(data=update.callback_query.data or "")
    elif update.edited_message is not None:
        inp = Edited()
    elif update.message is not None:
        inp = _message_input(update.message)
    elif update.my_chat_member is not None and private:
        inp = _block_input(update.my_chat_member.new_chat_member.status)
    else:
        inp = None
    if inp is None:
        return None
    return Incoming(user.id, chat.id, user.language_code, private, inp)


def _block_input(status: str) -> BotBlocked | None:
    """In a private chat Telegram sends the bot's new status only when the person blocks the
    bot ("kicked") or unblocks it ("member"); in a group it is about the group, not them."""
    if status == ChatMemberStatus.BANNED:
        return BotBlocked(blocked=True)
    if status == ChatMemberStatus.MEMBER:
        return BotBlocked(blocked=False)
    return None


def _message_input(message: Message) -> Input:
    text = message.text
    if text is not None:
        text = text[:MAX_TEXT]
        if text.startswith("/"):
            head, _, args = text.partition(" ")
            name = head[1:].split("@", 1)[0].lower()
            if name:
                return Command(name=name, args=args.strip())
        replied = message.reply_to_message
        return TextInput(text=text, reply_to=replied.message_id if replied is not None else None)
    return Unsupported(kind=_unsupported_kind(message))


def _unsupported_kind(message: Message) -> UnsupportedKind:
    checks: list[tuple[object, UnsupportedKind]] = [
        (message.sticker, "sticker"),
        (message.photo, "photo"),
        (message.voice, "voice"),
        (message.video or message.video_note or message.animation, "video"),
        (message.audio, "audio"),
        (message.location or message.venue, "location"),
        (message.contact, "contact"),
        (message.document, "document"),
    ]
    for value, kind in checks:
        if value:
            return kind
    return "other"
