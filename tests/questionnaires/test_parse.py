"""Typed answers: numbers, labels in any language, diacritics, bad input, and answers in words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from questionnaires.engine import AnswerError, answer_label, parse_answer, toggle_choice
from questionnaires.loader import load_questionnaire
from questionnaires.model import Answer, MultipleItem, Questionnaire

QUESTIONNAIRE = """
id: typing
version: 1
audience: participant
languages: [pl, uk, en]
title: {pl: Pisanie, uk: Письмо, en: Typing}
scales:
  often4:
    points:
      - {value: 0, label: {pl: Nigdy, uk: Ніколи, en: Never}}
      - {value: 1, label: {pl: Rzadko, uk: Рідко, en: Rarely}}
      - {value: 2, label: {pl: Często, uk: Часто, en: Often}}
      - {value: 3, label: {pl: Zawsze, uk: Завжди, en: Always}}
sections:
  - id: s
    sphere: social
    title: {pl: S, uk: S, en: S}
    items:
      - id: housing
        type: single
        text: {pl: Gdzie mieszkasz, uk: Де ви живете, en: Where do you live}
        options:
          - {id: own, label: {pl: Własne mieszkanie, uk: Власне житло, en: Own flat}}
          - {id: shelter, label: {pl: Schronisko, uk: Притулок, en: Shelter}}
          - {id: street, label: {pl: Na ulicy, uk: На вулиці, en: On the street}}
      - id: lonely
        type: scale
        scale: often4
        text: {pl: Samotność, uk: Самотність, en: Loneliness}
      - id: works
        type: yesno
        text: {pl: Pracujesz, uk: Працюєте, en: Do you work}
      - id: help
        type: multiple
        max_choices: 2
        text: {pl: Pomoc, uk: Допомога, en: Help}
        options:
          - {id: family, label: {pl: Rodzina, uk: Родина, en: Family}}
          - {id: friends, label: {pl: Przyjaciele, uk: Друзі, en: Friends}}
          - {id: ops, label: {pl: Pomoc społeczna, uk: Соціальна допомога, en: Social assistance}}
          - {id: nobody, label: {pl: Nikt, uk: Ніхто, en: Nobody}, exclusive: true}
      - id: kids
        type: number
        min: 0
        max: 12
        text: {pl: Dzieci, uk: Діти, en: Children}
      - id: weight
        type: number
        min: 30
        max: 250
        integer: false
        unit: {pl: kg, uk: кг, en: kg}
        text: {pl: Waga, uk: Вага, en: Weight}
      - id: note
        type: text
        max_length: 10
        text: {pl: Uwagi, uk: Примітки, en: Notes}
      - id: born
        type: date
        min_date: 1920-01-01
        max_date: today
        text: {pl: Data urodzenia, uk: Дата народження, en: Date of birth}
