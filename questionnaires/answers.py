"""Typed answers: parse what a person wrote, toggle choices, and say an answer in words."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict

from questionnaires.messages import localized, message
from questionnaires.model import (
    LANGUAGES,
    Answer,
    DateBound,
    DateItem,
    Item,
    LocalizedText,
    MultipleItem,
    NumberItem,
    Option,
    Questionnaire,
    ScaleItem,
    ScalePoint,
    SingleItem,
    Status,
    TextItem,
    YesNoItem,
)


class AnswerError(BaseModel):
    """Why typed input was refused: a message-catalogue key and its placeholders."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    key: str
    params: dict[str, str | int | float] = {}


@dataclass(frozen=True)
class Choice:
    """One button of a choice item: the stored value and what it says."""

    value: str | int
    label: LocalizedText
    number: int  # 1-based, as people may type it
    option: Option | None = None
    point: ScalePoint | None = None


# Choices per (questionnaire, item) object: scoring and exports ask for them once per answer,
# thousands of times per export. Both models are frozen, and each entry keeps its two objects
# alive, so the ids in the key cannot be reused while the entry stands.
_CHOICES: dict[tuple[int, int], tuple[Questionnaire, Item, tuple[Choice, ...]]] = {}
_CHOICES_MAX = 8192


def choices(q: Questionnaire, item: Item) -> list[Choice]:
    """The buttons of a single, multiple, yes/no or scale item, in order."""
    key = (id(q), id(item))
    found = _CHOICES.get(key)
    if found is None:
        if len(_CHOICES) >= _CHOICES_MAX:
            _CHOICES.clear()
        found = (q, item, tuple(_choices(q, item)))
        _CHOICES[key] = found
    return list(found[2])


def _choices(q: Questionnaire, item: Item) -> list[Choice]:
    if isinstance(item, ScaleItem):
        return [
            Choice(value=p.value, label=p.label, number=n, point=p)
            for n, p in enumerate(q.points_of(item), start=1)
        ]
    if isinstance(item, YesNoItem):
        given = {o.id: o for o in item.options}
        return [
            Choice(
                value=key,
                label=(
                    o.label if (o := given.get(key)) and o.label else localized(f"choice.{key}")
                ),
                number=n,
                option=given.get(key),
            )
            for n, key in enumerate(("yes", "no"), start=1)
        ]
    if isinstance(item, SingleItem | MultipleItem):
        # Options of choice items always have labels (check refuses one without).
        return [
            Choice(value=o.id, label=o.label or LocalizedText(pl=o.id), number=n, option=o)
            for n, o in enumerate(item.options, start=1)
        ]
    return []


def offered_statuses(item: Item) -> list[Status]:
    """The non-answer buttons an item offers besides its answers."""
    offered: list[Status] = []
    if not item.required:
        offered.append("skipped")
    if item.sensitive:
        offered.append("prefer_not_to_say")
    if item.talk_to_staff:
        offered.append("talk_to_staff")
    return offered


def decline(item: Item, status: Status) -> Answer | AnswerError:
    """An answer without a value (skip, prefer not to say, talk to staff), if the item offers it."""
    if status == "answered" or status not in offered_statuses(item):
        return AnswerError(key="answer.not_offered")
    return Answer(status=status)


# ---- matching typed words ---------------------------------------------------------------

# Letters that Unicode does not decompose into a base letter and a mark.
_FOLD = str.maketrans({"ł": "l", "ß": "ss", "’": "'", "ʼ": "'", "`": "'"})


def normalize(text: str) -> str:
    """Case-, diacritic- and spacing-insensitive form of typed text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold().translate(_FOLD))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(bare.split()).strip(" .!?;:")


def _distance(a: str, b: str, limit: int) -> int:
    """Levenshtein distance, stopping once it exceeds `limit` (typed words are short)."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, start=1):
        row = [i]
        for j, cb in enumerate(b, start=1):
            row.append(min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (ca != cb)))
        if min(row) > limit:
            return limit + 1
        previous = row
    return previous[-1]


def near(typed: str, word: str) -> bool:
    """Whether normalized `typed` is `word` with a small typo: one letter in a word of 5 or
    more, two in one of 10 or more (shorter words must be exact: "tak" is not "tam")."""
    if typed == word:
        return True
    limit = 2 if len(word) >= 10 else 1 if len(word) >= 5 else 0
    return limit > 0 and _distance(typed, word, limit) <= limit


def _languages(q: Questionnaire, lang: str) -> list[str]:
    """The languages to match labels in: the person's first, then the file's, then the rest."""
    ordered = [lang, *q.languages, *LANGUAGES]
    return list(dict.fromkeys(x for x in ordered if x in LANGUAGES))


