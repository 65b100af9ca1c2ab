"""Words shared by the documents: catalogue texts, stored codes in words, dates and scores."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from zoneinfo import ZoneInfo

from base.i18n import Param, has, translate
from exports.dossier import Scored
from exports.formats import formats
from questionnaires.model import ScoredSphere
from questionnaires.scoring import AgendaPoint, SphereResult

Translate = Callable[..., str]


def translator(lang: str) -> Translate:
    """t(key, **params) in one language, for templates and builders."""

    def t(key: str, **params: Param) -> str:
        return translate(lang, key, params or None)

    return t


def agenda_topic(point: AgendaPoint, lang: str) -> str:
    """What a person wants to talk about in person: the item's topic, never its question."""
    if point.topic is not None:
        return point.topic.get(lang)
    return translate(lang, "doc.agenda.no_topic", {"item": point.item})


def label(lang: str, prefix: str, code: str | None) -> str:
    """A stored code in words when the catalogue names it, else as stored; "" for none."""
    if not code:
        return ""
    key = f"{prefix}.{code}"
    return translate(lang, key) if has(lang, key) or has("pl", key) else code


def show_date(value: date | None, lang: str) -> str:
    """A date by the document language's conventions (DD.MM.RRRR in Polish)."""
    return formats(lang).date(value)


def local_date(moment: datetime | None, zone: ZoneInfo, lang: str) -> str:
    """A stored moment's date in the club's zone."""
    return formats(lang).moment(moment, zone)


def iso_date(text: str | None, lang: str) -> str:
    """A stored ISO date (YYYY-MM-DD) as a date; anything else as stored."""
    return formats(lang).iso(text)


def score_text(lang: str, result: SphereResult | None) -> str:
    """ "65 (mocna strona)", or "brak danych"."""
    if result is None or result.score is None:
        return translate(lang, "card.no_data")
    klass = translate(lang, f"class.{result.klass}") if result.klass else ""
    return translate(
        lang, "card.score", {"score": formats(lang).number(result.score), "klass": klass}
    )


def staff_rating_text(lang: str, staff_view: Scored | None, sphere: ScoredSphere) -> str:
    """The staff's own rating of a sphere, "2/5"; "brak danych" without one. (The staff
    assessment's score comes from its barriers checklist, so the rating is what staff said.)"""
    result = staff_view.profile.spheres.get(sphere) if staff_view else None
    if result is None or result.rating is None:
        return translate(lang, "card.no_data")
    return translate(lang, "doc.summary.rating_value", {"rating": result.rating})
