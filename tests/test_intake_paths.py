"""Back, Skip and the other ways out; crisis answers; /mydata, /delete, /privacy, /language."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest

from base.clock import ManualClock
from questionnaires.loader import load_bundled
from tests.harness import Kisbot
from tests.intake_helpers import (
    answer_until,
    answers_of,
    bundled,
    current,
    join,
    on_screen,
    option_number,
    participant,
    press,
    reading_of,
    staff_member,
    t,
    texts,
    use_questionnaire,
)

OPTIONAL = """
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
      - id: pet
        type: yesno
        text: {pl: "Czy masz zwierzę?", uk: "Чи маєте ви тварину?", en: "Do you have a pet?"}
      - id: hobby
        type: single
        required: false
        text: {pl: "Co lubisz robić?", uk: "Що ви любите робити?", en: "What do you like doing?"}
        options:
          - {id: read, label: {pl: "Czytać", uk: "Читати", en: "Reading"}}
          - {id: walk, label: {pl: "Spacerować", uk: "Гуляти", en: "Walking"}}
      - id: friends
        type: yesno
        text: {pl: "Czy masz przyjaciół?", uk: "Чи маєте ви друзів?", en: "Do you have friends?"}
"""


async def test_back_shows_the_earlier_answer_and_lets_it_change(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    first, _ = current(person, q)
    assert not first.has("b")  # no Back on the first question
    await press(person, first, "o", option_number(q, q.item("housing"), "with_others"))
    second, item = current(person, q)
    assert item.id == "income"
    await press(person, second, "b")
    assert person.messages[-2].buttons == []  # the question left behind is closed
    again, item = current(person, q)
    assert item.id == "housing"
    said = t("pl", "question.your_answer", answer="U rodziny lub znajomych")
    assert said in (person.last.text or "")
    assert (await reading_of(kisbot, participant_id)).current_item == "housing"

    await press(person, again, "o", 1)
    assert (await answers_of(kisbot, participant_id))["housing"].value == "own_or_rented"
    assert current(person, q)[1].id == "income"


async def test_skip_records_skipped_and_back_shows_it(
    kisbot: Kisbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    q = use_questionnaire(monkeypatch, tmp_path, OPTIONAL)
    person, participant_id = await join(kisbot, 1001)
    shown, _ = current(person, q)
    assert not shown.has("s")  # a required question offers no Skip
    await press(person, shown, "o", 1)
    shown, item = current(person, q)
    assert item.id == "hobby"
    assert person.last.buttons[-1] == [t("pl", "choice.back"), t("pl", "choice.skip")]
    await press(person, shown, "s")
    assert (await answers_of(kisbot, participant_id))["hobby"].status == "skipped"
    assert "✓ " + t("pl", "echo.skipped") in texts(person)[-2]
    shown, item = current(person, q)
    assert item.id == "friends"
    await press(person, shown, "b")
    assert t("pl", "question.your_answer", answer=t("pl", "echo.skipped")) in (
        person.last.text or ""
    )


async def test_prefer_not_to_say_and_talk_with_staff(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    await answer_until(person, q, "debts")
    shown, _ = current(person, q)
    labels = [row[0] for row in person.last.buttons]
    assert t("pl", "choice.prefer_not_to_say") in labels
    assert t("pl", "choice.talk_to_staff") in labels
    await person.click(t("pl", "choice.prefer_not_to_say"))
    answers = await answers_of(kisbot, participant_id)
    assert answers["debts"].status == "prefer_not_to_say"
    assert answers["debts"].value is None
    # The follow-up about the kind of debts is not asked.
    shown, item = current(person, q)
    assert item.id == "documents"

    await press(person, shown, "b")
    said = t("pl", "question.your_answer", answer=t("pl", "echo.prefer_not_to_say"))
    assert said in (person.last.text or "")
    await person.click(t("pl", "choice.talk_to_staff"))
    assert (await answers_of(kisbot, participant_id))["debts"].status == "talk_to_staff"
    assert current(person, q)[1].id == "documents"


async def test_a_crisis_answer_shows_help_at_once_alerts_staff_and_goes_on(
    kisbot: Kisbot,
) -> None:
    q = bundled()
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 1001)
    await answer_until(person, q, "life_worth")
    shown, item = current(person, q)
    flagged = next(n for n, o in enumerate(item.options, start=1) if o.safety_flag)
    shown_before = len(person.messages)
    await press(person, shown, "o", flagged)

    after = texts(person, shown_before)
    crisis = after[0]
    assert crisis.startswith(t("pl", "safety.intro_suicide"))
    assert crisis.endswith(t("pl", "safety.staff_told"))
    for number in ("116 123", "112", "800 70 2222"):
        assert number in crisis
    assert "800 120 002" not in crisis  # the domestic-violence line is for other answers
    _, following = current(person, q)
    assert following.id == "safe_at_home"  # the questionnaire goes on
    reading = await reading_of(kisbot, participant_id)
    assert reading.status == "open"
    assert (await answers_of(kisbot, participant_id))["life_worth"].value == item.options[
        flagged - 1
    ].id

    await kisbot.run_outbox()
    alert = t("pl", "staff_alert.safety", name="Ala", id=participant_id)
    assert [m.text for m in staff.messages] == [alert]
    # Answering another question does not raise the same alert again.
    await answer_until(person, q, "wants_psychologist")
    await kisbot.run_outbox()
    assert [m.text for m in staff.messages] == [alert]


async def test_mydata_shows_the_answers_in_words(kisbot: Kisbot) -> None:
    q = bundled()
    person, _ = await join(kisbot, 1001)
    shown, housing = current(person, q)
    await press(person, shown, "o", option_number(q, housing, "with_others"))
    shown, _ = current(person, q)
    await press(person, shown, "t", 2)
    await press(person, shown, "t", 3)
    await press(person, shown, "d")
    before = len(person.messages)
    await person.send("/mydata")
    shown_texts = texts(person, before)
    header = shown_texts[0]
    assert "Ala" in header
    assert "KIS Słoneczko" in header
    assert t("pl", "status.participant_in_progress") in header
    answers = "\n".join(shown_texts[1:-1])
    assert "Gdzie teraz mieszkasz?\n  → U rodziny lub znajomych" in answers
    assert "→ Z prac dorywczych, Z renty lub emerytury" in answers
    for stored_id in ("with_others", "casual_work", "pension"):
        assert stored_id not in answers
    # The footer, then the question the person stands at, to go on with.
    assert shown_texts[-2] == t("pl", "mydata.footer")
    assert on_screen(person) is not None


async def test_delete_asks_to_confirm_then_alerts_staff(kisbot: Kisbot) -> None:
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 1001)
    await person.send("/delete")
    assert person.last.text == t("pl", "delete.ask")
    await person.click(t("pl", "delete.keep"))
    assert t("pl", "delete.kept") in texts(person)[-2:]
    assert on_screen(person) is not None  # and the question again
    assert (await participant(kisbot, participant_id)).deletion_requested_at is None
    await kisbot.run_outbox()
    assert staff.messages == []

    await person.send("/delete")
    await person.click(t("pl", "delete.confirm"))
    assert person.last.text == t("pl", "delete.requested")
    assert (await participant(kisbot, participant_id)).deletion_requested_at == kisbot.clock.now()
    await kisbot.run_outbox()
    assert [m.text for m in staff.messages] == [
        t("pl", "staff_alert.deletion_requested", name="Ala", id=participant_id)
    ]


async def test_withdrawn_consent_means_no_more_questions(
    kisbot: Kisbot, clock: ManualClock
) -> None:
    q = bundled()
    staff = await staff_member(kisbot)
    person, participant_id = await join(kisbot, 1001)
    question, _ = current(person, q)
    before = len(person.messages)
    await person.send("/privacy")
    assert len(person.messages) == before + 4  # the three messages, then the question again
    rights = person.messages[-2]
    assert rights.buttons == [[t("pl", "privacy.withdraw")]]
    assert current(person, q)[0].message.text == question.message.text
    await person.click(t("pl", "privacy.withdraw"), in_message=rights)
    assert person.last.text == t("pl", "privacy.withdraw_ask")
    await person.click(t("pl", "privacy.withdraw_confirm"))
    assert person.last.text == t("pl", "privacy.withdrawn")
    assert (await participant(kisbot, participant_id)).consent == "withdrawn"
    await kisbot.run_outbox()
    assert [m.text for m in staff.messages] == [
        t("pl", "staff_alert.consent_withdrawn", name="Ala", id=participant_id)
    ]

    reminder = t("pl", "consent.not_given_reminder")
    for step in ("1", "/start"):
        await person.send(step)
        assert person.last.text == reminder
    answer = await person.click_data(question.data("o", 1), in_message=question.message)
    assert answer is not None
    assert person.last.text == reminder
    assert await answers_of(kisbot, participant_id) == {}
    clock.advance(timedelta(days=4))
    await kisbot.run_outbox()
    assert person.last.text == reminder  # and no reminders to finish either


async def test_language_switches_the_current_question(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    shown, _ = current(person, q)
    await press(person, shown, "o", 1)
    _, item = current(person, q)
    await person.send("/language")
    assert person.last.buttons == [["✓ Polski"], ["Українська"], ["English"]]
    await person.click("English")
    assert texts(person)[-2] == t("en", "language.set", language="English")
    shown, same = current(person, q)
    assert same.id == item.id == "income"
    assert item.text.en in (person.last.text or "")
    assert person.last.buttons[0] == [f"1. {item.options[0].label.en}"]
    assert [t("en", "choice.done")] in person.last.buttons
    await press(person, shown, "t", 1)
    await press(person, shown, "d")
    assert (await answers_of(kisbot, participant_id))["income"].value == ["steady_work"]
    assert "Is there enough money for food and bills?" in (person.last.text or "")


async def test_an_answer_changed_from_the_review_returns_to_the_review(
    kisbot: Kisbot, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    q = use_questionnaire(monkeypatch, tmp_path, OPTIONAL)
    person, participant_id = await join(kisbot, 1001)
    for action in ("o", "s", "o"):
        shown, _ = current(person, q)
        await press(person, shown, action, 1 if action == "o" else None)
    review = person.last.text or ""
    assert review.startswith(t("pl", "review.intro"))
    assert "Ludzie: 2 odpowiedzi, 1 bez odpowiedzi" in review
    await person.click(t("pl", "review.change", section="Ludzie"))
    listing = person.last.text or ""
    assert "2. Co lubisz robić?\n→ Pominięte" in listing
    await person.click("2")
    shown, item = current(person, q)
    assert item.id == "hobby"
    await person.click("Spacerować")
    assert (person.last.text or "").startswith(t("pl", "review.intro"))
    assert "Ludzie: 3 odpowiedzi" in (person.last.text or "")
    await person.click(t("pl", "review.submit"))
    assert person.last.text == t("pl", "review.thanks")
    answers = await answers_of(kisbot, participant_id)
    assert answers["hobby"].value == "walk"
    assert {a.status for a in answers.values()} == {"answered"}
    assert (await reading_of(kisbot, participant_id)).status == "submitted"
    # Pressing Submit again (or anything else of the old review) changes nothing.
    await person.send("/start")
    assert person.last.text == t("pl", "intake.already_submitted")


async def test_a_reading_started_on_version_1_keeps_its_questions(kisbot: Kisbot) -> None:
    # A reading opened before version 2 was published, as an upgraded deployment holds it.
    person, participant_id = await join(kisbot, 1001)
    async with kisbot.db.transaction() as tx:
        await tx.conn.run("UPDATE readings SET questionnaire_version = 1")
    old = load_bundled("diagnosis_participant", 1)
    assert old.version == 1
    assert bundled().version == 2
    await answer_until(person, old, "violence")
    shown, _ = current(person, old)
    assert old.item("violence").text.get("pl") in (shown.message.text or "")
    await press(person, shown, "o", 1)
    assert (await answers_of(kisbot, participant_id))["violence"].value == "no"
    assert (await reading_of(kisbot, participant_id)).questionnaire_version == 1
