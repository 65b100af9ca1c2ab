"""Pydantic models of questionnaire files, answers and the instrument catalogue."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

Lang = Literal["pl", "uk", "en"]
LANGUAGES: tuple[Lang, ...] = ("pl", "uk", "en")
Sphere = Literal["socio_economic", "health", "vocational", "psychological", "social", "general"]
ScoredSphere = Literal["socio_economic", "health", "vocational", "psychological", "social"]
SCORED_SPHERES: tuple[ScoredSphere, ...] = (
    "socio_economic",
    "health",
    "vocational",
    "psychological",
    "social",
)
SphereClass = Literal["strength", "neutral", "need"]
Status = Literal["answered", "skipped", "prefer_not_to_say", "talk_to_staff"]
ItemType = Literal["single", "multiple", "scale", "yesno", "number", "text", "date"]

# Ids end up in callback data and stored readings, so they are kept short and plain.
Id = Annotated[str, Field(pattern=r"^[a-z0-9_]+$", min_length=1, max_length=64)]
# YAML may turn an option id such as `1` into an int; conditions compare such values loosely.
Value = str | int | float
Score = Annotated[float, Field(ge=0, le=100)]


class _Frozen(BaseModel):
    """Base of every definition model: unknown keys are errors, instances never change."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LocalizedText(_Frozen):
    """Text people read, per language; Polish is required."""

    pl: str
    uk: str | None = None
    en: str | None = None

    def get(self, lang: str) -> str:
        """The text in `lang`, falling back to Polish."""
        text: str | None = getattr(self, lang, None) if lang in LANGUAGES else None
        return text if text else self.pl

    def languages(self) -> dict[str, str]:
        """The non-empty translations by language code."""
        return {lang: t for lang in LANGUAGES if (t := getattr(self, lang))}


class Option(_Frozen):
    """One answer of a single, multiple or yes/no item."""

    id: Id
    # Optional only because yes/no options take their labels from the message catalogue.
    label: LocalizedText | None = None
    score: Score | None = None
    exclusive: bool = False
    safety_flag: bool = False
    # What staff read on the card when this option makes a strength or a need: the answer as a
    # finding about the person ("Brakuje pieniędzy na jedzenie"), never the question.
    finding: LocalizedText | None = None
    # For an unscored option: which list its finding belongs to (e.g. a strength staff observed);
    # "neither" for a scored answer that is no finding ("no barriers identified": an absence).
    counts_as: Literal["strength", "need", "neither"] | None = None


class ScalePoint(_Frozen):
    """One point of a scale: the stored value, its label and its score."""

    value: int
    label: LocalizedText
    score: Score | None = None
    finding: LocalizedText | None = None


class Scale(_Frozen):
    """A reusable list of scale points."""

    points: list[ScalePoint] = Field(min_length=2)


class Scoring(_Frozen):
    """Thresholds that turn a sphere score into a class."""

    need_below: Score = 40
    strength_from: Score = 70

    @model_validator(mode="after")
    def _ordered(self) -> Scoring:
        if self.need_below > self.strength_from:
            raise ValueError("need_below must not be greater than strength_from")
        return self


# ---- conditions -------------------------------------------------------------------------


class Equals(_Frozen):
    """The answer is this option id, point value or number."""

    item: Id
    equals: Value


class In(_Frozen):
    """The answer is one of these values."""

    item: Id
    in_: list[Value] = Field(alias="in", min_length=1)


class AnyOf(_Frozen):
    """A multiple-choice answer includes at least one of these options."""

    item: Id
    any_of: list[Value] = Field(min_length=1)


class AllOf(_Frozen):
    """A multiple-choice answer includes all of these options."""

    item: Id
    all_of: list[Value] = Field(min_length=1)


class LessThan(_Frozen):
    """A number or scale answer is below this value."""

    item: Id
    less_than: float


class GreaterThan(_Frozen):
    """A number or scale answer is above this value."""

    item: Id
    greater_than: float


