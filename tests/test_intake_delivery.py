"""Updates delivered twice, and two people answering at the same moment."""

from __future__ import annotations

import asyncio

import pytest

from questionnaires import engine
from tests.fakebot.users import FakeUser
from tests.harness import Kisbot
from tests.intake_helpers import (
    answer_with_buttons,
    answers_of,
    bundled,
    current,
    join,
    press,
    reading_of,
    safe_option,
    t,
)

# Over HTTP: Telegram redelivering updates and people answering at once.
pytestmark = pytest.mark.over_http


async def test_the_same_update_delivered_twice_is_processed_once(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    await person.send("3")  # typed: "U rodziny lub znajomych"
    typed = kisbot.server.updates[-1]
    assert typed["message"]["text"] == "3"
    shown_messages = len(person.messages)
    await kisbot.server.deliver_again(typed)
    # Processed again, the "3" would have answered the next question as well.
    assert len(person.messages) == shown_messages
    assert (await reading_of(kisbot, participant_id)).current_item == "income"
    assert set(await answers_of(kisbot, participant_id)) == {"housing"}

    shown, _ = current(person, q)
    await press(person, shown, "t", 1)
    toggle = kisbot.server.updates[-1]
    assert toggle["callback_query"]["data"] == shown.data("t", 1)
    await kisbot.server.deliver_again(toggle)  # a second toggle would untick it
    await kisbot.restart()  # what was handled is remembered across restarts too
    await kisbot.server.deliver_again(toggle)
    assert person.last.buttons[0] == ["✓ 1. Ze stałej pracy"]
    await press(person, shown, "d")
    assert (await answers_of(kisbot, participant_id))["income"].value == ["steady_work"]
    assert len(person.callback_answers) == 4  # language, consent, toggle, Done: each once


def _reading_ids(person: FakeUser) -> set[int]:
    """The readings the question buttons in this chat belong to."""
    return {
        int(data.split(":")[2])
        for message in person.messages
        for row in message.button_data
        for data in row
        if data and data.startswith("1:q:")
    }


async def test_two_people_answering_at_once_keep_to_their_own_questions(
    kisbot: Kisbot,
) -> None:
    q = bundled()
    ala, ala_id = await join(kisbot, 1001, "Ala", "pl")
    olek, olek_id = await join(kisbot, 1002, "Olek", "uk")
    for _ in range(8):
        await asyncio.gather(
            answer_with_buttons(ala, q, lambda i: safe_option(q, i, 1)),
            answer_with_buttons(olek, q, lambda i: safe_option(q, i, 2)),
        )
    ala_reading = await reading_of(kisbot, ala_id)
    olek_reading = await reading_of(kisbot, olek_id)
    assert ala_reading.id != olek_reading.id
    assert _reading_ids(ala) == {ala_reading.id}
    assert _reading_ids(olek) == {olek_reading.id}

    ala_answers = await answers_of(kisbot, ala_id)
    olek_answers = await answers_of(kisbot, olek_id)
    assert len(ala_answers) == len(olek_answers) == 8
    for answers, number in ((ala_answers, 1), (olek_answers, 2)):
        for item_id, answer in answers.items():
            item = q.item(item_id)
            first = engine.choices(q, item)[safe_option(q, item, number) - 1]
            if isinstance(answer.value, list):
                assert answer.value[0] == first.value, item_id
            else:
                assert answer.value == first.value, item_id
    # Each saw only their own questions, in their own language.
    _, ala_item = current(ala, q)
    _, olek_item = current(olek, q)
    for item_id in ala_answers:
        text = q.item(item_id).text
        assert any(text.pl in (m.text or "") for m in ala.messages)
        assert not any(text.uk in (m.text or "") for m in ala.messages)
        assert not any(text.pl in (m.text or "") for m in olek.messages)
    assert ala_item.text.pl in (ala.last.text or "")
    assert olek_item.text.uk in (olek.last.text or "")


async def test_a_double_tap_answers_once(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    shown, _ = current(person, q)
    await asyncio.gather(press(person, shown, "o", 2), press(person, shown, "o", 3))
    answers = await answers_of(kisbot, participant_id)
    assert list(answers) == ["housing"]
    assert answers["housing"].value in ("at_risk", "with_others")
    toasts = [a.text for a in person.callback_answers[-2:]]
    assert sorted(toasts, key=str) == sorted([None, t("pl", "button.stale")], key=str)
    question_text = q.item("income").text.pl
    income_shown = [m for m in person.messages if question_text in (m.text or "")]
    assert len(income_shown) in (1, 2)  # the stale tap may show it again...
    assert all(m.buttons == income_shown[0].buttons for m in income_shown)  # ...the same one
    assert (await reading_of(kisbot, participant_id)).current_item == "income"
