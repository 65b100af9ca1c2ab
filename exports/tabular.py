"""CSV writing shared by the dataset and the report, and the formula guard (XLSX: exports/xlsx)."""

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
