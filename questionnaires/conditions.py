"""Three-valued evaluation of `show_if` and rule conditions."""

from __future__ import annotations

from collections.abc import Mapping

from questionnaires.model import (
    All,
    AllOf,
    Answer,
    Answered,
    Any_,
    AnyOf,
    Equals,
    GreaterThan,
    In,
    ItemCondition,
    LessThan,
    Not,
    Questionnaire,
    SphereIs,
    Value,
)

# True / False, or None while the answer that decides it is still to come.
Truth = bool | None
Answers = Mapping[str, Answer]
Visibility = Mapping[str, Truth]
AnyCondition = ItemCondition | Not | All | Any_


def same_value(answer: object, expected: Value) -> bool:
    """Compare a stored value with one written in a file (YAML may have made `1` an int)."""
    if isinstance(answer, bool) or isinstance(expected, bool):
        return False
    if isinstance(answer, int | float) and isinstance(expected, int | float):
        return float(answer) == float(expected)
    return str(answer) == str(expected)


def _number(value: object) -> float | None:
    """A stored value as a number, when it is one."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    return None


def _holds(cond: ItemCondition, value: object) -> bool:
    """Whether an answered value satisfies a leaf condition (answered: true holds always)."""
    chosen = [str(v) for v in value] if isinstance(value, list) else None
    match cond:
        case Equals(equals=expected):
            return chosen is None and same_value(value, expected)
        case In(in_=expected):
            return chosen is None and any(same_value(value, e) for e in expected)
        case AnyOf(any_of=expected):
            return chosen is not None and any(str(e) in chosen for e in expected)
        case AllOf(all_of=expected):
            return chosen is not None and all(str(e) in chosen for e in expected)
        case LessThan(less_than=bound):
            number = _number(value)
            return number is not None and number < bound
        case GreaterThan(greater_than=bound):
            number = _number(value)
            return number is not None and number > bound
        case Answered():
            return True
    return False  # pragma: no cover - the match above is exhaustive


def _leaf(cond: ItemCondition, answers: Answers, visibility: Visibility) -> Truth:
    """A leaf condition: false on a hidden, skipped or declined item; unknown while unanswered."""
    shown = visibility.get(cond.item, False)
    answer = answers.get(cond.item)
    result: Truth
    if shown is False:
        result = False
    elif answer is None:
        result = None
    elif answer.status != "answered":
        result = False
    else:
        result = _holds(cond, answer.value)
        # An answer left over from an out-of-order path counts only if its item turns out shown.
        if shown is None and result:
            result = None
    if isinstance(cond, Answered) and not cond.answered:
        # `answered: false` is the negation of `answered: true`, so it holds for hidden items.
        return None if result is None else not result
    return result


def evaluate(cond: AnyCondition, answers: Answers, visibility: Visibility) -> Truth:
    """Kleene three-valued evaluation; `visibility` must cover every item the condition names."""
    match cond:
        case Not(not_=inner):
            value = evaluate(inner, answers, visibility)
            return None if value is None else not value
        case All(all_=parts):
            values = [evaluate(p, answers, visibility) for p in parts]
            if False in values:
                return False
            return None if None in values else True
        case Any_(any_=parts):
            values = [evaluate(p, answers, visibility) for p in parts]
            if True in values:
                return True
            return None if None in values else False
    return _leaf(cond, answers, visibility)


def items_named(q: Questionnaire, cond: AnyCondition | SphereIs) -> set[str]:
    """Every item whose answer can change the condition (a sphere's class: all its items)."""
    if isinstance(cond, SphereIs):
        return {item.id for item in q.items if q.sphere_of(item) == cond.sphere}
    if isinstance(cond, Not):
        return items_named(q, cond.not_)
    if isinstance(cond, All):
        return set().union(*(items_named(q, c) for c in cond.all_))
    if isinstance(cond, Any_):
        return set().union(*(items_named(q, c) for c in cond.any_))
    return {cond.item}
