"""Which item comes next, Back, progress, and conditions with unknown answers."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires.conditions import evaluate
from questionnaires.engine import (
    AnswerError,
    decline,
    is_shown,
    next_item,
    offered_statuses,
    previous_item,
    progress,
    visibility,
)
from questionnaires.loader import load_questionnaire
from questionnaires.model import Answer, Questionnaire

QUESTIONNAIRE = """
id: path
version: 1
audience: participant
languages: [pl]
title: {pl: Ścieżka}
sections:
  - id: work
    sphere: vocational
    title: {pl: Praca}
    items:
      - {id: works, type: yesno, text: {pl: "Pracujesz?"}}
      - id: hours
        type: number
        min: 1
        max: 80
        text: {pl: "Ile godzin?"}
        show_if: {item: works, equals: yes}
      - id: why_not
        type: multiple
        text: {pl: "Dlaczego nie?"}
        show_if: {not: {item: works, equals: yes}}
        options:
          - {id: health, label: {pl: Zdrowie}}
          - {id: care, label: {pl: Opieka}}
          - {id: none, label: {pl: Nic z tych}, exclusive: true}
      - id: overtime
        type: yesno
        required: false
        text: {pl: "Nadgodziny?"}
        show_if: {item: hours, greater_than: 40}
  - id: life
    sphere: social
    title: {pl: Życie}
    items:
      - id: care_help
        type: yesno
        sensitive: true
        talk_to_staff: true
        text: {pl: "Pomoc w opiece?"}
        show_if: {any: [{item: why_not, any_of: [care]}, {item: overtime, answered: true}]}
      - {id: friends, type: yesno, text: {pl: "Przyjaciele?"}}
"""


@pytest.fixture
def q(tmp_path: Path) -> Questionnaire:
    (tmp_path / "path.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    return load_questionnaire(tmp_path / "path.yaml")


def yes() -> Answer:
    return Answer(status="answered", value="yes")


def ids(items: object) -> list[str]:
    return [i.id for i in items]  # type: ignore[attr-defined]


def test_unknown_until_the_deciding_answer_then_settled(q: Questionnaire) -> None:
    assert visibility(q, {}) == {
        "works": True,
        "hours": None,
        "why_not": None,
        "overtime": None,
        "care_help": None,
        "friends": True,
    }
    answers = {"works": yes()}
    assert (is_shown(q, q.item("hours"), answers), is_shown(q, q.item("why_not"), answers)) == (
        True,
        False,
    )
    # why_not is hidden, so its condition is false; overtime is still undecided.
    assert is_shown(q, q.item("care_help"), answers) is None


def test_skipped_declined_and_hidden_answers_make_conditions_false(q: Questionnaire) -> None:
    condition = q.item("care_help").show_if
    assert condition is not None
    works = {"works": yes(), "hours": Answer(status="answered", value=50)}
    assert (
        evaluate(
            condition,
            {**works, "overtime": Answer(status="skipped")},
            visibility(q, {**works, "overtime": Answer(status="skipped")}),
        )
        is False
    )
    # A stale answer to a now-hidden item does not count.
    stale = {
        "works": yes(),
        "hours": Answer(status="answered", value=10),
        "overtime": Answer(status="answered", value="no"),
        "why_not": Answer(status="answered", value=["care"]),
    }
    assert visibility(q, stale)["care_help"] is False


def test_next_item_follows_the_path_and_ignores_hidden_answers(q: Questionnaire) -> None:
    answers: dict[str, Answer] = {}
    assert next_item(q, answers) == q.item("works")
    answers["works"] = Answer(status="answered", value="no")
    answers["hours"] = Answer(status="answered", value=10)  # left over from an earlier path
    assert next_item(q, answers) == q.item("why_not")
    answers["why_not"] = Answer(status="answered", value=["care"])
    assert next_item(q, answers) == q.item("care_help")
    answers["care_help"] = Answer(status="talk_to_staff")
    assert next_item(q, answers) == q.item("friends")
    answers["friends"] = yes()
    assert next_item(q, answers) is None


def test_back_goes_to_the_previous_shown_item(q: Questionnaire) -> None:
    answers = {
        "works": Answer(status="answered", value="no"),
        "why_not": Answer(status="answered", value=["health"]),
    }
    assert previous_item(q, answers, "friends") == q.item("why_not")
    assert previous_item(q, answers, "why_not") == q.item("works")
    assert previous_item(q, answers, "works") is None
    answers["friends"] = yes()
    assert previous_item(q, answers, None) == q.item("friends")


def test_progress_counts_possible_items_and_settles_as_answers_come(q: Questionnaire) -> None:
    start = progress(q, {})
    assert (start.done, start.total) == (0, 6)
    answers = {"works": Answer(status="answered", value="no")}
    after = progress(q, answers)
    # hours and overtime are now hidden: 1 done of works, why_not, care_help, friends.
    assert (after.done, after.total) == (1, 4)
    assert [(s.section_id, s.done, s.total) for s in after.sections] == [
        ("work", 1, 2),
        ("life", 0, 2),
    ]


def test_only_offered_non_answers_are_accepted(q: Questionnaire) -> None:
    assert offered_statuses(q.item("care_help")) == ["prefer_not_to_say", "talk_to_staff"]
    assert offered_statuses(q.item("overtime")) == ["skipped"]
    assert decline(q.item("overtime"), "skipped") == Answer(status="skipped")
    assert decline(q.item("works"), "skipped") == AnswerError(key="answer.not_offered")
    assert ids(q.items) == ["works", "hours", "why_not", "overtime", "care_help", "friends"]
    assert q.section_of("care_help").id == "life"
    assert q.sphere_of(q.item("care_help")) == "social"
