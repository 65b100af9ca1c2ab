"""The questionnaire engine's message catalogue (gettext .po files under `locales/`)."""

from __future__ import annotations

import functools
from pathlib import Path

from babel.messages.pofile import read_po

from questionnaires.model import LANGUAGES, LocalizedText

LOCALES = Path(__file__).resolve().parent / "locales"


@functools.cache
def catalogue(lang: str) -> dict[str, str]:
    """Message key -> text for one language (empty translations are left out)."""
    with (LOCALES / f"{lang}.po").open("rb") as po:
        messages = read_po(po, locale=lang)
    return {
        str(m.id): str(m.string)
        for m in messages
        if m.id and isinstance(m.id, str) and isinstance(m.string, str) and m.string
    }


def message(key: str, lang: str, **params: str | int | float) -> str:
    """The text of `key` in `lang` (Polish when missing), with its placeholders filled."""
    text = catalogue(lang if lang in LANGUAGES else "pl").get(key) or catalogue("pl")[key]
    return text.format(**params) if params else text


def localized(key: str) -> LocalizedText:
    """A message in every language, for places that take questionnaire-style text."""
    return LocalizedText(pl=message(key, "pl"), uk=message(key, "uk"), en=message(key, "en"))
