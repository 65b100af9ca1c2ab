"""The weekly schedule and attendance with the two-thirds rule, as far as documents show them.

The schedule is its own feature (flows/schedule, migration 005). Where it is installed, the
documents show the current week's hours and the two-thirds share it computes; where it is not,
they say that the figures are not available rather than print empty numbers.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import date
from types import ModuleType

from exports.summary import Row
from exports.words import show_date, translator
from storage.tx import Tx


@dataclass(frozen=True)
class ScheduleView:
    """This week's figures under a note naming the week, or a note saying why there are none."""

    available: bool
    note: str
    rows: tuple[Row, ...] = ()


def _two_thirds() -> ModuleType | None:
    try:
        return importlib.import_module("flows.schedule.two_thirds")
    except ImportError:
        return None


def _not_kept(lang: str) -> ScheduleView:
    return ScheduleView(available=False, note=translator(lang)("doc.schedule.not_kept"))


async def weekly_schedule(
    tx: Tx, club_id: int, participant_id: int, lang: str, day: date, timezone: str
) -> ScheduleView:
    """The participant's week containing day: planned and attended hours, the two-thirds share."""
    module = _two_thirds()
    if module is None:
        return _not_kept(lang)
    t = translator(lang)
    week = show_date(day)
    share = await module.week_share(tx, club_id, participant_id, day, timezone)
    if not share.planned:
        return ScheduleView(True, t("doc.schedule.no_sessions", date=week))
    hours, percent = module.hours, module.percent
    rows = (
        Row(
            t("doc.schedule.planned"),
            t(
                "doc.schedule.hours",
                hours=hours(share.planned),
                part=hours(share.planned_reintegration),
                percent=percent(share.planned_reintegration, share.planned),
            ),
        ),
        Row(
            t("doc.schedule.attended"),
            t(
                "doc.schedule.hours",
                hours=hours(share.attended),
                part=hours(share.attended_reintegration),
                percent=percent(share.attended_reintegration, share.attended),
            ),
        ),
        Row(t("doc.schedule.rule"), t("doc.schedule.below" if share.below else "doc.schedule.ok")),
    )
    return ScheduleView(True, t("doc.schedule.week", date=week), rows)


async def club_compliance(
    tx: Tx, club_id: int, participant_ids: list[int], lang: str, day: date, timezone: str
) -> ScheduleView:
    """The club's week containing day: how many had sessions, how many kept two thirds."""
    module = _two_thirds()
    if module is None:
        return _not_kept(lang)
    t = translator(lang)
    with_sessions = planned_ok = attended = attended_ok = 0
    for participant_id in participant_ids:
        share = await module.week_share(tx, club_id, participant_id, day, timezone)
        if share.planned:
            with_sessions += 1
            planned_ok += 0 if share.below else 1
        if share.attended:
            attended += 1
            attended_ok += 0 if share.attended_below else 1
    rows = (
        Row(t("doc.schedule.with_sessions"), str(with_sessions)),
        Row(t("doc.schedule.planned_ok"), str(planned_ok)),
        Row(t("doc.schedule.with_attendance"), str(attended)),
        Row(t("doc.schedule.attended_ok"), str(attended_ok)),
    )
    return ScheduleView(True, t("doc.schedule.week", date=show_date(day)), rows)
