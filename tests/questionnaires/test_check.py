"""`check` finds each kind of mistake and points at the line to fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from questionnaires.check import check_files, format_problems, json_schema
from questionnaires.loader import load_questionnaire
from questionnaires.problems import Problem, QuestionnaireError

HEAD = """\
id: demo
version: 1
audience: participant
languages: [pl]
title: {pl: Demo}
"""

CATALOGUE = """\
version: 1
partner_kinds:
  - {id: ngo, name: {pl: Organizacja, uk: Організація, en: NGO}}
instruments:
  - id: debt_help
    sphere: socio_economic
    partner_kind: ngo
    name: {pl: Długi, uk: Борги, en: Debts}
"""


def marked_line(text: str) -> int:
    """The 1-based line holding the `# <-` marker."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if "# <-" in line)


def run_check(tmp_path: Path, text: str, name: str = "q.yaml") -> list[Problem]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "instruments.yaml").write_text(CATALOGUE, encoding="utf-8")
    return check_files([tmp_path / name])


def assert_found(problems: list[Problem], line: int, item: str | None, words: str) -> None:
    found = [p for p in problems if words in p.message]
    assert found, f"no problem mentioning {words!r} in:\n{format_problems(problems)}"
    assert (found[0].line, found[0].item_id) == (line, item), format_problems(problems)


CASES = {
    "duplicate item id": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - {id: a, type: text, text: {pl: A}}
      - {id: a, type: text, text: {pl: B}}   # <-
""",
        "a",
        "duplicate item id `a` (first on line 11)",
    ),
    "duplicate section id": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items: [{id: a, type: text, text: {pl: A}}]
  - id: s   # <-
    sphere: social
    title: {pl: S}
    items: [{id: b, type: text, text: {pl: B}}]
""",
        "s",
        "duplicate section id `s`",
    ),
    "duplicate option id": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: single
        text: {pl: A}
        options:
          - {id: x, label: {pl: X}}
          - {id: x, label: {pl: Y}}   # <-
""",
        "x",
        "duplicate option id `x`",
    ),
    "unknown item in show_if": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: text
        text: {pl: A}
        show_if:
          item: nowhere   # <-
          answered: true
""",
        "a",
        "unknown item `nowhere`",
    ),
    "later item in show_if": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: yesno
        text: {pl: A}
        show_if: {item: b, equals: yes}   # <-
      - {id: b, type: yesno, text: {pl: B}}
""",
        "a",
        "names a later item, `b`: a cycle",
    ),
    "condition on itself": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: yesno
        text: {pl: A}
        show_if:
          not:
            item: a   # <-
            equals: yes
""",
        "a",
        "names itself, `a`: a cycle",
    ),
    "unknown item in a rule": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items: [{id: a, type: yesno, text: {pl: A}}]
rules:
  - id: r
    when:
      item: ghost   # <-
      equals: yes
    safety_flag: true
    reason: {pl: R}
""",
        "r",
        "unknown item `ghost`",
    ),
    "missing Polish text": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: text
        text: {en: Only English}   # <-
""",
        "a",
        "`pl` is missing",
    ),
    "empty Polish text": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: text
        text: {pl: ""}   # <-
""",
        "a",
        "Polish text (`pl`) is empty",
    ),
    "named scale that does not exist": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: scale
        scale: rating7   # <-
        text: {pl: A}
""",
        "a",
        "unknown scale `rating7`",
    ),
    "scale without points": (
        HEAD
        + """\
scales:
  rating5:
    points: []   # <-
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items: [{id: a, type: scale, scale: rating5, text: {pl: A}}]
""",
        None,
        "at least 2 items",
    ),
    "scale item with neither name nor points": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a   # <-
        type: scale
        text: {pl: A}
""",
        "a",
        "needs either `scale`",
    ),
    "unknown instrument": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items: [{id: a, type: yesno, text: {pl: A}}]
rules:
  - id: r
    when: {item: a, equals: yes}
    suggest:
      - debt_help
      - magic_wand   # <-
    reason: {pl: R}
""",
        "r",
        "unknown instrument `magic_wand`",
    ),
    "condition on a value the item can't have": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: single
        text: {pl: A}
        options: [{id: x, label: {pl: X}}, {id: y, label: {pl: Y}}]
      - id: b
        type: text
        text: {pl: B}
        show_if: {item: a, equals: z}   # <-
