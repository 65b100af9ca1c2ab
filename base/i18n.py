"""Message catalogues (gettext .po files, read with Babel) and translation."""

from __future__ import annotations

import gettext
import io
import re
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LANGUAGES = ("pl", "uk", "en")
SOURCE_LANGUAGE = "pl"
# Every package that ships a locales/ folder of .po files; their catalogues are merged.
CATALOGUE_PACKAGES = ("flows", "questionnaires")

Param = str | int | float
# A placeholder with a word right after it ("{months} months"): a number that word agrees with.
_NUMBER_BEFORE_WORD = re.compile(r"\{(\w+)\}[ \u00a0]+[^\W\d_]")
# Which of a plural message's forms a number with decimals takes ("1,5"). CLDR puts decimals in
# the category `other`, which gettext's forms (whole numbers only) lack in Polish and
# Ukrainian: there a decimal takes the genitive singular, spelt as the `few` form when the noun
# follows the number ("2 godziny", "1,5 godziny"; "2 години", "1,5 години"). A noun after a
# preposition takes other cases ("z 2 godzin" but "z 1,5 godziny"): word such a message with
# the number before its noun. English `other` is its second form ("1.5 hours").
DECIMAL_FORM = {"pl": 1, "uk": 1, "en": 1}


@dataclass(frozen=True)
class Text:
    """A message key with its parameters, translated only when rendered."""

    key: str
    params: Mapping[str, Param] | None = None
    count: int | None = None


def _po_files(language: str) -> Iterable[Traversable]:
    """`locales/<lang>.po` and every `locales/<lang>/*.po` (one file per area of the bot)."""
    for package in CATALOGUE_PACKAGES:
        locales = resources.files(package) / "locales"
        single = locales / f"{language}.po"
        if single.is_file():
            yield single
        folder = locales / language
        if folder.is_dir():
            yield from sorted(
                (f for f in folder.iterdir() if f.name.endswith(".po")), key=lambda f: f.name
            )


@cache
def catalogue(language: str) -> Catalog:
    """The merged Babel catalogue of one language."""
    merged: Catalog | None = None
    for path in _po_files(language):
        with path.open("rb") as fh:
            part = read_po(fh, locale=language)
        if merged is None:
            merged = part
            continue
        for message in part:
            if message.id:
                merged[message.id] = message
    if merged is None:
        raise LookupError(f"no message catalogue for language {language!r}")
    return merged


@cache
def _translations(language: str) -> gettext.GNUTranslations:
    buffer = io.BytesIO()
    write_mo(buffer, catalogue(language))
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def has(language: str, key: str) -> bool:
    """Whether the language's catalogue translates key."""
    message = catalogue(language).get(key)
    if message is None:
        return False
    if isinstance(message.string, tuple):
        return all(message.string)
    return bool(message.string)


def translate(
    language: str,
    key: str,
    params: Mapping[str, Param] | None = None,
    count: int | float | None = None,
) -> str:
    """The text of key in language (falling back to Polish), with params filled in. A plural
    message agrees with count, which may have decimals (hours shown as 1,5: DECIMAL_FORM)."""
    lang = language if language in LANGUAGES and has(language, key) else SOURCE_LANGUAGE
    translations = _translations(lang)
    counted = _plural_placeholders(lang).get(key)
    if count is None and counted is not None:
        count = _count_of(params, counted)
    if count is None:
        template = translations.gettext(key)
    elif isinstance(count, float) and not count.is_integer() and counted is not None:
        forms = catalogue(lang)[key].string
        template = forms[DECIMAL_FORM[lang]] if isinstance(forms, tuple) else str(forms)
    else:
        template = translations.ngettext(key, key, int(count))
    values: dict[str, Param] = dict(params or {})
    if count is not None:
        values.setdefault("count", count)
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        # A catalogue bug must not break a conversation; tests catch placeholder mismatches.
        return template


@cache
def _plural_placeholders(language: str) -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """Of each message with plural forms in the language's catalogue: its placeholders, and
    those a word follows."""
    return {
        m.id[0]: (
            frozenset().union(*(placeholders(form) for form in m.string)),
            frozenset(name for form in m.string for name in _NUMBER_BEFORE_WORD.findall(form)),
        )
        for m in catalogue(language)
        if isinstance(m.id, tuple) and isinstance(m.string, tuple)
    }


def _count_of(
    params: Mapping[str, Param] | None, names: tuple[frozenset[str], frozenset[str]]
) -> int | float | None:
    """The number a plural message agrees with: its `count` (whole or not), or else the only
    whole number it shows, or of several (an id and the months) the only one a word follows,
    so a caller never has to repeat the number as `count=` (docs/DECISIONS.md)."""
    shown, followed = names
    values = params or {}
    found = values.get("count")
    if isinstance(found, int | float) and not isinstance(found, bool):
        return found
    numbers = {
        k: v
        for k, v in values.items()
        if k in shown and isinstance(v, int) and not isinstance(v, bool)
    }
    if len(numbers) > 1:
        numbers = {k: v for k, v in numbers.items() if k in followed}
    return next(iter(numbers.values())) if len(numbers) == 1 else None


def render(language: str, text: Text) -> str:
    """Translate a Text."""
    return translate(language, text.key, text.params, text.count)


def placeholders(template: str) -> set[str]:
    """The {names} a template uses."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}
