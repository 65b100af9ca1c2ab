"""The XLSX writer of tables (exports/xlsx.py), read back with openpyxl as a spreadsheet program
would: values and their types, the bold frozen header, the filter, hostile text."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from exports.tabular import Cell
from exports.xlsx import MAX_TEXT, xlsx_bytes

HEADER = ["Pseudonim", "Wynik", "Klasa", "Data"]


def _book(sheets: list[tuple[str, list[str], list[list[Cell]]]]) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(xlsx_bytes(sheets)))


def _values(book: openpyxl.Workbook, index: int = 0) -> list[tuple[object, ...]]:
    return list(book.worksheets[index].iter_rows(values_only=True))


def test_numbers_stay_numbers_and_text_stays_text() -> None:
    rows: list[list[Cell]] = [
        ["P1", 30.0, "Potrzebne wsparcie", "2026-03-19"],
        ["P2", 47.5, None, "2026-03-20"],
        ["P3", 0, "Мені важко ї", None],
        ["P4", 123456789012, "0042", "1e5"],
    ]
    values = _values(_book([("dane", HEADER, rows)]))
    assert values[0] == tuple(HEADER)
    assert values[1] == ("P1", 30, "Potrzebne wsparcie", "2026-03-19")
    assert isinstance(values[1][1], int)  # a whole number reads back as one
    assert values[2] == ("P2", 47.5, None, "2026-03-20")  # None is an empty cell
    assert values[3] == ("P3", 0, "Мені важко ї", None)
    # Texts that look like numbers stay texts (leading zeros, exponents): nothing is guessed.
    assert values[4] == ("P4", 123456789012, "0042", "1e5")


def test_floats_read_back_exactly() -> None:
    numbers = [0.1 + 0.2, 1e-7, 2.5e16, -33.3, 1 / 3]
    values = _values(_book([("x", ["a"], [[n] for n in numbers])]))
    assert [row[0] for row in values[1:]] == numbers


def test_header_is_bold_frozen_and_filtered() -> None:
    rows: list[list[Cell]] = [["P1", 1, "a", "b"], ["P2", 2, "c", "d"]]
    sheet = _book([("dane", HEADER, rows)]).worksheets[0]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:D3"
    assert all(cell.font.b for cell in sheet[1])
    assert not any(cell.font.b for cell in sheet[2])


def test_typed_text_cannot_become_markup_or_a_formula() -> None:
    hostile = '<script>alert("x")</script> & ]]> =HYPERLINK("http://evil")'
    rows: list[list[Cell]] = [
        [hostile, "=1+1", "+48 600", "-5"],
        ["@SUM(A1)", "bell\x07 and nul\x00", "\ttab", "ok"],
    ]
    values = _values(_book([("dane", HEADER, rows)]))
    assert values[1] == (hostile, "'=1+1", "'+48 600", "'-5")
    # Characters XML cannot carry become the replacement character; the rest is kept.
    assert values[2] == ("'@SUM(A1)", "bell\ufffd and nul\ufffd", "'\ttab", "ok")


def test_a_text_longer_than_excel_allows_is_cut_at_its_limit() -> None:
    values = _values(_book([("x", ["a"], [["ż" * (MAX_TEXT + 10)]])]))
    assert values[1][0] == "ż" * MAX_TEXT


def test_sheet_names_excel_accepts() -> None:
    book = _book(
        [
            ("książka: kodów [v1]?", ["a"], [[1]]),
            ("x" * 40, ["a"], [[2]]),
            ("X" * 40, ["a"], [[3]]),
            ("", ["a"], [[4]]),
        ]
    )
    names = book.sheetnames
    assert names[0] == "książka_ kodów _v1__"
    assert all(0 < len(n) <= 31 for n in names)
    assert len({n.casefold() for n in names}) == 4
    assert [_values(book, i)[1][0] for i in range(4)] == [1, 2, 3, 4]


def test_many_rows_keep_their_order() -> None:
    rows: list[list[Cell]] = [[f"P{n}", n, None, "x" if n % 7 else None] for n in range(1, 1302)]
    values = _values(_book([("dane", HEADER, rows), ("codebook", ["kod"], [["a"]])]))
    assert len(values) == 1302
    assert [row[1] for row in values[1:]] == list(range(1, 1302))
    assert values[700] == ("P700", 700, None, None)


def test_the_same_tables_give_the_same_bytes() -> None:
    sheets: list[tuple[str, list[str], list[list[Cell]]]] = [
        ("dane", HEADER, [["P1", 1, "a", "b"]])
    ]
    first = xlsx_bytes(sheets)
    assert first == xlsx_bytes(sheets)
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert package.testzip() is None
        assert "xl/worksheets/sheet1.xml" in package.namelist()


@pytest.mark.parametrize("header", [[], ["only"]])
def test_empty_tables_still_open(header: list[str]) -> None:
    values = _values(_book([("pusto", header, [])]))
    assert values == ([tuple(header)] if header else [])
