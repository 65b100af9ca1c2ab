"""The evaluation dataset: one row per participant and self-assessment reading, one column per
item (one per option of a multiple choice), sphere scores, status and outcome, follow-ups, the
staff assessment and the dose (exports/dataset_extra.py), with a codebook.

Pseudonymised by default: participants appear as P<number>, and names, Telegram ids and typed
text are left out unless the caller asks for them (and the caller audit-logs that choice).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from zoneinfo import ZoneInfo

from exports.dataset_extra import extra_cells, extra_columns, read_extras
from exports.scores import scores_of
from exports.tabular import Cell, csv_bytes
from exports.words import label, translator
from exports.xlsx import xlsx_bytes
from questionnaires.answers import answer_label, choices
from questionnaires.bundled import questionnaire_of
from questionnaires.model import (
    SCORED_SPHERES,
    Answer,
    DateItem,
    Item,
    MultipleItem,
    NumberItem,
    Questionnaire,
    TextItem,
)
from storage.repos.exports import ExportParticipant, exports_of
from storage.repos.follow_ups import FOLLOW_UP_ANSWERS
from storage.repos.profiles import Scores
from storage.repos.readings import Reading, ReadingKind
from storage.tx import Tx


@dataclass(frozen=True)
class DatasetOptions:
    """What the dataset holds."""

    lang: str = "pl"
    codes: bool = False
    identify: bool = False
    free_text: bool = False
    since: datetime | None = None
    until: datetime | None = None
    kinds: tuple[ReadingKind, ...] = ()


@dataclass(frozen=True)
class Column:
    """One column and its codebook entry."""

    code: str
    label: str
    type: str
    sphere: str
    values: str


@dataclass(frozen=True)
class Dataset:
    """The header, the rows and the codebook."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]
    lang: str

    def csv(self) -> bytes:
        """The data as CSV."""
        return csv_bytes([c.code for c in self.columns], self.rows)

    def codebook_rows(self) -> list[tuple[Cell, ...]]:
        """One row per column: code, description, type, sphere, values."""
        return [(c.code, c.label, c.type, c.sphere, c.values) for c in self.columns]

    def codebook_header(self) -> list[str]:
        """The codebook's column names in the dataset's language."""
        t = translator(self.lang)
        return [t(f"doc.data.col.{k}") for k in ("column", "label", "type", "sphere", "values")]

    def codebook_csv(self) -> bytes:
        """The codebook as CSV (the file beside the data)."""
        return csv_bytes(self.codebook_header(), self.codebook_rows())

    def titles(self) -> list[str]:
        """The data sheet's column titles in the dataset's language (the codebook maps each to
        its id); a title two columns share gets its id added, so every title stays unique."""
        seen: dict[str, int] = {}
        for column in self.columns:
            seen[column.label] = seen.get(column.label, 0) + 1
        return [
            c.label if c.label and seen[c.label] == 1 else f"{c.label} ({c.code})"
            for c in self.columns
        ]

    def xlsx(self) -> bytes:
        """Data and codebook as two sheets of one workbook: a person opens the XLSX, so its
        columns carry titles; statistics programs read the CSV, whose header is the ids."""
        t = translator(self.lang)
        return xlsx_bytes(
            [
                (t("doc.data.sheet_data"), self.titles(), self.rows),
                (t("doc.data.sheet_codebook"), self.codebook_header(), self.codebook_rows()),
            ]
        )


def _fixed(options: DatasetOptions) -> list[Column]:
    t = translator(options.lang)
    kinds = "; ".join(
        f"{k} = {t(f'doc.kind.{k}')}" for k in ("entry", "midway", "exit", "follow_up")
    )
    columns = [
        Column("participant", t("doc.data.participant"), "text", "", ""),
        Column("club", t("doc.data.club"), "integer", "", ""),
        Column("reading", t("doc.data.reading"), "integer", "", ""),
        Column("kind", t("doc.data.kind"), "code" if options.codes else "text", "", kinds),
        Column("questionnaire", t("doc.data.questionnaire"), "text", "", ""),
        Column("started", t("doc.data.started"), "date", "", ""),
        Column("submitted", t("doc.data.submitted"), "date", "", ""),
        Column("art12_group", t("doc.data.art12_group"), "text", "", ""),
        Column("status", t("doc.data.status"), "text", "", ""),
        Column("outcome", t("doc.data.outcome"), "text", "", ""),
    ]
    if options.identify:
        columns += [
            Column("name", t("doc.data.name"), "text", "", ""),
            Column("telegram_id", t("doc.data.telegram_id"), "integer", "", ""),
        ]
    for sphere in SCORED_SPHERES:
        name = t(f"sphere.{sphere}")
        columns.append(
            Column(f"score_{sphere}", t("doc.data.score", sphere=name), "number", sphere, "0-100")
        )
        classes = "; ".join(f"{k} = {t(f'class.{k}')}" for k in ("need", "neutral", "strength"))
        columns.append(
            Column(f"class_{sphere}", t("doc.data.class", sphere=name), "text", sphere, classes)
        )
    return columns


