"""Simulated people: updates queued without waiting, answers read from their own inbox."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bench.loadserver import ChatInbox, LoadServer, keyboard_data
from tests.fakebot.state import Call, QueuedUpdate
from tests.fakebot.users import FakeUser, bot_status_update, command_entities


@dataclass
class Person:
    """One person in their private chat with the bot."""

    server: LoadServer
    user: FakeUser
    sent: int = 0
    history: list[QueuedUpdate] = field(default_factory=list)

    @classmethod
    def create(cls, server: LoadServer, telegram_id: int, language: str = "pl") -> Person:
        return cls(server, server.user(telegram_id, f"P{telegram_id}", language_code=language))

    @property
    def chat_id(self) -> int:
        return self.user.chat_id

    @property
    def inbox(self) -> ChatInbox:
        return self.server.inbox(self.chat_id)

    def send(self, text: str) -> QueuedUpdate:
        """A text message (commands get their entities)."""
        world = self.server.world
        message = world.new_message(self.chat_id, self.user.user) | {"text": text}
        if entities := command_entities(text):
            message["entities"] = entities
        world.store(self.chat_id, message, from_bot=False)
        return self._queue({"message": message})

    def press(self, message: dict[str, Any], data: str) -> QueuedUpdate:
        """A button press on `message` (the bot's message as Telegram holds it now)."""
        world = self.server.world
        query_id = world.new_id(f"{self.chat_id}-")
        world.callback_queries[query_id] = self.chat_id
        query = {
            "id": query_id,
            "from": self.user.user,
            "message": dict(message),
            "chat_instance": f"ci{self.chat_id}",
            "data": data,
        }
        return self._queue({"callback_query": query})

    def blocks_the_bot(self) -> QueuedUpdate:
        """403 from now on, and the update Telegram sends the bot to say so."""
        self.user.block()
        return self._queue(bot_status_update(self.user.user, self.user.chat, blocked=True))

    def _queue(self, body: dict[str, Any]) -> QueuedUpdate:
        self.sent += 1
        queued = self.server.enqueue_for(self.chat_id, body)
        self.history.append(queued)
        return queued

    def keyboard_message(self) -> dict[str, Any] | None:
        """The newest bot message that still has an inline keyboard."""
        for stored in reversed(self.server.world.bot_messages(self.chat_id)):
            if keyboard_data(stored.data):
                return stored.data
        return None


def shows_keyboard(call: Call) -> bool:
    """A successful call that left an inline keyboard on screen."""
    return call.status == 200 and bool(keyboard_data(call.params))


def sends_message(call: Call) -> bool:
    return call.status == 200 and call.method == "sendMessage"


def replies(call: Call) -> bool:
    return True
