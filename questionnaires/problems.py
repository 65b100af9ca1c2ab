"""Problems found in questionnaire and catalogue files, reported as file:line."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Severity = Literal["error", "warning"]


class Problem(BaseModel):
    """One finding about a file, pointing at the line to fix."""

    model_config = ConfigDict(frozen=True)

    file: str
    line: int
    item_id: str | None
    message: str
    severity: Severity = "error"

    def __str__(self) -> str:
        """`file:line: item-id: message`, the form editors and CI logs can jump to."""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.file}:{self.line}: {self.item_id or '-'}: {prefix}{self.message}"


class QuestionnaireError(Exception):
    """A file could not be loaded; `problems` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        """Keep the problems; the message lists them one per line."""
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def errors_only(problems: list[Problem]) -> list[Problem]:
    """The problems that fail a check (warnings don't)."""
    return [p for p in problems if p.severity == "error"]
