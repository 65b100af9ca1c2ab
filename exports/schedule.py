"""The weekly schedule and attendance with the two-thirds rule, as far as documents show them.

The plan shows the participant's current week (hours and the two-thirds share); the club
report counts participant-weeks over the report's period.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from zoneinfo import ZoneInfo

from base.times import week_bounds
from exports import two_thirds
from exports.formats import formats
from exports.summary import Row
from exports.words import show_date, translator
from storage.tx import Tx


@dataclass(frozen=True)
class ScheduleView:
    """This week's figures under a note naming the week, or a note saying why there are none."""

    available: bool
    note: str
    rows: tuple[Row, ...] = ()


async def weekly_schedule(
    tx: Tx, club_id: int, participant_id: int, lang: str, day: date, timezone: str
) -> ScheduleView:
    """The participant's week containing day: planned and attended hours, the two-thirds share."""
    t = translator(lang)
    week = show_date(day, lang)
    share = await two_thirds.week_share(tx, club_id, participant_id, day, timezone)
    if not share.planned:
        return ScheduleView(True, t("doc.schedule.no_sessions", date=week))
    hours, percent = formats(lang).hours, two_thirds.percent
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


# A report covers at most two years of weeks; older weeks are left out (and the label says
# from when the figures count).
MAX_WEEKS = 106


async def club_compliance_period(
    tx: Tx,
    club_id: int,
    participant_ids: list[int],
    lang: str,
    first: date | None,
    last: date,
    timezone: str,
) -> ScheduleView:
    """Participant-weeks from first (default: the club's first session) to last: how many had
    sessions, and how many kept two thirds, planned and attended."""
    t = translator(lang)
    if first is None:
        start, _ = week_bounds(date(2000, 1, 3), timezone)
        _, end = week_bounds(last, timezone)
        sessions = await tx.schedule.in_club(club_id, start, end)
        if not sessions:
            return ScheduleView(True, t("doc.schedule.no_sessions_ever"), ())
        first = sessions[0].starts_at.astimezone(ZoneInfo(timezone)).date()
    monday = max(
        first - timedelta(days=first.weekday()),
        last - timedelta(days=last.weekday(), weeks=MAX_WEEKS - 1),
    )
    with_sessions = planned_ok = attended = attended_ok = 0
    while monday <= last:
        for participant_id in participant_ids:
            share = await two_thirds.week_share(tx, club_id, participant_id, monday, timezone)
            if share.planned:
                with_sessions += 1
                planned_ok += 0 if share.below else 1
            if share.attended:
                attended += 1
                attended_ok += 0 if share.attended_below else 1
        monday += timedelta(days=7)
    start_day = max(first, last - timedelta(days=last.weekday(), weeks=MAX_WEEKS - 1))
    rows = (
        Row(t("doc.schedule.weeks_with_sessions"), str(with_sessions)),
        Row(t("doc.schedule.weeks_planned_ok"), str(planned_ok)),
        Row(t("doc.schedule.weeks_with_attendance"), str(attended)),
        Row(t("doc.schedule.weeks_attended_ok"), str(attended_ok)),
    )
    title = t("doc.schedule.period", since=show_date(start_day, lang), until=show_date(last, lang))
    return ScheduleView(True, title, rows)
