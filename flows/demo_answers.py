"""Plausible, varied questionnaire answers for demo data, walked through the engine.

A fictional person has a level per sphere (0-100: how well they manage); each question is
answered near that level, with noise, so the profile the scoring computes resembles the level.
"""

from __future__ import annotations

import random
from collections.abc import Mapping

from questionnaires import engine
from questionnaires.answers import choices, offered_statuses
from questionnaires.model import (
    Answer,
    Item,
    MultipleItem,
    NumberItem,
    Questionnaire,
    ScaleItem,
)

NOISE = 18.0
DECLINE_SHARE = 0.04  # how often a sensitive question gets "prefer not to say" or "talk to staff"


def _choice_score(q: Questionnaire, item: Item, index: int, count: int) -> float | None:
    picked = choices(q, item)[index]
    if picked.option is not None:
        return picked.option.score
    if isinstance(item, ScaleItem) and picked.point is not None:
        return picked.point.score if picked.point.score is not None else 100 * index / (count - 1)
    return None


def _multiple(item: MultipleItem, level: float, rng: random.Random) -> list[str]:
    plain = [o for o in item.options if not o.exclusive and not o.safety_flag]
    exclusive = [o for o in item.options if o.exclusive]
    # A person who manages well more often has "none of these" when the question is a problem.
    if exclusive and rng.random() < level / 150:
        return [exclusive[0].id]
    most = item.max_choices or 2
    count = max(item.min_choices, min(most, rng.choice((1, 1, 2, 2, 3))))
    chosen = {o.id for o in rng.sample(plain, min(count, len(plain)))}
    return [o.id for o in item.options if o.id in chosen]


def answer(q: Questionnaire, item: Item, level: float, rng: random.Random) -> Answer:
    """One answer near the level; now and then declined where the item allows it."""
    offered = [s for s in offered_statuses(item) if s != "skipped"]
    if offered and rng.random() < DECLINE_SHARE:
        return Answer(status=rng.choice(offered))
    if isinstance(item, MultipleItem):
        return Answer(status="answered", value=_multiple(item, level, rng))
    options = choices(q, item)
    if options:
        target = level + rng.gauss(0, NOISE)
        candidates = [
            (i, c) for i, c in enumerate(options) if not (c.option and c.option.safety_flag)
        ]
        scored = [
            (abs(s - target), i)
            for i, _ in candidates
            if (s := _choice_score(q, item, i, len(options))) is not None
        ]
        index = min(scored)[1] if scored else rng.choice(candidates)[0]
        return Answer(status="answered", value=options[index].value)
    if isinstance(item, NumberItem):
        value = rng.uniform(item.min, min(item.max, item.min + 40))
        return Answer(status="answered", value=round(value) if item.integer else round(value, 1))
    return Answer(status="skipped")


def walk(q: Questionnaire, levels: Mapping[str, float], rng: random.Random) -> dict[str, Answer]:
    """A whole reading: every item the engine shows next, answered, until none is left."""
    answers: dict[str, Answer] = {}
    while (item := engine.next_item(q, answers)) is not None:
        level = levels.get(q.sphere_of(item), 50.0)
        if item.role == "sphere_rating":
            # The own 1-5 rating follows the level too.
            points = q.points_of(item) if isinstance(item, ScaleItem) else []
            position = min(len(points) - 1, max(0, round(level / 25 + rng.gauss(0, 0.6))))
            answers[item.id] = Answer(status="answered", value=points[position].value)
            continue
        answers[item.id] = answer(q, item, level, rng)
    return answers
