"""Turn a reading into a profile: sphere scores and classes, suggestions, agenda, safety flags."""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict

from questionnaires.answers import choices
from questionnaires.conditions import Answers, evaluate
from questionnaires.engine import visibility
from questionnaires.model import (
    SCORED_SPHERES,
    Answer,
    Catalogue,
    Item,
    LocalizedText,
    Questionnaire,
    ScaleItem,
    ScoredSphere,
    Scoring,
    Sphere,
    SphereClass,
    SphereIs,
)


class _Result(BaseModel):
    """Base of stored results: frozen, and strict about keys when read back from JSON."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class SphereResult(_Result):
    """One sphere of a profile."""

    score: float | None
    klass: SphereClass | None
    answered: int
    missing: int
    missing_share: float | None
    strength_items: list[str]
    need_items: list[str]
    rating: int | None


class SuggestionReason(_Result):
    """Why an instrument was suggested: the rule and its reason."""

    rule: str
    reason: LocalizedText
    critical: bool = False


class Suggestion(_Result):
    """A suggested support instrument with every reason that led to it."""

    instrument: str
    sphere: Sphere | None  # None only if the catalogue no longer lists the instrument
    reasons: list[SuggestionReason]

    @property
    def critical(self) -> bool:
        """A critical answer calls for it (a safety flag's rule counts as critical)."""
        return any(r.critical for r in self.reasons)


class AgendaPoint(_Result):
    """An item the person chose to talk about with staff: its topic (None in a file written
    before topics existed; readers then name the topic by the item's sphere only)."""

    item: str
    sphere: Sphere
    topic: LocalizedText | None


class SafetyFlag(_Result):
    """A crisis answer: from a flagged option, or from a rule."""

    item: str | None = None
    option: str | None = None
    rule: str | None = None
    reason: LocalizedText


class Profile(_Result):
    """The scored result of a reading; advice for staff, never a decision about a person."""

    questionnaire: str
    version: int
    spheres: dict[ScoredSphere, SphereResult]
    suggestions: list[Suggestion]
    agenda: list[AgendaPoint]
    safety_flags: list[SafetyFlag]


def _linear(position: int, count: int) -> float:
    """The default score of a scale point: evenly from 0 (first) to 100 (last)."""
    return 100 * position / (count - 1)


def item_score(q: Questionnaire, item: Item, answer: Answer) -> float | None:
    """The score of an answered item, or None when the answer carries none."""
    if answer.status != "answered" or item.role == "sphere_rating":
        return None
    if isinstance(item, ScaleItem):
        points = q.points_of(item)
        for position, point in enumerate(points):
            if point.value == answer.value:
                return point.score if point.score is not None else _linear(position, len(points))
        return None
    chosen = answer.value if isinstance(answer.value, list) else [answer.value]
    scores = [
        c.option.score
        for c in choices(q, item)
        if c.option is not None and c.option.score is not None and c.value in chosen
    ]
    # One pressing problem among several choices is a need, so the lowest score counts.
    return min(scores) if scores else None


def is_scored(q: Questionnaire, item: Item) -> bool:
    """Whether the item can contribute to its sphere's score."""
    if item.role == "sphere_rating":
        return False
    if isinstance(item, ScaleItem):
        return True
    return any(c.option is not None and c.option.score is not None for c in choices(q, item))


def classify(score: float | None, scoring: Scoring) -> SphereClass | None:
    """A sphere's class from its score."""
    if score is None:
        return None
    if score < scoring.need_below:
        return "need"
    return "strength" if score >= scoring.strength_from else "neutral"


# What scoring reads of a questionnaire that no answer changes: per sphere, its thresholds and
# its items in file order with whether each can be scored. Kept per questionnaire object (frozen;
# the entry holds it, so its id is not reused), as exports score thousands of readings.
_Plan = dict[ScoredSphere, tuple[Scoring, list[tuple[Item, bool]]]]
_PLANS: dict[int, tuple[Questionnaire, _Plan]] = {}


def _plan(q: Questionnaire) -> _Plan:
    found = _PLANS.get(id(q))
    if found is None:
        if len(_PLANS) >= 256:
            _PLANS.clear()
        plan: _Plan = {s: (q.scoring_for(s), []) for s in SCORED_SPHERES}
        for item in q.items:
            sphere = q.sphere_of(item)
            if sphere in plan:
                plan[sphere][1].append((item, is_scored(q, item)))
        found = (q, plan)
        _PLANS[id(q)] = found
    return found[1]


def _sphere(
    q: Questionnaire, sphere: ScoredSphere, answers: Answers, shown: set[str]
) -> SphereResult:
    """Score one sphere from its shown items."""
    scoring, items = _plan(q)[sphere]
    weighted = weights = 0.0
    answered = missing = 0
    strengths: list[str] = []
    needs: list[str] = []
    rating: int | None = None
    for item, scored in items:
        if item.id not in shown:
            continue
        answer = answers.get(item.id)
        if item.role == "sphere_rating":
            if answer is not None and isinstance(answer.value, int):
                rating = answer.value
            continue
        if not scored:
            continue
        value = item_score(q, item, answer) if answer is not None else None
        if value is None:
            # Answers that carry no score (e.g. only unscored options chosen) are not missing.
            if answer is None or answer.status != "answered":
                missing += 1
            continue
        answered += 1
        weighted += value * item.weight
        weights += item.weight
        if value >= scoring.strength_from:
            strengths.append(item.id)
        elif value < scoring.need_below:
            needs.append(item.id)
    # The class is taken from the rounded score so that what staff read and the class agree.
    score = round(weighted / weights, 1) if weights else None
    counted = answered + missing
    return SphereResult(
        score=score,
        klass=classify(score, scoring),
        answered=answered,
        missing=missing,
        missing_share=round(missing / counted, 3) if counted else None,
        strength_items=strengths,
        need_items=needs,
        rating=rating,
    )


# Bump when score() computes something else from the same files: every stored profile is then
# scored again (storage/rescore.py), and until then readers score such readings themselves.
# 2: agenda points carry the item's topic, not its question (a stored profile's shape changed).
SCORING_REVISION = 2

_KEYS: dict[tuple[int, int], tuple[Questionnaire, Catalogue, str]] = {}


def scoring_key(q: Questionnaire, catalogue: Catalogue) -> str:
    """What a profile was scored with: this scoring code, the questionnaire version's content
    and the catalogue's. A stored profile whose key differs from today's is out of date."""
    found = _KEYS.get((id(q), id(catalogue)))
    if found is None:
        if len(_KEYS) >= 256:
            _KEYS.clear()
        digest = hashlib.sha256(f"{SCORING_REVISION}\n".encode())
        digest.update(q.model_dump_json().encode())
        digest.update(catalogue.model_dump_json().encode())
        # The objects are kept with their key, so their ids are not reused while it is cached.
        found = _KEYS[(id(q), id(catalogue))] = (q, catalogue, digest.hexdigest()[:20])
    return found[2]


def score(q: Questionnaire, answers: Answers, catalogue: Catalogue) -> Profile:
    """The profile of a reading (complete or not: unanswered shown items count as missing)."""
    visible = visibility(q, answers)
    shown = {item_id for item_id, v in visible.items() if v is True}
    spheres = {s: _sphere(q, s, answers, shown) for s in SCORED_SPHERES}

    flags: list[SafetyFlag] = []
    agenda: list[AgendaPoint] = []
    for item in q.items:
        answer = answers.get(item.id)
        if item.id not in shown or answer is None:
            continue
        if answer.status == "talk_to_staff":
            agenda.append(AgendaPoint(item=item.id, sphere=q.sphere_of(item), topic=item.topic))
        chosen = answer.value if isinstance(answer.value, list) else [answer.value]
        for choice in choices(q, item):
            if choice.option is not None and choice.option.safety_flag and choice.value in chosen:
                # Staff read the answer as a finding; the question only when a file has none.
                said = choice.option.finding or item.text
                flags.append(SafetyFlag(item=item.id, option=choice.option.id, reason=said))

    suggestions: dict[str, Suggestion] = {}
    for rule in q.rules:
        when = rule.when
        if isinstance(when, SphereIs):
            holds = spheres[when.sphere].klass == when.class_
        else:
            # A rule whose deciding answer is missing does not fire.
            holds = evaluate(when, answers, visible) is True
        if not holds:
            continue
        if rule.safety_flag:
            flags.append(SafetyFlag(rule=rule.id, reason=rule.reason))
        for instrument_id in rule.suggest:
            reason = SuggestionReason(
                rule=rule.id, reason=rule.reason, critical=rule.critical or rule.safety_flag
            )
            if instrument_id in suggestions:
                old = suggestions[instrument_id]
                suggestions[instrument_id] = old.model_copy(
                    update={"reasons": [*old.reasons, reason]}
                )
            else:
                instrument = catalogue.instrument(instrument_id)
                suggestions[instrument_id] = Suggestion(
                    instrument=instrument_id,
                    sphere=instrument.sphere if instrument else None,
                    reasons=[reason],
                )
    return Profile(
        questionnaire=q.id,
        version=q.version,
        spheres=spheres,
        suggestions=list(suggestions.values()),
        agenda=agenda,
        safety_flags=flags,
    )


class SphereChange(_Result):
    """How one sphere changed between two readings."""

    score_before: float | None
    score_after: float | None
    delta: float | None
    klass_before: SphereClass | None
    klass_after: SphereClass | None
    rating_before: int | None
    rating_after: int | None
    rating_delta: int | None


class ProfileChange(_Result):
    """How a profile changed between two readings, sphere by sphere."""

    spheres: dict[ScoredSphere, SphereChange]


def compare(before: Profile, after: Profile) -> ProfileChange:
    """Per-sphere score and rating deltas and classes before and after."""
    changes: dict[ScoredSphere, SphereChange] = {}
    for sphere in SCORED_SPHERES:
        old, new = before.spheres.get(sphere), after.spheres.get(sphere)
        s0 = old.score if old else None
        s1 = new.score if new else None
        r0 = old.rating if old else None
        r1 = new.rating if new else None
        changes[sphere] = SphereChange(
            score_before=s0,
            score_after=s1,
            delta=round(s1 - s0, 1) if s0 is not None and s1 is not None else None,
            klass_before=old.klass if old else None,
            klass_after=new.klass if new else None,
            rating_before=r0,
            rating_after=r1,
            rating_delta=r1 - r0 if r0 is not None and r1 is not None else None,
        )
    return ProfileChange(spheres=changes)