class Answered(_Frozen):
    """The item was (or was not) answered with a value."""

    item: Id
    answered: bool = True


class Not(_Frozen):
    """The negation of a condition."""

    not_: Condition = Field(alias="not")


class All(_Frozen):
    """Every condition holds."""

    all_: list[Condition] = Field(alias="all", min_length=1)


class Any_(_Frozen):
    """At least one condition holds."""

    any_: list[Condition] = Field(alias="any", min_length=1)


class SphereIs(_Frozen):
    """A sphere's class in the profile (rules only)."""

    sphere: ScoredSphere
    class_: SphereClass = Field(alias="class")


ItemCondition = Equals | In | AnyOf | AllOf | LessThan | GreaterThan | Answered
_OPERATORS = ("equals", "in", "any_of", "all_of", "less_than", "greater_than", "answered")
_COMPOUND = ("not", "all", "any")


def _condition_tag(value: Any) -> str | None:
    """Pick the condition form by its key, so errors speak about that form only."""
    if isinstance(value, BaseModel):
        return _TAGS.get(type(value))
    if not isinstance(value, Mapping):
        return None
    for key in (*_COMPOUND, *_OPERATORS, "sphere"):
        if key in value:
            return key
    # A bare {item: x} reads best as the missing-operator error of the `equals` form.
    return "equals" if "item" in value else None


_TAGS: dict[type[BaseModel], str] = {
    Equals: "equals",
    In: "in",
    AnyOf: "any_of",
    AllOf: "all_of",
    LessThan: "less_than",
    GreaterThan: "greater_than",
    Answered: "answered",
    Not: "not",
    All: "all",
    Any_: "any",
    SphereIs: "sphere",
}


Condition = Annotated[
    Annotated[Equals, Tag("equals")]
    | Annotated[In, Tag("in")]
    | Annotated[AnyOf, Tag("any_of")]
    | Annotated[AllOf, Tag("all_of")]
    | Annotated[LessThan, Tag("less_than")]
    | Annotated[GreaterThan, Tag("greater_than")]
    | Annotated[Answered, Tag("answered")]
    | Annotated[Not, Tag("not")]
    | Annotated[All, Tag("all")]
    | Annotated[Any_, Tag("any")],
    Discriminator(_condition_tag),
]

RuleCondition = Annotated[
    Annotated[Equals, Tag("equals")]
    | Annotated[In, Tag("in")]
    | Annotated[AnyOf, Tag("any_of")]
    | Annotated[AllOf, Tag("all_of")]
    | Annotated[LessThan, Tag("less_than")]
    | Annotated[GreaterThan, Tag("greater_than")]
    | Annotated[Answered, Tag("answered")]
    | Annotated[Not, Tag("not")]
    | Annotated[All, Tag("all")]
    | Annotated[Any_, Tag("any")]
    | Annotated[SphereIs, Tag("sphere")],
    Discriminator(_condition_tag),
]


# ---- items ------------------------------------------------------------------------------


class _ItemBase(_Frozen):
    """Keys every item has."""

    id: Id
    sphere: Sphere | None = None
    text: LocalizedText
    help: LocalizedText | None = None
    required: bool = True
    sensitive: bool = False
    talk_to_staff: bool = False
    # What the question is about, as staff read it ("Długi i niezapłacone rachunki"): shown
    # when the person chose to talk about it in person (never the question itself).
    topic: LocalizedText | None = None
    show_if: Condition | None = None
    role: Literal["sphere_rating"] | None = None
    weight: float = Field(default=1, gt=0)


class SingleItem(_ItemBase):
    """Choose one option."""

    type: Literal["single"]
    options: list[Option] = Field(min_length=2)


class MultipleItem(_ItemBase):
    """Choose one or more options."""

    type: Literal["multiple"]
    options: list[Option] = Field(min_length=2)
    min_choices: int = Field(default=1, ge=1)
    max_choices: int | None = Field(default=None, ge=1)

    @model_validator(mode="after")
    def _choices(self) -> MultipleItem:
        if self.max_choices is not None and self.max_choices < self.min_choices:
            raise ValueError("max_choices must not be less than min_choices")
        if self.min_choices > len(self.options):
            raise ValueError("min_choices is more than the number of options")
        return self


