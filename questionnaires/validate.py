"""Checks a valid-by-schema file still needs: references, order, reachability, translations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence

from pydantic import BaseModel

from questionnaires.findings import possible_findings
from questionnaires.model import (
    All,
    AllOf,
    Answered,
    Any_,
    AnyOf,
    Catalogue,
    Equals,
    GreaterThan,
    In,
    Item,
    LessThan,
    LocalizedText,
    MultipleItem,
    Not,
    NumberItem,
    Questionnaire,
    RuleCondition,
    ScaleItem,
    SingleItem,
    SphereIs,
    Value,
    YesNoItem,
)
from questionnaires.scoring import is_scored
from questionnaires.source import PathKey, Source

# (can it hold, why it never can): the reason is None when it can, or when already reported.
Possible = tuple[bool, str | None]


def _texts(value: object, path: PathKey) -> Iterator[tuple[PathKey, LocalizedText]]:
    """Every translated text inside a model, with its path in the file."""
    if isinstance(value, LocalizedText):
        yield path, value
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from _texts(getattr(value, name), (*path, info.alias or name))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from _texts(child, (*path, index))
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from _texts(child, (*path, key))


def check_translations(model: BaseModel, languages: list[str], source: Source) -> None:
    """Polish text must not be empty; every other declared language should be there."""
    for path, text in _texts(model, ()):
        if not text.pl.strip():
            source.problems.append(source.problem(path, "the Polish text (`pl`) is empty"))
        for lang in languages:
            if lang != "pl" and not (getattr(text, lang, None) or "").strip():
                source.problems.append(
                    source.problem(path, f"no `{lang}` translation", severity="warning")
                )


def _duplicates(ids: list[str], paths: Sequence[PathKey], what: str, source: Source) -> None:
    """Report every repeat of an id after its first use."""
    first: dict[str, PathKey] = {}
    for ident, path in zip(ids, paths, strict=True):
        if ident in first:
            line = source.line_of(first[ident])
            message = f"duplicate {what} id `{ident}` (first on line {line})"
            source.problems.append(source.problem(path, message))
        else:
            first[ident] = path


class _Conditions:
    """Reference and reachability analysis of the conditions of one questionnaire."""

    def __init__(self, q: Questionnaire, source: Source) -> None:
        self.q = q
        self.source = source
        self.never_shown: set[str] = set()

    def _report(self, path: PathKey, message: str) -> None:
        self.source.problems.append(self.source.problem(path, message))

    def _values(self, item: Item) -> list[Value] | None:
        """The values an answer to the item can have, when they are a fixed list."""
        if isinstance(item, ScaleItem):
            return [p.value for p in self.q.points_of(item)] if self._scale_ok(item) else None
        if isinstance(item, YesNoItem):
            return ["yes", "no"]
        if isinstance(item, SingleItem | MultipleItem):
            return [o.id for o in item.options]
        return None

    def _scale_ok(self, item: ScaleItem) -> bool:
        return item.scale is None or item.scale in self.q.scales

    def _leaf_value(
        self, cond: Equals | In | AnyOf | AllOf | LessThan | GreaterThan, item: Item
    ) -> Possible:
        """Whether the answer to `item` can ever satisfy a value test."""
        name = f"`{item.id}`"
        if isinstance(cond, Equals | In):
            if isinstance(item, MultipleItem):
                return (
                    False,
                    f"`equals`/`in` never hold for multiple choice {name}; use any_of/all_of",
                )
            wanted = [cond.equals] if isinstance(cond, Equals) else cond.in_
            if isinstance(item, NumberItem):
                ok = any(isinstance(v, int | float) and item.min <= v <= item.max for v in wanted)
                return ok, None if ok else f"no listed value is between {item.min} and {item.max}"
            values = self._values(item)
            if values is None:
                return True, None
            ok = any(str(v) == str(w) for v in values for w in wanted)
            shown = ", ".join(str(w) for w in wanted)
            return ok, None if ok else f"{name} has no answer {shown}"
        if isinstance(cond, AnyOf | AllOf):
            if not isinstance(item, MultipleItem):
                return False, f"`any_of`/`all_of` only apply to multiple choice, {name} is not"
            ids = {o.id for o in item.options}
            wanted = cond.any_of if isinstance(cond, AnyOf) else cond.all_of
            unknown = [str(w) for w in wanted if str(w) not in ids]
            if isinstance(cond, AnyOf) and len(unknown) == len(wanted):
                return False, f"{name} has none of the options {', '.join(unknown)}"
            if isinstance(cond, AllOf):
                if unknown:
                    return False, f"{name} has no option {', '.join(unknown)}"
                exclusive = [o.id for o in item.options if o.exclusive and o.id in wanted]
                if exclusive and len(set(map(str, wanted))) > 1:
                    return False, f"`{exclusive[0]}` of {name} can't be chosen with others"
            return True, None
        # less_than / greater_than
        if isinstance(item, NumberItem):
            low, high = item.min, item.max
        elif isinstance(item, ScaleItem) and self._scale_ok(item):
            points = [p.value for p in self.q.points_of(item)]
            low, high = min(points), max(points)
        else:
            return False, f"`less_than`/`greater_than` need a number or scale item, {name} is not"
        if isinstance(cond, LessThan) and not low < cond.less_than:
            return False, f"answers to {name} are never below {cond.less_than}"
        if isinstance(cond, GreaterThan) and not high > cond.greater_than:
            return False, f"answers to {name} are never above {cond.greater_than}"
        return True, None

    def possible(self, cond: RuleCondition, path: PathKey, before: int | None) -> Possible:
        """Whether a condition can hold; reports references to unknown or later items.

        `before` is the position of the item the condition belongs to (None for rules, which
        may name any item).
        """
        match cond:
            case Not(not_=inner):
                # Leaves can always be false (an item may be skipped or hidden), so `not` can hold.
                self.possible(inner, (*path, "not"), before)
                return True, None
            case All(all_=parts):
                results = [self.possible(p, (*path, "all", i), before) for i, p in enumerate(parts)]
                return next(((False, r) for ok, r in results if not ok), (True, None))
            case Any_(any_=parts):
                results = [self.possible(p, (*path, "any", i), before) for i, p in enumerate(parts)]
                if any(ok for ok, _ in results):
                    return True, None
                return False, next((r for _, r in results if r), None)
            case SphereIs():
                return True, None
        return self._leaf(cond, path, before)

    def _leaf(
        self,
        cond: Equals | In | AnyOf | AllOf | LessThan | GreaterThan | Answered,
        path: PathKey,
        before: int | None,
    ) -> Possible:
        if not self.q.has_item(cond.item):
            self._report((*path, "item"), f"the condition names unknown item `{cond.item}`")
            return False, None
        if before is not None and self.q.position(cond.item) >= before:
            where = "itself" if self.q.position(cond.item) == before else "a later item"
            self._report(
                (*path, "item"),
                f"the condition names {where}, `{cond.item}`: a cycle (conditions may only "
                "name items asked earlier)",
            )
            return False, None
        if isinstance(cond, Answered):
            if cond.answered and cond.item in self.never_shown:
                return False, f"it depends on `{cond.item}`, which can never be shown"
            return True, None
        if cond.item in self.never_shown:
            return False, f"it depends on `{cond.item}`, which can never be shown"
        return self._leaf_value(cond, self.q.item(cond.item))


def check_questionnaire_model(
    q: Questionnaire, source: Source, catalogue: Catalogue | None
) -> None:
    """Add to `source.problems` everything wrong with a schema-valid questionnaire."""
    section_path: list[PathKey] = [("sections", s) for s in range(len(q.sections))]
    _duplicates([s.id for s in q.sections], section_path, "section", source)
    item_paths: list[PathKey] = []
    items: list[Item] = []
    for s, section in enumerate(q.sections):
        for i, item in enumerate(section.items):
            item_paths.append(("sections", s, "items", i))
            items.append(item)
    _duplicates([i.id for i in items], item_paths, "item", source)
    _duplicates(
        [r.id for r in q.rules], [("rules", r) for r in range(len(q.rules))], "rule", source
    )
    for name, scale in q.scales.items():
        paths = [("scales", name, "points", p) for p in range(len(scale.points))]
        _duplicates([str(p.value) for p in scale.points], paths, "scale point value", source)

    conditions = _Conditions(q, source)
    ratings: Counter[str] = Counter()
    for position, (item, path) in enumerate(zip(items, item_paths, strict=True)):
        _check_item(q, item, path, source)
        if item.role == "sphere_rating":
            sphere = q.sphere_of(item)
            ratings[sphere] += 1
            if ratings[sphere] == 2:
                source.problems.append(
                    source.problem(path, f"a second `sphere_rating` item in sphere {sphere}")
                )
        if item.show_if is not None:
            errors = len(source.problems)
            ok, why = conditions.possible(item.show_if, (*path, "show_if"), position)
            if not ok:
                conditions.never_shown.add(item.id)
                if len(source.problems) == errors:
                    message = f"the item can never be shown: {why or 'its condition never holds'}"
                    source.problems.append(source.problem((*path, "show_if"), message))

    scored = {q.sphere_of(i) for i in items if is_scored(q, i)}
    for r, rule in enumerate(q.rules):
        path = ("rules", r)
        errors = len(source.problems)
        ok, why = conditions.possible(rule.when, (*path, "when"), None)
        if not ok and len(source.problems) == errors:
            message = f"the rule can never apply: {why or 'its condition never holds'}"
            source.problems.append(source.problem((*path, "when"), message, severity="warning"))
        if isinstance(rule.when, SphereIs) and rule.when.sphere not in scored:
            message = f"sphere {rule.when.sphere} has no scored items, so it never has a class"
            source.problems.append(source.problem((*path, "when"), message, severity="warning"))
        if catalogue is not None:
            known = {i.id for i in catalogue.instruments}
            for k, instrument in enumerate(rule.suggest):
                if instrument not in known:
                    message = f"unknown instrument `{instrument}` (not in the catalogue)"
                    source.problems.append(source.problem((*path, "suggest", k), message))
    check_translations(q, list(q.languages), source)


def _check_item(q: Questionnaire, item: Item, path: PathKey, source: Source) -> None:
    """Checks of one item that need no other item."""
    if isinstance(item, ScaleItem) and item.scale is not None and item.scale not in q.scales:
        known = ", ".join(q.scales) or "none are defined"
        message = f"unknown scale `{item.scale}` (top-level scales: {known})"
        source.problems.append(source.problem((*path, "scale"), message))
    if isinstance(item, SingleItem | MultipleItem | YesNoItem):
        option_paths = [(*path, "options", o) for o in range(len(item.options))]
        _duplicates([o.id for o in item.options], option_paths, "option", source)
        for option, option_path in zip(item.options, option_paths, strict=True):
            if option.label is None and not isinstance(item, YesNoItem):
                source.problems.append(
                    source.problem(option_path, f"option `{option.id}` has no label")
                )
            if option.exclusive and not isinstance(item, MultipleItem):
                message = "`exclusive` only matters in multiple choice"
                source.problems.append(source.problem(option_path, message, severity="warning"))
    if isinstance(item, MultipleItem) and item.max_choices and item.max_choices > len(item.options):
        message = "max_choices is more than the number of options"
        source.problems.append(source.problem((*path, "max_choices"), message, severity="warning"))
    if item.role == "sphere_rating":
        if not isinstance(item, ScaleItem):
            source.problems.append(
                source.problem((*path, "role"), "a sphere_rating item must be a scale")
            )
        if q.sphere_of(item) == "general":
            message = "a sphere_rating item must belong to a sphere, not `general`"
            source.problems.append(source.problem((*path, "role"), message))


def check_findings(q: Questionnaire, source: Source) -> None:
    """Every answer that makes a strength or a need, or raises a safety flag, says so in words
    (`finding`). Part of `kisbot questionnaire check`, not of loading: a file without findings
    still runs (staff then read the answer's label), but a file is not finished without them."""
    for s, section in enumerate(q.sections):
        for i, item in enumerate(section.items):
            _check_item_findings(q, item, ("sections", s, "items", i), source)


def _check_item_findings(q: Questionnaire, item: Item, path: PathKey, source: Source) -> None:
    """The findings of one item's answers, and the topic of an item one may talk about."""
    if item.talk_to_staff and item.topic is None:
        message = (
            "`talk_to_staff: true`: give the item a `topic`, what it is about in a few words "
            "(staff read it on the card's list of things to talk about, never the question)"
        )
        source.problems.append(source.problem(path, message, severity="error"))
    options = item.options if isinstance(item, SingleItem | MultipleItem | YesNoItem) else []
    for o, option in enumerate(options):
        if option.counts_as in ("strength", "need") and option.score is not None:
            message = f"option `{option.id}` has a score, so `counts_as` does not apply"
            source.problems.append(source.problem((*path, "options", o, "counts_as"), message))
    for o, option in enumerate(options):
        if option.safety_flag and option.finding is None:
            message = (
                f"option `{option.id}` raises a safety flag: give it a `finding`, what the "
                "answer says about the person (staff read it first on the card)"
            )
            source.problems.append(source.problem((*path, "options", o), message, severity="error"))
    for value, kind, text, _ in possible_findings(q, item):
        if text is not None:
            continue
        where: PathKey = path
        if isinstance(item, ScaleItem):
            where = (*path, "scale" if item.scale is not None else "points")
        else:
            index = next((n for n, o in enumerate(options) if str(o.id) == value), None)
            where = (*path, "options", index) if index is not None else path
        message = (
            f"answer `{value}` makes a {kind}: give it a `finding`, what the answer says about "
            "the person in a few words (staff read it on the card)"
        )
        source.problems.append(source.problem(where, message, severity="error"))


def check_catalogue_model(catalogue: Catalogue, source: Source) -> None:
    """Add to `source.problems` everything wrong with a schema-valid catalogue."""
    lists: dict[str, list[str]] = {
        "partner_kinds": [k.id for k in catalogue.partner_kinds],
        "instruments": [i.id for i in catalogue.instruments],
        "activity_kinds": [a.id for a in catalogue.activity_kinds],
    }
    for key, ids in lists.items():
        what = key.removesuffix("s").replace("_", " ")
        _duplicates(ids, [(key, n) for n in range(len(ids))], what, source)
    kinds = {k.id for k in catalogue.partner_kinds}
    for n, instrument in enumerate(catalogue.instruments):
        if instrument.partner_kind not in kinds:
            message = f"unknown partner kind `{instrument.partner_kind}`"
            source.problems.append(source.problem(("instruments", n, "partner_kind"), message))
    check_translations(catalogue, ["pl", "uk", "en"], source)