def _by_label(q: Questionnaire, options: list[Choice], typed: str, lang: str) -> Choice | None:
    """The choice whose label in some language is what was typed (preferring `lang`)."""
    wanted = normalize(typed)
    if not wanted:
        return None
    for language in _languages(q, lang):
        for choice in options:
            label = choice.label.languages().get(language)
            if label is not None and normalize(label) == wanted:
                return choice
    # A small typo is forgiven when it can mean only one option.
    close = {
        choice.number
        for language in _languages(q, lang)
        for choice in options
        if (label := choice.label.languages().get(language)) is not None
        and near(wanted, normalize(label))
    }
    if len(close) == 1:
        return options[close.pop() - 1]
    return None


def _by_number(options: list[Choice], typed: str) -> Choice | None:
    """The choice with this 1-based number."""
    typed = typed.strip().rstrip(".)")
    if typed.isdigit() and 1 <= int(typed) <= len(options):
        return options[int(typed) - 1]
    return None


def _pick(q: Questionnaire, options: list[Choice], typed: str, lang: str) -> Choice | None:
    """A choice named by its number or by its label."""
    return _by_number(options, typed) or _by_label(q, options, typed, lang)


# ---- numbers and dates -------------------------------------------------------------------


def format_number(value: float, lang: str) -> str:
    """A number as people in `lang` write it: no trailing .0, a decimal comma in pl and uk."""
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", ",") if lang in ("pl", "uk") else text


def format_date(value: dt.date) -> str:
    """DD.MM.RRRR, the way dates are written in Poland."""
    return value.strftime("%d.%m.%Y")


_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)$")
_DATE = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4})$")


def _resolve(bound: DateBound | None, today: dt.date | None) -> dt.date | None:
    """A date bound, with `today` taken from the caller (the engine reads no clock)."""
    if bound != "today":
        return bound
    if today is None:
        raise ValueError("this date item is bounded by `today`: pass today=...")
    return today


def _parse_number(item: NumberItem, raw: str, lang: str) -> Answer | AnswerError:
    """A number with a comma or dot decimal separator, within the item's bounds."""
    text = re.sub(r"(?<=\d)[\s\u00a0\u202f](?=\d)", "", raw.strip()).replace(",", ".")
    low, high = format_number(item.min, lang), format_number(item.max, lang)
    if not _NUMBER.match(text):
        return AnswerError(key="answer.not_a_number", params={"example": high})
    number = float(text)
    if item.integer and not number.is_integer():
        return AnswerError(key="answer.not_whole_number")
    if not item.min <= number <= item.max:
        return AnswerError(key="answer.number_out_of_range", params={"min": low, "max": high})
    return Answer(status="answered", value=int(number) if item.integer else number)


def _parse_date(item: DateItem, raw: str, today: dt.date | None) -> Answer | AnswerError:
    """A date typed as DD.MM.RRRR (or D.M.RRRR), within the item's bounds."""
    low, high = _resolve(item.min_date, today), _resolve(item.max_date, today)
    match = _DATE.match(raw.strip())
    if match is None:
        example = format_date(high or low or dt.date(1987, 3, 5))
        return AnswerError(key="answer.not_a_date", params={"example": example})
    day, month, year = (int(g) for g in match.groups())
    try:
        value = dt.date(year, month, day)
    except ValueError:
        return AnswerError(key="answer.no_such_date")
    if low is not None and value < low:
        return AnswerError(key="answer.date_too_early", params={"min": format_date(low)})
    if high is not None and value > high:
        return AnswerError(key="answer.date_too_late", params={"max": format_date(high)})
    return Answer(status="answered", value=value.isoformat())


# ---- multiple choice ---------------------------------------------------------------------


def _ordered(item: MultipleItem, chosen: set[str]) -> list[str]:
    """Chosen option ids in the order the options are listed."""
    return [o.id for o in item.options if o.id in chosen]


def toggle_choice(item: MultipleItem, current: list[str], option_id: str) -> list[str]:
    """The choices after tapping an option: an exclusive one clears the others and the reverse."""
    options = {o.id: o for o in item.options}
    if option_id not in options:
        return _ordered(item, set(current))  # a stale button changes nothing
    chosen = set(current) & set(options)
    if option_id in chosen:
        chosen.discard(option_id)
    elif options[option_id].exclusive:
        chosen = {option_id}
    else:
        chosen = {c for c in chosen if not options[c].exclusive} | {option_id}
    return _ordered(item, chosen)


