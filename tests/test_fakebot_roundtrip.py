"""A bare PTB Application against the fake Telegram: what users see, end to end."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from tests.fakebot import FakeBotApi, application_builder, running_application

pytest_plugins = ["tests.fakebot.fixtures"]

App = Application[Any, Any, Any, Any, Any, Any]


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_message is not None
    code = " ".join(context.args or [])
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Polski", callback_data="lang:pl")],
            [InlineKeyboardButton("Українська", callback_data="lang:uk")],
            [InlineKeyboardButton("Strona", url="https://example.org")],
        ]
    )
    await update.effective_message.reply_text(f"Witaj! {code}".strip(), reply_markup=keyboard)


async def choose_language(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    await query.answer("OK")
    await query.edit_message_text(f"Język: {query.data.removeprefix('lang:')}")


async def report(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    await context.bot.send_document(
        chat_id, document=b"a;b\n1;2\n", filename="raport.csv", caption="Raport"
    )
    await context.bot.send_photo(chat_id, photo=b"\x89PNG fake", filename="wykres.png")


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    assert message is not None
    if message.text is not None:
        await message.reply_text(message.text)
    else:
        kind = next(
            k
            for k in ("sticker", "photo", "voice", "location", "contact", "document")
            if getattr(message, k)
        )
        await message.reply_text(f"got {kind}")


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.edited_message is not None
    assert update.effective_chat is not None
    await context.bot.send_message(update.effective_chat.id, f"now: {update.edited_message.text}")


@pytest.fixture
async def app(fake_telegram: FakeBotApi) -> AsyncIterator[App]:
    application = application_builder(fake_telegram).build()
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("report", report))
    application.add_handler(CallbackQueryHandler(choose_language))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, edited))
    application.add_handler(MessageHandler(filters.ALL, echo))
    async with running_application(application) as running:
        yield running


async def test_echo_round_trip(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    await ala.send("Dzień dobry")
    assert ala.last.text == "Dzień dobry"
    assert ala.last.raw["from"]["username"] == "kisbot_test_bot"
    await ala.send("drugi")
    assert [m.text for m in ala.messages] == ["Dzień dobry", "drugi"]
    # user and bot messages share one numbering per chat, as in Telegram
    assert [m.message_id for m in ala.messages] == [2, 4]


async def test_start_with_code_gets_command_entity(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    sent = await ala.send("/start KIS-42")
    assert sent["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    assert ala.last.text == "Witaj! KIS-42"
    assert ala.last.buttons == [["Polski"], ["Українська"], ["Strona"]]
    assert ala.last.button_data == [["lang:pl"], ["lang:uk"], [None]]
    with pytest.raises(ValueError, match="start link"):
        await ala.start_link("spaces are not allowed")


async def test_click_answers_and_edits(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    await ala.send("/start")
    menu = ala.last
    answer = await ala.click("Pol")  # a unique substring is enough
    assert answer is not None
    assert answer.text == "OK"
    assert menu.text == "Język: pl"
    assert menu.edited
    # Telegram drops the keyboard when an edit does not repeat it
    assert menu.buttons == []
    assert len(ala.messages) == 1
    with pytest.raises(AssertionError, match="inline keyboard"):
        await ala.click("Polski")


async def test_click_refuses_unknown_or_url_buttons(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    await ala.send("/start")
    with pytest.raises(AssertionError, match="no button"):
        await ala.click("English")
    with pytest.raises(AssertionError, match="no callback_data"):
        await ala.click("Strona")


async def test_forged_callback_data_reaches_the_bot(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    await ala.send("/start")
    await ala.click_data("lang:xx")
    assert ala.last.text == "Język: xx"
    assert [a.text for a in ala.callback_answers] == ["OK"]


async def test_uploads_are_recorded_with_bytes(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    await ala.send("/report")
    [doc] = ala.documents
    assert (doc.filename, doc.content, doc.caption) == ("raport.csv", b"a;b\n1;2\n", "Raport")
    [photo] = ala.photos
    assert photo.content == b"\x89PNG fake"
    assert ala.last.upload == photo
    sends = [c for c in fake_telegram.calls if c.method in ("sendDocument", "sendPhoto")]
    assert len(sends) == 2


async def test_bot_downloads_a_user_file(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    sent = await ala.send_document("lista.txt", b"Ala\nOla\n", mime_type="text/plain")
    assert ala.last.text == "got document"
    file = await app.bot.get_file(sent["document"]["file_id"])
    assert bytes(await file.download_as_bytearray()) == b"Ala\nOla\n"


async def test_every_kind_of_user_message(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    await ala.send_sticker()
    await ala.send_photo(caption="zdjęcie")
    await ala.send_voice()
    await ala.send_location()
    await ala.send_contact()
    assert [m.text for m in ala.messages] == [
        "got sticker",
        "got photo",
        "got voice",
        "got location",
        "got contact",
    ]


async def test_user_edits_a_message(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    sent = await ala.send("Ala ma kota")
    await ala.edit(sent, "Ala ma psa")
    assert ala.last.text == "now: Ala ma psa"
    assert "edited_message" in fake_telegram.updates[-1]


async def test_group_chat(fake_telegram: FakeBotApi, app: App) -> None:
    group = fake_telegram.group(id=-1001234, title="KIS Praga", supergroup=True)
    ala = fake_telegram.user(id=1001, first_name="Ala").in_chat(group)
    await ala.send("/start@kisbot_test_bot")
    assert group.last.text == "Witaj!"
    assert group.last.raw["chat"]["type"] == "supergroup"
    assert ala.chat_id == -1001234
    assert ala.last.message_id == group.last.message_id
    update = fake_telegram.updates[-1]
    assert update["message"]["from"]["id"] == 1001


async def test_confirmed_updates_are_not_redelivered(fake_telegram: FakeBotApi) -> None:
    application = application_builder(fake_telegram).build()
    application.add_handler(MessageHandler(filters.ALL, echo))
    ala = fake_telegram.user(id=1001, first_name="Ala")
    async with running_application(application):
        await ala.send("jeden")
        await ala.send("dwa")
    _first, second = (u["update_id"] for u in fake_telegram.updates)
    # PTB confirms on every poll and once more when polling stops
    assert fake_telegram.updates_confirmed == second + 1
    # a restarted bot (no offset yet) gets nothing old
    async with httpx.AsyncClient() as client:
        raw = await client.post(
            f"{fake_telegram.base_url}{fake_telegram.token}/getUpdates", data={"timeout": "0"}
        )
    assert raw.json() == {"ok": True, "result": []}
    assert [m.text for m in ala.messages] == ["jeden", "dwa"]


async def test_redelivery_reaches_the_bot_again(fake_telegram: FakeBotApi, app: App) -> None:
    ala = fake_telegram.user(id=1001, first_name="Ala")
    await ala.send("raz")
    update = fake_telegram.updates[-1]
    await fake_telegram.deliver_again(update, expect_reply=True)
    # PTB itself has no dedupe: an application that must not act twice has to check
    # update_id itself
    assert [m.text for m in ala.messages] == ["raz", "raz"]
    fetched = [c.result for c in fake_telegram.calls if c.method == "getUpdates" and c.result]
    assert [u[0]["update_id"] for u in fetched] == [update["update_id"]] * 2


async def test_no_reply_is_reported_clearly(fake_telegram: FakeBotApi) -> None:
    # nothing polls this server, so the update is never fetched
    fake_telegram.waiter.timeout = 0.2
    ala = fake_telegram.user(id=1001, first_name="Ala")
    with pytest.raises(AssertionError, match="never fetched"):
        await ala.send("halo")


async def test_commands_and_webhook_bookkeeping(fake_telegram: FakeBotApi, app: App) -> None:
    await app.bot.set_my_commands([("start", "Zacznij")], language_code="pl")
    assert [c.command for c in await app.bot.get_my_commands(language_code="pl")] == ["start"]
    assert await app.bot.get_my_commands() == ()
    await app.bot.delete_my_commands(language_code="pl")
    assert await app.bot.get_my_commands(language_code="pl") == ()
    fake_telegram.user(id=1001, first_name="Ala", username="ala_k")
    chat = await app.bot.get_chat(1001)
    assert (chat.first_name, chat.username, chat.type) == ("Ala", "ala_k", "private")


async def test_shutdown_leaves_no_tasks_behind() -> None:
    before = asyncio.all_tasks()
    async with FakeBotApi() as server:
        application = application_builder(server).build()
        application.add_handler(MessageHandler(filters.ALL, echo))
        ala = server.user(id=1001, first_name="Ala")
        async with running_application(application):
            await ala.send("pa")
        server.assert_no_violations()
    await asyncio.sleep(0)  # let cancelled tasks finish unwinding
    assert asyncio.all_tasks() - before == set()