class ScaleItem(_ItemBase):
    """Choose a point of a named or inline scale."""

    type: Literal["scale"]
    scale: Id | None = None
    points: list[ScalePoint] | None = Field(default=None, min_length=2)

    @model_validator(mode="after")
    def _one_source(self) -> ScaleItem:
        if (self.scale is None) == (self.points is None):
            raise ValueError("a scale item needs either `scale` (a name) or `points`, not both")
        return self


class YesNoItem(_ItemBase):
    """Yes or no; `options` may give the two answers scores or safety flags."""

    type: Literal["yesno"]
    options: list[Option] = Field(default_factory=list, max_length=2)

    @field_validator("options")
    @classmethod
    def _yes_no_ids(cls, options: list[Option]) -> list[Option]:
        ids = [o.id for o in options]
        if any(i not in ("yes", "no") for i in ids) or len(set(ids)) != len(ids):
            raise ValueError("yes/no options must have the ids `yes` and/or `no`, once each")
        return options


class NumberItem(_ItemBase):
    """A number within bounds."""

    type: Literal["number"]
    min: float
    max: float
    integer: bool = True
    unit: LocalizedText | None = None

    @model_validator(mode="after")
    def _bounds(self) -> NumberItem:
        if self.min > self.max:
            raise ValueError("min must not be greater than max")
        return self


class TextItem(_ItemBase):
    """Free text (never scored)."""

    type: Literal["text"]
    max_length: int = Field(default=500, ge=1, le=2000)


DateBound = dt.date | Literal["today"]


class DateItem(_ItemBase):
    """A date typed as DD.MM.RRRR."""

    type: Literal["date"]
    min_date: DateBound | None = None
    max_date: DateBound | None = None

    @model_validator(mode="after")
    def _bounds(self) -> DateItem:
        lo, hi = self.min_date, self.max_date
        if isinstance(lo, dt.date) and isinstance(hi, dt.date) and lo > hi:
            raise ValueError("min_date must not be after max_date")
        return self


Item = Annotated[
    SingleItem | MultipleItem | ScaleItem | YesNoItem | NumberItem | TextItem | DateItem,
    Field(discriminator="type"),
]
ChoiceItem = SingleItem | MultipleItem | YesNoItem


class Section(_Frozen):
    """The items of one sphere, asked together."""

    id: Id
    sphere: Sphere
    title: LocalizedText
    intro: LocalizedText | None = None
    scoring: Scoring | None = None
    items: list[Item] = Field(min_length=1)


class Rule(_Frozen):
    """Suggest instruments and/or raise a safety flag when a condition holds."""

    id: Id
    when: RuleCondition
    suggest: list[Id] = Field(default_factory=list)
    safety_flag: bool = False
    # A critical answer (safety, housing, debts, food, documents, addiction): its instruments
    # are proposed in the draft plan whatever the sphere's mean.
    critical: bool = False
    reason: LocalizedText

    @model_validator(mode="after")
    def _does_something(self) -> Rule:
        if not self.suggest and not self.safety_flag:
            raise ValueError("a rule must `suggest` instruments or set `safety_flag: true`")
        return self


YES_NO_IDS = ("yes", "no")


