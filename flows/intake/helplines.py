"""Crisis lines by kind (flows/intake/helplines.yaml): which answers show which lines."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, model_validator

from questionnaires.model import LocalizedText

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

    @model_validator(mode="after")
    def _known_lines(self) -> Helplines:
        known = {line.id for line in self.lines}
        for kind, ids in self.kinds.items():
            missing = set(ids) - known
            if missing:
                raise ValueError(f"kind {kind} names unknown lines: {sorted(missing)}")
        return self

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
    """The bundled crisis lines (checked when loaded; `kisbot check` loads them too)."""
    with path.open(encoding="utf-8") as fh:
        return Helplines.model_validate(yaml.safe_load(fh))
