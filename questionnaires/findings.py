"""Strengths and needs in words: the answers that make them, as findings about the person.

An option (or scale point) whose score reaches the strength threshold, or falls below the need
threshold, is a finding; so is an unscored option marked `counts_as`. Its text is the option's
`finding` ("Brakuje pieniędzy na jedzenie"); files written before findings existed fall back to
the answer's own label, never to the question.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from questionnaires.answers import choices
from questionnaires.conditions import Answers
from questionnaires.engine import visibility
from questionnaires.model import (
    SCORED_SPHERES,
    Item,
    LocalizedText,
    Questionnaire,
    ScaleItem,
    ScoredSphere,
    Scoring,
)

FindingKind = Literal["strength", "need"]
_SCORED: dict[str, ScoredSphere] = {s: s for s in SCORED_SPHERES}


class Finding(BaseModel):
    """One strength or need: the answer that makes it, in words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sphere: ScoredSphere
    item: str
    option: str
    kind: FindingKind
    text: LocalizedText


def kind_of(
    score: float | None, counts_as: FindingKind | Literal["neither"] | None, scoring: Scoring
) -> FindingKind | None:
    """Whether an answer with this score (or, unscored, this mark) is a strength or a need;
    never one when marked "neither" (its score still counts toward the sphere)."""
    if counts_as == "neither":
        return None
    if score is None:
        return counts_as
    if score < scoring.need_below:
        return "need"
    return "strength" if score >= scoring.strength_from else None


def possible_findings(
    q: Questionnaire, item: Item
) -> list[tuple[str, FindingKind, LocalizedText | None, LocalizedText]]:
    """(option, kind, its finding text or None, its label) for each answer of an item that
    would make a strength or a need; none for sphere ratings and items outside the spheres."""
    sphere = q.sphere_of(item)
    if item.role == "sphere_rating" or sphere not in SCORED_SPHERES:
        return []
    if isinstance(item, ScaleItem) and item.scale is not None and item.scale not in q.scales:
        return []  # an unknown scale is reported on its own
    scoring = q.scoring_for(sphere)
    found: list[tuple[str, FindingKind, LocalizedText | None, LocalizedText]] = []
    all_choices = choices(q, item)
    for position, choice in enumerate(all_choices):
        if choice.option is not None:
            score, mark, text = choice.option.score, choice.option.counts_as, choice.option.finding
        elif choice.point is not None and isinstance(item, ScaleItem):
            score = choice.point.score
            if score is None:
                score = 100 * position / (len(all_choices) - 1)
            mark, text = None, choice.point.finding
        else:
            continue
        kind = kind_of(score, mark, scoring)
        if kind is not None:
            found.append((str(choice.value), kind, text, choice.label))
    return found


def findings(q: Questionnaire, answers: Answers) -> list[Finding]:
    """The strengths and needs of a reading, in the questionnaire's order."""
    visible = visibility(q, answers)
    out: list[Finding] = []
    for item in q.items:
        answer = answers.get(item.id)
        if visible.get(item.id) is not True or answer is None or answer.status != "answered":
            continue
        chosen = answer.value if isinstance(answer.value, list) else [answer.value]
        wanted = {str(v) for v in chosen}
        sphere = _SCORED.get(q.sphere_of(item))
        for option, kind, text, label in possible_findings(q, item):
            if option in wanted and sphere is not None:
                out.append(
                    Finding(
                        sphere=sphere,
                        item=item.id,
                        option=option,
                        kind=kind,
                        text=text or label,
                    )
                )
    return out


def difficulties(q: Questionnaire, answers: Answers) -> dict[ScoredSphere, list[LocalizedText]]:
    """Per sphere, every chosen answer that lowers the score (below the strength threshold),
    in words: the staff's ticked barriers, moderate ones included."""
    visible = visibility(q, answers)
    out: dict[ScoredSphere, list[LocalizedText]] = {}
    for item in q.items:
        answer = answers.get(item.id)
        sphere = _SCORED.get(q.sphere_of(item))
        if (
            sphere is None
            or item.role == "sphere_rating"
            or visible.get(item.id) is not True
            or answer is None
            or answer.status != "answered"
        ):
            continue
        chosen = {
            str(v) for v in (answer.value if isinstance(answer.value, list) else [answer.value])
        }
        limit = q.scoring_for(sphere).strength_from
        for choice in choices(q, item):
            option = choice.option
            if option is None or option.score is None or str(choice.value) not in chosen:
                continue
            if option.score < limit:
                out.setdefault(sphere, []).append(option.finding or choice.label)
    return out
