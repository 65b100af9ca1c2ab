"""The Bot API methods the fake server answers, as functions of the World and decoded params.

Each raises ApiError with Telegram's own description where Telegram would refuse.
"""

from __future__ import annotations

import json
import mimetypes
import time
from collections.abc import Callable
from typing import Any

from tests.fakebot.spec import visible
from tests.fakebot.state import (
    BOT_USER,
    CallbackAnswer,
    FilePart,
    StoredFile,
    StoredMessage,
    Upload,
    World,
    bad_request,
)

Params = dict[str, Any]
Handler = Callable[[World, Params], Any]

NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are exactly "
    "the same as a current content and reply markup of the message"
)


def _chat_id(world: World, params: Params) -> int:
    chat_id: int = world.chat(params.get("chat_id"))["id"]
    return chat_id


def _inline(markup: object) -> dict[str, Any] | None:
    """Telegram echoes only inline keyboards in the Message; other markups are chat state."""
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        return markup
    return None


def _send(world: World, params: Params, content: dict[str, Any]) -> StoredMessage:
    chat_id = _chat_id(world, params)
    message = world.new_message(chat_id, BOT_USER)
    message.update(content)
    markup = params.get("reply_markup")
    if inline := _inline(markup):
        message["reply_markup"] = inline
    elif isinstance(markup, dict) and "keyboard" in markup:
        world.reply_keyboards[chat_id] = [
            [b if isinstance(b, str) else str(b.get("text")) for b in row]
            for row in markup["keyboard"]
        ]
    elif isinstance(markup, dict) and markup.get("remove_keyboard"):
        world.reply_keyboards[chat_id] = None
    return world.store(chat_id, message, from_bot=True)


def send_message(world: World, params: Params) -> dict[str, Any]:
    text = visible(params["text"], params.get("parse_mode"))
    return _send(world, params, {"text": text}).data


def _caption(params: Params) -> dict[str, Any]:
    caption = visible(params.get("caption"), params.get("parse_mode"))
    return {"caption": caption} if caption else {}


def _file(world: World, value: object, folder: str, default_name: str) -> tuple[str, StoredFile]:
    """An uploaded part, a file_id already known, or a URL Telegram would fetch."""
    if isinstance(value, FilePart):
        return value.filename, world.add_file(value.content, folder, value.filename)
    if isinstance(value, str) and value in world.files:
        stored = world.files[value]
        return stored.file_path.rsplit("_", 1)[-1], stored
    if isinstance(value, str) and value.startswith(("http://", "https://")):
        name = value.rstrip("/").rsplit("/", 1)[-1] or default_name
        return name, world.add_file(b"", folder, name)
    raise bad_request("wrong file identifier/HTTP URL specified")


def _record_upload(world: World, stored: StoredMessage, upload: Upload) -> None:
    stored.upload = upload
    world.uploads.append(upload)


def send_document(world: World, params: Params) -> dict[str, Any]:
    name, file = _file(world, params["document"], "documents", "document")
    part = params["document"]
    mime = part.content_type if isinstance(part, FilePart) else None
    mime = mime or mimetypes.guess_type(name)[0] or "application/octet-stream"
    document = {
        "file_id": file.file_id,
        "file_unique_id": file.file_unique_id,
        "file_name": name,
        "mime_type": mime,
        "file_size": len(file.content),
    }
    stored = _send(world, params, {"document": document, **_caption(params)})
    upload = Upload(
        "sendDocument",
        stored.data["chat"]["id"],
        stored.data["message_id"],
        name,
        file.content,
        stored.data.get("caption"),
        mime,
    )
    _record_upload(world, stored, upload)
    return stored.data


def send_photo(world: World, params: Params) -> dict[str, Any]:
    name, file = _file(world, params["photo"], "photos", "photo.jpg")
    # Telegram answers with several sizes; the bytes are not decoded, so the sizes are nominal.
    sizes = [
        {"file_id": f"{file.file_id}{suffix}", "file_unique_id": f"{file.file_unique_id}{suffix}"}
        | {"width": side, "height": side, "file_size": len(file.content)}
        for suffix, side in (("s", 90), ("", 800))
    ]
    world.files[f"{file.file_id}s"] = file
    stored = _send(world, params, {"photo": sizes, **_caption(params)})
    upload = Upload(
        "sendPhoto",
        stored.data["chat"]["id"],
        stored.data["message_id"],
        name,
        file.content,
        stored.data.get("caption"),
        mimetypes.guess_type(name)[0] or "image/jpeg",
    )
    _record_upload(world, stored, upload)
    return stored.data