""",
        "b",
        "can never be shown: `a` has no answer z",
    ),
    "condition on an item that is never shown": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - {id: a, type: number, min: 0, max: 10, text: {pl: A}}
      - id: b
        type: yesno
        text: {pl: B}
        show_if: {item: a, greater_than: 10}
      - id: c
        type: text
        text: {pl: C}
        show_if: {any: [{item: b, equals: yes}, {item: b, equals: no}]}   # <-
""",
        "c",
        "depends on `b`, which can never be shown",
    ),
    "option score above 100": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: single
        text: {pl: A}
        options:
          - {id: x, label: {pl: X}, score: 100}
          - {id: y, label: {pl: Y}, score: 120}   # <-
""",
        "y",
        "less than or equal to 100",
    ),
    "unknown key": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: text
        text: {pl: A}
        max_lenght: 20   # <-
""",
        "a",
        "unknown key `max_lenght`",
    ),
    "unknown item type": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a   # <-
        type: slider
        text: {pl: A}
""",
        "a",
        "does not match any of the expected tags",
    ),
    "duplicate key in a mapping": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: text
        text: {pl: A}
        text: {pl: B}   # <-
""",
        None,
        "key `text` appears twice",
    ),
    "rating that is not a scale": (
        HEAD
        + """\
sections:
  - id: s
    sphere: health
    title: {pl: S}
    items:
      - id: a
        type: yesno
        role: sphere_rating   # <-
        text: {pl: A}
""",
        "a",
        "sphere_rating item must be a scale",
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_each_kind_of_problem_is_reported_at_its_line(tmp_path: Path, case: str) -> None:
    text, item, words = CASES[case]
    problems = run_check(tmp_path, text)
    assert_found(problems, marked_line(text), item, words)
    assert any(p.severity == "error" for p in problems)
    if case == "unknown instrument":
        return  # instruments are checked against a catalogue, which loading a questionnaire lacks
    with pytest.raises(QuestionnaireError) as raised:
        load_questionnaire(tmp_path / "q.yaml")
    assert raised.value.problems, "loading must refuse a file that check rejects"


def test_missing_translation_is_a_warning_that_does_not_stop_loading(tmp_path: Path) -> None:
    text = """\
id: demo
version: 1
audience: participant
languages: [pl, uk, en]
title: {pl: Demo, uk: Демо, en: Demo}
sections:
  - id: s
    sphere: health
    title: {pl: Zdrowie, uk: Здоров'я, en: Health}
    items:
      - id: a
        type: text
        text: {pl: Jak się czujesz, en: How are you}   # <-
"""
    problems = run_check(tmp_path, text)

    assert problems == [
        Problem(
            file=str(tmp_path / "q.yaml"),
            line=marked_line(text),
            item_id="a",
            message="no `uk` translation",
            severity="warning",
        )
    ]
    assert format_problems(problems) == f"{tmp_path / 'q.yaml'}:13: a: warning: no `uk` translation"
    assert load_questionnaire(tmp_path / "q.yaml").item("a").text.get("uk") == "Jak się czujesz"


def test_output_names_file_line_and_a_dash_without_an_item(tmp_path: Path) -> None:
    text = HEAD.replace("version: 1", "version: zero   # <-") + "sections: []\n"
    problems = run_check(tmp_path, text)
    lines = format_problems(problems).splitlines()
    assert f"{tmp_path / 'q.yaml'}:2: -: version: Input should be a valid integer" in lines[0]


def test_catalogue_problems_are_reported_at_their_lines(tmp_path: Path) -> None:
    text = """\
version: 1
partner_kinds:
  - {id: ngo, name: {pl: Organizacja, uk: Організація, en: NGO}}
  - {id: ngo, name: {pl: Druga, uk: Друга, en: Second}}
instruments:
  - id: debt_help
    sphere: socio_economic
    partner_kind: bank
    name: {pl: Długi, uk: Борги}
activity_kinds:
  - {id: workshop, reintegration: true, name: {pl: Warsztat, uk: Майстерня, en: Workshop}}
"""
    path = tmp_path / "instruments.yaml"
    path.write_text(text, encoding="utf-8")

    problems = check_files([path])

    found = {(p.line, p.item_id, p.message, p.severity) for p in problems}
    assert found == {
        (4, "ngo", "duplicate partner kind id `ngo` (first on line 3)", "error"),
        (8, "debt_help", "unknown partner kind `bank`", "error"),
        (9, "debt_help", "no `en` translation", "warning"),
    }


def test_catalogue_schema_errors_are_reported_at_their_lines(tmp_path: Path) -> None:
    text = """\
version: 1
partner_kinds:
  - {id: ngo, name: {pl: Organizacja, uk: Організація, en: NGO}}
instruments:
  - {id: a, sphere: health, partner_kind: ngo, name: {pl: A, uk: A, en: A}}
activity_kinds:
  - {id: workshop, reintegration: true, name: {en: Workshop}}
  - {id: other, name: {pl: Inne, uk: Інше, en: Other}}
"""
    path = tmp_path / "instruments.yaml"
    path.write_text(text, encoding="utf-8")

    found = {(p.line, p.item_id, p.message) for p in check_files([path])}

    assert found == {
        (7, "workshop", "`pl` is missing"),
        (8, "other", "`reintegration` is missing"),
    }


def test_a_clean_file_has_no_problems(tmp_path: Path) -> None:
    text = (
        HEAD
        + """\
sections:
  - id: s
    sphere: socio_economic
    title: {pl: S}
    items:
      - id: debts
        type: yesno
        text: {pl: Długi}
        options: [{id: yes, score: 0, finding: {pl: Ma długi}}]
rules:
  - {id: r, when: {item: debts, equals: yes}, suggest: [debt_help], reason: {pl: R}}
  - {id: n, when: {sphere: socio_economic, class: need}, suggest: [debt_help], reason: {pl: N}}
"""
    )
    assert run_check(tmp_path, text) == []


def test_an_answer_that_makes_a_need_or_a_strength_needs_a_finding(tmp_path: Path) -> None:
    text = (
        HEAD
        + """sections:
  - id: s
    sphere: socio_economic
    title: {pl: S}
    items:
      - id: food
        type: single
        text: {pl: "Czy brakuje jedzenia?"}
        options:
          - {id: often, label: {pl: Często}, score: 0}
          - {id: sometimes, label: {pl: Czasem}, score: 50}
          - {id: never, label: {pl: Nigdy}, score: 100, finding: {pl: Nie brakuje jedzenia}}
          - {id: unscored, label: {pl: Inaczej}, counts_as: strength}
      - id: flagged
        type: single
        text: {pl: "Jak się czujesz?"}
        options:
          - {id: bad, label: {pl: Źle}, score: 50, safety_flag: true}
          - {id: ok, label: {pl: Dobrze}, score: 60}
"""
    )
    problems = run_check(tmp_path, text)
    lines = [(p.line, p.item_id) for p in problems]
    assert lines == [(15, "often"), (18, "unscored"), (23, "bad")]
    assert all("finding" in p.message and p.severity == "error" for p in problems)
    assert "need" in problems[0].message
    assert "strength" in problems[1].message


def test_json_schema_describes_items_and_conditions_for_editors() -> None:
    schema = json_schema()
    assert schema["title"] == "kisbot questionnaire"
    assert set(schema["required"]) >= {"id", "version", "audience", "languages", "sections"}
    definitions = schema["$defs"]
    assert {"SingleItem", "MultipleItem", "ScaleItem", "Equals", "Not", "SphereIs"} <= set(
        definitions
    )
    assert definitions["Option"]["properties"]["score"]["anyOf"][0]["maximum"] == 100
    assert "in" in definitions["In"]["properties"]
