"""Each safety answer leads to the lines of its kind, in the person's language, and staff are
alerted for flagged answers; the helplines file keeps a source beside every number."""

from __future__ import annotations

import pytest

from base.i18n import LANGUAGES
from bot.render import text_of
from flows.intake.helplines import helplines
from flows.intake.safety import crisis_message
from flows.messages.thread import MAX_CHARS
from flows.reply import Message
from tests.harness import Kisbot
from tests.intake_helpers import (
    answer_until,
    bundled,
    current,
    join,
    option_number,
    press,
    staff_member,
    t,
    texts,
)


async def _answer(kisbot: Kisbot, lang: str, item_id: str, option: str) -> list[str]:
    q = bundled()
    person, _ = await join(kisbot, 1001, "Ola", lang=lang)  # participant 1 of the club
    await answer_until(person, q, item_id)
    shown, item = current(person, q)
    before = len(person.messages)
    await press(person, shown, "o", option_number(q, item, option))
    return texts(person, before)


async def test_not_safe_at_home_gives_the_domestic_violence_line_and_112(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    shown = await _answer(kisbot, "pl", "safe_at_home", "no")
    crisis = shown[0]
    assert crisis.startswith(t("pl", "safety.intro_violence"))
    assert "800 120 002" in crisis
    assert "112" in crisis
    assert "116 123" not in crisis  # not the suicide-crisis lines
    await kisbot.run_outbox()
    assert len(staff.messages) == 1
    assert "Ola" in (staff.messages[0].text or "")


async def test_not_always_safe_shows_the_line_without_an_alert(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    shown = await _answer(kisbot, "pl", "safe_at_home", "not_always")
    assert "800 120 002" in shown[0]
    assert shown[0].endswith(t("pl", "safety.go_on"))
    await kisbot.run_outbox()
    assert staff.messages == []


async def test_suicidal_thoughts_sometimes_raise_a_flag(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    shown = await _answer(kisbot, "pl", "life_worth", "sometimes")
    assert shown[0].startswith(t("pl", "safety.intro_suicide"))
    assert shown[0].endswith(t("pl", "safety.staff_told"))
    await kisbot.run_outbox()
    assert len(staff.messages) == 1


async def test_ukrainian_speakers_are_told_plainly_the_lines_answer_in_polish(
    kisbot: Kisbot,
) -> None:
    shown = await _answer(kisbot, "uk", "safe_at_home", "no")
    assert t("uk", "safety.intro_violence") in shown[0]
    assert t("uk", "safety.in_polish") in shown[0]
    assert "800 120 002" in shown[0]


def test_every_line_has_a_source_and_only_sourced_languages() -> None:
    found = helplines()
    for line in found.lines:
        assert "PRACTICE.md" in line.source or "http" in line.source, line.id
        # No source seen says any line answers in Ukrainian: the file must not claim it.
        assert line.answers_in == ["pl"], line.id
    assert [x.number for x in found.lines_of("violence")] == ["800 120 002", "112"]


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("kind", ["suicide", "violence", "other"])
def test_crisis_messages_fit_one_screen(lang: str, kind: str) -> None:
    message = crisis_message(kind, lang, staff_told=True)  # type: ignore[arg-type]
    assert isinstance(message, Message)
    assert len(text_of(message.parts, lang)) <= 500


async def test_sometimes_on_a_version_1_reading_raises_the_flag_staff_see_first(
    kisbot: Kisbot,
) -> None:
    from questionnaires.loader import load_bundled
    from questionnaires.model import Answer
    from tests.intake_helpers import reading_of

    staff = await staff_member(kisbot)
    old = load_bundled("diagnosis_participant", 1)
    # A reading opened before version 2, answered "sometimes" there: asked now, staff are told.
    person, asked = await join(kisbot, 1001, "Ola")
    async with kisbot.db.transaction() as tx:
        await tx.conn.run("UPDATE readings SET questionnaire_version = 1")
    await answer_until(person, old, "life_worth")
    shown, item = current(person, old)
    before = len(person.messages)
    await press(person, shown, "o", option_number(old, item, "sometimes"))
    assert texts(person, before)[0].endswith(t("pl", "safety.staff_told"))
    await kisbot.run_outbox()
    assert [m.text for m in staff.messages] == [t("pl", "staff_alert.safety", name="Ola", id=asked)]
    # One submitted on version 1 with "sometimes" before this rule: the card opens with the flag
    # and the list counts it as needing attention; the stored answer stays as it was.
    earlier, _ = await kisbot.invite("Ewa")
    now = kisbot.clock.now()
    async with kisbot.db.transaction() as tx:
        reading = await tx.readings.create(earlier, "entry", "participant", old.id, 1, None, now)
        sometimes = Answer(status="answered", value="sometimes")
        await tx.readings.save_answer(reading.id, "life_worth", sometimes, now)
        await tx.readings.submit(reading.id, now)
    before = len(staff.messages)
    await staff.send(f"/card {earlier}")
    (card,) = [m for m in texts(staff, before) if t("pl", "card.safety_header") in m]
    assert card.startswith(t("pl", "card.safety_header"))
    (rule,) = [r for r in old.rules if r.id == "crisis_thoughts"]
    assert rule.reason is not None
    assert rule.reason.pl in card
    await staff.send("/participants")
    await staff.click(t("pl", "participants.filter_attention"))
    assert any(f"#{earlier} Ewa" in line for line in (staff.last.text or "").splitlines())
    async with kisbot.db.transaction() as tx:
        stored = await tx.readings.answers(reading.id)
    assert stored["life_worth"].value == "sometimes"
    assert (await reading_of(kisbot, asked)).questionnaire_version == 1


@pytest.mark.parametrize("lang", ["pl", "uk"])
async def test_talk_with_staff_under_the_crisis_lines_alerts_staff(
    kisbot: Kisbot, lang: str
) -> None:
    staff = await staff_member(kisbot)
    q = bundled()
    person, pid = await join(kisbot, 1001, "Ola", lang=lang)
    await answer_until(person, q, "safe_at_home")
    shown, item = current(person, q)
    await press(person, shown, "o", option_number(q, item, "not_always"))
    await kisbot.run_outbox()
    assert staff.messages == []  # these lines alone alert nobody
    crisis = next(m for m in person.messages if "800 120 002" in (m.text or ""))
    assert crisis.buttons == [[t(lang, "safety.talk_button")]]
    _, following = current(person, q)
    await person.click(t(lang, "safety.talk_button"), in_message=crisis)
    assert t(lang, "safety.talk_sent") in texts(person)[-2:]
    assert current(person, q)[1].id == following.id  # and on where they were
    await kisbot.run_outbox()
    assert texts(staff) == [t("pl", "staff_alert.talk_request", name="Ola", id=pid)]
    # Pressed again the same day: the person is answered, staff are not told twice.
    await person.click(t(lang, "safety.talk_button"), in_message=crisis)
    await kisbot.run_outbox()
    assert len(staff.messages) == 1
    # The answer offers writing to the staff at once; the words reach them.
    told = [m for m in person.messages if m.text == t(lang, "safety.talk_sent")][-1]
    assert told.buttons == [[t(lang, "messages.button_write")]]
    await person.click(t(lang, "messages.button_write"), in_message=told)
    assert person.last.text == t(lang, "messages.ask", max=MAX_CHARS)
    await person.send("Proszę o telefon jutro")
    await kisbot.run_outbox()
    assert "Proszę o telefon jutro" in (staff.last.text or "")
    assert current(person, q)[1].id == following.id  # the question comes back again
