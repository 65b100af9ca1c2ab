"""Exports on the seeded demo club: golden files, DOCX and XLSX read back, typed markup escaped
in every format, the HTML in headless Chromium (skipped where it is missing, failing in CI).

Golden files live in tests/golden/. After an intended change of a document, regenerate them with
    python -m pytest tests/test_exports.py --update-golden
(that run fails on purpose), read `git diff tests/golden`, and run again.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import docx
import openpyxl
from openpyxl.utils import get_column_letter

from exports.dataset import DatasetOptions, build_dataset
from exports.plan import build_plan
from exports.render import plan_bytes, report_html, summary_bytes
from exports.report import build_report
from exports.summary import SummaryDoc, build_summary
from exports.tabular import csv_bytes
from flows.demo_data import seed_demo
from questionnaires.model import Answer
from storage.db import Database
from storage.repos.exports import ExportParticipant, exports_of
from storage.tx import Tx
from tests.browser import Browser

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)
ZONE = ZoneInfo("Europe/Warsaw")
MARKUP = '<script>alert("x")</script> **bold** [link](http://evil) =HYPERLINK("x") & ł ї'


def _without_chart(html: bytes) -> bytes:
    """The HTML with the chart's drawing left out: its paths change with matplotlib versions
    (tests/test_chart.py checks the chart itself)."""
    return re.sub(rb"<svg.*?</svg>", b"<svg><!-- chart --></svg>", html, flags=re.DOTALL)


async def _demo(db: Database) -> int:
    async with db.transaction() as tx:
        return (await seed_demo(tx, NOW, "Europe/Warsaw")).club_id


async def _first(db: Database, club_id: int) -> tuple[ExportParticipant, SummaryDoc]:
    async with db.transaction() as tx:
        person = (await exports_of(tx).participants(club_id))[0]
        reading = (await tx.readings.submitted(person.id, "participant"))[0]
        return person, await build_summary(tx, person, reading, "pl", ZONE, TODAY)


async def test_demo_data_is_made_once(db: Database) -> None:
    club_id = await _demo(db)
    async with db.transaction() as tx:
        again = await seed_demo(tx, NOW, "Europe/Warsaw")
        people = await exports_of(tx).participants(club_id)
        readings = await exports_of(tx).submitted_readings(club_id, "participant")
    assert not again.created
    assert again.club_id == club_id
    assert len(people) == 30
    kinds = {(r.participant_id, r.kind) for r in readings}
    assert all((p.id, "entry") in kinds and (p.id, "exit") in kinds for p in people)


async def test_golden_documents_of_the_demo_club(
    db: Database, golden: Callable[[str, bytes], None]
) -> None:
    club_id = await _demo(db)
    person, summary = await _first(db, club_id)
    async with db.transaction() as tx:
        plan = await build_plan(tx, person, "uk", ZONE, TODAY)
        report = await build_report(tx, club_id, "pl", TODAY)
        dataset = await build_dataset(tx, club_id, DatasetOptions(lang="en"))
    golden("summary_pl.md", summary_bytes(summary, "md"))
    golden("summary_pl.html", _without_chart(summary_bytes(summary, "html")))
    golden("plan_uk.md", plan_bytes(plan, "md"))
    golden("report_pl.csv", report.csv())
    golden("dataset_en.csv", dataset.csv())
    golden("dataset_en.codebook.csv", dataset.codebook_csv())


async def test_the_docx_holds_the_summary(db: Database) -> None:
    club_id = await _demo(db)
    person, summary = await _first(db, club_id)
    document = docx.Document(io.BytesIO(summary_bytes(summary, "docx")))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Podsumowanie diagnozy" in text
    assert any(c.startswith(f"{person.display_name} (#{person.id})") for c in cells)
    assert summary.spheres[0].self_score in cells
    assert summary.spheres[0].needs_cell in cells  # findings in words
    assert not any("{{" in c or "{%" in c for c in [text, *cells])
    assert len(document.inline_shapes) == 1  # the star chart


async def test_the_xlsx_matches_its_codebook(db: Database) -> None:
    club_id = await _demo(db)
    async with db.transaction() as tx:
        dataset = await build_dataset(tx, club_id, DatasetOptions(codes=True, kinds=("entry",)))
    raw = dataset.xlsx()
    sheets = openpyxl.load_workbook(io.BytesIO(raw)).worksheets
    for sheet in sheets:
        assert sheet.freeze_panes == "A2"  # the header stays in view
        # A filter over every column and row, so staff can sort and pick in Excel or Calc.
        assert sheet.auto_filter.ref == f"A1:{get_column_letter(sheet.max_column)}{sheet.max_row}"
    book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True)
    data, codebook = (list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets)
    assert [s.title for s in book.worksheets] == ["dane", "książka kodów"]
    # Titles in Polish over the columns; the codebook gives each title its id.
    assert list(data[0]) == [row[1] for row in codebook[1:]]
    assert len(set(data[0])) == len(data[0])
    ids = [row[0] for row in codebook[1:]]
    assert ids[:4] == ["participant", "club", "reading", "kind"]
    assert str(data[0][0]).startswith("Pseudonim uczestnika")
    assert not any(title in ids for title in data[0])  # no English id left as a title
    assert len(data) == 1 + 30  # one entry reading each
    assert all(id_ not in ids for id_ in ("name", "telegram_id"))  # pseudonymised
    assert all(str(row[0]).startswith("P") for row in data[1:])
    assert {row[3] for row in data[1:]} == {"entry"}
    income = [i for i in ids if str(i).startswith("income__")]
    assert len(income) > 2  # one column per option of a multiple choice


async def test_typed_markup_is_escaped_in_every_format(db: Database) -> None:
    club_id = await _demo(db)
    person, _ = await _first(db, club_id)
    async with db.transaction() as tx:
        staff = (await tx.staff.in_club(club_id))[0]
        await _rename(tx, person.id)
        reading = await tx.readings.create(
            person.id, "entry", "staff", "diagnosis_staff", 1, None, NOW, staff_member_id=staff.id
        )
        await tx.readings.save_answer(
            reading.id, "se_strengths_note", Answer(status="answered", value=MARKUP), NOW
        )
        await tx.readings.submit(reading.id, NOW)
        path = await tx.support_paths.get(club_id, person.id)
        assert path is not None
        await tx.support_paths.set_text(club_id, path.id, "social_goals", MARKUP)
        marked = (await exports_of(tx).participants(club_id))[0]
        own = (await tx.readings.submitted(person.id, "participant"))[0]
        summary = await build_summary(tx, marked, own, "pl", ZONE, TODAY)
        plan = await build_plan(tx, marked, "pl", ZONE, TODAY)
    for doc_bytes in (summary_bytes(summary, "html"), plan_bytes(plan, "html")):
        html = doc_bytes.decode()
        assert "<script>" not in html
        assert "&lt;script&gt;" in html
    for doc_bytes in (summary_bytes(summary, "md"), plan_bytes(plan, "md")):
        md = doc_bytes.decode()
        assert "<script>" not in md
        assert "**bold**" not in md
        assert "[link]" not in md
        assert "\\<script\\>" in md
        assert "ł ї" in md
    for doc_bytes in (summary_bytes(summary, "docx"), plan_bytes(plan, "docx")):
        document = docx.Document(io.BytesIO(doc_bytes))
        texts = [p.text for p in document.paragraphs] + [
            c.text for t in document.tables for row in t.rows for c in row.cells
        ]
        assert any(MARKUP in t for t in texts)  # shown as typed, not as markup
    cells = csv_bytes(["a"], [["=HYPERLINK(1)"], ["+1"], ["-2"], ["@x"], [-2], ["ł=1"]])
    assert cells.decode("utf-8-sig").split("\r\n")[1:7] == [
        "'=HYPERLINK(1)",
        "'+1",
        "'-2",
        "'@x",
        "-2",
        "ł=1",
    ]


async def _rename(tx: Tx, participant_id: int) -> None:
    """A name typed with markup (staff type names; the bot itself limits only the length)."""
    await tx.conn.run(
        "UPDATE participants SET display_name = ? WHERE id = ?", (MARKUP, participant_id)
    )


async def test_the_html_prints_in_headless_chromium(
    db: Database, tmp_path: Path, browser: Browser
) -> None:
    """The HTML prints to a PDF; the test is async only for the database fixture."""
    club_id = await _demo(db)
    _, summary = await _first(db, club_id)
    async with db.transaction() as tx:
        report = await build_report(tx, club_id, "pl", TODAY)
    for name, data in (
        ("summary.html", summary_bytes(summary, "html")),
        ("report.html", report_html(report)),
    ):
        page = tmp_path / name
        page.write_bytes(data)
        assert browser.pdf(page).startswith(b"%PDF")
