"""The month's attendance: the list per group with its signature column, the card per
participant and the integration-benefit statement, against figures computed by hand
(tests/attendance_helpers.py describes the month)."""

from __future__ import annotations

import asyncio
import csv
import io
from datetime import date
from fractions import Fraction
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import pytest
from click.testing import CliRunner

from base.times import parse_local
from bot.cli import main
from exports.attendance import attendance_sheet, benefit_sheet, month_data
from exports.benefit import BenefitRule, benefit_for_month, set_rule, show_money
from exports.periods import month_period
from exports.render import sheet_bytes
from flows.schedule import planning
from storage.db import Database, open_database
from storage.repos.attendance import Mark
from tests.attendance_helpers import NOW, december

ZONE = ZoneInfo("Europe/Warsaw")
TODAY = date(2027, 1, 5)
NBSP = "\u00a0"


async def _data(db: Database, club_id: int, month: int = 12, *, rule: BenefitRule | None = None):
    async with db.transaction() as tx:
        if rule is not None:
            await set_rule(tx, club_id, rule)
        club = await tx.clubs.get(club_id)
        assert club is not None
        return await month_data(tx, club, month_period(2026, month, ZONE))


async def test_the_list_has_a_column_per_session_hours_and_a_signature_column(db: Database) -> None:
    month = await december(db)
    sheet = attendance_sheet(await _data(db, month.club_id), "pl", TODAY)
    workshop, garden = sheet.sections[0], sheet.sections[1]
    assert workshop.heading == "Warsztat (Grupowe warsztaty integracyjne)"
    table = workshop.tables[0]
    assert table.signature
    assert table.header == (
        "Lp.",
        "Uczestnik",
        "01.12 10:00",
        "08.12 10:00",
        "15.12 10:00",
        "22.12 10:00",
        "Godziny",
        "Podpis",
    )
    assert table.rows == (
        ("1", "Ala", "O", "S", "NU", "NN", "3,5", ""),
        ("2", "Basia", "NN", "O", "O", "O", "6", ""),
        ("3", "Olek", "NN", "NN", "O", "?", "2", ""),
    )
    assert garden.tables[0].rows == (("1", "Ala", "O", "3", ""),)
    assert garden.new_page


async def test_a_card_gives_hours_by_kind_the_two_thirds_share_and_absences(db: Database) -> None:
    month = await december(db)
    sheet = attendance_sheet(await _data(db, month.club_id), "en", TODAY)
    card = next(s for s in sheet.sections if s.heading == "Monthly card: Ala")
    by_kind, absences, excused = card.tables
    assert by_kind.rows == (
        ("Group integration workshop", "2", "3.5"),
        ("Vocational activity", "1", "3"),
        ("Total", "3", "6.5"),
    )
    # 210 of 390 minutes are social reintegration: 53 %, below two thirds.
    assert card.notes == (
        "6.5 hours in total, of which social reintegration 3.5 h (53%).",
        "The month's attendance is below two thirds.",
    )
    # The hours agree with the total as shown: a decimal takes the form CLDR gives it.
    for lang, share in (
        ("pl", "Łącznie 6,5 godziny, w tym reintegracja społeczna 3,5 godz. (53%)."),
        ("uk", "Разом 6,5 години, з них соціальна реінтеграція 3,5 год (53%)."),
    ):
        sheet = attendance_sheet(await _data(db, month.club_id), lang, TODAY)
        assert share in [n for s in sheet.sections for n in s.notes]
    assert absences.rows == (
        ("Late", "1"),
        ("Excused absences", "1"),
        ("Unexcused absences", "1"),
        ("Not recorded", "0"),
    )
    assert excused.rows == (("15.12.2026", "Warsztat", "wizyta u lekarza"),)


async def test_other_months_and_other_clubs_are_not_in_the_list(db: Database) -> None:
    month = await december(db)
    other = await december(db)
    november = attendance_sheet(await _data(db, month.club_id, 11), "en", TODAY)
    assert [s.notes for s in november.sections] == [
        ("There were no sessions with participants this month.",)
    ]
    december_sheet = attendance_sheet(await _data(db, other.club_id), "en", TODAY)
    names = {row[1] for s in december_sheet.sections[:1] for row in s.tables[0].rows}
    assert names == {"Ala", "Basia", "Olek"}
    ids = {r.participant_id for r in (await _data(db, other.club_id)).records}
    assert ids == {other.ala, other.basia, other.olek}


