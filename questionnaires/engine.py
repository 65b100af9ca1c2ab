"""Where a reading stands: which items are shown, which comes next, and how far along it is."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from questionnaires.answers import (
    AnswerError,
    Choice,
    answer_label,
    check_choices,
    choices,
    decline,
    named_choices,
    near,
    normalize,
    offered_statuses,
    parse_answer,
    toggle_choice,
)
from questionnaires.conditions import Answers, Truth, evaluate
from questionnaires.model import Item, Questionnaire

__all__ = [
    "AnswerError",
    "Choice",
    "Progress",
    "SectionProgress",
    "answer_label",
    "check_choices",
    "choices",
    "decline",
    "is_shown",
    "named_choices",
    "near",
    "next_item",
    "normalize",
    "offered_statuses",
    "parse_answer",
    "previous_item",
    "progress",
    "toggle_choice",
    "visibility",
]


def visibility(q: Questionnaire, answers: Answers) -> dict[str, Truth]:
    """Whether each item is shown: True, False, or None while an earlier answer is missing."""
    shown: dict[str, Truth] = {}
    for item in q.items:
        # Conditions only name earlier items, so one pass in file order settles everything.
        shown[item.id] = True if item.show_if is None else evaluate(item.show_if, answers, shown)
    return shown


def is_shown(q: Questionnaire, item: Item, answers: Answers) -> bool | None:
    """Whether the item is shown given the answers so far (None: not known yet)."""
    return visibility(q, answers)[item.id]


def next_item(q: Questionnaire, answers: Answers) -> Item | None:
    """The first shown item without an answer, or None when the reading is complete."""
    shown = visibility(q, answers)
    return next((i for i in q.items if shown[i.id] is True and i.id not in answers), None)


def previous_item(q: Questionnaire, answers: Answers, current_id: str | None) -> Item | None:
    """The shown item before `current_id` (before the end when None), for the Back button."""
    shown = visibility(q, answers)
    items = q.items
    end = len(items) if current_id is None else q.position(current_id)
    return next((i for i in reversed(items[:end]) if shown[i.id] is True), None)


class SectionProgress(BaseModel):
    """Answered and expected items of one section."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    section_id: str
    done: int
    total: int


class Progress(BaseModel):
    """Answered and expected items overall and per section."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    done: int
    total: int
    sections: list[SectionProgress]


def progress(q: Questionnaire, answers: Answers) -> Progress:
    """How far along a reading is.

    Unanswered items that may still be shown count in the total, so answering never makes the
    share done go down: an answer can only settle such items, never reveal hidden ones.
    """
    shown = visibility(q, answers)
    sections: list[SectionProgress] = []
    for section in q.sections:
        done = sum(1 for i in section.items if i.id in answers and shown[i.id] is not False)
        waiting = sum(1 for i in section.items if i.id not in answers and shown[i.id] is not False)
        sections.append(SectionProgress(section_id=section.id, done=done, total=done + waiting))
    return Progress(
        done=sum(s.done for s in sections),
        total=sum(s.total for s in sections),
        sections=sections,
    )
