"""A document made of headed sections of notes and tables: the monthly attendance list, the
benefit statement, the statutory annual report and the network report share it, so each is
written once as data and rendered the same way to HTML, DOCX and CSV."""

from __future__ import annotations

from dataclasses import dataclass, field

from exports.tabular import csv_bytes


@dataclass(frozen=True)
class Table:
    """A header and rows of text; numbers are right-aligned from column `numeric` on."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: int = 1
    # The last column is left empty for a handwritten signature (wide, tall rows in print).
    signature: bool = False


@dataclass(frozen=True)
class Bar:
    """One bar of a horizontal bar chart."""

    label: str
    value: int


@dataclass(frozen=True)
class Section:
    """A heading with notes, bars and tables; new_page starts it on a fresh printed page."""

    heading: str
    notes: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    bars: tuple[Bar, ...] = ()
    # Sentences asking staff to complete a figure by hand (shown framed, so none is missed).
    to_complete: tuple[str, ...] = ()
    new_page: bool = False


@dataclass(frozen=True)
class Sheet:
    """A whole document in one language."""

    lang: str
    title: str
    lines: tuple[str, ...]
    sections: tuple[Section, ...]
    generated: str
    landscape: bool = False
    signatures: tuple[str, ...] = field(default=())

    def csv(self) -> bytes:
        """Every table as CSV rows, each prefixed with its section's heading."""
        rows: list[tuple[str, ...]] = []
        for section in self.sections:
            for table in section.tables:
                rows.append((section.heading, *table.header))
                rows.extend((section.heading, *row) for row in table.rows)
            rows.extend((section.heading, text) for text in section.to_complete)
        return csv_bytes([self.title, *self.lines], rows)


# Bar charts: the label column is as wide as the longest label needs (an average glyph of
# DejaVu Sans 12 px is under 7.2 px wide), so no label is cut or runs into its bar.
BAR_FONT_PX = 12
BAR_GLYPH_PX = 7.2
BAR_WIDTH_PX = 260
BAR_ROW_PX = 24


@dataclass(frozen=True)
class BarLayout:
    """Where the bars of a chart go."""

    label_px: int
    width_px: int
    height_px: int
    bars: tuple[tuple[Bar, float, int], ...]  # bar, its length, its row's top


def bar_layout(bars: tuple[Bar, ...]) -> BarLayout:
    """The chart's geometry: label column fitted to the longest label, bars scaled to the top."""
    label_px = int(max((len(b.label) for b in bars), default=0) * BAR_GLYPH_PX) + 10
    top = max((b.value for b in bars), default=0) or 1
    placed = tuple(
        (b, round(b.value * BAR_WIDTH_PX / top, 1), index * BAR_ROW_PX)
        for index, b in enumerate(bars)
    )
    # Room after the longest bar for its figure (up to 6 digits).
    width = label_px + BAR_WIDTH_PX + 60
    return BarLayout(label_px, width, len(bars) * BAR_ROW_PX + 4, placed)
