"""XLSX workbooks of plain tables (the evaluation dataset and its codebook), written as
SpreadsheetML directly: one sheet per table, a bold header row that stays in view, a filter on
every column, text as inline strings, numbers as numbers.

Why not a library: every Python writer measured (openpyxl, XlsxWriter, PyExcelerate) builds an
object or a formatted piece per cell, and PyExcelerate hands each cell's few bytes to the zip
file on its own: 1,000 people's dataset (366,000 cells) took 0.85-1.7 s to write. Here a row is
one string join, and a text that repeats (an answer's words, thousands of times) is escaped once:
the same file in about a quarter of the time (BENCHMARKS.md, "Exports", session 4; DECISIONS).
The parts and their order are those PyExcelerate wrote, which Excel, LibreOffice and openpyxl
open.
"""

from __future__ import annotations

import io
import math
import re
import zipfile
from collections.abc import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from exports.tabular import Cell, guard

__all__ = ["MAX_TEXT", "xlsx_bytes"]

# Excel refuses a cell of more than 32,767 characters (it offers to "repair" the file).
MAX_TEXT = 32_767
# Excel's own limits on a sheet's name: 31 characters, none of these.
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")
# Characters XML 1.0 cannot carry at all; they become the replacement character.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Rows handed to the zip file at a time: large pieces compress fast, and the sheet's text is
# never all in memory at once.
_ROWS_A_PIECE = 500
# Entries dated as zip's epoch, so the same tables give the same bytes.
_DATE = (1980, 1, 1, 0, 0, 0)

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
_DOC_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
_STYLES = (
    f'{_XML}<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)

Table = tuple[str, Sequence[str], Iterable[Sequence[Cell]]]


def xlsx_bytes(sheets: Sequence[Table]) -> bytes:
    """An XLSX workbook with one sheet per (title, header, rows), header row frozen, bold and
    filtered. Text that could start a formula is guarded (exports/tabular.guard)."""
    out = io.BytesIO()
    names = _sheet_names([title for title, _, _ in sheets])
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        _put(book, "[Content_Types].xml", _content_types(len(sheets)))
        _put(
            book,
            "_rels/.rels",
            f'{_XML}<Relationships xmlns="{_RELS}"><Relationship Id="rId1" '
            f'Type="{_DOC_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        _put(book, "xl/workbook.xml", _workbook(names))
        _put(book, "xl/_rels/workbook.xml.rels", _workbook_rels(len(sheets)))
        _put(book, "xl/styles.xml", _STYLES)
        for number, (_, header, rows) in enumerate(sheets, start=1):
            info = zipfile.ZipInfo(f"xl/worksheets/sheet{number}.xml", _DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            with book.open(info, "w") as sheet:
                for piece in _sheet(header, rows):
                    sheet.write(piece.encode("utf-8"))
    return out.getvalue()


def _put(book: zipfile.ZipFile, name: str, text: str) -> None:
    info = zipfile.ZipInfo(name, _DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    book.writestr(info, text.encode("utf-8"))


def _sheet_names(titles: list[str]) -> list[str]:
    """Names Excel accepts: no []:*?/\\, at most 31 characters, none empty, none twice."""
    names: list[str] = []
    for n, title in enumerate(titles, start=1):
        name = _SHEET_NAME_BAD.sub("_", _NOT_XML.sub("", title)).strip("'")[:31] or f"Sheet{n}"
        while name.casefold() in {x.casefold() for x in names}:
            name = f"{name[:27]} ({n})"
        names.append(name)
    return names


def _content_types(count: int) -> str:
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="{_SHEET_TYPE}"/>'
        for n in range(1, count + 1)
    )
    return (
        f'{_XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets}</Types>"
    )


def _workbook(names: list[str]) -> str:
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{n}" r:id="rId{n}"/>'
        for n, name in enumerate(names, start=1)
    )
    return (
        f'{_XML}<workbook xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}">'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def _workbook_rels(count: int) -> str:
    sheets = "".join(
        f'<Relationship Id="rId{n}" Type="{_DOC_RELS}/worksheet" Target="worksheets/sheet{n}.xml"/>'
        for n in range(1, count + 1)
    )
    return (
        f'{_XML}<Relationships xmlns="{_RELS}">{sheets}'
        f'<Relationship Id="rId{count + 1}" Type="{_DOC_RELS}/styles" Target="styles.xml"/>'
        "</Relationships>"
    )


def _column(number: int) -> str:
    """A column's letters: 1 -> A, 27 -> AA."""
    name = ""
    while number:
        number, rest = divmod(number - 1, 26)
        name = chr(65 + rest) + name
    return name


class _Texts:
    """A text cell's XML after its reference, made once per distinct text: most texts of a
    dataset repeat (answers' words, kinds, classes) thousands of times."""

    def __init__(self) -> None:
        self._made: dict[str, str] = {}

    def tail(self, text: str) -> str:
        found = self._made.get(text)
        if found is None:
            shown = guard(text)
            assert isinstance(shown, str)  # noqa: S101 - guard keeps a text a text
            body = escape(_NOT_XML.sub("\ufffd", shown[:MAX_TEXT]))
            found = f' t="inlineStr"><is><t xml:space="preserve">{body}</t></is></c>'
            if len(self._made) < 100_000:  # free texts are many and rarely repeat
                self._made[text] = found
        return found


def _number(value: float) -> str:
    """A number cell's XML after its reference; NaN and infinity as Excel's errors."""
    if math.isnan(value):
        return ' t="e"><v>#NUM!</v></c>'
    if math.isinf(value):
        return ' t="e"><v>#DIV/0!</v></c>'
    text = repr(value)  # the shortest text that reads back as the same number
    # A whole number is written as one (30, not 30.0), as other writers do.
    return f"><v>{text[:-2] if text.endswith('.0') else text}</v></c>"


def _sheet(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> Iterable[str]:
    """The worksheet's XML in pieces of a few hundred rows."""
    texts = _Texts()
    width = len(header)
    letters = [_column(n) for n in range(1, width + 1)]
    yield (
        f'{_XML}<worksheet xmlns="{_MAIN}" xmlns:r="{_DOC_RELS}"><sheetViews>'
        '<sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" '
        'state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView>'
        '</sheetViews><sheetFormatPr defaultRowHeight="15"/><sheetData><row r="1">'
        + "".join(
            f'<c r="{letters[n]}1" s="1"{texts.tail(str(title))}' for n, title in enumerate(header)
        )
        + "</row>"
    )
    number = 1
    piece: list[str] = []
    for row in rows:
        number += 1
        if len(row) > len(letters):
            letters += [_column(n) for n in range(len(letters) + 1, len(row) + 1)]
        r = str(number)
        piece.append(f'<row r="{r}">')
        for letter, value in zip(letters, row, strict=False):
            if value is None:
                continue
            if isinstance(value, str):
                piece.append(f'<c r="{letter}{r}"{texts.tail(value)}')
            elif isinstance(value, bool):
                piece.append(f'<c r="{letter}{r}" t="b"><v>{int(value)}</v></c>')
            elif isinstance(value, int):
                piece.append(f'<c r="{letter}{r}"><v>{value}</v></c>')
            else:
                piece.append(f'<c r="{letter}{r}"{_number(value)}')
        piece.append("</row>")
        if number % _ROWS_A_PIECE == 0:
            yield "".join(piece)
            piece = []
    filtered = f'<autoFilter ref="A1:{letters[width - 1]}{number}"/>' if width else ""
    yield "".join(piece) + f"</sheetData>{filtered}</worksheet>"
