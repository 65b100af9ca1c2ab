"""Typed words work like the buttons they stand for, in every language, forgiving small typos;
echo in the person's own voice; progress that never goes back; "talk in person" is an answer."""

from __future__ import annotations

from base.i18n import translate
from tests.harness import Kisbot
from tests.intake_helpers import (
    answer_until,
    answer_with_buttons,
    answers_of,
    bundled,
    current,
    join,
    on_screen,
    option_number,
    press,
    reading_of,
    safe_option,
    t,
    texts,
)


async def test_control_words_at_questions_in_polish(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    await person.send("u rodzny lub znajomych")  # a letter missing: still the option
    assert current(person, q)[1].id == "income"
    await person.send("wstecz")
    assert current(person, q)[1].id == "housing"
    await person.send("Własne lub wynajęte")
    await person.send("1")  # ticks "Ze stałej pracy"
    await person.send("Gotowe")
    assert current(person, q)[1].id == "money_enough"
    await answer_until(person, q, "debts")
    await person.send("wole nie mowic")  # without the Polish letters
    answers = await answers_of(kisbot, participant_id)
    assert answers["debts"].status == "prefer_not_to_say"
    assert answers["income"].value == ["steady_work"]
    # Echoed in the person's own voice.
    assert texts(person)[-2].endswith("✓ " + t("pl", "echo.prefer_not_to_say"))
    assert "Woli" not in texts(person)[-2]


async def test_control_words_at_questions_in_ukrainian(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001, "Олена", lang="uk")
    await person.send("у родичів або знайомих")
    await person.send("назад")
    assert current(person, q)[1].id == "housing"
    await person.send("1")
    await person.send("2, 3")
    await person.send("готово")
    await answer_until(person, q, "debts")
    await person.send("краще поговорю особисто")
    answers = await answers_of(kisbot, participant_id)
    assert answers["housing"].value == "own_or_rented"
    assert answers["income"].value == ["casual_work", "pension"]
    assert answers["debts"].status == "talk_to_staff"


async def test_done_with_nothing_ticked_says_what_is_missing(kisbot: Kisbot) -> None:
    q = bundled()
    person, _ = await join(kisbot, 1001)
    await person.send("1")
    before = len(person.messages)
    await person.send("gotowe")
    assert texts(person, before)[0].startswith(t("pl", "answer.too_few_choices", min=1) + "\n")
    assert current(person, q)[1].id == "income"
    await person.send("1")
    await person.send("1")  # ticked and unticked: nothing chosen
    assert (person.last.text or "").startswith(t("pl", "hint.nothing_chosen"))


async def test_an_optional_question_is_skipped_by_its_word(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    await answer_until(person, q, "work_now")
    shown, _ = current(person, q)
    await press(person, shown, "o", option_number(q, q.item("work_now"), "not_working"))
    await answer_until(person, q, "work_kind")  # optional multiple choice
    await person.send("pomiń")
    assert (await answers_of(kisbot, participant_id))["work_kind"].status == "skipped"
    assert current(person, q)[1].id == "work_obstacles"


async def test_progress_never_goes_back_when_a_follow_up_drops_out(kisbot: Kisbot) -> None:
    q = bundled()
    person, _ = await join(kisbot, 1001)
    figures: list[tuple[int, int]] = []
    for _ in range(len(q.section_of("housing").items)):
        shown, item = current(person, q)
        if q.section_of(item.id).id != "socio_economic":
            break
        line = (shown.message.text or "").splitlines()[0]
        done, total = line.rsplit(" ", 1)[1].split("/")
        figures.append((int(done), int(total)))
        if item.id == "debts":
            await press(person, shown, "o", 2)  # "no": the kind of debts is not asked
        else:
            await press(person, shown, "t" if item.id == "income" else "o", 1)
            if item.id == "income":
                await press(person, shown, "d")
    assert figures == sorted(figures)
    assert len({total for _, total in figures}) == 1  # the total stays put


async def test_talk_in_person_counts_as_answered_in_the_review(kisbot: Kisbot) -> None:
    q = bundled()
    person, participant_id = await join(kisbot, 1001)
    await answer_until(person, q, "debts")
    await person.click(t("pl", "choice.talk_to_staff"))
    for _ in range(3 * len(q.items)):
        if on_screen(person) is None:
            break
        await answer_with_buttons(person, q, lambda i: safe_option(q, i, 1))
    assert (await reading_of(kisbot, participant_id)).status == "review"
    section = q.sections[0]
    asked = len([i for i in section.items if i.id != "debt_kind"])  # no debts: no kinds
    line = next(x for x in texts(person)[-1].splitlines() if x.startswith(section.title.pl))
    assert line == f"{section.title.pl}: {translate('pl', 'review.answered', count=asked)}"