"""

TODAY = dt.date(2026, 11, 26)


@pytest.fixture
def q(tmp_path: Path) -> Questionnaire:
    (tmp_path / "typing.yaml").write_text(QUESTIONNAIRE, encoding="utf-8")
    return load_questionnaire(tmp_path / "typing.yaml")


def parse(q: Questionnaire, item_id: str, raw: str, lang: str = "pl") -> Answer | AnswerError:
    return parse_answer(q, q.item(item_id), raw, lang, today=TODAY)


def ok(value: object) -> Answer:
    return Answer(status="answered", value=value)  # type: ignore[arg-type]


def error(key: str, **params: str | int | float) -> AnswerError:
    return AnswerError(key=key, params=params)


@pytest.mark.parametrize(
    ("item", "raw", "lang", "expected"),
    [
        # single: number, label in the person's language, other languages, no diacritics
        ("housing", "2", "pl", ok("shelter")),
        ("housing", " 3. ", "pl", ok("street")),
        ("housing", "własne MIESZKANIE", "pl", ok("own")),
        ("housing", "wlasne mieszkanie", "pl", ok("own")),
        ("housing", "на вулиці", "pl", ok("street")),
        ("housing", "Shelter!", "uk", ok("shelter")),
        ("housing", "4", "pl", error("answer.unknown_option", count=3)),
        ("housing", "0", "pl", error("answer.unknown_option", count=3)),
        ("housing", "pałac", "pl", error("answer.unknown_option", count=3)),
        ("housing", "   ", "pl", error("answer.empty")),
        # scale: the number is the position shown, the stored value is the point's value
        ("lonely", "1", "pl", ok(0)),
        ("lonely", "czesto", "pl", ok(2)),
        ("lonely", "завжди", "en", ok(3)),
        ("lonely", "5", "pl", error("answer.unknown_option", count=4)),
        # yes/no in every language, by number too
        ("works", "tak", "pl", ok("yes")),
        ("works", "Так", "pl", ok("yes")),
        ("works", "YES", "uk", ok("yes")),
        ("works", "nie", "en", ok("no")),
        ("works", "ні", "pl", ok("no")),
        ("works", "no", "pl", ok("no")),
        ("works", "2", "pl", ok("no")),
        ("works", "może", "pl", error("answer.yes_or_no")),
        # multiple: numbers and labels, comma or space separated, kept in option order
        ("help", "3, 1", "pl", ok(["family", "ops"])),
        ("help", "2 3", "pl", ok(["friends", "ops"])),
        ("help", "pomoc spoleczna", "pl", ok(["ops"])),
        ("help", "Friends, родина", "pl", ok(["family", "friends"])),
        ("help", "nikt", "pl", ok(["nobody"])),
        ("help", "1, 2, 3", "pl", error("answer.too_many_choices", max=2)),
        ("help", "1, 4", "pl", error("answer.exclusive_conflict", option="Nikt")),
        ("help", "1, 4", "en", error("answer.exclusive_conflict", option="Nobody")),
        ("help", "1, 9", "pl", error("answer.unknown_option", count=4)),
        ("help", "koty", "pl", error("answer.unknown_option", count=4)),
        # numbers: whole numbers, decimal comma or dot, bounds, spaces between digits
        ("kids", "3", "pl", ok(3)),
        ("kids", "3,0", "pl", ok(3)),
        ("kids", "2,5", "pl", error("answer.not_whole_number")),
        ("kids", "13", "pl", error("answer.number_out_of_range", min="0", max="12")),
        ("kids", "-1", "pl", error("answer.number_out_of_range", min="0", max="12")),
        ("kids", "trzy", "pl", error("answer.not_a_number", example="12")),
        ("weight", "72,5", "pl", ok(72.5)),
        ("weight", "72.5", "en", ok(72.5)),
        ("weight", "1 00", "pl", ok(100.0)),
        ("weight", "20,5", "pl", error("answer.number_out_of_range", min="30", max="250")),
        ("weight", "7,2,5", "pl", error("answer.not_a_number", example="250")),
        # text: stripped, length limited
        ("note", "  dobrze  ", "pl", ok("dobrze")),
        ("note", "x" * 11, "pl", error("answer.text_too_long", max=10, length=11)),
        # dates: DD.MM.RRRR or D.M.RRRR, real dates within bounds
        ("born", "05.03.1987", "pl", ok("1987-03-05")),
        ("born", "5.3.1987", "pl", ok("1987-03-05")),
        ("born", "26.11.2026", "pl", ok("2026-11-26")),
        ("born", "31.02.1990", "pl", error("answer.no_such_date")),
        ("born", "1987-03-05", "pl", error("answer.not_a_date", example="26.11.2026")),
        ("born", "27.11.2026", "pl", error("answer.date_too_late", max="26.11.2026")),
        ("born", "31.12.1919", "pl", error("answer.date_too_early", min="01.01.1920")),
    ],
)
def test_parse_answer(
    q: Questionnaire, item: str, raw: str, lang: str, expected: Answer | AnswerError
) -> None:
    assert parse(q, item, raw, lang) == expected


def test_a_date_bounded_by_today_needs_today(q: Questionnaire) -> None:
    with pytest.raises(ValueError, match="today"):
        parse_answer(q, q.item("born"), "01.01.2000", "pl")


def test_a_label_is_matched_in_the_persons_language_first(tmp_path: Path) -> None:
    # "Nie" is Polish for "no" but here also an English label of another option.
    text = """
id: clash
version: 1
audience: participant
languages: [pl, en]
title: {pl: T, en: T}
sections:
  - id: s
    sphere: social
    title: {pl: S, en: S}
    items:
      - id: a
        type: single
        text: {pl: A, en: A}
        options:
          - {id: first, label: {pl: Nie, en: Not at all}}
          - {id: second, label: {pl: Trochę, en: Nie}}
"""
    (tmp_path / "clash.yaml").write_text(text, encoding="utf-8")
    clash = load_questionnaire(tmp_path / "clash.yaml")

    assert parse_answer(clash, clash.item("a"), "nie", "pl") == ok("first")
    assert parse_answer(clash, clash.item("a"), "nie", "en") == ok("second")


def test_toggle_choice_handles_none_of_these(q: Questionnaire) -> None:
    item = q.item("help")
    assert isinstance(item, MultipleItem)

    chosen = toggle_choice(item, [], "ops")
    chosen = toggle_choice(item, chosen, "family")
    assert chosen == ["family", "ops"]
    assert toggle_choice(item, chosen, "nobody") == ["nobody"]
    assert toggle_choice(item, ["nobody"], "friends") == ["friends"]
    assert toggle_choice(item, chosen, "family") == ["ops"]
    assert toggle_choice(item, chosen, "forged") == chosen


@pytest.mark.parametrize(
    ("item", "answer", "lang", "words"),
    [
        ("housing", ok("street"), "uk", "На вулиці"),
        ("lonely", ok(2), "en", "Often"),
        ("works", ok("yes"), "pl", "Tak"),
        ("works", ok("no"), "uk", "Ні"),
        ("help", ok(["family", "ops"]), "pl", "Rodzina, Pomoc społeczna"),
        ("kids", ok(3), "pl", "3"),
        ("weight", ok(72.5), "pl", "72,5 kg"),
        ("weight", ok(72.5), "en", "72.5 kg"),
        ("note", ok("dobrze"), "pl", "dobrze"),
        ("born", ok("1987-03-05"), "en", "05.03.1987"),
        ("housing", Answer(status="skipped"), "pl", "Pominięte"),
        ("works", Answer(status="talk_to_staff"), "en", "To talk about with staff"),
        ("works", Answer(status="prefer_not_to_say"), "uk", "Воліє не казати"),
    ],
)
def test_answer_label_says_the_answer_in_words(
    q: Questionnaire, item: str, answer: Answer, lang: str, words: str
) -> None:
    assert answer_label(q, q.item(item), answer, lang) == words
