"""How the end of the questionnaire looks: a short summary per sphere, and one sphere's
answers to change (the presses are flows/intake/review.py)."""

from __future__ import annotations

from base.i18n import Text, translate
from flows.intake.reading_buttons import review_button
from flows.reply import Button, Message, Part
from questionnaires import engine
from questionnaires.model import Answer, Questionnaire, Section
from storage.repos.readings import Reading

_INTRO = {"participant": "review.intro", "staff": "assess.review_intro"}
_SUBMIT = {"participant": "review.submit", "staff": "assess.submit"}


def _shown_answered(
    q: Questionnaire, section: Section, answers: dict[str, Answer]
) -> list[tuple[int, str, Answer]]:
    shown = engine.visibility(q, answers)
    return [
        (q.position(i.id), i.id, answers[i.id])
        for i in section.items
        if shown[i.id] is True and i.id in answers
    ]


def review_message(
    q: Questionnaire, reading: Reading, answers: dict[str, Answer], lang: str
) -> Message:
    """Counts per sphere, a button per sphere to change answers, and Submit."""
    lines: list[Part] = [Text(_INTRO[reading.respondent])]
    rows: list[tuple[Button, ...]] = []
    for index, section in enumerate(q.sections):
        given = _shown_answered(q, section, answers)
        # "Talk in person" is an answer: the person said what they want, staff take it up.
        answered = sum(1 for _, _, a in given if a.status in ("answered", "talk_to_staff"))
        lines.append(
            f"{section.title.get(lang)}: "
            + _count(lang, "review.answered", answered)
            + (
                ", " + _count(lang, "review.not_answered", len(given) - answered)
                if len(given) > answered
                else ""
            )
        )
        rows.append(
            (
                Button(
                    Text("review.change", {"section": section.title.get(lang)}),
                    review_button(reading, "e", index),
                ),
            )
        )
    rows.append((Button(Text(_SUBMIT[reading.respondent]), review_button(reading, "s")),))
    return Message(tuple(lines), tuple(rows), lang)


def _count(lang: str, key: str, n: int) -> str:
    return translate(lang, key, count=n)


def section_answers(
    q: Questionnaire, reading: Reading, answers: dict[str, Answer], section_index: int, lang: str
) -> Message:
    """One sphere's questions with their answers, each with a button to change it."""
    section = q.sections[section_index]
    parts: list[Part] = [section.title.get(lang), Text("review.pick_question")]
    numbered: list[Button] = []
    for number, (position, item_id, answer) in enumerate(
        _shown_answered(q, section, answers), start=1
    ):
        item = q.item(item_id)
        label = engine.answer_label(q, item, answer, lang, own=True)
        parts.append(f"{number}. {item.text.get(lang)}\n→ {label}")
        numbered.append(Button(str(number), review_button(reading, "i", position)))
    rows = [tuple(numbered[i : i + 5]) for i in range(0, len(numbered), 5)]
    rows.append((Button(Text("review.back_to_summary"), review_button(reading, "v")),))
    return Message(tuple(parts), tuple(rows), lang)