class Questionnaire(_Frozen):
    """A questionnaire file."""

    id: Id
    version: int = Field(ge=1)
    audience: Literal["participant", "staff"]
    languages: list[Lang] = Field(min_length=1)
    title: LocalizedText
    intro: LocalizedText | None = None
    scales: dict[Id, Scale] = Field(default_factory=dict)
    scoring: Scoring = Field(default_factory=Scoring)
    sections: list[Section] = Field(min_length=1)
    rules: list[Rule] = Field(default_factory=list)

    _items: dict[str, Item] = PrivateAttr(default_factory=dict)
    _sections: dict[str, Section] = PrivateAttr(default_factory=dict)
    _order: dict[str, int] = PrivateAttr(default_factory=dict)

    @field_validator("languages")
    @classmethod
    def _polish_first(cls, languages: list[Lang]) -> list[Lang]:
        if "pl" not in languages:
            raise ValueError("languages must include pl")
        return languages

    def model_post_init(self, context: Any, /) -> None:
        """Index items by id; duplicates are reported by check, the first one wins here."""
        for section in self.sections:
            for item in section.items:
                self._items.setdefault(item.id, item)
                self._sections.setdefault(item.id, section)
                self._order.setdefault(item.id, len(self._order))

    @property
    def items(self) -> list[Item]:
        """All items in file order."""
        return [item for section in self.sections for item in section.items]

    def iter_items(self) -> Iterator[tuple[Section, Item]]:
        """(section, item) pairs in file order."""
        for section in self.sections:
            for item in section.items:
                yield section, item

    def item(self, item_id: str) -> Item:
        """The item with this id (KeyError if none)."""
        return self._items[item_id]

    def has_item(self, item_id: str) -> bool:
        """Whether an item with this id exists."""
        return item_id in self._items

    def position(self, item_id: str) -> int:
        """The 0-based position of the item in file order."""
        return self._order[item_id]

    def section_of(self, item_id: str) -> Section:
        """The section holding the item."""
        return self._sections[item_id]

    def sphere_of(self, item: Item) -> Sphere:
        """The item's own sphere or its section's."""
        return item.sphere or self._sections[item.id].sphere

    def scoring_for(self, sphere: Sphere) -> Scoring:
        """The thresholds of a sphere: its section's override or the file's."""
        for section in self.sections:
            if section.sphere == sphere and section.scoring is not None:
                return section.scoring
        return self.scoring

    def points_of(self, item: ScaleItem) -> list[ScalePoint]:
        """The points of a scale item, resolving a named scale."""
        if item.points is not None:
            return item.points
        # ScaleItem's validator guarantees a name when there are no inline points.
        return self.scales[str(item.scale)].points


class Answer(_Frozen):
    """A stored answer: its status and, when answered, its value."""

    status: Status
    value: str | int | float | list[str] | None = None

    @model_validator(mode="after")
    def _value_matches_status(self) -> Answer:
        if self.status == "answered" and self.value is None:
            raise ValueError("an answered item needs a value")
        if self.status != "answered" and self.value is not None:
            raise ValueError("only an answered item has a value")
        return self


# ---- the instrument catalogue -----------------------------------------------------------


class PartnerKind(_Frozen):
    """A kind of partner institution that provides instruments."""

    id: Id
    name: LocalizedText


class Instrument(_Frozen):
    """A support instrument of one sphere."""

    id: Id
    sphere: Sphere
    name: LocalizedText
    partner_kind: Id
    description: LocalizedText | None = None


class ActivityKind(_Frozen):
    """A kind of weekly-plan activity; `reintegration` counts toward the two-thirds rule."""

    id: Id
    name: LocalizedText
    reintegration: bool


class Catalogue(_Frozen):
    """The instrument catalogue file."""

    version: int = Field(ge=1)
    partner_kinds: list[PartnerKind] = Field(min_length=1)
    instruments: list[Instrument] = Field(min_length=1)
    activity_kinds: list[ActivityKind] = Field(default_factory=list)

    def instrument(self, instrument_id: str) -> Instrument | None:
        """The instrument with this id, or None."""
        return next((i for i in self.instruments if i.id == instrument_id), None)

    def partner_kind(self, kind_id: str) -> PartnerKind | None:
        """The partner kind with this id, or None."""
        return next((k for k in self.partner_kinds if k.id == kind_id), None)

    def activity_kind(self, kind_id: str) -> ActivityKind | None:
        """The activity kind with this id, or None."""
        return next((k for k in self.activity_kinds if k.id == kind_id), None)


Not.model_rebuild()
All.model_rebuild()
Any_.model_rebuild()
