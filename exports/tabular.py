"""CSV and XLSX writing shared by the dataset and the report, with the formula guard."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

Cell = str | int | float | None

# A cell starting with one of these is run as a formula by spreadsheet programs (CSV
# injection); a leading apostrophe makes it text. Tab and carriage return are in the OWASP list.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def guard(value: Cell) -> Cell:
    """A text cell that cannot become a formula; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> bytes:
    """UTF-8 CSV with a byte-order mark, so Excel shows Polish and Ukrainian letters right."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([guard(h) for h in header])
    for row in rows:
        writer.writerow(["" if v is None else guard(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence[Cell]]]]) -> bytes:
    """An XLSX workbook with one sheet per (title, header, rows), header row frozen and
    filtered."""
    # PyExcelerate writes a cell in a fraction of openpyxl's time (BENCHMARKS.md, exports):
    # the rows are in memory already, so its whole-sheet writing costs no more memory than
    # the guarded copy. Imported here: the bot starts without loading it.
    from pyexcelerate import Font, Panes, Style, Workbook

    book = Workbook()
    for title, header, rows in sheets:
        data = [[guard(h) for h in header], *([guard(v) for v in row] for row in rows)]
        sheet = book.new_sheet(title[:31], data=data)
        sheet.panes = Panes(0, 1)  # the header stays in view
        # A bold header (this also gives the file its stylesheet, which some readers expect).
        sheet.set_row_style(1, Style(font=Font(bold=True)))
        # A filter on every column, so staff can sort and pick rows in Excel or Calc.
        sheet.auto_filter = bool(header)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
