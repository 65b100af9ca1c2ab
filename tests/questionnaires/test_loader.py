"""Loading files: YAML errors with their lines, yes/no ids, versions, the cache."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from questionnaires.loader import bundled_dir, bundled_versions, load_bundled, load_questionnaire
from questionnaires.problems import Problem, QuestionnaireError


def questionnaire(version: int, item_text: str = "Pracujesz?") -> str:
    return f"""\
id: intake
version: {version}
audience: participant
languages: [pl]
title: {{pl: Rozmowa}}
sections:
  - id: s
    sphere: vocational
    title: {{pl: Praca}}
    items:
      - id: works
        type: yesno
        text: {{pl: "{item_text}"}}
        options: [{{id: yes, score: 100}}, {{id: no, score: 0}}]
      - id: looks
        type: yesno
        text: {{pl: "Szukasz?"}}
        show_if: {{item: works, equals: no}}
"""


def test_malformed_yaml_is_reported_with_its_line_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    text = questionnaire(1).replace("title: {pl: Praca}", "title: {pl: Praca")
    path.write_text(text, encoding="utf-8")

    with pytest.raises(QuestionnaireError) as raised:
        load_questionnaire(path)

    [problem] = raised.value.problems
    assert problem.file == str(path)
    assert problem.line == 10
    assert problem.message.startswith("malformed YAML:")


def test_a_question_mark_in_flow_style_is_a_yaml_error_at_its_line(tmp_path: Path) -> None:
    # Authors hit this: an unquoted "?" inside {...} breaks the mapping; the line tells them.
    path = tmp_path / "q.yaml"
    path.write_text(questionnaire(1).replace('"Pracujesz?"', "Pracujesz?"), encoding="utf-8")
    with pytest.raises(QuestionnaireError) as raised:
        load_questionnaire(path)
    [problem] = raised.value.problems
    assert problem.line == 13
    assert "put the text in quotes" in problem.message


def test_tabs_and_empty_files_are_problems_too(tmp_path: Path) -> None:
    empty = tmp_path / "empty.yaml"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as raised:
        load_questionnaire(empty)
    assert raised.value.problems == [
        Problem(file=str(empty), line=1, item_id=None, message="empty file")
    ]
    tabbed = tmp_path / "tabbed.yaml"
    tabbed.write_text("id: x\n\tversion: 1\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as raised:
        load_questionnaire(tabbed)
    assert raised.value.problems[0].line == 2


def test_yes_and_no_stay_option_ids(tmp_path: Path) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text(questionnaire(1), encoding="utf-8")
    q = load_questionnaire(path)
    item = q.item("works")
    assert [o.id for o in item.options] == ["yes", "no"]  # type: ignore[union-attr]


def test_old_versions_stay_loadable_beside_the_current_one(tmp_path: Path) -> None:
    (tmp_path / "intake.yaml").write_text(questionnaire(2, "Czy pracujesz?"), encoding="utf-8")
    (tmp_path / "intake.v1.yaml").write_text(questionnaire(1), encoding="utf-8")

    current = load_bundled("intake", directory=tmp_path)
    old = load_bundled("intake", version=1, directory=tmp_path)

    assert (current.version, current.item("works").text.pl) == (2, "Czy pracujesz?")
    assert (old.version, old.item("works").text.pl) == (1, "Pracujesz?")
    assert load_bundled("intake", version=2, directory=tmp_path) == current
    assert bundled_versions("intake", directory=tmp_path) == [1, 2]
    with pytest.raises(QuestionnaireError, match="expected intake version 3"):
        load_bundled("intake", version=3, directory=tmp_path)
    with pytest.raises(QuestionnaireError, match="not a questionnaire id"):
        load_bundled("../secrets", directory=tmp_path)


def test_a_changed_file_is_loaded_again(tmp_path: Path) -> None:
    path = tmp_path / "intake.yaml"
    path.write_text(questionnaire(1), encoding="utf-8")
    first = load_questionnaire(path)
    assert load_questionnaire(path) is first  # cached

    path.write_text(questionnaire(2), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    assert load_questionnaire(path).version == 2


def test_bundled_dir_is_the_package_directory() -> None:
    assert (bundled_dir() / "model.py").exists()