def check_choices(
    q: Questionnaire, item: MultipleItem, chosen: list[str], lang: str
) -> AnswerError | None:
    """Why a set of choices can't be the answer yet (too few, too many, exclusive with others)."""
    options = {o.id: o for o in item.options}
    picked = _ordered(item, set(chosen))
    exclusive = [c for c in picked if options[c].exclusive]
    if exclusive and len(picked) > 1:
        label = options[exclusive[0]].label
        name = label.get(lang) if label else exclusive[0]
        return AnswerError(key="answer.exclusive_conflict", params={"option": name})
    # "None of these" on its own is a full answer even when more choices are asked for.
    if len(picked) < item.min_choices and not exclusive:
        return AnswerError(key="answer.too_few_choices", params={"min": item.min_choices})
    if item.max_choices is not None and len(picked) > item.max_choices:
        return AnswerError(key="answer.too_many_choices", params={"max": item.max_choices})
    return None


def named_choices(q: Questionnaire, item: MultipleItem, raw: str, lang: str) -> list[str] | None:
    """The option ids that typed text names (numbers or labels, separated by commas, semicolons
    or lines; numbers also by spaces), in the order listed; None when a part names none."""
    options = choices(q, item)
    whole = _by_label(q, options, raw, lang)
    found: list[Choice] = []
    if whole is not None:
        found.append(whole)
    else:
        for part in (p for p in re.split(r"[,;\n]", raw) if p.strip()):
            words = part.split()
            if all(w.rstrip(".)").isdigit() for w in words):
                numbered = [_by_number(options, w) for w in words]
                if any(c is None for c in numbered):
                    return None
                found.extend(c for c in numbered if c is not None)
            elif (labelled := _by_label(q, options, part, lang)) is not None:
                found.append(labelled)
            else:
                return None
    return _ordered(item, {str(c.value) for c in found})


def _parse_multiple(
    q: Questionnaire, item: MultipleItem, raw: str, lang: str
) -> Answer | AnswerError:
    """Comma- or space-separated numbers or labels."""
    picked = named_choices(q, item, raw, lang)
    if picked is None:
        return AnswerError(key="answer.unknown_option", params={"count": len(choices(q, item))})
    error = check_choices(q, item, picked, lang)
    return error or Answer(status="answered", value=picked)


# ---- the entry points --------------------------------------------------------------------


def parse_answer(
    q: Questionnaire, item: Item, raw: str, lang: str, *, today: dt.date | None = None
) -> Answer | AnswerError:
    """Turn typed input into an answer, or say (as a message key) why it can't be one.

    `today` resolves date bounds written as `today`; it is required only for such items.
    """
    if not raw.strip():
        return AnswerError(key="answer.empty")
    if isinstance(item, SingleItem | ScaleItem | YesNoItem):
        options = choices(q, item)
        picked = _pick(q, options, raw, lang)
        if picked is not None:
            return Answer(status="answered", value=picked.value)
        if isinstance(item, YesNoItem):
            return AnswerError(key="answer.yes_or_no")
        return AnswerError(key="answer.unknown_option", params={"count": len(options)})
    if isinstance(item, MultipleItem):
        return _parse_multiple(q, item, raw, lang)
    if isinstance(item, NumberItem):
        return _parse_number(item, raw, lang)
    if isinstance(item, TextItem):
        text = raw.strip()
        if len(text) > item.max_length:
            params = {"max": item.max_length, "length": len(text)}
            return AnswerError(key="answer.text_too_long", params=params)
        return Answer(status="answered", value=text)
    return _parse_date(item, raw, today)


_LABELS: dict[tuple[int, int, str], tuple[Questionnaire, Item, dict[str, str]]] = {}


def _labels(q: Questionnaire, item: Item, lang: str) -> dict[str, str]:
    """Each choice's stored value in words, worded once per item and language (see _CHOICES)."""
    key = (id(q), id(item), lang)
    found = _LABELS.get(key)
    if found is None:
        if len(_LABELS) >= _CHOICES_MAX:
            _LABELS.clear()
        found = (q, item, {str(c.value): c.label.get(lang) for c in choices(q, item)})
        _LABELS[key] = found
    return found[2]


def answer_label(
    q: Questionnaire, item: Item, answer: Answer, lang: str, *, own: bool = False
) -> str:
    """The answer in words, as the person would say it (never an option id).

    `own`: shown to the person who answered, so a decline is in their own voice ("I prefer not
    to say"), not the third person staff read ("Prefers not to say").
    """
    if answer.status != "answered":
        return message(f"{'echo' if own else 'status'}.{answer.status}", lang)
    value = answer.value
    labels = _labels(q, item, lang)
    if isinstance(item, MultipleItem) and isinstance(value, list):
        return ", ".join(labels.get(v, v) for v in value)
    if labels:
        return labels.get(str(value), str(value))
    if isinstance(item, NumberItem) and isinstance(value, int | float):
        unit = item.unit.get(lang) if item.unit else ""
        return f"{format_number(value, lang)} {unit}".strip()
    if isinstance(item, DateItem) and isinstance(value, str):
        try:
            return format_date(dt.date.fromisoformat(value))
        except ValueError:
            return value
    return str(value)
