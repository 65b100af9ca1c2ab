"""What the fake Telegram remembers: chats, messages, files, calls, answers, faults."""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from typing import Any

TOKEN = "7000000001:fake-token-for-tests"
BOT_USER: dict[str, Any] = {
    "id": 7000000001,
    "is_bot": True,
    "first_name": "KIS test bot",
    "username": "kisbot_test_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


class ApiError(Exception):
    """An error answer, shaped like Telegram's: {"ok": false, "error_code", "description"}."""

    def __init__(
        self, code: int, description: str, parameters: dict[str, Any] | None = None
    ) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.parameters = parameters

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ok": False,
            "error_code": self.code,
            "description": self.description,
        }
        if self.parameters:
            out["parameters"] = self.parameters
        return out


def bad_request(description: str) -> ApiError:
    return ApiError(400, f"Bad Request: {description}")


@dataclass
class Call:
    """One HTTP call the bot made; `status` is the HTTP status it got."""

    method: str
    params: dict[str, Any]
    at: float  # time.monotonic() when the request arrived
    status: int = 200
    result: Any = None

    @property
    def chat_id(self) -> int | str | None:
        value = self.params.get("chat_id")
        return value if isinstance(value, int | str) else None

    def __str__(self) -> str:
        shown = {k: v for k, v in self.params.items() if not isinstance(v, FilePart)}
        files = [
            f"{k}=<file {v.filename!r}>" for k, v in self.params.items() if isinstance(v, FilePart)
        ]
        extra = f" {' '.join(files)}" if files else ""
        return f"{self.method} {shown}{extra} -> {self.status}"


@dataclass(frozen=True)
class FilePart:
    """One uploaded multipart file."""

    filename: str
    content: bytes
    content_type: str


@dataclass
class Upload:
    """A document or photo the bot sent, with the bytes it uploaded."""

    method: str
    chat_id: int
    message_id: int
    filename: str
    content: bytes
    caption: str | None
    mime_type: str


@dataclass
class CallbackAnswer:
    query_id: str
    text: str | None
    show_alert: bool
    url: str | None


@dataclass
class Fault:
    """An injected failure: the next `times` matching calls get it (None = forever)."""

    method: str
    status: int | None
    description: str
    retry_after: int | None = None
    chat_id: int | None = None
    delay: float = 0.0
    times: int | None = 1
    hits: int = 0

    def matches(self, method: str, chat_id: object) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method.lower() != method.lower():
            return False
        return self.chat_id is None or self.chat_id == chat_id


@dataclass
class StoredMessage:
    """A message as Telegram keeps it; `data` is the live Message object."""

    data: dict[str, Any]
    from_bot: bool
    edited: bool = False
    deleted: bool = False
    upload: Upload | None = None


@dataclass
class StoredFile:
    file_id: str
    file_unique_id: str
    content: bytes
    file_path: str


@dataclass
class QueuedUpdate:
    update: dict[str, Any]
    forced: bool = False  # a redelivery that ignores the confirmed offset once
    fetched_at: float | None = None

    @property
    def update_id(self) -> int:
        return int(self.update["update_id"])

    @property
    def kind(self) -> str:
        return next(k for k in self.update if k != "update_id")

    @property
    def chat_id(self) -> int | None:
        body = self.update[self.kind]
        message = body.get("message", body) if self.kind == "callback_query" else body
        chat = message.get("chat") if isinstance(message, dict) else None
        return int(chat["id"]) if isinstance(chat, dict) else None

    @property
    def query_id(self) -> str | None:
        return str(self.update["callback_query"]["id"]) if self.kind == "callback_query" else None


@dataclass
class World:
    """All state of the fake Telegram, without any HTTP."""

    chats: dict[int, dict[str, Any]] = field(default_factory=dict)
    messages: dict[int, dict[int, StoredMessage]] = field(default_factory=dict)
    reply_keyboards: dict[int, list[list[str]] | None] = field(default_factory=dict)
    files: dict[str, StoredFile] = field(default_factory=dict)
    uploads: list[Upload] = field(default_factory=list)
    callback_queries: dict[str, int] = field(default_factory=dict)  # query id -> user id
    callback_answers: dict[str, CallbackAnswer] = field(default_factory=dict)
    blocked: set[int] = field(default_factory=set)
    webhook: dict[str, Any] | None = None
    commands: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _last_message_id: dict[int, int] = field(default_factory=dict)

    def next_message_id(self, chat_id: int) -> int:
        # Private chats number messages of both sides in one sequence, as Telegram does.
        self._last_message_id[chat_id] = self._last_message_id.get(chat_id, 0) + 1
        return self._last_message_id[chat_id]

    def new_id(self, prefix: str) -> str:
        return f"{prefix}{next(self._ids)}"

    def chat(self, chat_id: object) -> dict[str, Any]:
        if not isinstance(chat_id, int) or chat_id not in self.chats:
            raise bad_request("chat not found")
        if chat_id in self.blocked:
            raise ApiError(403, "Forbidden: bot was blocked by the user")
        return self.chats[chat_id]

    def store(self, chat_id: int, data: dict[str, Any], *, from_bot: bool) -> StoredMessage:
        stored = StoredMessage(data=data, from_bot=from_bot)
        self.messages.setdefault(chat_id, {})[int(data["message_id"])] = stored
        return stored

    def new_message(self, chat_id: int, sender: dict[str, Any]) -> dict[str, Any]:
        return {
            "message_id": self.next_message_id(chat_id),
            "date": int(time.time()),
            "chat": dict(self.chats[chat_id]),
            "from": dict(sender),
        }

    def find(self, chat_id: object, message_id: object, verb: str) -> StoredMessage:
        stored = None
        if isinstance(chat_id, int) and isinstance(message_id, int):
            stored = self.messages.get(chat_id, {}).get(message_id)
        if stored is None or stored.deleted:
            raise bad_request(f"message to {verb} not found")
        return stored

    def add_file(self, content: bytes, folder: str, name: str) -> StoredFile:
        file_id = self.new_id("FAKEFILE")
        stored = StoredFile(file_id, f"U{file_id}", content, f"{folder}/{file_id}_{name}")
        self.files[file_id] = stored
        return stored

    def bot_messages(self, chat_id: int) -> list[StoredMessage]:
        chat = self.messages.get(chat_id, {})
        return [m for _, m in sorted(chat.items()) if m.from_bot and not m.deleted]