def _editable(world: World, params: Params) -> StoredMessage:
    if params.get("inline_message_id"):
        raise bad_request("MESSAGE_ID_INVALID (inline messages are not faked)")
    _chat_id(world, params)
    stored = world.find(params.get("chat_id"), params.get("message_id"), "edit")
    if not stored.from_bot:
        raise bad_request("message can't be edited")
    return stored


def _apply_edit(stored: StoredMessage, changes: dict[str, Any], markup: object) -> dict[str, Any]:
    # Telegram drops the inline keyboard when an edit does not repeat it.
    inline = _inline(markup)
    current = {k: stored.data.get(k) for k in changes}
    if current == changes and stored.data.get("reply_markup") == inline:
        raise bad_request(NOT_MODIFIED)
    stored.data.update(changes)
    if inline is None:
        stored.data.pop("reply_markup", None)
    else:
        stored.data["reply_markup"] = inline
    stored.data["edit_date"] = max(int(stored.data["date"]), int(time.time()))
    stored.edited = True
    return stored.data


def edit_message_text(world: World, params: Params) -> dict[str, Any]:
    stored = _editable(world, params)
    if "text" not in stored.data:
        raise bad_request("there is no text in the message to edit")
    text = visible(params.get("text"), params.get("parse_mode"))
    return _apply_edit(stored, {"text": text}, params.get("reply_markup"))


def edit_message_caption(world: World, params: Params) -> dict[str, Any]:
    stored = _editable(world, params)
    caption = visible(params.get("caption"), params.get("parse_mode"))
    return _apply_edit(stored, {"caption": caption}, params.get("reply_markup"))


def edit_message_reply_markup(world: World, params: Params) -> dict[str, Any]:
    return _apply_edit(_editable(world, params), {}, params.get("reply_markup"))


def delete_message(world: World, params: Params) -> bool:
    _chat_id(world, params)
    world.find(params.get("chat_id"), params.get("message_id"), "delete").deleted = True
    return True


def answer_callback_query(world: World, params: Params) -> bool:
    query_id = params["callback_query_id"]
    if query_id not in world.callback_queries or query_id in world.callback_answers:
        raise bad_request("query is too old and response timeout expired or query ID is invalid")
    world.callback_answers[query_id] = CallbackAnswer(
        query_id, params.get("text"), bool(params.get("show_alert")), params.get("url")
    )
    return True


def get_chat(world: World, params: Params) -> dict[str, Any]:
    chat = world.chat(params.get("chat_id"))
    no_gifts = {
        "unlimited_gifts": False,
        "limited_gifts": False,
        "unique_gifts": False,
        "premium_subscription": False,
        "gifts_from_channels": False,
    }
    extra = {"accent_color_id": 0, "max_reaction_count": 11, "accepted_gift_types": no_gifts}
    return chat | extra


def get_file(world: World, params: Params) -> dict[str, Any]:
    stored = world.files.get(params["file_id"])
    if stored is None:
        raise bad_request("invalid file_id")
    return {
        "file_id": params["file_id"],
        "file_unique_id": stored.file_unique_id,
        "file_size": len(stored.content),
        "file_path": stored.file_path,
    }


def _scope_key(params: Params) -> str:
    scope = params.get("scope") or {"type": "default"}
    return json.dumps([scope, params.get("language_code") or ""], sort_keys=True)


def set_my_commands(world: World, params: Params) -> bool:
    world.commands[_scope_key(params)] = list(params["commands"])
    return True


def get_my_commands(world: World, params: Params) -> list[dict[str, Any]]:
    return world.commands.get(_scope_key(params), [])


def delete_my_commands(world: World, params: Params) -> bool:
    world.commands.pop(_scope_key(params), None)
    return True


def chat_action(world: World, params: Params) -> bool:
    _chat_id(world, params)
    return True


HANDLERS: dict[str, Handler] = {
    "getMe": lambda world, params: dict(BOT_USER),
    "sendMessage": send_message,
    "sendDocument": send_document,
    "sendPhoto": send_photo,
    "editMessageText": edit_message_text,
    "editMessageCaption": edit_message_caption,
    "editMessageReplyMarkup": edit_message_reply_markup,
    "deleteMessage": delete_message,
    "answerCallbackQuery": answer_callback_query,
    "sendChatAction": chat_action,
    "getChat": get_chat,
    "getFile": get_file,
    "setMyCommands": set_my_commands,
    "getMyCommands": get_my_commands,
    "deleteMyCommands": delete_my_commands,
}


def generic(world: World, method: str, returns: list[str], params: Params) -> Any:
    """Methods without a model: sends make a bare message, True-returning calls succeed."""
    if method.startswith("send") and returns == ["Message"]:
        return _send(world, params, _caption(params)).data
    if returns == ["Boolean"]:
        if "chat_id" in params:
            _chat_id(world, params)
        return True
    return None  # the server reports the method as not faked
