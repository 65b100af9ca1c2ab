"""The statutory report's figures for a calendar year, hand-counted, at the year's edges in
the club's zone (Warsaw): who was in the programme, admitted, ended and how, follow-ups,
sessions and attendance; entered figures and the ones left to complete by hand."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import docx

from base.times import parse_local
from exports.figures import club_figures
from exports.periods import Period, year_period
from exports.render import sheet_bytes
from exports.statutory import statutory_sheet
from flows.schedule import planning
from storage.db import Database
from storage.tx import Tx

ZONE = ZoneInfo("Europe/Warsaw")
NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


async def _person(
    tx: Tx,
    club_id: int,
    name: str,
    start: date,
    end: date | None = None,
    how: str = "graduated",
    code: str | None = None,
    groups: tuple[str, ...] = (),
) -> tuple[int, int]:
    person = await tx.participants.create(club_id, name, NOW)
    enrolment = await tx.enrolments.current(club_id, person.id)
    assert enrolment is not None
    await tx.enrolments.set_detail(club_id, enrolment.id, "period_start", start)
    await tx.enrolments.set_groups(club_id, enrolment.id, person.id, groups)
    if end is not None:
        await tx.enrolments.finish(
            club_id,
            person.id,
            "graduated" if how == "graduated" else "left",
            on=end,
            outcome=code if how == "graduated" else None,
            reason=code if how == "left" else None,
        )
    return person.id, enrolment.id


async def _session(tx: Tx, club_id: int, when: str, who: tuple[int, ...], kind: str) -> int:
    starts = parse_local(when, "Europe/Warsaw")
    assert starts is not None
    made = await planning.create(
        tx,
        club_id,
        planning.Plan(kind, "Zajęcia", "sala", starts, 90, "chosen", who),
        "test",
        NOW,
        "pl",
    )
    return made[0].id


async def _year_edges(db: Database) -> int:
    """Five people around the turn of 2026/2027 and two sessions either side of midnight."""
    async with db.transaction() as tx:
        club = await tx.clubs.create("KIS Brzeg", "KIS", "Europe/Warsaw", NOW)
        cid = club.id
        staff = await tx.staff.add(cid, 601, "Ewa", "leader", NOW)
        # In 2025 and 2026; graduated into open employment on 1 January 2026.
        await _person(
            tx,
            cid,
            "A",
            date(2025, 6, 1),
            date(2026, 1, 1),
            code="employment_open",
            groups=("homeless", "alcohol"),
        )
        # Left on the last day of 2025: not in 2026 at all.
        await _person(
            tx,
            cid,
            "B",
            date(2025, 3, 1),
            date(2025, 12, 31),
            "left",
            "health",
            groups=("alcohol",),
        )
        # Admitted on the last day of 2026, still in.
        c, _ = await _person(tx, cid, "C", date(2026, 12, 31), groups=("unemployed",))
        # Admitted on 1 January 2027: not in 2026.
        d, _ = await _person(tx, cid, "D", date(2027, 1, 1), groups=("unemployed",))
        # All of 2026, left on 31 December 2026 having lost contact; no group.
        e, e_enrolment = await _person(
            tx, cid, "E", date(2026, 2, 1), date(2026, 12, 31), "left", "lost_contact"
        )
        # 23:30 on 31 December in Warsaw is 2026; 00:30 on 1 January is 2027 (both UTC 2026).
        s2026 = await _session(tx, cid, "31.12.2026 23:30", (c, e), "group_workshop")
        s2027 = await _session(tx, cid, "01.01.2027 00:30", (c, d), "vocational")
        for sid, pid, presence in (
            (s2026, c, "present"),
            (s2026, e, "unexcused"),
            (s2027, c, "present"),
            (s2027, d, "late"),
        ):
            assert await tx.attendance.record(
                cid,
                sid,
                pid,
                presence,
                minutes=None,  # type: ignore[arg-type]
                reason=None,
                staff_id=None,
                now=NOW,
            )
        # Follow-ups answered a minute either side of midnight, Warsaw time.
        for minute, answer in (
            (datetime(2026, 12, 31, 22, 59, tzinfo=UTC), "working"),
            (datetime(2026, 12, 31, 23, 0, tzinfo=UTC), "learning"),
        ):
            await tx.follow_ups.record_phone(cid, e, e_enrolment, 3, answer, staff.id, minute)  # type: ignore[arg-type]
    return cid


async def test_who_counts_in_2026(db: Database) -> None:
    club_id = await _year_edges(db)
    async with db.transaction() as tx:
        f = await club_figures(tx, club_id, year_period(2026, ZONE))
    assert (f.people, f.admitted, f.graduated, f.left, f.at_end) == (3, 2, 1, 1, 1)
    assert dict(f.groups) == {"homeless": 1, "alcohol": 1, "unemployed": 1, "none": 1}
    assert dict(f.outcomes) == {"employment_open": 1}
    assert f.employed == 1
    assert dict(f.leaving) == {"lost_contact": 1}
    assert dict(f.follow_ups) == {"working": 1}
    assert {
        k: (d.sessions, d.session_minutes, d.people, d.attended_minutes) for k, d in f.dose.items()
    } == {"group_workshop": (1, 90, 1, 90)}
    assert dict(f.presence) == {"present": 1, "unexcused": 1}


async def test_who_counts_in_2025_and_2027(db: Database) -> None:
    club_id = await _year_edges(db)
    async with db.transaction() as tx:
        y2025 = await club_figures(tx, club_id, year_period(2025, ZONE))
        y2027 = await club_figures(tx, club_id, year_period(2027, ZONE))
    assert (y2025.people, y2025.admitted, y2025.graduated, y2025.left, y2025.at_end) == (
        2,
        2,
        0,
        1,
        1,
    )
    assert dict(y2025.leaving) == {"health": 1}
    assert (y2027.people, y2027.admitted, y2027.at_end) == (2, 1, 2)  # C still in, D admitted
    assert dict(y2027.follow_ups) == {"learning": 1}
    assert dict(y2027.presence) == {"present": 1, "late": 1}
    assert y2027.dose["vocational"].people == 2


async def test_one_day_periods_at_the_edge(db: Database) -> None:
    club_id = await _year_edges(db)
    async with db.transaction() as tx:
        last = await club_figures(tx, club_id, Period(date(2026, 12, 31), date(2026, 12, 31), ZONE))
        first = await club_figures(tx, club_id, Period(date(2027, 1, 1), date(2027, 1, 1), ZONE))
    assert (last.people, last.admitted, last.left, last.at_end) == (2, 1, 1, 1)  # C, E
    assert (first.people, first.admitted, first.left) == (2, 1, 0)  # C, D
    assert sum(last.presence.values()) == 2
    assert sum(first.presence.values()) == 2


async def test_statutory_report_fills_what_it_knows_and_asks_for_the_rest(db: Database) -> None:
    club_id = await _year_edges(db)
    async with db.transaction() as tx:
        await tx.report_inputs.set(club_id, 2026, "grant_received", "120 000,00", "cli", NOW)
        club = await tx.clubs.get(club_id)
        assert club is not None
        sheet = await statutory_sheet(tx, club, 2026, "en", date(2027, 1, 5))
    headings = [s.heading for s in sheet.sections]
    assert headings == [
        "1. Staff",
        "2. Participants by group",
        "3. Reintegration effects, employment after completion included",
        "4. Activities carried out and their effects",
        "5. Change from entry to exit (evaluation)",
        "6. Grant settlement",
    ]
    grants = sheet.sections[-1]
    assert grants.tables[0].rows == (("Grant received (PLN)", "120 000,00"),)
    assert "To complete by hand: Grant spent (PLN)" in grants.to_complete
    assert (
        "To complete by hand: Staff working time (full-time equivalents)"
        in sheet.sections[0].to_complete
    )
    programme = sheet.sections[1].tables[0].rows
    assert programme == (
        ("People in the programme in the period", "3"),
        ("Admitted in the period", "2"),
        ("Completed in the period", "1"),
        ("Left in the period", "1"),
        ("In the programme at the period's end", "1"),
    )
    document = docx.Document(io.BytesIO(sheet_bytes(sheet, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "To complete by hand: Grant spent (PLN)" in text
    cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
    assert ["Admitted in the period", "2"] in cells
