"""XLSX writers on the evaluation dataset: openpyxl's write-only mode (what kisbot used before
issue 18) against PyExcelerate (exports/tabular.py now), and XlsxWriter when it is installed;
each writes the same data and codebook sheets with a frozen header, taking turns, so the
machine's load falls on each alike. Prints seconds per writer per round.

    python -m bench.xlsx_writers [--participants 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import io
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.exports import populate
from exports.dataset import Dataset, DatasetOptions, build_dataset
from exports.tabular import Cell, guard
from storage.db import open_database

Sheets = list[tuple[str, Sequence[str], Sequence[Sequence[Cell]]]]


def _openpyxl(sheets: Sheets) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        sheet.append([guard(h) for h in header])
        for row in rows:
            sheet.append([guard(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xlsxwriter(sheets: Sheets) -> bytes:
    import xlsxwriter  # type: ignore[import-not-found, unused-ignore]

    out = io.BytesIO()
    plain = {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False}
    book = xlsxwriter.Workbook(out, {"constant_memory": True, **plain})
    for title, header, rows in sheets:
        sheet = book.add_worksheet(title[:31])
        sheet.freeze_panes(1, 0)
        sheet.write_row(0, 0, [guard(h) for h in header])
        for n, row in enumerate(rows, start=1):
            sheet.write_row(n, 0, [guard(v) for v in row])
    book.close()
    return out.getvalue()


def _pyexcelerate(data: Dataset) -> Callable[[], bytes]:
    return data.xlsx


async def _dataset(participants: int) -> Dataset:
    with tempfile.TemporaryDirectory() as folder:
        db = await open_database(str(Path(folder) / "bench.sqlite3"))
        try:
            club_id = await populate(db, participants)
            async with db.transaction() as tx:
                return await build_dataset(tx, club_id, DatasetOptions())
        finally:
            await db.close()


def main(participants: int, rounds: int) -> None:
    """Build the dataset once, then time each writer in turn."""
    data = asyncio.run(_dataset(participants))
    sheets: Sheets = [
        ("dane", data.titles(), data.rows),
        ("codebook", data.codebook_header(), data.codebook_rows()),
    ]
    cells = sum(len(r) for r in data.rows)
    print(f"dataset: {len(data.rows)} rows x {len(data.columns)} columns ({cells} cells)")
    writers: dict[str, Callable[[], bytes]] = {
        "openpyxl write-only": lambda: _openpyxl(sheets),
        "PyExcelerate (kisbot)": _pyexcelerate(data),
    }
    try:
        import xlsxwriter  # type: ignore[import-not-found, unused-ignore]  # noqa: F401
    except ImportError:
        print("XlsxWriter: not installed, left out")
    else:
        writers["XlsxWriter constant_memory"] = lambda: _xlsxwriter(sheets)
    for round_ in range(1, rounds + 1):
        for name, write in writers.items():
            start = time.perf_counter()
            size = len(write())
            print(f"round {round_}: {name}: {time.perf_counter() - start:.2f} s, {size} bytes")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    main(args.participants, args.rounds)
