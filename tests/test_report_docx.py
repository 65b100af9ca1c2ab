"""The club report in Word, to edit before it goes to the gmina: read back with python-docx in
each language, it holds the HTML's figures (the same ReportDoc, nothing counted again) in Word
tables under Word headings, with the star chart as a picture when there are scores."""

from __future__ import annotations

import html
import io
import re
from datetime import UTC, date, datetime

import docx
import pytest
from docx.document import Document

from exports.formats import formats
from exports.render import report_bytes, report_docx, report_html
from exports.report import build_report
from flows.demo_data import seed_demo
from storage.db import Database
from tests.intake_helpers import t

NOW = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)
TODAY = date(2026, 11, 24)
MARKUP = '<script>alert("x")</script> **bold** & ł ї'


def _rows(document: Document) -> list[tuple[str, ...]]:
    return [tuple(c.text for c in row.cells) for tb in document.tables for row in tb.rows]


def _headings(document: Document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def _html_cells(page: bytes) -> list[tuple[str, ...]]:
    """The HTML's table rows as text, to compare with the Word tables."""
    rows = re.findall(r"<tr>(.*?)</tr>", page.decode(), flags=re.DOTALL)
    return [
        tuple(html.unescape(c) for c in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row))
        for row in rows
    ]


@pytest.mark.parametrize("lang", ["pl", "uk", "en"])
async def test_the_word_report_holds_the_html_figures(db: Database, lang: str) -> None:
    async with db.transaction() as tx:
        club_id = (await seed_demo(tx, NOW, "Europe/Warsaw")).club_id
        doc = await build_report(tx, club_id, lang, TODAY)
    document = docx.Document(io.BytesIO(report_bytes(doc, "docx")))
    assert _headings(document, 1) == [t(lang, "doc.report.title")]
    sections = ["programme", "by_group", "outcomes", "follow_ups", "readings", "scores"]
    assert _headings(document, 2) == [
        *(t(lang, f"doc.report.{s}") for s in sections),
        t(lang, "doc.report.attendance"),
        t(lang, "doc.report.supervision"),
    ]
    rows = _rows(document)
    # Every row of every table, word for word and figure for figure, as the HTML shows it.
    assert rows == _html_cells(report_html(doc))
    total = next(f for f in doc.programme if f.code == "total")
    assert (t(lang, "doc.report.total"), "30") in rows  # the demo club's 30 people
    assert total.value == 30
    # A count of one is the club's own figure, shown as it is (no "<N": that is the network's).
    further = [f for f in doc.outcomes if f.value == 1]
    assert further
    assert all((f.label, "1") in rows for f in further)
    assert not any(cell.startswith("<") for row in rows for cell in row)
    health = doc.scores[1]
    fmt = formats(lang)
    assert (
        health.sphere,
        fmt.number(health.entry, 1),
        fmt.number(health.exit, 1),
        fmt.signed(health.change, 1),
    ) in rows
    assert len(document.inline_shapes) == 1  # the star chart of 30 people's entry and exit
    texts = [p.text for p in document.paragraphs]
    assert doc.club in texts
    assert t(lang, "doc.report.pairs", count=30) in texts
    assert t(lang, "doc.generated", date=doc.generated) in texts


async def test_an_empty_club_gets_no_chart_and_says_so(db: Database) -> None:
    async with db.transaction() as tx:
        club = await tx.clubs.create(MARKUP, "KIS", "Europe/Warsaw", NOW)
        doc = await build_report(tx, club.id, "en", TODAY)
    document = docx.Document(io.BytesIO(report_docx(doc)))
    texts = [p.text for p in document.paragraphs]
    assert MARKUP in texts  # a typed club name shown as typed, not read as markup
    assert t("en", "doc.none") in texts  # nobody by group
    assert t("en", "doc.report.no_follow_ups") in texts
    assert not document.inline_shapes  # no star chart of empty spokes
    assert (t("en", "doc.report.total"), "0") in _rows(document)
