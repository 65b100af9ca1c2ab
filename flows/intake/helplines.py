"""Crisis lines by kind (flows/intake/helplines.yaml): which answers show which lines."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from questionnaires.bundled import PARTICIPANT_QUESTIONNAIRE
from questionnaires.loader import bundled_dir, load_questionnaire
from questionnaires.model import LocalizedText
from questionnaires.problems import Problem, QuestionnaireError, errors_only
from questionnaires.source import read_yaml, validate

Kind = Literal["suicide", "violence", "other"]
HELPLINES_FILE = Path(__file__).with_name("helplines.yaml")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Line(_Model):
    """One phone line, with where its facts come from."""

    id: str
    number: str
    name: LocalizedText
    answers_in: list[str] = Field(min_length=1)
    source: str = Field(min_length=20)
    checked: str


class ItemHelp(_Model):
    """The answers of one questionnaire item that show lines, and of which kind."""

    kind: Kind
    answers: list[str] = Field(min_length=1)


class Helplines(_Model):
    """The whole file."""

    items: dict[str, ItemHelp]
    kinds: dict[Kind, list[str]]
    lines: list[Line]

    def lines_of(self, kind: Kind) -> list[Line]:
        """The lines of a kind, in the order to show them."""
        by_id = {line.id: line for line in self.lines}
        return [by_id[i] for i in self.kinds[kind]]

    def kind_for(self, item_id: str, value: object) -> Kind | None:
        """The kind of lines an answer calls for, or None."""
        found = self.items.get(item_id)
        if found is None:
            return None
        values = value if isinstance(value, list) else [value]
        return found.kind if any(str(v) in found.answers for v in values) else None


@cache
def helplines(path: Path = HELPLINES_FILE) -> Helplines:
    """The bundled crisis lines, checked as `kisbot check` checks them; a broken file stops
    the bot at its first crisis answer with the file's problems, never with wrong lines."""
    found, problems = _read(path, None)
    if found is None or errors_only(problems):
        raise QuestionnaireError(errors_only(problems))
    return found


def check_helplines(
    path: Path = HELPLINES_FILE, questionnaires: Path | None = None
) -> list[Problem]:
    """Every problem of a crisis-lines file, each as `file:line: what is wrong`."""
    return _read(path, questionnaires)[1]


def _read(path: Path, questionnaires: Path | None) -> tuple[Helplines | None, list[Problem]]:
    """The file's shape; lines every kind names; every kind listed; items and answers the
    bundled questionnaires have (any version, since readings keep theirs)."""
    source = read_yaml(path)
    found = validate(source, Helplines)
    if found is None:
        return None, source.problems
    known = {line.id for line in found.lines}
    for kind in get_args(Kind):
        if kind not in found.kinds:
            source.problems.append(source.problem(("kinds",), f"kind `{kind}` lists no lines"))
    for kind, ids in found.kinds.items():
        for index, line_id in enumerate(ids):
            if line_id not in known:
                message = f"no line has the id `{line_id}`"
                source.problems.append(source.problem(("kinds", kind, index), message))
    items = _questionnaire_answers(questionnaires or bundled_dir())
    for item_id, shown in found.items.items():
        if item_id not in items:
            message = f"`{item_id}` is an item of no version of the participant questionnaire"
            source.problems.append(source.problem(("items", item_id), message))
            continue
        answers = items[item_id]
        for index, answer in enumerate(shown.answers):
            if answers is not None and answer not in answers:
                message = (
                    f"`{answer}` is not an answer of `{item_id}` ({', '.join(sorted(answers))})"
                )
                source.problems.append(
                    source.problem(("items", item_id, "answers", index), message)
                )
    return found, source.problems


def _answer_ids(item: object) -> set[str] | None:
    """The answers an item can take, as stored; None when they are not a fixed list."""
    if getattr(item, "type", None) == "yesno":
        return {"yes", "no"}
    options = getattr(item, "options", None)
    return {option.id for option in options} if options else None


def _questionnaire_answers(directory: Path) -> dict[str, set[str] | None]:
    """Every item of every version of the participant questionnaire (the lines are shown to
    participants only), with the answers it can take."""
    found: dict[str, set[str] | None] = {}
    for path in sorted(directory.glob(f"{PARTICIPANT_QUESTIONNAIRE}*.yaml")):
        try:
            q = load_questionnaire(path)
        except QuestionnaireError:
            continue  # the questionnaire check reports that file
        for item in q.items:
            ids = _answer_ids(item)
            known = found.get(item.id, set())
            found[item.id] = None if ids is None or known is None else known | ids
    return found
