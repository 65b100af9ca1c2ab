"""The fair peer: a conventional python-telegram-bot questionnaire bot, for bench.intake_load.

What a typical PTB bot of this kind looks like: a ConversationHandler with one state per
question, answers kept in `user_data`, PicklePersistence (written every 60 s, PTB's default,
and at shutdown: a crash loses what is in memory), no database. It asks the same
questionnaire (`questionnaires/diagnosis_participant.yaml`, conditional items included) with
the same Bot API calls per step as kisbot, so the same simulated people (bench/walker.py)
walk it unchanged:

- /start CODE: sendMessage (welcome), sendMessage (the language question);
- a language: answerCallbackQuery, editMessageText, three sendMessage (the consent);
- I agree: answerCallbackQuery, editMessageText, sendMessage (intro, the section's intro, the
  first question);
- an answer: answerCallbackQuery, editMessageText ("✓ answer"), sendMessage (the next
  question; the section's intro first when the section changes; the review after the last);
- a multiple-choice toggle: answerCallbackQuery, editMessageText (the keyboard with ✓);
- Submit: answerCallbackQuery, editMessageText, sendMessage (thanks).

It checks no invite code (it has no club to check it against). Concurrency as kisbot's
Application: `concurrent_updates(True)`; each person waits for a step's reply before the next.

    python -m bench.peer_bot   (TELEGRAM_BOT_TOKEN, TELEGRAM_API_BASE_URL; KISBOT_PEER_STATE)
"""

from __future__ import annotations

import os
from typing import Any

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import (
    Application,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    PicklePersistence,
)

from base.i18n import translate
from questionnaires import engine
from questionnaires.loader import load_bundled
from questionnaires.model import Answer, Item, MultipleItem, Questionnaire

LANG = "pl"
Q: Questionnaire = load_bundled("diagnosis_participant")
LANGUAGE, CONSENT, REVIEW = 1000, 1001, 1002  # questions: their positions 0..n-1 (-1 is END)
POSITION = {item.id: n for n, item in enumerate(Q.items)}
CHECK = "✓ "

Ctx = ContextTypes.DEFAULT_TYPE


def _keyboard(rows: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data)] for label, data in rows]
    )


def _question_text(item: Item) -> str:
    section = Q.section_of(item.id)
    number = next(n for n, i in enumerate(section.items, start=1) if i.id == item.id)
    parts = [f"{section.title.get(LANG)} · {number}/{len(section.items)}", item.text.get(LANG)]
    if item.help is not None:
        parts.append(item.help.get(LANG))
    return "\n\n".join(parts)


def _question_keyboard(item: Item, toggled: frozenset[int] = frozenset()) -> InlineKeyboardMarkup:
    position = POSITION[item.id]
    action = "t" if isinstance(item, MultipleItem) else "o"
    rows = [
        (
            f"{CHECK if c.number in toggled else ''}{c.number}. {c.label.get(LANG)}",
            f"1:q:1:{position}:{action}:{c.number}",
        )
        for c in engine.choices(Q, item)
    ]
    if isinstance(item, MultipleItem):
        rows.append(("Gotowe", f"1:q:1:{position}:d"))
    return _keyboard(rows)


async def _ask_next(update: Update, context: Ctx, previous: Item | None) -> int:
    """The next shown question (its section's intro first when the section changes), or the
    review; the conversation's new state."""
    chat_id = update.effective_chat.id if update.effective_chat else 0
    answers: dict[str, Answer] = context.user_data.setdefault("answers", {})  # type: ignore[union-attr]
    item = engine.next_item(Q, answers)
    if item is None:
        lines = [
            f"{s.title.get(LANG)}: {sum(i.id in answers for i in s.items)}" for s in Q.sections
        ]
        await context.bot.send_message(
            chat_id,
            "To już wszystkie pytania. Sprawdź swoje odpowiedzi:\n\n" + "\n\n".join(lines),
            reply_markup=_keyboard([("Wyślij", "1:r:1:s")]),
        )
        return REVIEW
    section = Q.section_of(item.id)
    if (previous is None or Q.section_of(previous.id).id != section.id) and section.intro:
        await context.bot.send_message(
            chat_id, f"{section.title.get(LANG)}\n\n{section.intro.get(LANG)}"
        )
    await context.bot.send_message(
        chat_id, _question_text(item), reply_markup=_question_keyboard(item)
    )
    return POSITION[item.id]


