"""Words shared by the documents: catalogue texts, stored codes in words, dates and scores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flows.i18n import Param, has, translate
from questionnaires.scoring import SphereResult

Translate = Callable[..., str]


def translator(lang: str) -> Translate:
    """t(key, **params) in one language, for templates and builders."""

    def t(key: str, **params: Param) -> str:
        return translate(lang, key, params or None)

    return t


def label(lang: str, prefix: str, code: str | None) -> str:
    """A stored code in words when the catalogue names it, else as stored; "" for none."""
    if not code:
        return ""
    key = f"{prefix}.{code}"
    return translate(lang, key) if has(lang, key) or has("pl", key) else code


def show_date(value: date | None) -> str:
    """A date as clubs in Poland write it (DD.MM.RRRR)."""
    return value.strftime("%d.%m.%Y") if value else ""


def local_date(moment: datetime | None, zone: ZoneInfo) -> str:
    """A stored moment's date in the club's zone."""
    return show_date(moment.astimezone(zone).date()) if moment else ""


def iso_date(text: str | None) -> str:
    """A stored ISO date (YYYY-MM-DD) as DD.MM.RRRR; anything else as stored."""
    if not text:
        return ""
    try:
        return show_date(date.fromisoformat(text))
    except ValueError:
        return text


def score_text(lang: str, result: SphereResult | None) -> str:
    """ "65 (mocna strona)", or "brak danych"."""
    if result is None or result.score is None:
        return translate(lang, "card.no_data")
    klass = translate(lang, f"class.{result.klass}") if result.klass else ""
    return translate(lang, "card.score", {"score": f"{result.score:.0f}", "klass": klass})
