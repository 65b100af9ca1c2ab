"""The club report counts its people, groups, endings, outcomes and follow-ups by the
enrolments of its period, as the statutory report does (hand-counted at a year's edges)."""

from __future__ import annotations

from datetime import date, datetime, time

from exports.report import ReportDoc, build_report
from storage.db import Database
from tests.test_report_year import ZONE, _year_edges


async def _report(db: Database, club_id: int, year: int) -> ReportDoc:
    since = datetime.combine(date(year, 1, 1), time(), ZONE)
    until = datetime.combine(date(year + 1, 1, 1), time(), ZONE)
    async with db.transaction() as tx:
        return await build_report(tx, club_id, "en", date(year, 12, 31), since=since, until=until)


def _values(doc: ReportDoc, section: str) -> dict[str, int | float | None]:
    return {f.code: f.value for f in doc.figures() if f.section == section}


async def test_2026_counts_only_who_was_in_the_programme_in_2026(db: Database) -> None:
    club_id = await _year_edges(db)
    doc = await _report(db, club_id, 2026)
    # A (graduated 1 Jan 2026), C (admitted 31 Dec 2026), E (left 31 Dec 2026); not B (left
    # 31 Dec 2025) nor D (admitted 1 Jan 2027). Only C is still in on 31 December.
    assert _values(doc, "programme") == {
        "total": 3,
        "in_programme": 1,
        "graduated": 1,
        "left": 1,
        "declined": 0,
    }
    # A is in two groups and counts in each; E has none.
    assert _values(doc, "group") == {"homeless": 1, "alcohol": 1, "unemployed": 1, "none": 1}
    assert _values(doc, "outcome") == {"employment_open": 1, "employment_total": 1}
    # E's phone answers: 23:59 on 31 December counts in 2026, midnight does not.
    follow = _values(doc, "follow_up")
    assert (follow["3m_answered"], follow["3m_working"], follow["3m_learning"]) == (1, 1, 0)


async def test_2025_counts_the_people_of_2025(db: Database) -> None:
    club_id = await _year_edges(db)
    doc = await _report(db, club_id, 2025)
    # A and B; A ends on 1 January 2026, so is still in on 31 December 2025; B left that day.
    assert _values(doc, "programme") == {
        "total": 2,
        "in_programme": 1,
        "graduated": 0,
        "left": 1,
        "declined": 0,
    }
    assert _values(doc, "group") == {"alcohol": 2, "homeless": 1}
    assert _values(doc, "outcome") == {"employment_total": 0}
    assert _values(doc, "follow_up")["3m_answered"] == 0  # both answers came in 2026
