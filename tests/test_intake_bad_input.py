"""Every kind of input the bot cannot use as an answer gets a short, polite way forward."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.harness import Kisbot
from tests.intake_helpers import (
    answers_of,
    bundled,
    current,
    join,
    press,
    reading_of,
    t,
    texts,
    use_questionnaire,
)

SHORT_TEXT = """
id: diagnosis_participant
version: 1
audience: participant
languages: [pl, uk, en]
title: {pl: "Krótka rozmowa", uk: "Коротка розмова", en: "A short talk"}
sections:
  - id: social
    sphere: social
    title: {pl: "Ludzie", uk: "Люди", en: "People"}
    items:
      - id: about
        type: text
        max_length: 20
        text:
          pl: "Napisz jednym słowem, co lubisz."
          uk: "Напишіть одним словом, що ви любите."
          en: "In one word, what do you like?"
      - id: friends
        type: yesno
        text: {pl: "Czy masz przyjaciół?", uk: "Чи маєте ви друзів?", en: "Do you have friends?"}
"""


async def _position(kisbot: Kisbot, participant_id: int) -> tuple[str | None, dict[str, object]]:
    """Where the reading stands and what it holds: compared before and after refused input."""
    reading = await reading_of(kisbot, participant_id)
    answers = await answers_of(kisbot, participant_id)
    return reading.current_item, {k: a.model_dump() for k, a in answers.items()}


async def test_text_where_a_button_is_expected_repeats_the_question_with_a_hint(
    kisbot: Kisbot,
) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    before = await _position(kisbot, participant_id)
    asked = person.last
    await person.send("nie wiem, jakoś tam")
    hint = t("pl", "answer.unknown_option", count=len(q.item("housing").options))  # type: ignore[attr-defined]
    assert "\n" not in hint
    text = person.last.text or ""
    assert text.startswith(hint + "\n\n")
    assert q.item("housing").text.get("pl") in text
    assert person.last.buttons == asked.buttons
    assert current(person, q)[1].id == "housing"
    assert await _position(kisbot, participant_id) == before


async def test_typing_a_label_or_a_number_works_like_a_press(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    question = person.last
    await person.send("  u RODZINY lub znajomych ")  # case and spacing do not matter
    # As after a press: the question message now shows the answer and has no buttons.
    answered = next(m for m in person.messages if m.message_id == question.message_id)
    assert (answered.text or "").endswith("✓ U rodziny lub znajomych")
    assert answered.buttons == []
    assert current(person, q)[1].id == "income"
    await person.send("2, 3")  # several numbers tick several options of a multiple choice
    assert current(person, q)[1].id == "income"
    chosen = t("pl", "hint.multiple_chosen", chosen="Z prac dorywczych, Z renty lub emerytury")
    assert (person.last.text or "").startswith(chosen)
    assert [row[0] for row in person.last.buttons[1:3]] == [
        "✓ 2. Z prac dorywczych",
        "✓ 3. Z renty lub emerytury",
    ]
    await person.send("gotowe")  # the Done button's word confirms
    assert current(person, q)[1].id == "money_enough"
    await person.send("3")
    assert current(person, q)[1].id == "food"
    await person.send("nie")  # the Polish label of "never"
    answers = await answers_of(kisbot, participant_id)
    assert answers["housing"].value == "with_others"
    assert answers["income"].value == ["casual_work", "pension"]
    assert answers["money_enough"].value == "often_not"
    assert answers["food"].value == "never"
    assert current(person, q)[1].id == "debts"


async def test_media_get_the_polite_buttons_or_words_answer(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    before = await _position(kisbot, participant_id)
    sends = [
        person.send_sticker,
        person.send_photo,
        person.send_voice,
        person.send_video,
        person.send_location,
        person.send_contact,
        person.send_document,
    ]
    for send in sends:
        messages = len(person.messages)
        await send()
        assert texts(person, messages) == [t("pl", "input.unsupported")], send.__name__
    assert "przyciskiem albo napisz słowami" in t("pl", "input.unsupported")
    assert await _position(kisbot, participant_id) == before
    # The question's buttons are still there and still work.
    await person.click("U rodziny lub znajomych")
    assert current(person, q)[1].id == "income"


async def test_text_over_the_limit_names_the_limit(
    kisbot: Kisbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    q = use_questionnaire(monkeypatch, tmp_path, SHORT_TEXT)
    person, participant_id = await join(kisbot, 1001)
    assert t("pl", "question.hint_text", max=20) in (person.last.text or "")
    await person.send("spacery po lesie i grzyby")  # 25 characters
    text = person.last.text or ""
    assert text.startswith(t("pl", "answer.text_too_long", max=20))
    assert "20" in text.splitlines()[0]
    assert q.item("about").text.get("pl") in text
    assert (await reading_of(kisbot, participant_id)).current_item == "about"
    assert await answers_of(kisbot, participant_id) == {}
    await person.send("spacery po lesie")
    assert current(person, q)[1].id == "friends"
    assert (await answers_of(kisbot, participant_id))["about"].value == "spacery po lesie"


async def test_a_stale_button_shows_the_current_question_and_changes_nothing(
    kisbot: Kisbot,
) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    first, _ = current(person, q)
    await press(person, first, "o", 3)
    before = await _position(kisbot, participant_id)
    messages = len(person.messages)
    answer = await person.click_data(first.data("o", 1), in_message=first.message)
    assert answer is not None
    assert answer.text == t("pl", "button.stale")
    assert len(person.messages) == messages + 1
    assert current(person, q)[1].id == "income"
    assert await _position(kisbot, participant_id) == before


FORGED = [
    "hello",
    "2:q:{r}:1:o:1",  # another version of the bot
    "1:zz:1",  # an unknown kind
    "1:q:{r}:1:o:99",  # no such option
    "1:q:{r}:1:t:x",  # not a number
    "1:q:{r}:1:o",  # an option without its number
    "1:q:{r}:1:zap",  # no such action
    "1:q:{other}:1:t:1",  # someone else's reading
    "1:q:{r}:40:o:1",  # a question far ahead
    "1:r:{r}:s",  # submit before the end
    "1:c:y",  # consent again
    "1:l:de",  # a language the bot does not speak
    "1:x:z",  # a deletion answer that does not exist
    "1:p:wy:extra",  # withdrawal with a field too many
]


async def test_forged_button_data_is_answered_and_changes_nothing(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    await person.click("U rodziny lub znajomych")
    reading = await reading_of(kisbot, participant_id)
    before = await _position(kisbot, participant_id)
    for template in FORGED:
        data = template.format(r=reading.id, other=reading.id + 1)
        answer = await person.click_data(data)
        assert answer is not None, data  # the spinner on the button stops...
        assert answer.text == t("pl", "button.stale"), data  # ...with a short pop-up
        assert await _position(kisbot, participant_id) == before, data
        assert current(person, q)[1].id == "income", data  # still the last thing shown


async def test_edited_messages_are_not_read(kisbot: Kisbot) -> None:
    person, participant_id = await join(kisbot, 1001)
    sent = await person.send("coś innego")
    before = await _position(kisbot, participant_id)
    await person.edit(sent, "1")
    assert person.last.text == t("pl", "input.edited")
    assert await _position(kisbot, participant_id) == before


async def test_unknown_commands_point_to_help(kisbot: Kisbot) -> None:
    person, _ = await join(kisbot, 1001)
    await person.send("/zadanie")
    assert person.last.text == t("pl", "command.unknown")
    assert "/help" in person.last.text
    stranger = kisbot.server.user(1002, "Olek", language_code="uk")
    await stranger.send("/foo")
    assert stranger.last.text == t("uk", "command.unknown")
    assert "/help" in stranger.last.text


async def test_group_chats_get_one_line_about_private_chats(kisbot: Kisbot) -> None:
    _, code = await kisbot.invite("Ala")
    group = kisbot.server.group(-100123, "Klub Słoneczko")
    ala = kisbot.server.user(1001, "Ala")
    in_group = ala.in_chat(group)
    await in_group.send(f"/start {code}")
    await in_group.send("cześć")
    line = t("pl", "group.private_only")
    assert "\n" not in line
    assert texts(group) == [line, line]
    # The code was not used up in the group: it still works in the private chat.
    await ala.start_link(code)
    assert ala.messages[0].text == t("pl", "join.welcome", club="KIS Słoneczko")
