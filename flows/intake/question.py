"""How one question looks: progress line, text, format hint, buttons."""

from __future__ import annotations

from base.i18n import Text
from flows.intake.reading_buttons import QuestionAction, question_button
from flows.reply import Button, Keyboard, Message, Part
from questionnaires import engine
from questionnaires.model import (
    Answer,
    DateItem,
    Item,
    MultipleItem,
    NumberItem,
    Questionnaire,
    Section,
    TextItem,
)
from storage.repos.readings import Reading

CHECK = "✓ "


def progress_line(q: Questionnaire, answers: dict[str, Answer], item: Item, lang: str) -> str:
    """E.g. "Zdrowie · 3/8": the section and this question's place among all of its questions.

    Counted over every question of the section, shown or not, so the figure never goes back
    when an answer hides a follow-up (it skips ahead instead).
    """
    section = q.section_of(item.id)
    return f"{section.title.get(lang)} · {section.items.index(item) + 1}/{len(section.items)}"


def _format_hint(q: Questionnaire, item: Item, lang: str) -> Part | None:
    if isinstance(item, NumberItem):
        unit = item.unit.get(lang) if item.unit else ""
        low, high = (int(v) if item.integer else v for v in (item.min, item.max))
        return Text("question.hint_number", {"min": low, "max": high, "unit": unit})
    if isinstance(item, DateItem):
        return Text("question.hint_date")
    if isinstance(item, TextItem):
        return Text("question.hint_text", {"max": item.max_length})
    if isinstance(item, MultipleItem):
        return Text("question.hint_multiple")
    return None


def question_parts(
    q: Questionnaire, answers: dict[str, Answer], item: Item, lang: str
) -> tuple[Part, ...]:
    """Progress line, question, help and how to answer."""
    parts: list[Part] = [progress_line(q, answers, item, lang), item.text.get(lang)]
    if item.help is not None:
        parts.append(item.help.get(lang))
    hint = _format_hint(q, item, lang)
    if hint is not None:
        parts.append(hint)
    return tuple(parts)


def _action(
    reading: Reading, q: Questionnaire, item: Item, action: QuestionAction, value: int | None = None
) -> str:
    return question_button(reading, q.position(item.id), action, value)


def buttons(
    q: Questionnaire,
    reading: Reading,
    item: Item,
    answers: dict[str, Answer],
    lang: str,
    chosen: list[str] | None = None,
) -> Keyboard:
    """Answer buttons (one per row, numbered: the hints suggest typing the number), then
    Back/Skip and the other ways out."""
    rows: list[tuple[Button, ...]] = []
    options = engine.choices(q, item)
    if isinstance(item, MultipleItem):
        picked = set(chosen or [])
        for choice in options:
            mark = CHECK if str(choice.value) in picked else ""
            rows.append(
                (
                    Button(
                        f"{mark}{choice.number}. {choice.label.get(lang)}",
                        _action(reading, q, item, "t", choice.number),
                    ),
                )
            )
        rows.append((Button(Text("choice.done"), _action(reading, q, item, "d")),))
    else:
        for choice in options:
            rows.append(
                (
                    Button(
                        f"{choice.number}. {choice.label.get(lang)}",
                        _action(reading, q, item, "o", choice.number),
                    ),
                )
            )
    ways_out: dict[str, QuestionAction] = {
        "skipped": "s",
        "prefer_not_to_say": "n",
        "talk_to_staff": "k",
    }
    for status in engine.offered_statuses(item):
        if status != "skipped":
            rows.append(
                (Button(Text(f"choice.{status}"), _action(reading, q, item, ways_out[status])),)
            )
    nav: list[Button] = []
    if engine.previous_item(q, answers, item.id) is not None:
        nav.append(Button(Text("choice.back"), _action(reading, q, item, "b")))
    if "skipped" in engine.offered_statuses(item):
        nav.append(Button(Text("choice.skip"), _action(reading, q, item, "s")))
    if nav:
        rows.append(tuple(nav))
    return tuple(rows)


def ask(
    q: Questionnaire,
    reading: Reading,
    answers: dict[str, Answer],
    item: Item,
    lang: str,
    *,
    before: tuple[Part, ...] = (),
) -> Message:
    """The question message, with the earlier answer shown when the person came back to it."""
    parts = [*before, *question_parts(q, answers, item, lang)]
    earlier = answers.get(item.id)
    if earlier is not None:
        parts.append(
            Text(
                "question.your_answer",
                {"answer": engine.answer_label(q, item, earlier, lang, own=True)},
            )
        )
    chosen = reading.pending_choices
    if chosen is None and earlier is not None and isinstance(earlier.value, list):
        chosen = list(earlier.value)
    return Message(tuple(parts), buttons(q, reading, item, answers, lang, chosen), lang)


def answered(
    q: Questionnaire, answers: dict[str, Answer], item: Item, answer: Answer, lang: str
) -> tuple[Part, ...]:
    """The question as it stays in the chat once answered: no buttons, the answer shown."""
    return (
        progress_line(q, answers, item, lang),
        item.text.get(lang),
        CHECK + engine.answer_label(q, item, answer, lang, own=True),
    )


def section_intro(section: Section, lang: str) -> Message:
    """The short introduction before a sphere's first question."""
    parts: list[Part] = [section.title.get(lang)]
    if section.intro is not None:
        parts.append(section.intro.get(lang))
    return Message(tuple(parts), language=lang)
