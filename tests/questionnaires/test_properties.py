"""Properties over every path through a questionnaire the engine allows."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from questionnaires.answers import choices, format_date, offered_statuses, toggle_choice
from questionnaires.engine import next_item, parse_answer, progress, visibility
from questionnaires.loader import load_catalogue, load_questionnaire
from questionnaires.model import (
    SCORED_SPHERES,
    Answer,
    Catalogue,
    DateItem,
    Item,
    MultipleItem,
    NumberItem,
    Questionnaire,
    TextItem,
)
from questionnaires.scoring import score

QUESTIONNAIRE = """
id: everything
version: 1
audience: participant
languages: [pl, uk, en]
title: {pl: Wszystko, uk: Усе, en: Everything}
scales:
  rating5:
    points:
      - {value: 1, label: {pl: "1", uk: "1", en: "1"}}
      - {value: 2, label: {pl: "2", uk: "2", en: "2"}}
      - {value: 3, label: {pl: "3", uk: "3", en: "3"}}
      - {value: 4, label: {pl: "4", uk: "4", en: "4"}}
      - {value: 5, label: {pl: "5", uk: "5", en: "5"}}
sections:
  - id: money
    sphere: socio_economic
    title: {pl: Pieniądze, uk: Гроші, en: Money}
    items:
      - id: income
        type: single
        text: {pl: Dochód, uk: Дохід, en: Income}
        talk_to_staff: true
        options:
          - {id: none, label: {pl: Brak, uk: Немає, en: None}, score: 0}
          - {id: some, label: {pl: Trochę, uk: Трохи, en: Some}, score: 50}
          - {id: enough, label: {pl: Wystarczy, uk: Досить, en: Enough}, score: 100}
      - id: debts
        type: yesno
        sensitive: true
        text: {pl: Długi, uk: Борги, en: Debts}
        options: [{id: yes, score: 0}, {id: no, score: 100}]
      - id: debt_amount
        type: number
        min: 0
        max: 100000
        integer: false
        required: false
        text: {pl: Kwota, uk: Сума, en: Amount}
        show_if: {item: debts, equals: yes}
      - id: big_debt_help
        type: yesno
        text: {pl: Pomoc, uk: Допомога, en: Help}
        show_if: {all: [{item: debts, equals: yes}, {item: debt_amount, greater_than: 5000}]}
        options: [{id: yes, score: 20}, {id: no, score: 60}]
      - {id: money_rating, type: scale, scale: rating5, role: sphere_rating,
         text: {pl: Ocena, uk: Оцінка, en: Rating}}
  - id: health
    sphere: health
    title: {pl: Zdrowie, uk: Здоров'я, en: Health}
    items:
      - id: problems
        type: multiple
        max_choices: 3
        text: {pl: Problemy, uk: Проблеми, en: Problems}
        options:
          - {id: sleep, label: {pl: Sen, uk: Сон, en: Sleep}, score: 40}
          - {id: pain, label: {pl: Ból, uk: Біль, en: Pain}, score: 20}
          - id: drink
            label: {pl: Alkohol, uk: Алкоголь, en: Alcohol}
            score: 0
            safety_flag: true
          - {id: nothing, label: {pl: Nic, uk: Нічого, en: Nothing}, score: 100, exclusive: true}
      - id: doctor
        type: yesno
        required: false
        text: {pl: Lekarz, uk: Лікар, en: Doctor}
        show_if: {item: problems, any_of: [pain, drink]}
      - id: wellbeing
        type: scale
        scale: rating5
        required: false
        text: {pl: Samopoczucie, uk: Самопочуття, en: Well-being}
      - id: last_visit
        type: date
        required: false
        min_date: 2000-01-01
        max_date: today
        text: {pl: Wizyta, uk: Візит, en: Visit}
        show_if: {item: doctor, answered: true}
  - id: people
    sphere: social
    title: {pl: Ludzie, uk: Люди, en: People}
    items:
      - id: alone
        type: scale
        text: {pl: Samotność, uk: Самотність, en: Loneliness}
        show_if: {any: [{item: wellbeing, less_than: 3}, {not: {item: debts, in: [no]}}]}
        points:
          - {value: 0, label: {pl: Nigdy, uk: Ніколи, en: Never}, score: 100}
          - {value: 1, label: {pl: Czasem, uk: Іноді, en: Sometimes}, score: 50}
          - {value: 2, label: {pl: Często, uk: Часто, en: Often}, score: 0}
      - id: story
        type: text
        max_length: 40
        required: false
        text: {pl: Opowiedz, uk: Розкажіть, en: Tell us}
rules:
  - {id: r1, when: {item: debts, equals: yes}, suggest: [debt_help], reason: {pl: D, uk: D, en: D}}
  - id: r2
    when: {sphere: socio_economic, class: need}
    suggest: [debt_help]
    reason: {pl: N, uk: N, en: N}
  - {id: r3, when: {item: alone, equals: 2}, safety_flag: true, reason: {pl: S, uk: S, en: S}}
"""

CATALOGUE = """
version: 1
partner_kinds: [{id: ngo, name: {pl: O, uk: O, en: O}}]
instruments:
  - {id: debt_help, sphere: socio_economic, partner_kind: ngo, name: {pl: D, uk: D, en: D}}
"""

TODAY = dt.date(2026, 11, 26)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Questionnaire, Catalogue]:
    directory: Path = tmp_path_factory.mktemp("properties")
    (directory / "everything.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    (directory / "instruments.yaml").write_text(CATALOGUE, encoding="utf-8")
    return load_questionnaire(directory / "everything.yaml"), load_catalogue(
        directory / "instruments.yaml"
    )


def typed_input(draw: st.DrawFn, q: Questionnaire, item: Item) -> str:
    """Something a person could type that the item accepts."""
    lang = draw(st.sampled_from(["pl", "uk", "en"]))
    if isinstance(item, MultipleItem):
        chosen: list[str] = []
        for option in draw(st.lists(st.sampled_from(item.options), min_size=1, max_size=6)):
            chosen = toggle_choice(item, chosen, option.id)
        if not chosen or (item.max_choices and len(chosen) > item.max_choices):
            chosen = [item.options[0].id]
        numbers = [str(n) for n, o in enumerate(item.options, 1) if o.id in chosen]
        return draw(st.sampled_from([", ", " ", ","])).join(numbers)
    if isinstance(item, NumberItem):
        value = draw(st.integers(int(item.min), int(item.max)))
        fraction = "" if item.integer else draw(st.sampled_from(["", ",5", ".25"]))
        return str(value if fraction == "" else min(value, int(item.max) - 1)) + fraction
    if isinstance(item, TextItem):
        return draw(st.text(min_size=1, max_size=item.max_length).filter(str.strip))
    if isinstance(item, DateItem):
        day = draw(st.dates(dt.date(2000, 1, 1), TODAY))
        return format_date(day)
    options = choices(q, item)
    choice = draw(st.sampled_from(options))
    by_label = draw(st.booleans())
    return choice.label.get(lang) if by_label else str(choice.number)


@st.composite
def readings(draw: st.DrawFn, q: Questionnaire) -> list[tuple[str, Answer]]:
    """A path through the questionnaire: the engine's next item, answered or declined."""
    answers: dict[str, Answer] = {}
    steps: list[tuple[str, Answer]] = []
    while (item := next_item(q, answers)) is not None:
        offered = offered_statuses(item)
        if offered and draw(st.integers(0, 3)) == 0:
            answer = Answer(status=draw(st.sampled_from(offered)))
        else:
            raw = typed_input(draw, q, item)
            parsed = parse_answer(q, item, raw, "pl", today=TODAY)
            assert isinstance(parsed, Answer), (item.id, raw, parsed)
            answer = parsed
        answers[item.id] = answer
        steps.append((item.id, answer))
    return steps


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_every_accepted_path_can_be_scored(
    files: tuple[Questionnaire, Catalogue], data: st.DataObject
) -> None:
    q, catalogue = files
    answers = dict(data.draw(readings(q)))

    profile = score(q, answers, catalogue)

    assert set(profile.spheres) == set(SCORED_SPHERES)
    for result in profile.spheres.values():
        assert result.score is None or 0 <= result.score <= 100
        assert (result.score is None) == (result.klass is None)
        assert result.missing_share is None or 0 <= result.missing_share <= 1
    # Nothing is missing except what the person chose not to answer.
    declined = sum(1 for a in answers.values() if a.status != "answered")
    assert sum(r.missing for r in profile.spheres.values()) <= declined
    assert [a.item for a in profile.agenda] == [
        k for k, a in answers.items() if a.status == "talk_to_staff"
    ]


@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_next_item_is_never_hidden_nor_answered_and_progress_never_goes_back(
    files: tuple[Questionnaire, Catalogue], data: st.DataObject
) -> None:
    q, _ = files
    steps = data.draw(readings(q))
    answers: dict[str, Answer] = {}
    before = progress(q, answers)
    for item_id, answer in steps:
        item = next_item(q, answers)
        assert item is not None
        assert item.id == item_id
        assert visibility(q, answers)[item_id] is True
        assert item_id not in answers
        answers[item_id] = answer
        after = progress(q, answers)
        assert after.done == before.done + 1
        assert after.total <= before.total
        assert after.done / after.total >= before.done / before.total
        before = after
    assert next_item(q, answers) is None
    assert before.done == before.total
