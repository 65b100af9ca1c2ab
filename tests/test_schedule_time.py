"""Time: a weekly session keeps its club-time hour across the March and October clock changes,
in the stored UTC times, in the reminders and in the calendar export."""

from __future__ import annotations

from datetime import date

import icalendar

from base.times import local, weekly
from flows.schedule import ical
from tests.harness import Kisbot
from tests.schedule_helpers import ZONE, at, join, plan, reminders, utc


def test_weekly_occurrences_keep_the_local_hour_over_both_changes() -> None:
    first = utc(2026, 3, 20, 9)  # Friday 10:00 CET
    march = weekly(first, date(2026, 4, 3), ZONE)
    assert [m.hour for m in march] == [9, 9, 8]  # UTC: winter, winter, summer
    assert {local(m, ZONE).strftime("%H:%M") for m in march} == {"10:00"}
    october = weekly(utc(2026, 10, 16, 8), date(2026, 10, 30), ZONE)  # Friday 10:00 CEST
    assert [m.hour for m in october] == [8, 8, 9]
    assert {local(m, ZONE).strftime("%H:%M") for m in october} == {"10:00"}


async def test_reminders_across_the_march_change(kisbot: Kisbot) -> None:
    kisbot.clock.set(utc(2026, 3, 16, 8))
    person, _ = await join(kisbot, 4301)
    sessions = await plan(kisbot, "27.03.2026 10:00", until=date(2026, 4, 3))
    assert [s.starts_at for s in sessions] == [utc(2026, 3, 27, 9), utc(2026, 4, 3, 8)]
    # The hour-before reminder on 03.04 comes at 09:00 summer time, 07:00 UTC.
    await at(kisbot, utc(2026, 4, 3, 6, 59))
    before = len(reminders(person))
    await at(kisbot, utc(2026, 4, 3, 7, 0))
    assert len(reminders(person)) == before + 1
    assert reminders(person)[-1].text == (
        "Za niedługo, o 10:00: Spotkanie w klubie.\nMiejsce: sala 2."
    )


async def test_reminders_across_the_october_change(kisbot: Kisbot) -> None:
    kisbot.clock.set(utc(2026, 10, 19, 8))
    person, _ = await join(kisbot, 4302)
    sessions = await plan(kisbot, "23.10.2026 10:00", until=date(2026, 10, 30))
    assert [s.starts_at for s in sessions] == [utc(2026, 10, 23, 8), utc(2026, 10, 30, 9)]
    # The day-before reminder of 30.10 comes at 18:00 winter time, 17:00 UTC.
    await at(kisbot, utc(2026, 10, 29, 16, 59))
    before = len(reminders(person))
    await at(kisbot, utc(2026, 10, 29, 17, 0))
    assert reminders(person)[-1].text == (
        "Przypomnienie: 30.10.2026, godz. 10:00 – Spotkanie w klubie.\nMiejsce: sala 2."
    )
    assert len(reminders(person)) == before + 1


async def test_calendar_export_and_import_round_trip(kisbot: Kisbot) -> None:
    kisbot.clock.set(utc(2026, 3, 16, 8))
    await join(kisbot, 4303)
    sessions = await plan(kisbot, "27.03.2026 10:00", until=date(2026, 4, 3))
    data = ical.export(sessions, "KIS", "pl")
    cal = icalendar.Calendar.from_ical(data)
    starts = [e.decoded("dtstart") for e in cal.walk("VEVENT")]
    assert starts == [utc(2026, 3, 27, 9), utc(2026, 4, 3, 8)]
    plans = ical.read(data, ZONE)
    assert [p.starts_at for p in plans] == starts
    assert {p.kind for p in plans} == {"group_workshop"}
