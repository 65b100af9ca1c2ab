"""A restart of the bot half-way: the position lives in the database, not in memory."""

from __future__ import annotations

from tests.harness import Kisbot
from tests.intake_helpers import (
    answer_until,
    bundled,
    current,
    join,
    press,
    reading_of,
    t,
)


async def test_restart_resumes_at_the_same_question(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    await answer_until(person, q, "money_enough")
    shown_before, item = current(person, q)
    question_text = item.text.get("pl")

    await kisbot.restart()
    await person.send("/start")
    _, item = current(person, q)
    assert item.id == "money_enough"
    assert (person.last.text or "").startswith(t("pl", "intake.welcome_back"))
    assert question_text in (person.last.text or "")
    assert person.last.buttons == shown_before.message.buttons

    await kisbot.restart()
    await person.send("dzień dobry")
    _, item = current(person, q)
    assert item.id == "money_enough"
    assert question_text in (person.last.text or "")
    assert t("pl", "answer.unknown_option", count=4) in (person.last.text or "")

    # The keyboard sent before the restarts still works: nothing was kept in memory.
    await kisbot.restart()
    await press(person, shown_before, "o", 2)
    _, item = current(person, q)
    assert item.id == "food"
    reading = await reading_of(kisbot, participant_id)
    assert reading.current_item == "food"
    async with kisbot.db.transaction() as tx:
        answers = await tx.readings.answers(reading.id)
    assert answers["money_enough"].value == "mostly"
    assert set(answers) == {"housing", "income", "money_enough"}