def test_benefit_worked_examples() -> None:
    rule = BenefitRule(monthly_grosz=169430)  # 1 694,30 zł, 1/20 a day, over 3 days lost, 50 %
    # One day: 169430 / 20 = 8471.5 -> 8472 grosz off (half up), 1 609,58 zł due.
    one = benefit_for_month(rule, 1, trial=Fraction(0))
    assert (one.base_grosz, one.deduction_grosz, one.due_grosz) == (169430, 8472, 160958)
    assert one.share_of_full == Fraction(19, 20)
    # Two days: 16943 off exactly.
    assert benefit_for_month(rule, 2, trial=Fraction(0)).due_grosz == 152487
    # Trial month: base 84715; one day 4235.75 -> 4236 off, 80479 due (47.5 % of the full).
    trial = benefit_for_month(rule, 1, trial=Fraction(1))
    assert (trial.base_grosz, trial.deduction_grosz, trial.due_grosz) == (84715, 4236, 80479)
    assert trial.share_of_full == Fraction(19, 40)
    # Three days is still paid (85 %), four is over the limit: nothing for the month.
    # 169430 x 3 / 20 = 25414.5 -> 25415 off: 144015 due.
    assert benefit_for_month(rule, 3, trial=Fraction(0)).due_grosz == 144015
    lost = benefit_for_month(rule, 4, trial=Fraction(0))
    assert (lost.lost, lost.deduction_grosz, lost.due_grosz) == (True, 169430, 0)
    # Without a limit the deductions stop at the whole amount.
    endless = BenefitRule(monthly_grosz=100000, deduction_denominator=20, unexcused_limit_days=None)
    assert benefit_for_month(endless, 25, trial=Fraction(0)).due_grosz == 0
    # Without an amount only the share is known.
    share_only = benefit_for_month(BenefitRule(), 2, trial=Fraction(1))
    assert (share_only.due_grosz, share_only.share_of_full) == (None, Fraction(9, 20))
    assert show_money(160958, "pl") == f"1{NBSP}609,58"


async def _mid_month(db: Database, rule: BenefitRule) -> tuple[int, int]:
    """A CIS participant admitted on 15 January 2027 (trial to 14 February), one unexcused
    day in January and one in February."""
    async with db.transaction() as tx:
        club = await tx.clubs.create("CIS Brzeg", "CIS", "Europe/Warsaw", NOW)
        await set_rule(tx, club.id, rule)
        person = await tx.participants.create(club.id, "Ewa", NOW)
        enrolment = await tx.enrolments.current(club.id, person.id)
        assert enrolment is not None
        await tx.enrolments.set_detail(club.id, enrolment.id, "period_start", date(2027, 1, 15))
        for day in ("20.01.2027 10:00", "10.02.2027 10:00"):
            starts = parse_local(day, "Europe/Warsaw")
            assert starts is not None
            made = await planning.create(
                tx,
                club.id,
                planning.Plan("group_workshop", "W", "sala", starts, 60, "chosen", (person.id,)),
                "test",
                NOW,
                "pl",
            )
            assert await tx.attendance.record(
                club.id, made[0].id, person.id, "unexcused", minutes=None,  # type: ignore[arg-type]
                reason=None, staff_id=None, now=NOW,
            )  # fmt: skip
        return club.id, person.id


async def _benefit_row(db: Database, club_id: int, year: int, month: int) -> tuple[str, ...]:
    async with db.transaction() as tx:
        club = await tx.clubs.get(club_id)
        assert club is not None
        data = await month_data(tx, club, month_period(year, month, ZONE))
    (row,) = benefit_sheet(data, "en", TODAY).sections[0].tables[0].rows
    return row


async def test_a_trial_ending_mid_month_counts_its_days_only(db: Database) -> None:
    club_id, _ = await _mid_month(db, BenefitRule(monthly_grosz=100000))
    # January: 17 days in the programme (15-31), all on trial: 50 % = 500.00; one day 1/20
    # of that off = 25.00.
    january = await _benefit_row(db, club_id, 2027, 1)
    assert january[4:9] == ("yes", "47.5\u00a0%", "500.00", "25.00", "475.00")
    # February: 14 of its 28 days on trial: (14 x 50 % + 14 x 100 %) / 28 = 75 % = 750.00;
    # one day 1/20 of that off = 37.50, 712.50 due (71.25 % of the full benefit).
    february = await _benefit_row(db, club_id, 2027, 2)
    assert february[4:9] == ("14 of 28 days", "71.25\u00a0%", "750.00", "37.50", "712.50")


async def test_the_whole_month_rule_makes_february_a_trial_month(db: Database) -> None:
    club_id, _ = await _mid_month(db, BenefitRule(monthly_grosz=100000, trial_by_days=False))
    february = await _benefit_row(db, club_id, 2027, 2)
    assert february[4:9] == ("yes", "47.5\u00a0%", "500.00", "25.00", "475.00")


async def test_benefit_statement_for_the_month(db: Database) -> None:
    month = await december(db)
    rule = BenefitRule(monthly_grosz=169430)
    sheet = benefit_sheet(await _data(db, month.club_id, rule=rule), "pl", TODAY)
    assert sheet.sections[0].tables[0].rows == (
        # name, days present, hours, unexcused days, trial, share, base, deduction, due, sign
        ("Ala", "3", "6,5", "1", "", f"95{NBSP}%", f"1{NBSP}694,30", "84,72", f"1{NBSP}609,58", ""),
        ("Basia", "3", "6", "1", "tak", f"47,5{NBSP}%", "847,15", "42,36", "804,79", ""),
        ("Olek", "1", "2", "2", "", f"90{NBSP}%", f"1{NBSP}694,30", "169,43", f"1{NBSP}524,87", ""),
    )
    assert "1/20" in sheet.sections[0].notes[0]
    assert any("art. 15" in n for n in sheet.sections[0].notes)