def _values(q: Questionnaire, item: Item, lang: str) -> str:
    return "; ".join(f"{c.value} = {c.label.get(lang)}" for c in choices(q, item))


def _item_columns(q: Questionnaire, options: DatasetOptions) -> list[tuple[Column, Item, str]]:
    """(column, item, option id or "") for every item, one per option of a multiple choice."""
    t = translator(options.lang)
    lang = options.lang
    found: list[tuple[Column, Item, str]] = []
    for item in q.items:
        sphere = q.sphere_of(item)
        question = item.text.get(lang)
        if isinstance(item, MultipleItem):
            for option in item.options:
                name = option.label.get(lang) if option.label else option.id
                text = t("doc.data.option", question=question, option=name)
                found.append(
                    (Column(f"{item.id}__{option.id}", text, "0/1", sphere, ""), item, option.id)
                )
        elif isinstance(item, TextItem):
            if options.free_text:
                text = t("doc.data.free_text", question=question)
                found.append((Column(item.id, text, "text", sphere, ""), item, ""))
        else:
            kind = (
                "number"
                if isinstance(item, NumberItem)
                else "date"
                if isinstance(item, DateItem)
                else "code"
                if options.codes
                else "text"
            )
            found.append(
                (Column(item.id, question, kind, sphere, _values(q, item, lang)), item, "")
            )
    return found


def _cell(
    q: Questionnaire, item: Item, option: str, answer: Answer | None, o: DatasetOptions
) -> Cell:
    if answer is None:
        return None
    if option:
        if answer.status != "answered":
            return None
        return 1 if isinstance(answer.value, list) and option in answer.value else 0
    if answer.status != "answered":
        return answer.status if o.codes else answer_label(q, item, answer, o.lang)
    if isinstance(item, NumberItem | DateItem | TextItem):
        value = answer.value
        return value if isinstance(value, int | float | str) else str(value)
    if o.codes:
        return str(answer.value)
    return answer_label(q, item, answer, o.lang)


async def build_dataset(tx: Tx, club_id: int | None, options: DatasetOptions) -> Dataset:
    """The dataset of a club (None: the whole deployment)."""
    repo = exports_of(tx)
    people = {p.id: p for p in await repo.participants(club_id)}
    readings = await repo.submitted_readings(
        club_id, "participant", since=options.since, until=options.until, kinds=options.kinds
    )
    answers = await repo.answers([r.id for r in readings])
    scores = await scores_of(tx, readings, answers)
    zones: dict[int, ZoneInfo] = {}
    for club in await tx.clubs.all():
        zones[club.id] = ZoneInfo(club.timezone)
    # Columns follow the newest questionnaire version in the rows; older versions fill the
    # items they share with it.
    versions = {(r.questionnaire_id, r.questionnaire_version): r for r in readings}
    newest = max(versions, key=lambda k: k[1], default=None)
    q_columns = _item_columns(questionnaire_of(versions[newest]), options) if newest else []
    follow = await tx.follow_ups.of_club(club_id)
    months = sorted({f.months for f in follow})
    # The latest answer per enrolment and month (a phone call after an unanswered question).
    answered = {(f.enrolment_id, f.months): f.answer for f in follow if f.answer}
    extras = await read_extras(tx, sorted({p.club_id for p in people.values()}))
    extra = [
        Column(c.code, c.label, c.type, c.sphere, c.values) for c in extra_columns(options.lang)
    ]
    columns = (
        _fixed(options) + _follow_up_columns(months, options) + extra + [c for c, _, _ in q_columns]
    )
    # What is the same for every reading of one questionnaire version or language is looked up
    # once: the version's own item under each column, the words of each code and answer.
    shapes: dict[tuple[str, int], _Shape] = {}
    words = _Words(options.lang)
    rows = []
    for r in readings:
        key = (r.questionnaire_id, r.questionnaire_version)
        shape = shapes.get(key)
        if shape is None:
            shape = shapes[key] = _shape(questionnaire_of(r), q_columns)
        cells = [
            *(
                _follow_up_cell(answered.get((r.enrolment_id or 0, m)), options, words)
                for m in months
            ),
            *extra_cells(extras, r),
        ]
        rows.append(
            _row(
                people[r.participant_id],
                r,
                (answers[r.id], scores[r.id]),
                shape,
                options,
                zones,
                cells,
                words,
            )
        )
    return Dataset(tuple(columns), tuple(rows), options.lang)


