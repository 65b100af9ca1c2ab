"""XLSX writers on the evaluation dataset: kisbot's own (exports/xlsx.py) against openpyxl's
write-only mode (kisbot's writer before issue 18), and, when they are installed, PyExcelerate
(kisbot's writer until session 4 of issue 18), PyExcelerate with its sheet XML handed to the zip
file in large pieces, XlsxWriter and rustpy-xlsxwriter (none is a dependency; `--extra DIR`
adds a folder they were installed into with `pip install --target DIR`). Each writes the same
data and codebook sheets with a frozen header, taking turns, so the machine's load falls on
each alike. Prints seconds per writer per round.

    python -m bench.xlsx_writers [--participants 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import io
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

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


def _pyexcelerate(sheets: Sheets) -> bytes:
    from pyexcelerate import Font, Panes, Style, Workbook

    book = Workbook()
    for title, header, rows in sheets:
        data = [[guard(h) for h in header], *([guard(v) for v in row] for row in rows)]
        sheet = book.new_sheet(title[:31], data=data)
        sheet.panes = Panes(0, 1)
        sheet.set_row_style(1, Style(font=Font(bold=True)))
        sheet.auto_filter = bool(header)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _pyexcelerate_joined(sheets: Sheets) -> bytes:
    """PyExcelerate, its sheet template's output joined into large pieces before the zip file
    compresses them (it writes each cell's few bytes to the zip file on its own)."""
    from itertools import islice

    from pyexcelerate import Font, Panes, Style, Workbook
    from pyexcelerate.Writer import Writer

    class Joined:
        def __init__(self, template: Any) -> None:
            self.template = template

        def generate(self, *args: Any, **kwargs: Any) -> Any:
            pieces = self.template.generate(*args, **kwargs)
            while chunk := list(islice(pieces, 8192)):
                yield "".join(chunk)

    class JoinedWriter(Writer):  # type: ignore[misc]
        _worksheet_template = Joined(Writer._worksheet_template)

    book = Workbook()
    book._writer = JoinedWriter(book)
    for title, header, rows in sheets:
        data = [[guard(h) for h in header], *([guard(v) for v in row] for row in rows)]
        sheet = book.new_sheet(title[:31], data=data)
        sheet.panes = Panes(0, 1)
        sheet.set_row_style(1, Style(font=Font(bold=True)))
        sheet.auto_filter = bool(header)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rustpy(sheets: Sheets) -> bytes:
    import rustpy_xlsxwriter  # type: ignore[import-not-found, unused-ignore]

    entries = []
    for title, header, rows in sheets:
        keys = [str(guard(h)) for h in header]
        entries.append(
            (title[:31], [dict(zip(keys, map(guard, row), strict=True)) for row in rows])
        )
    out = io.BytesIO()
    rustpy_xlsxwriter.write_worksheets(
        entries, out, freeze_panes={"general": {"row": 1, "col": 0}}, bold_headers=True,
        autofilter={"general": True},
    )  # fmt: skip
    return out.getvalue()


async def _dataset(participants: int) -> Dataset:
    with tempfile.TemporaryDirectory() as folder:
        db = await open_database(str(Path(folder) / "bench.sqlite3"))
        try:
            club_id = await populate(db, participants)
            async with db.transaction() as tx:
                return await build_dataset(tx, club_id, DatasetOptions())
        finally:
            await db.close()


def main(participants: int, rounds: int, only: str | None = None) -> None:
    """Build the dataset once, then time each writer in turn."""
    data = asyncio.run(_dataset(participants))
    sheets: Sheets = [
        ("dane", data.titles(), data.rows),
        ("codebook", data.codebook_header(), data.codebook_rows()),
    ]
    cells = sum(len(r) for r in data.rows)
    print(f"dataset: {len(data.rows)} rows x {len(data.columns)} columns ({cells} cells)")
    writers: dict[str, Callable[[], bytes]] = {
        "kisbot (exports/xlsx.py)": data.xlsx,
        "openpyxl write-only": lambda: _openpyxl(sheets),
    }
    for module, name, write in (
        ("pyexcelerate", "PyExcelerate", _pyexcelerate),
        ("pyexcelerate", "PyExcelerate, XML in large pieces", _pyexcelerate_joined),
        ("xlsxwriter", "XlsxWriter constant_memory", _xlsxwriter),
        ("rustpy_xlsxwriter", "rustpy-xlsxwriter", _rustpy),
    ):
        try:
            importlib.import_module(module)
        except ImportError:
            print(f"{name}: not installed, left out")
        else:
            writers[name] = lambda write=write: write(sheets)  # type: ignore[misc]
    for round_ in range(1, rounds + 1):
        for name, write in writers.items():
            if only and only.lower() not in name.lower():
                continue
            start = time.perf_counter()
            size = len(write())
            print(f"round {round_}: {name}: {time.perf_counter() - start:.2f} s, {size} bytes")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--participants", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--extra", help="a folder of writers installed outside the environment")
    parser.add_argument("--only", help="only the writers whose name has these words")
    args = parser.parse_args()
    if args.extra:
        sys.path.append(args.extra)
    main(args.participants, args.rounds, args.only)
