"""The Bot API contract, read from the official machine-readable spec.

`check_call` returns the ways a call breaks the contract; the fake server records them and
answers 400 like Telegram would, so a test fails on a call production would refuse.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from tests.fakebot.markup import EntityError, html_to_text

SPEC_PATH = Path(__file__).resolve().parent.parent / "data" / "telegram-bot-api" / "api.json"

# Limits the spec states only in prose.
MAX_TEXT = 4096
MAX_CAPTION = 1024
MAX_CALLBACK_DATA_BYTES = 64
MAX_CALLBACK_ANSWER = 200
MAX_KEYBOARD_BUTTONS = 100
START_PARAMETER = re.compile(r"[A-Za-z0-9_-]{1,64}")

# An inline button must have exactly one of these (text, style and icon are decoration).
BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


@dataclass(frozen=True)
class Violation:
    """One way a call breaks the Bot API; `description` is what Telegram would answer."""

    method: str
    kind: str
    description: str
    error_code: int = 400

    def __str__(self) -> str:
        return f"{self.method}: [{self.kind}] {self.description}"


class InvalidValue(ValueError):
    """A form value that cannot be read as the type the spec gives for its field."""


@cache
def api() -> dict[str, Any]:
    with SPEC_PATH.open(encoding="utf-8") as f:
        data: dict[str, Any] = json.load(f)
    return data


def method_spec(method: str) -> dict[str, Any] | None:
    """The spec entry of a method; Telegram method names are case-insensitive."""
    methods: dict[str, dict[str, Any]] = api()["methods"]
    if method in methods:
        return methods[method]
    lowered = {name.lower(): spec for name, spec in methods.items()}
    return lowered.get(method.lower())


def field_types(method: str) -> dict[str, list[str]]:
    spec = method_spec(method) or {}
    return {f["name"]: f["types"] for f in spec.get("fields", [])}


def decode_value(raw: Any, types: list[str]) -> Any:
    """Turn one form field into the value Telegram would see.

    PTB's HTTPXRequest posts every call as form data: strings go as they are, everything
    else JSON-encoded ("1001", "true", '{"inline_keyboard": ...}'). So a string that looks
    like JSON must not be decoded when the field is a String - only the spec says which.
    """
    if not isinstance(raw, str):
        return raw  # came from a JSON body, already typed
    if "String" in types and not any(t in ("Integer", "Float") for t in types):
        return raw
    if "Integer" in types:
        if re.fullmatch(r"-?\d+", raw.strip()):
            return int(raw)
        if "String" in types:
            return raw
        raise InvalidValue(f"expected an Integer, got {raw!r}")
    if types == ["Float"]:
        try:
            return float(raw)
        except ValueError as exc:
            raise InvalidValue(f"expected a Float, got {raw!r}") from exc
    if types == ["Boolean"]:
        if raw.lower() in ("true", "1"):
            return True
        if raw.lower() in ("false", "0"):
            return False
        raise InvalidValue(f"expected a Boolean, got {raw!r}")
    try:
        return json.loads(raw)  # objects and arrays
    except ValueError as exc:
        raise InvalidValue(f"can't parse {raw!r} as JSON") from exc


def _type_ok(value: Any, types: list[str]) -> bool:
    """Shallow type check of an already decoded value (bonus; objects are not descended)."""
    for t in types:
        if t == "String" and isinstance(value, str):
            return True
        if t == "Integer" and isinstance(value, int) and not isinstance(value, bool):
            return True
        if t == "Float" and isinstance(value, int | float) and not isinstance(value, bool):
            return True
        if t == "Boolean" and isinstance(value, bool):
            return True
        if t.startswith("Array of") and isinstance(value, list):
            return True
        if t == "InputFile":
            return True  # a multipart part; the server checks its presence
        if t not in ("String", "Integer", "Float", "Boolean") and isinstance(value, dict):
            return True  # an object type; its own fields are not checked
    return False


def check_call(method: str, params: dict[str, Any]) -> list[Violation]:
    """Every contract violation of one call; `params` are already decoded."""
    spec = method_spec(method)
    if spec is None:
        return [Violation(method, "unknown method", "Not Found", error_code=404)]
    name = spec["name"]
    out: list[Violation] = []

    def bad(kind: str, description: str) -> None:
        out.append(Violation(name, kind, f"Bad Request: {description}"))

    fields = {f["name"]: f for f in spec.get("fields", [])}
    for field_name, field in fields.items():
        if field["required"] and params.get(field_name) in (None, ""):
            if field_name == "chat_id":
                bad("chat_id missing", "chat_id is empty")
            elif field_name == "text":
                bad("text empty", "message text is empty")
            else:
                bad("missing field", f"parameter '{field_name}' is required")
    for key, value in params.items():
        if key not in fields:
            bad("unknown field", f"unknown parameter '{key}' for {name}")
        elif value is not None and not _type_ok(value, fields[key]["types"]):
            bad("wrong type", f"field '{key}' must be {' or '.join(fields[key]['types'])}")
    if out:
        return out
    out.extend(_check_limits(name, params))
    return out


def visible(text: object, parse_mode: object) -> object:
    """What the user sees of `text`; only HTML is parsed (MarkdownV2 is taken verbatim)."""
    if isinstance(text, str) and isinstance(parse_mode, str) and parse_mode.upper() == "HTML":
        return html_to_text(text)
    return text


def _check_limits(name: str, params: dict[str, Any]) -> list[Violation]:
    out: list[Violation] = []

    def bad(kind: str, description: str) -> None:
        out.append(Violation(name, kind, f"Bad Request: {description}"))

    text = params.get("text")
    caption = params.get("caption")
    try:
        if name in ("sendMessage", "editMessageText"):
            text = visible(text, params.get("parse_mode"))
        caption = visible(caption, params.get("parse_mode"))
    except EntityError as exc:
        bad("can't parse entities", str(exc))
        return out
    if name in ("sendMessage", "editMessageText") and isinstance(text, str):
        if not text.strip():
            bad("text empty", "message text is empty")
        elif len(text) > MAX_TEXT:
            bad("text too long", f"message is too long ({len(text)} > {MAX_TEXT} characters)")
    if isinstance(caption, str) and len(caption) > MAX_CAPTION:
        bad("caption too long", f"message caption is too long ({len(caption)} > {MAX_CAPTION})")
    if name == "answerCallbackQuery" and isinstance(text, str) and len(text) > MAX_CALLBACK_ANSWER:
        bad("answer too long", f"callback answer text is too long ({len(text)} > 200)")
    if name == "setMyCommands":
        for command in params.get("commands") or []:
            if not isinstance(command, dict) or not re.fullmatch(
                r"[a-z0-9_]{1,32}", str(command.get("command", ""))
            ):
                bad("bot command", f"BOT_COMMAND_INVALID ({command!r})")
            elif not 1 <= len(str(command.get("description", ""))) <= 256:
                bad("bot command", f"command description must be 1-256 characters ({command!r})")
    markup = params.get("reply_markup")
    if isinstance(markup, dict) and "inline_keyboard" in markup:
        out.extend(Violation(name, "keyboard", f"Bad Request: {d}") for d in check_inline(markup))
    return out


def check_inline(markup: dict[str, Any]) -> list[str]:
    """Problems of an InlineKeyboardMarkup, in Telegram's words where we know them."""
    rows = markup.get("inline_keyboard")
    if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
        return ["can't parse inline keyboard: inline_keyboard must be an Array of Arrays"]
    problems: list[str] = []
    count = 0
    for r, row in enumerate(rows):
        for c, button in enumerate(row):
            count += 1
            where = f"button [{r}][{c}]"
            if not isinstance(button, dict):
                problems.append(f"can't parse inline keyboard button: {where} is not an object")
                continue
            if not isinstance(button.get("text"), str) or not button["text"]:
                problems.append(f"can't parse inline keyboard button: {where} has no text")
            actions = [a for a in BUTTON_ACTIONS if a in button]
            if len(actions) != 1:
                problems.append(
                    f"can't parse inline keyboard button: {where} needs exactly one action, "
                    f"has {actions or 'none'}"
                )
            data = button.get("callback_data")
            if "callback_data" in button and (
                not isinstance(data, str)
                or not 1 <= len(data.encode("utf-8")) <= MAX_CALLBACK_DATA_BYTES
            ):
                problems.append(f"BUTTON_DATA_INVALID ({where}: callback_data must be 1-64 bytes)")
    if count > MAX_KEYBOARD_BUTTONS:
        problems.append(f"reply markup is too long ({count} buttons)")
    return problems
