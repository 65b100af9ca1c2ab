"""A support path in words, for the bot and the documents alike: instrument names, the
profile's reasons, an annex's change."""

from __future__ import annotations

import json
from datetime import date

from base.i18n import Param, has, translate
from questionnaires.bundled import catalogue
from questionnaires.model import LocalizedText
from storage.repos.support_paths import SupportItem


def t(lang: str, key: str, **params: Param) -> str:
    """A catalogue text."""
    return translate(lang, key, params or None)


def instrument_name(lang: str, instrument_id: str) -> str:
    """The instrument's name in the language, or its id when the catalogue dropped it."""
    found = catalogue().instrument(instrument_id)
    return found.name.get(lang) if found else instrument_id


def reasons(lang: str, item: SupportItem) -> list[str]:
    """The reasons the profile gave for a proposed instrument."""
    if not item.reason:
        return []
    try:
        stored = json.loads(item.reason)
        return [LocalizedText.model_validate(r).get(lang) for r in stored]
    except (ValueError, TypeError):
        return [item.reason]


def summary(lang: str, stored: str, staff: dict[int, str]) -> str:
    """An annex's change in words."""
    try:
        change = json.loads(stored)
    except ValueError:
        return stored
    kind = str(change.get("change", ""))
    value = str(change.get("value") or "")
    if kind == "status":
        value = t(lang, f"path.status.{value}")
    elif kind in ("target", "start", "review", "agreed", "goal_due", "review_held") and value:
        value = date.fromisoformat(value).strftime("%d.%m.%Y")
    elif kind in ("responsible", "responsible_all") and value.isdigit():
        value = staff.get(int(value), "?")
    instrument = change.get("instrument")
    params: dict[str, Param] = {
        "instrument": instrument_name(lang, str(instrument)) if instrument else "",
        "value": value,
    }
    key = f"path.change.{kind}"
    return t(lang, key, **params) if has("pl", key) else kind
