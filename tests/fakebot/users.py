"""The test language: people who write to the bot and look at what it answered.

    ala = server.user(id=1001, first_name="Ala")
    await ala.send("/start")
    await ala.click("Polski")
    assert ala.last.text == "..."

Each action hands an update to the bot and returns once the bot has reacted: over HTTP
(server.py, waiting.py) or in-process (inprocess.py).
"""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from tests.fakebot.spec import START_PARAMETER
from tests.fakebot.state import BOT_USER, CallbackAnswer, StoredMessage, Upload

if TYPE_CHECKING:
    from tests.fakebot.server import FakeBotApi

_COMMAND = re.compile(r"(?<!\S)/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]+)?")


def _utf16(text: str) -> int:
    """Telegram measures entity offsets in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def command_entities(text: str) -> list[dict[str, Any]]:
    return [
        {"type": "bot_command", "offset": _utf16(text[: m.start()]), "length": _utf16(m[0])}
        for m in _COMMAND.finditer(text)
    ]


class BotMessage:
    """A live view of one message from the bot: after an edit it shows the new state."""

    def __init__(self, stored: StoredMessage) -> None:
        self._stored = stored

    @property
    def raw(self) -> dict[str, Any]:
        return self._stored.data

    @property
    def message_id(self) -> int:
        return int(self.raw["message_id"])

    @property
    def text(self) -> str | None:
        """The visible text (HTML tags already parsed away), or None for media."""
        return self.raw.get("text")

    @property
    def caption(self) -> str | None:
        return self.raw.get("caption")

    @property
    def edited(self) -> bool:
        return self._stored.edited

    @property
    def upload(self) -> Upload | None:
        return self._stored.upload

    def _keyboard(self) -> list[list[dict[str, Any]]]:
        markup = self.raw.get("reply_markup") or {}
        rows: list[list[dict[str, Any]]] = markup.get("inline_keyboard", [])
        return rows

    @property
    def buttons(self) -> list[list[str]]:
        """Labels of the inline keyboard, row by row."""
        return [[b["text"] for b in row] for row in self._keyboard()]

    @property
    def button_data(self) -> list[list[str | None]]:
        """callback_data of the inline keyboard, row by row (None for url buttons etc.)."""
        return [[b.get("callback_data") for b in row] for row in self._keyboard()]

    def button(self, label: str) -> dict[str, Any]:
        """The button with this label, or the only one containing it."""
        flat = [b for row in self._keyboard() for b in row]
        found = [b for b in flat if b["text"] == label] or [b for b in flat if label in b["text"]]
        if len(found) != 1:
            how = "no" if not found else "more than one"
            raise AssertionError(
                f"{how} button {label!r} in message {self.message_id} "
                f"({self.text or self.caption!r}); buttons: {self.buttons}"
            )
        return found[0]

    def __repr__(self) -> str:
        return f"<BotMessage {self.message_id} {self.text or self.caption!r} {self.buttons}>"


class _ChatView:
    """What the bot has shown in one chat."""

    server: FakeBotApi
    chat: dict[str, Any]

    @property
    def chat_id(self) -> int:
        return int(self.chat["id"])

    @property
    def messages(self) -> list[BotMessage]:
        """Every message from the bot in this chat, oldest first, as they are now."""
        return [BotMessage(m) for m in self.server.world.bot_messages(self.chat_id)]

    @property
    def last(self) -> BotMessage:
        messages = self.messages
        if not messages:
            raise AssertionError(f"the bot has sent nothing to chat {self.chat_id}")
        return messages[-1]

    @property
    def documents(self) -> list[Upload]:
        return self._uploads("sendDocument")

    @property
    def photos(self) -> list[Upload]:
        return self._uploads("sendPhoto")

    def _uploads(self, method: str) -> list[Upload]:
        return [
            u for u in self.server.world.uploads if u.chat_id == self.chat_id and u.method == method
        ]

    @property
    def keyboard(self) -> list[list[str]] | None:
        """The reply keyboard the bot has set for this chat, if any."""
        return self.server.world.reply_keyboards.get(self.chat_id)


class FakeGroup(_ChatView):
    def __init__(self, server: FakeBotApi, chat: dict[str, Any]) -> None:
        self.server = server
        self.chat = chat

    @classmethod
    def register(cls, server: FakeBotApi, id: int, title: str, *, supergroup: bool) -> FakeGroup:
        chat = {"id": id, "type": "supergroup" if supergroup else "group", "title": title}
        server.world.chats[id] = chat
        return cls(server, chat)


class FakeUser(_ChatView):
    """A person, speaking in one chat (their private chat unless `in_chat` was used)."""

    def __init__(self, server: FakeBotApi, user: dict[str, Any], chat: dict[str, Any]) -> None:
        self.server = server
        self.user = user
        self.chat = chat

    @classmethod
    def register(
        cls,
        server: FakeBotApi,
        id: int,
        first_name: str,
        last_name: str | None,
        username: str | None,
        language_code: str | None,
    ) -> FakeUser:
        optional = {"last_name": last_name, "username": username}
        names = {"first_name": first_name} | {k: v for k, v in optional.items() if v}
        user = {"id": id, "is_bot": False, **names}
        if language_code:
            user["language_code"] = language_code
        chat = {"id": id, "type": "private", **names}
        server.world.chats[id] = chat
        return cls(server, user, chat)

    @property
    def id(self) -> int:
        return int(self.user["id"])

    def in_chat(self, group: FakeGroup) -> FakeUser:
        """The same person, writing in a group."""
        return FakeUser(self.server, self.user, group.chat)

    def block(self) -> None:
        """From now on every call to this chat gets 403 "bot was blocked by the user". Telegram
        also tells the bot with an update, which this leaves out, as when the bot has not
        fetched it yet: `blocks_the_bot` sends it."""
        self.server.world.blocked.add(self.chat_id)

    def unblock(self) -> None:
        self.server.world.blocked.discard(self.chat_id)

    async def blocks_the_bot(self) -> None:
        """Block the bot as a person does: 403 from now on, and the my_chat_member update
        ("kicked") Telegram sends the bot; returns once the bot has handled it."""
        self.block()
        await self.server.submit(
            bot_status_update(self.user, self.chat, blocked=True),
            expect_reply=False,
            what=f"{self.user['first_name']} blocking the bot",
            chat_id=self.chat_id,
        )

    async def unblocks_the_bot(self) -> None:
        """Unblock it: the my_chat_member update ("member") Telegram sends the bot."""
        self.unblock()
        await self.server.submit(
            bot_status_update(self.user, self.chat, blocked=False),
            expect_reply=False,
            what=f"{self.user['first_name']} unblocking the bot",
            chat_id=self.chat_id,
        )

    @property
    def callback_answers(self) -> list[CallbackAnswer]:
        world = self.server.world
        return [
            a for q, a in world.callback_answers.items() if world.callback_queries[q] == self.id
        ]

    # --- messages --------------------------------------------------------------------------

    async def _post(
        self, content: dict[str, Any], what: str, expect_reply: bool, within: float | None
    ) -> dict[str, Any]:
        world = self.server.world
        message = world.new_message(self.chat_id, self.user) | content
        world.store(self.chat_id, message, from_bot=False)
        await self.server.submit(
            {"message": message},
            expect_reply=expect_reply,
            what=f"{what} from {self.user['first_name']}",
            chat_id=self.chat_id,
            within=within,
        )
        return message

    async def send(
        self,
        text: str,
        *,
        expect_reply: bool = True,
        within: float | None = None,
        reply_to: BotMessage | None = None,
    ) -> dict[str, Any]:
        """Write `text`; commands (/start, /start CODE) get their bot_command entities.
        With `reply_to`, as Telegram's "Reply" on one of the bot's messages sends it."""
        content: dict[str, Any] = {"text": text}
        if reply_to is not None:
            content["reply_to_message"] = reply_to.raw
        if entities := command_entities(text):
            content["entities"] = entities
        return await self._post(content, repr(text), expect_reply, within)

    async def start_link(self, payload: str, **kwargs: Any) -> dict[str, Any]:
        """Open t.me/<bot>?start=<payload>; Telegram's client refuses payloads outside
        1-64 characters of A-Z a-z 0-9 _ -, so an invalid one is a test bug."""
        if not START_PARAMETER.fullmatch(payload):
            raise ValueError(f"a t.me start link cannot carry {payload!r}")
        return await self.send(f"/start {payload}", **kwargs)

    async def edit(
        self, message: dict[str, Any], text: str, *, expect_reply: bool = True
    ) -> dict[str, Any]:
        """Edit one of this user's earlier messages (an edited_message update)."""
        edited = dict(message) | {"text": text, "edit_date": int(time.time())}
        edited.pop("entities", None)
        if entities := command_entities(text):
            edited["entities"] = entities
        stored = self.server.world.find(self.chat_id, message["message_id"], "edit")
        stored.data, stored.edited = edited, True
        await self.server.submit(
            {"edited_message": edited},
            expect_reply=expect_reply,
            what=f"edit to {text!r}",
            chat_id=self.chat_id,
        )
        return edited

    def _file(self, content: bytes, folder: str, name: str) -> dict[str, Any]:
        stored = self.server.world.add_file(content, folder, name)
        return {
            "file_id": stored.file_id,
            "file_unique_id": stored.file_unique_id,
            "file_size": len(content),
        }

    async def send_document(
        self,
        filename: str = "dokument.pdf",
        content: bytes = b"%PDF-1.4 fake",
        *,
        mime_type: str = "application/pdf",
        caption: str | None = None,
        expect_reply: bool = True,
    ) -> dict[str, Any]:
        document = self._file(content, "documents", filename)
        document |= {"file_name": filename, "mime_type": mime_type}
        body: dict[str, Any] = {"document": document} | ({"caption": caption} if caption else {})
        return await self._post(body, f"document {filename!r}", expect_reply, None)

    async def send_photo(
        self,
        content: bytes = b"\xff\xd8\xff fake jpeg",
        *,
        caption: str | None = None,
        expect_reply: bool = True,
    ) -> dict[str, Any]:
        sizes = [
            self._file(content, "photos", "photo.jpg") | {"width": w, "height": w}
            for w in (90, 800)
        ]
        body: dict[str, Any] = {"photo": sizes} | ({"caption": caption} if caption else {})
        return await self._post(body, "a photo", expect_reply, None)

    async def send_voice(self, duration: int = 3, *, expect_reply: bool = True) -> dict[str, Any]:
        voice = self._file(b"OggS fake voice", "voice", "voice.oga")
        voice |= {"duration": duration, "mime_type": "audio/ogg"}
        return await self._post({"voice": voice}, "a voice message", expect_reply, None)

    async def send_sticker(self, emoji: str = "👍", *, expect_reply: bool = True) -> dict[str, Any]:
        sticker = self._file(b"RIFF fake webp", "stickers", "sticker.webp") | {
            "width": 512,
            "height": 512,
            "is_animated": False,
            "is_video": False,
            "type": "regular",
            "emoji": emoji,
        }
        return await self._post({"sticker": sticker}, "a sticker", expect_reply, None)

    async def send_video(self, duration: int = 5, *, expect_reply: bool = True) -> dict[str, Any]:
        video = self._file(b"\x00\x00\x00\x18ftypmp42 fake video", "videos", "video.mp4")
        video |= {"width": 640, "height": 360, "duration": duration, "mime_type": "video/mp4"}
        return await self._post({"video": video}, "a video", expect_reply, None)

    async def send_location(
        self, latitude: float = 52.2297, longitude: float = 21.0122, *, expect_reply: bool = True
    ) -> dict[str, Any]:
        location = {"latitude": latitude, "longitude": longitude}
        return await self._post({"location": location}, "a location", expect_reply, None)

    async def send_contact(
        self, phone_number: str = "+48123456789", *, expect_reply: bool = True
    ) -> dict[str, Any]:
        contact = {
            "phone_number": phone_number,
            "first_name": self.user["first_name"],
            "user_id": self.id,
        }
        return await self._post({"contact": contact}, "a contact", expect_reply, None)

    # --- buttons ---------------------------------------------------------------------------

    def _keyboard_message(self, in_message: BotMessage | None) -> BotMessage:
        if in_message is not None:
            return in_message
        with_keyboard = [m for m in self.messages if m.buttons]
        if not with_keyboard:
            raise AssertionError(
                f"no message from the bot in chat {self.chat_id} has an inline keyboard; "
                f"messages: {self.messages}"
            )
        return with_keyboard[-1]

    async def click(
        self,
        label: str,
        *,
        in_message: BotMessage | None = None,
        expect_reply: bool = True,
    ) -> CallbackAnswer | None:
        """Press the button labelled `label` (exact, or the one unique substring match)
        in the last message with a keyboard; returns the bot's answerCallbackQuery."""
        message = self._keyboard_message(in_message)
        button = message.button(label)
        if "callback_data" not in button:
            raise AssertionError(f"button {button['text']!r} has no callback_data: {button}")
        return await self._callback(message, button["callback_data"], expect_reply)

    async def click_data(
        self,
        data: str,
        *,
        in_message: BotMessage | None = None,
        expect_reply: bool = True,
    ) -> CallbackAnswer | None:
        """A callback query with any data - as a forged or outdated client would send."""
        message = in_message or (
            self._keyboard_message(None) if any(m.buttons for m in self.messages) else self.last
        )
        return await self._callback(message, data, expect_reply)

    async def _callback(
        self, message: BotMessage, data: str, expect_reply: bool
    ) -> CallbackAnswer | None:
        world = self.server.world
        query_id = world.new_id(f"{self.id}-")
        world.callback_queries[query_id] = self.id
        query = {
            "id": query_id,
            "from": self.user,
            "message": dict(message.raw),
            "chat_instance": f"ci{self.chat_id}",
            "data": data,
        }
        await self.server.submit(
            {"callback_query": query},
            expect_reply=expect_reply,
            what=f"click {data!r} by {self.user['first_name']}",
            chat_id=self.chat_id,
            query_id=query_id,
        )
        return world.callback_answers.get(query_id)


def bot_status_update(
    user: dict[str, Any], chat: dict[str, Any], *, blocked: bool
) -> dict[str, Any]:
    """The my_chat_member update of a private chat: Telegram sends it when the person blocks
    the bot (its status becomes "kicked") or unblocks it ("member")."""
    member = {"status": "member", "user": BOT_USER}
    kicked = {"status": "kicked", "user": BOT_USER, "until_date": 0}
    old, new = (member, kicked) if blocked else (kicked, member)
    body = {"chat": chat, "from": user, "date": int(time.time())}
    return {"my_chat_member": body | {"old_chat_member": old, "new_chat_member": new}}
