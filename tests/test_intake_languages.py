"""A whole intake in each language on buttons alone: invite link to submitted diagnosis."""

from __future__ import annotations

import pytest

from questionnaires import engine
from questionnaires.model import MultipleItem
from tests.harness import Kisbot
from tests.intake_helpers import (
    answer_with_buttons,
    answers_of,
    bundled,
    current,
    join,
    on_screen,
    participant,
    press,
    reading_of,
    safe_option,
    staff_member,
    t,
)

THANKS_WORD = {"pl": "Dziękuję", "uk": "Дякую", "en": "Thank you"}
# Each language walks another path through the conditions (e.g. debts yes / no).
OPTION = {"pl": 1, "uk": 2, "en": 3}


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
async def test_whole_intake_on_buttons(kisbot: Kisbot, lang: str) -> None:
    q = bundled()
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 1001, "Ala", lang)
    asked: list[str] = []
    went_back = False
    for _ in range(3 * len(q.items)):
        shown = on_screen(person)
        if shown is None:
            break
        item = q.items[shown.position]
        assert item.text.get(lang) in (person.last.text or "")
        if isinstance(item, MultipleItem):  # the UI's hint, said once (not again as help)
            assert (person.last.text or "").count(t(lang, "question.hint_multiple")) == 1
            assert item.help is None or "kilka" not in (item.help.pl or "")
        if item.id == "money_enough" and not went_back:
            went_back = True
            await press(person, shown, "b")
            again, earlier = current(person, q)
            assert earlier.id == "income"
            stored = (await answers_of(kisbot, participant_id))["income"]
            said = engine.answer_label(q, earlier, stored, lang)
            assert t(lang, "question.your_answer", answer=said) in (person.last.text or "")
            ticked = [row[0] for row in person.last.buttons if row[0].startswith("✓ ")]
            assert len(ticked) == 2
            await press(person, again, "d")  # the ticked choices stand as they were
            continue
        asked.append(item.id)
        await answer_with_buttons(
            person,
            q,
            lambda i: "s" if i.id == "free_time" else safe_option(q, i, OPTION[lang]),
        )

    review = person.last
    for section in q.sections:
        assert section.title.get(lang) in (review.text or "")
    assert review.buttons[-1] == [t(lang, "review.submit")]
    await person.click(t(lang, "review.submit"))

    assert person.last.text == t(lang, "review.thanks")
    assert THANKS_WORD[lang] in person.last.text
    assert person.messages[-2].text == t(lang, "review.submitted_short")
    assert person.messages[-2].buttons == []
    reading = await reading_of(kisbot, participant_id)
    assert reading.status == "submitted"
    assert reading.submitted_at == kisbot.clock.now()
    answers = await answers_of(kisbot, participant_id)
    shown_items = {k for k, v in engine.visibility(q, answers).items() if v is True}
    assert set(answers) == shown_items == set(asked)
    assert len(asked) == len(set(asked))
    assert answers["free_time"].status == "skipped"
    assert {a.status for k, a in answers.items() if k != "free_time"} == {"answered"}
    assert (await participant(kisbot, participant_id)).status == "submitted"

    await kisbot.run_outbox()
    assert staff.last.text == t("pl", "staff_alert.submitted", name="Ala", id=participant_id)
