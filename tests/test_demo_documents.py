"""The demo club's month and year in every format: the attendance list and the benefit
statement for October 2026 (the month before the demo's "now"), the statutory report for 2026
and the demo network's report; HTML printed by headless Chromium, Word and CSV read back."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx

from exports.attendance import attendance_sheet, benefit_sheet, month_data
from exports.network import network_sheet
from exports.periods import month_period, year_period
from exports.render import sheet_bytes
from exports.sheet import Sheet
from exports.statutory import statutory_sheet
from flows.demo_data import seed_demo
from storage.db import Database
from tests.browser import Browser

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)
ZONE = ZoneInfo("Europe/Warsaw")


async def _documents(db: Database) -> dict[str, Sheet]:
    async with db.transaction() as tx:
        made = await seed_demo(tx, NOW, "Europe/Warsaw")
        club = await tx.clubs.get(made.club_id)
        assert club is not None
        month = await month_data(tx, club, month_period(2026, 10, ZONE))
        networks = await tx.networks.all()
        return {
            "attendance": attendance_sheet(month, "pl", TODAY),
            "benefit": benefit_sheet(month, "pl", TODAY),
            "statutory": await statutory_sheet(tx, club, 2026, "pl", TODAY),
            "network": await network_sheet(tx, networks[0], year_period(2026, ZONE), "pl", TODAY),
        }


async def test_the_demo_month_has_a_weekly_plan_with_attendance(db: Database) -> None:
    sheet = (await _documents(db))["attendance"]
    lists = [s for s in sheet.sections if s.tables and s.tables[0].signature]
    # October 2026: 4 Mondays, Tuesdays and Wednesdays, 5 Thursdays and Fridays.
    assert sum(len(s.tables[0].header) - 4 for s in lists) == 22
    marks = [c for s in lists for row in s.tables[0].rows for c in row[2:-2]]
    assert {"O", "S", "NU", "NN"} <= set(marks)
    assert "?" not in marks
    cards = [s for s in sheet.sections if s.heading.startswith("Karta miesięczna")]
    assert len(cards) == len(lists[0].tables[0].rows)


async def test_every_demo_document_in_every_format(
    db: Database, tmp_path: Path, browser: Browser
) -> None:
    for name, sheet in (await _documents(db)).items():
        first = next(t for s in sheet.sections for t in s.tables if t.rows)
        document = docx.Document(io.BytesIO(sheet_bytes(sheet, "docx")))
        cells = [[c.text for c in row.cells] for table in document.tables for row in table.rows]
        assert list(first.rows[0]) in cells, name
        paragraphs = [p.text for p in document.paragraphs]
        assert sheet.title in paragraphs, name
        rows = list(csv.reader(io.StringIO(sheet_bytes(sheet, "csv").decode("utf-8-sig"))))
        assert any(row[1:] == list(first.rows[0]) for row in rows), name
        page = tmp_path / f"{name}.html"
        page.write_bytes(sheet_bytes(sheet, "html"))
        assert browser.pdf(page).startswith(b"%PDF"), name


async def test_the_network_report_names_no_participant(db: Database) -> None:
    documents = await _documents(db)
    names = {row[1] for s in documents["attendance"].sections if s.tables and s.tables[0].signature
             for row in s.tables[0].rows}  # fmt: skip
    network = sheet_bytes(documents["network"], "csv").decode("utf-8-sig")
    assert names
    assert not [n for n in names if n in network]
