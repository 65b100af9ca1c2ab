"""The buttons of a questionnaire being answered and reviewed. A staff member's assessment uses
the same questions with kinds of its own, which the staff side routes and checks against the
staff member's own reading."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from flows.buttons import ButtonData
from storage.repos.readings import Reading

# t toggle a choice (multiple), d done (multiple), o one option, s skip, n prefer not to say,
# k talk to staff, b back
QuestionAction = Literal["t", "d", "o", "s", "n", "k", "b"]
# e a sphere's answers, v the summary, i change one answer, s submit
ReviewAction = Literal["e", "v", "i", "s"]


@dataclass(frozen=True)
class QuestionPress(ButtonData, kind="q"):
    """A participant's answer button: the question by its position in the questionnaire."""

    reading: int
    position: int
    action: QuestionAction
    value: int | None = None


@dataclass(frozen=True)
class StaffQuestionPress(QuestionPress, kind="aq"):
    """The same, in a staff member's assessment."""


@dataclass(frozen=True)
class ReviewPress(ButtonData, kind="r"):
    """A participant's review button."""

    reading: int
    action: ReviewAction
    value: int | None = None


@dataclass(frozen=True)
class StaffReviewPress(ReviewPress, kind="ar"):
    """The same, in a staff member's assessment."""


def question_button(
    reading: Reading, position: int, action: QuestionAction, value: int | None = None
) -> str:
    """Data of a question button of this reading (its respondent decides the kind)."""
    kind = StaffQuestionPress if reading.respondent == "staff" else QuestionPress
    return kind(reading.id, position, action, value).encode()


def review_button(reading: Reading, action: ReviewAction, value: int | None = None) -> str:
    """Data of a review button of this reading."""
    kind = StaffReviewPress if reading.respondent == "staff" else ReviewPress
    return kind(reading.id, action, value).encode()
