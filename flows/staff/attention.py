"""What makes a participant "need attention", in terms the list's SQL filter can use."""

from __future__ import annotations

from datetime import timedelta

from questionnaires import engine
from questionnaires.loader import load_bundled
from questionnaires.model import (
    All,
    AllOf,
    Any_,
    AnyOf,
    Equals,
    In,
    Questionnaire,
    RuleCondition,
)
from storage.repos.participant_list import SafetyPattern
from storage.tx import Tx

# A participant silent this long in an unfinished questionnaire may have got stuck.
STALE_AFTER = timedelta(days=3)


def _condition_patterns(condition: RuleCondition) -> list[SafetyPattern]:
    # Only conditions that name answer values can be matched in SQL. A safety rule built
    # otherwise (numbers, negation, a sphere's class) still shows on the card, which scores
    # the whole reading; the bundled questionnaires have none.
    if isinstance(condition, Equals):
        return [(condition.item, condition.equals)]
    if isinstance(condition, In):
        return [(condition.item, value) for value in condition.in_]
    if isinstance(condition, AnyOf):
        return [(condition.item, value) for value in condition.any_of]
    if isinstance(condition, AllOf):
        return [(condition.item, value) for value in condition.all_of]
    if isinstance(condition, All):
        return [p for c in condition.all_ for p in _condition_patterns(c)]
    if isinstance(condition, Any_):
        return [p for c in condition.any_ for p in _condition_patterns(c)]
    return []


def safety_patterns(q: Questionnaire) -> list[SafetyPattern]:
    """Answers that raise a safety flag in q: flagged options and values named by safety rules.

    A superset is harmless here (the list errs toward "needs attention"); the card shows the
    exact flags from scoring.
    """
    found: list[SafetyPattern] = []
    for item in q.items:
        for choice in engine.choices(q, item):
            if choice.option is not None and choice.option.safety_flag:
                found.append((item.id, choice.value))
    for rule in q.rules:
        if rule.safety_flag:
            found.extend(_condition_patterns(rule.when))
    return sorted(set(found), key=str)


async def club_safety_patterns(tx: Tx) -> list[SafetyPattern]:
    """The safety patterns of every participant questionnaire version in use."""
    patterns: set[SafetyPattern] = set()
    for questionnaire_id, version in await tx.participant_list.questionnaires_in_use():
        patterns.update(safety_patterns(load_bundled(questionnaire_id, version)))
    return sorted(patterns, key=str)