async def test_a_club_rule_changes_the_statement(db: Database) -> None:
    month = await december(db)
    rule = BenefitRule(monthly_grosz=100000, deduction_denominator=10, unexcused_limit_days=1)
    rows = benefit_sheet(await _data(db, month.club_id, rule=rule), "en", TODAY).sections[0]
    ala, basia, olek = rows.tables[0].rows
    assert ala[8] == "900.00"  # one day: 1/10 off
    assert basia[6:9] == ("500.00", "50.00", "450.00")  # trial 50 %, then 1/10
    assert olek[5:9] == ("none for the month", "1,000.00", "1,000.00", "0.00")


async def test_a_record_needs_a_session_of_the_club(db: Database) -> None:
    month = await december(db)
    other = await december(db)
    async with db.transaction() as tx:
        assert not await tx.attendance.record(
            other.club_id,
            month.workshops[0],
            month.ala,
            "present",
            minutes=None,
            reason=None,
            staff_id=None,
            now=NOW,
        )


async def test_a_session_marked_at_once_is_recorded_as_mark_by_mark(db: Database) -> None:
    month = await december(db)
    other = await december(db)
    session = month.workshops[0]

    async def rows() -> list[tuple[object, ...]]:
        async with db.transaction() as tx:
            found = await tx.conn.all(
                "SELECT participant_id, presence, attended, minutes_attended, absence_reason "
                "FROM session_attendees WHERE session_id = ? ORDER BY participant_id",
                (session,),
            )
        return [tuple(r) for r in found]

    before = await rows()
    marks = [
        Mark(month.ala, "late", 60),
        Mark(month.basia, "excused", reason="opieka nad dzieckiem"),
        Mark(month.olek, "present"),
    ]
    async with db.transaction() as tx:
        # Another club's leader cannot mark this club's session.
        await tx.attendance.record_many(other.club_id, session, marks, staff_id=None, now=NOW)
    assert await rows() == before
    async with db.transaction() as tx:
        await tx.attendance.record_many(month.club_id, session, marks, staff_id=None, now=NOW)
    assert await rows() == [
        (month.ala, "late", True, 60, None),
        (month.basia, "excused", False, 0, "opieka nad dzieckiem"),
        (month.olek, "present", True, 120, None),
    ]


async def test_every_format_reads_back(db: Database) -> None:
    month = await december(db)
    data = await _data(db, month.club_id, rule=BenefitRule(monthly_grosz=169430))
    for sheet in (attendance_sheet(data, "uk", TODAY), benefit_sheet(data, "uk", TODAY)):
        document = docx.Document(io.BytesIO(sheet_bytes(sheet, "docx")))
        cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
        first = sheet.sections[0].tables[0]
        assert list(first.header) in cells
        assert list(first.rows[0]) in cells
        assert document.sections[0].page_width > document.sections[0].page_height  # landscape
        rows = list(csv.reader(io.StringIO(sheet_bytes(sheet, "csv").decode("utf-8-sig"))))
        assert [sheet.sections[0].heading, *first.rows[0]] in rows
        html = sheet_bytes(sheet, "html").decode("utf-8")
        assert sheet.title in html
        assert 'class="sign"' in html


async def _seeded(path: Path) -> int:
    database = await open_database(str(path))
    try:
        return (await december(database)).club_id
    finally:
        await database.close()


def test_the_cli_writes_the_month_and_refuses_a_bad_month(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    club_id = asyncio.run(_seeded(tmp_path / "k.sqlite3"))
    monkeypatch.setenv("KISBOT_DB_PATH", str(tmp_path / "k.sqlite3"))
    runner = CliRunner()
    args = ["--club", str(club_id), "--month", "2026-12"]
    done = runner.invoke(main, ["club", "benefit", str(club_id), "--amount", "1694,30"])
    assert done.exit_code == 0, done.output
    assert "monthly amount: 1\u00a0694,30 zł" in done.stdout
    assert "a month partly on trial: trial share for its trial days" in done.stdout
    done = runner.invoke(main, ["club", "benefit", str(club_id), "--trial-rule", "month"])
    assert "a month partly on trial: a whole trial month" in done.stdout
    out = tmp_path / "ben.csv"
    done = runner.invoke(main, ["export", "benefit", *args, "--format", "csv", "-o", str(out)])
    assert done.exit_code == 0, done.output
    assert "1\u00a0609,58" in out.read_text(encoding="utf-8-sig")
    bad = runner.invoke(
        main, ["export", "attendance", "--club", "1", "--month", "2026-13", "-o", "x"]
    )
    assert bad.exit_code == 2
    assert "--month: '2026-13' is not a month (YYYY-MM)" in bad.stderr
    bad = runner.invoke(main, ["club", "benefit", "1", "--amount", "=1+1"])
    assert "--amount: '=1+1' is not an amount" in bad.stderr
