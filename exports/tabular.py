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
    # write_only keeps memory flat for large datasets: rows stream to the file.
    from openpyxl import Workbook  # here: the bot starts without loading it
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        sheet.append([guard(h) for h in header])
        count = 1
        for row in rows:
            sheet.append([guard(v) for v in row])
            count += 1
        if header:
            # A filter on every column, so staff can sort and pick rows in Excel or Calc.
            sheet.auto_filter.ref = f"A1:{get_column_letter(len(header))}{count}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
