"""The fake server refuses what Telegram would refuse, and records it as a violation."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.constants import ParseMode
from telegram.error import BadRequest, EndPointNotFound

from tests.fakebot import FakeBotApi

pytest_plugins = ["tests.fakebot.fixtures"]

ALA = 1001


@pytest.fixture
async def bot(fake_telegram: FakeBotApi) -> AsyncIterator[Bot]:
    fake_telegram.user(id=ALA, first_name="Ala")
    async with Bot(
        fake_telegram.token,
        base_url=fake_telegram.base_url,
        base_file_url=fake_telegram.base_file_url,
    ) as bot:
        yield bot


async def raw_call(
    server: FakeBotApi, method: str, params: dict[str, Any], *, as_json: bool = False
) -> httpx.Response:
    """A call the way PTB makes it (form fields, objects JSON-encoded) or as a JSON body."""
    url = f"{server.base_url}{server.token}/{method}"
    async with httpx.AsyncClient() as client:
        if as_json:
            return await client.post(url, json=params)
        form = {k: v if isinstance(v, str) else json.dumps(v) for k, v in params.items()}
        return await client.post(url, data=form)


def keyboard(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"inline_keyboard": [list(buttons)]}


CASES: list[tuple[str, dict[str, Any], str, str]] = [
    ("sendTelepathy", {"chat_id": ALA}, "unknown method", "Not Found"),
    ("sendMessage", {"text": "bez adresata"}, "chat_id missing", "chat_id is empty"),
    ("sendMessage", {"chat_id": ALA}, "text empty", "message text is empty"),
    ("answerCallbackQuery", {"text": "?"}, "missing field", "'callback_query_id' is required"),
    ("sendMessage", {"chat_id": ALA, "text": "x", "colour": "red"}, "unknown field", "colour"),
    ("editMessageText", {"chat_id": ALA, "message_id": "abc", "text": "x"}, "wrong type", "abc"),
    ("sendMessage", {"chat_id": ALA, "text": "x" * 4097}, "text too long", "too long"),
    ("sendMessage", {"chat_id": ALA, "text": "   "}, "text empty", "text is empty"),
    (
        "sendMessage",
        {"chat_id": ALA, "text": "x", "reply_markup": keyboard({"text": "A", "callback_data": ""})},
        "keyboard",
        "BUTTON_DATA_INVALID",
    ),
    (
        "sendMessage",
        {"chat_id": ALA, "text": "x", "reply_markup": keyboard({"text": "A"})},
        "keyboard",
        "exactly one action",
    ),
    (
        "sendMessage",
        {"chat_id": ALA, "text": "x", "reply_markup": {"inline_keyboard": [{"text": "A"}]}},
        "keyboard",
        "Array of Arrays",
    ),
    (
        "sendMessage",
        {"chat_id": ALA, "text": "<b>Ala</i>", "parse_mode": "HTML"},
        "can't parse entities",
        "Unmatched end tag",
    ),
    (
        "sendMessage",
        {"chat_id": ALA, "text": "1 < 2", "parse_mode": "HTML"},
        "can't parse entities",
        "Unexpected '<'",
    ),
    ("answerCallbackQuery", {"callback_query_id": "1", "text": "x" * 201}, "answer too long", ""),
    ("setMyCommands", {"commands": [{"command": "Start", "description": "x"}]}, "bot command", ""),
    ("logOut", {}, "refused", "refused"),
    ("close", {}, "refused", "refused"),
    ("getStarTransactions", {}, "not faked", "not implemented"),
]


@pytest.mark.parametrize("as_json", [False, True], ids=["form", "json"])
@pytest.mark.parametrize(("method", "params", "kind", "words"), CASES, ids=[c[2] for c in CASES])
async def test_violation_is_refused_and_recorded(
    fake_telegram: FakeBotApi,
    as_json: bool,
    method: str,
    params: dict[str, Any],
    kind: str,
    words: str,
) -> None:
    fake_telegram.user(id=ALA, first_name="Ala")
    response = await raw_call(fake_telegram, method, params, as_json=as_json)
    body = response.json()
    assert body["ok"] is False
    assert response.status_code == body["error_code"] == (404 if kind == "unknown method" else 400)
    assert words in body["description"]
    assert [v.kind for v in fake_telegram.violations] == [kind]
    fake_telegram.violations.clear()  # expected; the fixture fails on any left


async def test_valid_calls_pass_in_both_encodings(fake_telegram: FakeBotApi) -> None:
    fake_telegram.user(id=ALA, first_name="Ala")
    params = {
        "chat_id": ALA,
        "text": "<b>Ala</b> &amp; Ola",
        "parse_mode": "HTML",
        "reply_markup": keyboard({"text": "Dalej", "callback_data": "x" * 64}),
    }
    for as_json in (False, True):
        body = (await raw_call(fake_telegram, "sendMessage", params, as_json=as_json)).json()
        assert body["ok"] is True
        assert body["result"]["text"] == "Ala & Ola"  # what the user sees
        assert body["result"]["reply_markup"] == params["reply_markup"]
    # a String field keeps digits as text; an Integer field arrives as int
    await raw_call(fake_telegram, "sendMessage", {"chat_id": str(ALA), "text": "123"})
    assert fake_telegram.calls[-1].params == {"chat_id": ALA, "text": "123"}


async def test_ptb_methods_hit_the_limits(fake_telegram: FakeBotApi, bot: Bot) -> None:
    with pytest.raises(BadRequest, match=r"(?i)message is too long"):
        await bot.send_message(ALA, "ą" * 4097)
    with pytest.raises(BadRequest, match=r"(?i)caption is too long"):
        await bot.send_document(ALA, b"x", filename="a.txt", caption="c" * 1025)
    long_data = InlineKeyboardMarkup([[InlineKeyboardButton("Ą", callback_data="ą" * 33)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(ALA, "66 bytes of data", reply_markup=long_data)
    with pytest.raises(BadRequest, match=r"(?i)unknown parameter 'colour'"):
        await bot.send_message(ALA, "x", api_kwargs={"colour": "red"})
    with pytest.raises(BadRequest, match=r"(?i)can.t parse entities"):
        await bot.send_message(ALA, "Imię: <Ala>", parse_mode=ParseMode.HTML)
    with pytest.raises(EndPointNotFound):
        await bot.do_api_request("sendTelepathy", api_kwargs={"chat_id": ALA})
    kinds = [v.kind for v in fake_telegram.violations]
    assert kinds == [
        "text too long",
        "caption too long",
        "keyboard",
        "unknown field",
        "can't parse entities",
        "unknown method",
    ]
    fake_telegram.violations.clear()


async def test_message_state_errors_like_telegram(fake_telegram: FakeBotApi, bot: Bot) -> None:
    sent = await bot.send_message(ALA, "Ala")
    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("Ala", chat_id=ALA, message_id=sent.message_id)
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("Ola", chat_id=ALA, message_id=999)
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(4242, "nikt")
    with pytest.raises(BadRequest, match=r"(?i)query ID is invalid"):
        await bot.answer_callback_query("never-sent")
    assert fake_telegram.violations == []  # runtime errors, not contract violations
