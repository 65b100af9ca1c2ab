"""A support path in words, for the bot and the documents alike: instrument names, the
profile's reasons, an annex's change."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

from base.i18n import Param, has, translate
from questionnaires.bundled import catalogue
from questionnaires.model import LocalizedText
from storage.repos.support_paths import Goal, GoalEnd, SupportItem


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


def _day(iso: str) -> str:
    try:
        return date.fromisoformat(iso).strftime("%d.%m.%Y")
    except ValueError:
        return iso


def end_reason(lang: str, end: GoalEnd) -> str:
    """Why a goal was ended: the typed words for "other", else the reason's name."""
    return (
        end.note if end.reason == "other" and end.note else t(lang, f"goal_end.reason.{end.reason}")
    )


def goal_end(lang: str, end: GoalEnd) -> str:
    """The mark of an ended goal: by which annex, from when, why."""
    return t(
        lang,
        "goal_end.mark",
        annex=end.annex,
        date=end.on.strftime("%d.%m.%Y"),
        reason=end_reason(lang, end),
    )


def goal_end_changes(lang: str, goals: list[Goal], show: Callable[[date], str]) -> dict[int, str]:
    """Annex number -> the goal it ended, in words: the goal's number, the date, the reason as
    typed (the stored summary keeps only its code) and the goal's own words."""
    out: dict[int, str] = {}
    for number, goal in enumerate(goals, start=1):
        if goal.ended is None:
            continue
        change = t(
            lang,
            "path.change.goal_ended",
            number=number,
            date=show(goal.ended.on),
            reason=end_reason(lang, goal.ended),
        )
        out[goal.ended.annex] = t(lang, "doc.plan.annex_goal", change=change, goal=goal.goal)
    return out


def summary(lang: str, stored: str, staff: dict[int, str]) -> str:
    """An annex's change in words."""
    try:
        change = json.loads(stored)
    except ValueError:
        return stored
    kind = str(change.get("change", ""))
    if kind == "goal_ended":
        # The goal's number, the reason's code and the date: what an erasure leaves readable.
        reason = str(change.get("reason", "other"))
        return t(
            lang,
            "path.change.goal_ended",
            number=str(change.get("value", "?")),
            date=_day(str(change.get("from", ""))),
            reason=t(lang, f"goal_end.reason.{reason}")
            if has("pl", f"goal_end.reason.{reason}")
            else reason,
        )
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