def _follow_up_columns(months: list[int], options: DatasetOptions) -> list[Column]:
    """One column per follow-up month any club used: the answer of the reading's enrolment."""
    t = translator(options.lang)
    values = "; ".join(f"{a} = {t(f'followup.answer.{a}')}" for a in FOLLOW_UP_ANSWERS)
    kind = "code" if options.codes else "text"
    return [
        Column(f"follow_up_{m}m", t("doc.data.follow_up", months=m), kind, "", values)
        for m in months
    ]


def _follow_up_cell(answer: str | None, options: DatasetOptions, words: _Words) -> Cell:
    if answer is None:
        return None
    return answer if options.codes else words.t(f"followup.answer.{answer}")


class _Words:
    """Catalogue words without placeholders, each translated once per dataset."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._t = translator(lang)
        self._said: dict[tuple[str, str | None], str] = {}

    def t(self, key: str) -> str:
        """t(key) in the dataset's language."""
        found = self._said.get((key, None))
        if found is None:
            found = self._said[(key, None)] = self._t(key)
        return found

    def label(self, prefix: str, code: str | None) -> str:
        """words.label in the dataset's language."""
        found = self._said.get((prefix, code))
        if found is None:
            found = self._said[(prefix, code)] = label(self.lang, prefix, code)
        return found


@dataclass(frozen=True)
class _Shape:
    """A questionnaire version against the dataset's columns: its own item under each column
    (None where the version lacks the item), with the column's option; and each answer's
    cell, worded once per item and answer rather than once per row."""

    q: Questionnaire
    cells: tuple[tuple[Item | None, str], ...]
    said: dict[tuple[str, str, str | int | float], Cell] = field(default_factory=dict)
    # Each item's columns (index, the version's item, option): a row is filled from the
    # reading's answers (about 40) rather than by looking each column up (about 110).
    by_item: dict[str, tuple[tuple[int, Item, str], ...]] = field(default_factory=dict)

    def answer_cells(self, answers: dict[str, Answer], o: DatasetOptions) -> list[Cell]:
        """The cells of a reading's answers under the questionnaire's columns."""
        found: list[Cell] = [None] * len(self.cells)
        for item_id, answer in answers.items():
            for index, own, option in self.by_item.get(item_id, ()):
                found[index] = self.cell(own, option, answer, o)
        return found

    def cell(self, own: Item, option: str, answer: Answer | None, o: DatasetOptions) -> Cell:
        """The cell of an answer under one column."""
        if answer is None:
            return None
        value = answer.value
        if option:
            if answer.status != "answered":
                return None
            return 1 if isinstance(value, list) and option in value else 0
        if not isinstance(value, str | int | float) and value is not None:
            return _cell(self.q, own, option, answer, o)
        key = (own.id, answer.status, "" if value is None else value)
        if key not in self.said:
            self.said[key] = _cell(self.q, own, option, answer, o)
        return self.said[key]


def _shape(q: Questionnaire, q_columns: Sequence[tuple[Column, Item, str]]) -> _Shape:
    cells = tuple(
        (q.item(item.id) if q.has_item(item.id) else None, option) for _, item, option in q_columns
    )
    by_item: dict[str, list[tuple[int, Item, str]]] = {}
    for index, (own, option) in enumerate(cells):
        if own is not None:
            by_item.setdefault(own.id, []).append((index, own, option))
    return _Shape(q, cells, by_item={k: tuple(v) for k, v in by_item.items()})


def _row(
    person: ExportParticipant,
    reading: Reading,
    scored: tuple[dict[str, Answer], Scores],
    shape: _Shape,
    o: DatasetOptions,
    zones: dict[int, ZoneInfo],
    follow_ups: list[Cell],
    words: _Words,
) -> tuple[Cell, ...]:
    answers, scores = scored
    zone = zones.get(person.club_id, ZoneInfo("Europe/Warsaw"))
    t = words.t
    cells: list[Cell] = [
        f"P{person.id}",
        person.club_id,
        reading.id,
        reading.kind if o.codes else t(f"doc.kind.{reading.kind}"),
        f"{reading.questionnaire_id}@{reading.questionnaire_version}",
        reading.started_at.astimezone(zone).date().isoformat(),
        reading.submitted_at.astimezone(zone).date().isoformat() if reading.submitted_at else None,
        (person.art12_group or "") if o.codes else words.label("art12", person.art12_group),
        person.status if o.codes else t(f"status.participant_{person.status}"),
        (person.outcome or "") if o.codes else words.label("outcome", person.outcome),
    ]
    if o.identify:
        cells += [person.display_name, person.telegram_id]
    for sphere in SCORED_SPHERES:
        result = scores.spheres[sphere]
        cells.append(None if result.score is None else round(result.score, 1))
        klass = result.klass
        cells.append(None if klass is None else klass if o.codes else t(f"class.{klass}"))
    cells += follow_ups
    cells += shape.answer_cells(answers, o)
    return tuple(cells)
