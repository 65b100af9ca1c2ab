"""The intake summary: short by default (at most two A4 pages in a real browser), full on
request, findings in words (never a question), line breaks kept in Word."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx

from exports.render import summary_bytes
from exports.summary import SummaryDoc, build_summary
from questionnaires.bundled import questionnaire_of
from storage.db import Database
from storage.repos.exports import exports_of
from tests.browser import Browser
from tests.test_exports import TODAY, ZONE, _demo


async def _summaries(db: Database, *, full: bool = False) -> list[tuple[SummaryDoc, set[str]]]:
    """Every demo participant's entry summary, with the question texts of its questionnaire."""
    club_id = await _demo(db)
    out = []
    async with db.transaction() as tx:
        for person in await exports_of(tx).participants(club_id):
            reading = (await tx.readings.submitted(person.id, "participant"))[0]
            doc = await build_summary(tx, person, reading, "pl", ZONE, TODAY, full=full)
            questions = {item.text.pl for item in questionnaire_of(reading).items}
            out.append((doc, questions))
    return out


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


async def test_the_default_summary_prints_on_at_most_two_pages(
    db: Database, tmp_path: Path, browser: Browser
) -> None:
    docs = await _summaries(db)
    # The three longest of the demo club (the most findings, barriers and suggestions).
    longest = sorted(docs, key=lambda d: -len(summary_bytes(d[0], "html")))[:3]
    for n, (doc, _) in enumerate(longest):
        page = tmp_path / f"summary{n}.html"
        page.write_bytes(summary_bytes(doc, "html"))
        pages = _pages(browser.pdf(page))
        assert 1 <= pages <= 2, f"{doc.participant}: {pages} pages"


async def test_findings_are_answers_in_words_never_questions(db: Database) -> None:
    for doc, questions in await _summaries(db):
        found = [
            text
            for s in doc.spheres
            for text in (*s.needs, *s.strengths, *s.staff_needs, *s.staff_strengths)
        ]
        assert found, doc.participant
        for text in found:
            assert text not in questions
            assert not text.rstrip().endswith("?"), text
        assert all(not reason.endswith("?") for reason in doc.safety)
        # The short summary leaves the answers out; the note says the full one exists.
        assert all(not s.answers for s in doc.spheres)
        assert "Wersja skrócona" in summary_bytes(doc, "md").decode("utf-8")


async def test_the_full_summary_has_every_answer(db: Database) -> None:
    short = (await _summaries(db))[0][0]
    full, questions = (await _summaries(db, full=True))[0]
    html = summary_bytes(full, "html").decode("utf-8")
    asked = [q for q in questions if q.replace('"', "&#34;") in html or q in html]
    assert len(asked) > 10  # the answers per sphere, with their questions
    assert len(html) > len(summary_bytes(short, "html"))
    assert full.suggestions  # every suggestion with its reasons


async def test_word_keeps_the_line_break_between_who_answered(db: Database) -> None:
    doc = next(d for d, _ in await _summaries(db) if d.staff_by)
    document = docx.Document(io.BytesIO(summary_bytes(doc, "docx")))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert f"{doc.answered_by}\n{doc.staff_by}" in cells
    staff_cells = [c for c in cells if "\n" in c and "/5" in c]
    assert staff_cells  # the staff rating, its barriers on the next line
