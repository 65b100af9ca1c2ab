"""The club report counts the two-thirds rule over its whole period, week by week."""

from __future__ import annotations

from datetime import date

from exports.report import build_report
from tests.harness import Kisbot
from tests.schedule_helpers import join, plan


async def test_participant_weeks_over_the_period(kisbot: Kisbot) -> None:
    _, ala = await join(kisbot, 4801, "Ala")
    _, olek = await join(kisbot, 4802, "Olek")
    # Week 1: Ala has two reintegration hours (kept); Olek one of three (below).
    await plan(kisbot, "25.11.2026 10:00", participants=(ala,), minutes=120)
    await plan(kisbot, "26.11.2026 10:00", participants=(olek,), minutes=60)
    await plan(kisbot, "27.11.2026 10:00", participants=(olek,), minutes=120, kind="vocational")
    # Week 2: only Ala, vocational only (below).
    await plan(kisbot, "02.12.2026 10:00", participants=(ala,), kind="vocational")
    async with kisbot.db.transaction() as tx:
        report = await build_report(tx, await kisbot.club(), "en", date(2026, 12, 6))
    assert report.attendance.note == "From 25/11/2026 to 06/12/2026:"  # the first session
    assert [(r.label, r.value) for r in report.attendance.rows] == [
        ("Participant-weeks with planned sessions", "3"),
        ("of which the plan keeps the two-thirds rule", "1"),
        ("Participant-weeks with attendance marked", "0"),
        ("of which attendance keeps the two-thirds rule", "0"),
    ]