async def start(update: Update, context: Ctx) -> int:
    assert update.effective_chat is not None
    chat_id = update.effective_chat.id
    context.user_data.clear()  # type: ignore[union-attr]
    await context.bot.send_message(chat_id, translate(LANG, "join.welcome", {"club": "Peer"}))
    languages = [("Polski", "1:l:pl"), ("Українська", "1:l:uk"), ("English", "1:l:en")]
    await context.bot.send_message(
        chat_id,
        "Wybierz język · Оберіть мову · Choose your language",
        reply_markup=_keyboard(languages),
    )
    return LANGUAGE


async def language(update: Update, context: Ctx) -> int:
    query = update.callback_query
    assert query is not None
    assert update.effective_chat is not None
    await query.answer()
    await query.edit_message_text("Język: Polski")
    chat_id = update.effective_chat.id
    await context.bot.send_message(chat_id, "Zanim zaczniemy – kilka słów o Twoich danych.")
    await context.bot.send_message(chat_id, "O co zapytam: o pięć obszarów życia.")
    agree = translate(LANG, "consent.agree")
    await context.bot.send_message(
        chat_id,
        "Twoje prawa: możesz zobaczyć swoje dane i w każdej chwili wycofać zgodę.",
        reply_markup=_keyboard([(agree, "1:c:y"), ("Mam pytanie", "1:c:q")]),
    )
    return CONSENT


async def consent(update: Update, context: Ctx) -> int:
    query = update.callback_query
    assert query is not None
    assert update.effective_chat is not None
    await query.answer()
    await query.edit_message_text(f"{CHECK}{translate(LANG, 'consent.agree')}")
    await context.bot.send_message(update.effective_chat.id, Q.title.get(LANG))
    return await _ask_next(update, context, None)


async def question(update: Update, context: Ctx) -> int:
    query = update.callback_query
    assert query is not None
    assert query.data is not None
    _, _, _, position, action, *rest = query.data.split(":")
    item = Q.items[int(position)]
    user_data: dict[str, Any] = context.user_data  # type: ignore[assignment]
    choices = engine.choices(Q, item)
    if action == "t":
        toggled: set[int] = user_data.setdefault("toggled", set())
        toggled ^= {int(rest[0])}
        await query.answer()
        await query.edit_message_text(
            _question_text(item), reply_markup=_question_keyboard(item, frozenset(toggled))
        )
        return POSITION[item.id]
    if action == "d":
        picked = sorted(user_data.pop("toggled", set()))
        value: Any = [str(choices[n - 1].value) for n in picked]
        label = ", ".join(choices[n - 1].label.get(LANG) for n in picked)
    else:
        chosen = choices[int(rest[0]) - 1]
        value, label = chosen.value, chosen.label.get(LANG)
    user_data.setdefault("answers", {})[item.id] = Answer(status="answered", value=value)
    await query.answer()
    await query.edit_message_text(f"{_question_text(item)}\n\n{CHECK}{label}")
    return await _ask_next(update, context, item)


async def submit(update: Update, context: Ctx) -> int:
    query = update.callback_query
    assert query is not None
    assert update.effective_chat is not None
    await query.answer()
    await query.edit_message_text("✓ Wysłano")
    await context.bot.send_message(update.effective_chat.id, translate(LANG, "review.thanks"))
    return ConversationHandler.END


def build(token: str, base: str, state_path: str) -> Application[Any, Any, Any, Any, Any, Any]:
    """The peer's Application."""
    conversation = ConversationHandler(
        entry_points=[CommandHandler("start", start)],
        states={
            LANGUAGE: [CallbackQueryHandler(language, pattern=r"^1:l:")],
            CONSENT: [CallbackQueryHandler(consent, pattern=r"^1:c:y$")],
            REVIEW: [CallbackQueryHandler(submit, pattern=r"^1:r:1:s$")],
            # One state per question, each accepting only its own question's buttons.
            **{
                n: [CallbackQueryHandler(question, pattern=rf"^1:q:1:{n}:")]
                for n in range(len(Q.items))
            },
        },
        fallbacks=[CommandHandler("start", start)],
        name="intake",
        persistent=True,
    )
    app = (
        Application.builder()
        .token(token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .persistence(PicklePersistence(state_path))
        .concurrent_updates(True)
        .build()
    )
    app.add_handler(conversation)
    return app


def main() -> None:
    base = os.environ["TELEGRAM_API_BASE_URL"].rstrip("/")
    state = os.environ.get("KISBOT_PEER_STATE", "peer_bot.pickle")
    build(os.environ["TELEGRAM_BOT_TOKEN"], base, state).run_polling(
        allowed_updates=Update.ALL_TYPES
    )


if __name__ == "__main__":
    main()
