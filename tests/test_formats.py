"""Numbers and dates in documents follow the document's language (Babel's locale data)."""

from __future__ import annotations

import re
from datetime import date

import pytest

from base.i18n import translate
from exports.formats import formats
from exports.render import report_html
from exports.report import build_report
from storage.db import Database
from tests.test_exports import TODAY, _demo


@pytest.mark.parametrize(
    ("lang", "day", "number", "change"),
    [
        ("pl", "05.03.2026", "1\xa0234,5", "−3,5"),
        ("uk", "05.03.2026", "1\xa0234,5", "−3,5"),
        ("en", "05/03/2026", "1,234.5", "−3.5"),
    ],
)
def test_dates_and_numbers_in_each_language(lang: str, day: str, number: str, change: str) -> None:
    f = formats(lang)
    assert f.date(date(2026, 3, 5)) == day
    assert f.number(1234.5, 1) == number
    assert f.signed(-3.5, 1) == change
    assert f.signed(12.0, 0) == "+12"
    assert f.signed(0.04, 1) in ("0,0", "0.0")  # no sign on a change that rounds to nothing
    assert f.hours(90) == ("1.5" if lang == "en" else "1,5")


async def test_the_polish_report_uses_decimal_commas(db: Database) -> None:
    club_id = await _demo(db)
    async with db.transaction() as tx:
        report = await build_report(tx, club_id, "pl", TODAY)
    html = report_html(report).decode("utf-8")
    heading = translate("pl", "doc.report.scores")
    table = next(s for s in html.split("<h2>") if s.startswith(heading))  # the score table
    cells = re.findall(r'<td class="num">([^<]+)</td>', table)
    assert cells, "the score table has figures"
    assert all("." not in c for c in cells)
    assert any("," in c for c in cells)
