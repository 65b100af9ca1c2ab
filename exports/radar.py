"""The star (radar) chart of HTML documents as SVG, drawn from its geometry: five spokes, four
rings, a shaded polygon and a line with markers per series, text as text.

matplotlib still draws the PNG (exports/chart.py: the card, Word documents); this draws the same
picture (sizes in points on the PNG's 8-inch square, the same styles, gaps and labels) without
it. Importing and setting up matplotlib took half a second in a fresh process and each chart
0.03-0.13 s; a club report or an HTML summary drawn here takes about a millisecond.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import jinja2

from exports.chart import (
    PLOT_SIZE,
    RINGS,
    STYLES,
    RadarSeries,
    axis_label,
    checked,
    legend_rows,
    plot_centre,
    runs,
    wrap,
)
from questionnaires.model import SCORED_SPHERES

__all__ = ["RadarLayout", "radar_layout", "radar_svg"]

SIDE = 576.0  # 8 in at 72 points an inch, the PNG's figure
RADIUS = SIDE * PLOT_SIZE / 2
LABEL_AT = 1.12  # spoke labels sit at 112 on the 0-100 scale, as in the PNG
LINE_WIDTH = 3.0
MARKER = 9.0  # the markers' size on the lines, points
LEGEND_MARKER = 6.0
FONT = "DejaVu Sans, Noto Sans, Arial, sans-serif"

# matplotlib's dash patterns at a line width of 3 (its `lines.*_pattern` scaled by the width).
_DASHES: dict[object, str] = {
    "-": "",
    "--": "11.1 4.8",
    ":": "3 4.95",
    "-.": "19.2 4.8 3 4.8",
    (0, (5, 1, 1, 1)): "15 3 3 3",
    (0, (1, 1)): "3 3",
}

# The baseline of a line of text against the point it is aligned to, in ems of its size
# (DejaVu Sans: ascent about 0.95, descent about 0.25); lines follow each other at 1.2 ems.
_ASCENT, _DESCENT, _LINE = 0.95, 0.25, 1.2
# A legend label's width is not measured (no font here): an average letter is about 0.56 em.
_LETTER = 0.56


@dataclass(frozen=True)
class Text:
    """Lines of text: each (x, baseline y, words), anchored start, middle or end."""

    anchor: str
    lines: tuple[tuple[float, float, str], ...]
    size: float
    colour: str
    bold: bool = False


@dataclass(frozen=True)
class Series:
    """One series drawn: its shaded areas, its lines (gaps break them) and its markers."""

    colour: str
    dash: str
    cap: str
    marker: str
    shades: tuple[str, ...]
    lines: tuple[str, ...]
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class LegendEntry:
    """A sample of the series' line with its marker, and its label."""

    colour: str
    dash: str
    cap: str
    marker: str
    x0: float
    x1: float
    y: float
    label: Text


@dataclass(frozen=True)
class RadarLayout:
    """Everything the SVG template draws, in points."""

    side: float
    cx: float
    cy: float
    radius: float
    rings: tuple[float, ...]
    ring_labels: tuple[Text, ...]
    spokes: tuple[tuple[float, float], ...]
    series: tuple[Series, ...]
    labels: tuple[Text, ...]
    legend: tuple[LegendEntry, ...]
    title: Text | None
    font: str = FONT


def _num(value: float) -> str:
    """A coordinate with two decimals and no trailing zeros: short, and the same every run."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _marker(kind: str, size: float) -> str:
    """The path of a marker centred on 0,0 (matplotlib's shapes at this size)."""
    h = size / 2
    if kind == "o":
        arc = f"a{_num(h)} {_num(h)} 0 1 0"  # two half circles
        return f"M{_num(-h)} 0{arc} {_num(size)} 0{arc} {_num(-size)} 0Z"
    corners: list[tuple[float, float]]
    if kind == "s":
        corners = [(-h, h), (h, h), (h, -h), (-h, -h)]
    elif kind == "^":
        corners = [(0, -h), (-h, h), (h, h)]
    elif kind == "v":
        corners = [(0, h), (h, -h), (-h, -h)]
    elif kind == "D":
        d = h * math.sqrt(2)
        corners = [(0, d), (d, 0), (0, -d), (-d, 0)]
    else:  # "P", a filled plus
        t = h / 3
        corners = [
            (-t, h), (t, h), (t, t), (h, t), (h, -t), (t, -t),
            (t, -h), (-t, -h), (-t, -t), (-h, -t), (-h, t), (-t, t),
        ]  # fmt: skip
    return "M" + "L".join(f"{_num(x)} {_num(y)}" for x, y in corners) + "Z"


def _lines(x: float, y: float, text: str, size: float, anchor: str, va: str) -> Text:
    """Multi-line text aligned to a point: va is where the point is (top, bottom, center)."""
    rows = text.split("\n")
    pitch = size * _LINE
    block = pitch * (len(rows) - 1)
    if va == "top":
        first = y + size * _ASCENT
    elif va == "bottom":
        first = y - size * _DESCENT - block
    else:
        first = y + size * (_ASCENT - _DESCENT) / 2 - block / 2
    return Text(
        anchor,
        tuple((x, first + n * pitch, row) for n, row in enumerate(rows)),
        size,
        "#222222",
    )


def radar_layout(series: list[RadarSeries], lang: str, title: str | None = None) -> RadarLayout:
    """Where everything of the chart goes."""
    lang = checked(series, lang)
    cx = SIDE / 2
    cy = SIDE * (1 - plot_centre(len(series)))
    count = len(SCORED_SPHERES)
    # The first sphere at the top, the rest clockwise, as one reads a clock face.
    angles = [2 * math.pi * i / count for i in range(count)]

    def at(angle: float, value: float) -> tuple[float, float]:
        r = RADIUS * value / 100
        return cx + r * math.sin(angle), cy - r * math.cos(angle)

    spokes = tuple(at(a, 100) for a in angles)
    # The ring numbers sit between the first two spokes, where no data line is drawn along.
    between = (angles[0] + angles[1]) / 2
    ring_labels = tuple(
        Text("start", ((x, y - 11 * _DESCENT, str(r)),), 11, "#555555")
        for r in RINGS
        for x, y in (at(between, r),)
    )
    labels = []
    for sphere, angle in zip(SCORED_SPHERES, angles, strict=True):
        x, y = at(angle, 100 * LABEL_AT)
        dx, dy = math.sin(angle), math.cos(angle)  # dy upwards
        # Labels grow away from the plot: left-aligned on the right, right-aligned on the left.
        anchor = "middle" if abs(dx) < 0.3 else ("start" if dx > 0 else "end")
        va = "bottom" if dy > 0.3 else ("top" if dy < -0.3 else "center")
        labels.append(_lines(x, y, axis_label(sphere, series, lang), 17, anchor, va))
    drawn = []
    for one, (colour, line, marker) in zip(series, STYLES, strict=False):
        values = [one.value(sphere) for sphere in SCORED_SPHERES]
        shades, paths = [], []
        # Gaps break the line: a segment is drawn only between neighbouring spheres that both
        # have data, and the area is shaded only under drawn segments.
        for run in runs(values):
            points = [at(angles[i], float(values[i] or 0)) for i in run]
            if len(run) == count:
                points.append(points[0])  # close the star
            if len(run) > 1:
                shaded = points if len(run) == count else [(cx, cy), *points]
                shades.append(" ".join(f"{_num(x)},{_num(y)}" for x, y in shaded))
            paths.append(" ".join(f"{_num(x)},{_num(y)}" for x, y in points))
        dash = _DASHES[line]
        drawn.append(
            Series(
                colour,
                dash,
                "butt" if dash else "square",
                _marker(marker, MARKER),
                tuple(shades),
                tuple(paths),
                tuple(at(angles[i], float(v)) for i, v in enumerate(values) if v is not None),
            )
        )
    return RadarLayout(
        side=SIDE,
        cx=cx,
        cy=cy,
        radius=RADIUS,
        rings=tuple(RADIUS * r / 100 for r in RINGS),
        ring_labels=ring_labels,
        spokes=spokes,
        series=tuple(drawn),
        labels=tuple(labels),
        legend=_legend(series),
        title=(
            Text(
                "middle",
                tuple(
                    (cx, SIDE * 0.025 + 20 * (0.9 + _LINE * n), row)
                    for n, row in enumerate(wrap(title, 40).split("\n"))
                ),
                20,
                "#000000",
                bold=True,
            )
            if title
            else None
        ),
    )


def _legend(series: list[RadarSeries]) -> tuple[LegendEntry, ...]:
    """Two columns under the plot, filled column by column (as matplotlib does), centred."""
    rows = legend_rows(len(series))
    if not rows:
        return ()
    size, handle, pad, gap, pitch = 15.0, 45.0, 12.0, 30.0, 22.5
    columns = [series[:rows], series[rows:]]
    widths = [
        handle + pad + max(len(one.label) for one in column) * size * _LETTER
        for column in columns
        if column
    ]
    left = SIDE / 2 - (sum(widths) + gap * (len(widths) - 1)) / 2
    bottom = SIDE * (1 - 0.015) - 22.36  # the last row's line, as matplotlib places it
    entries = []
    for c, column in enumerate(columns):
        x0 = left + sum(widths[:c]) + gap * c
        for r, one in enumerate(column):
            colour, line, marker = STYLES[c * rows + r]
            y = bottom - (rows - 1 - r) * pitch
            dash = _DASHES[line]
            label = Text("start", ((x0 + handle + pad, y + 5.25, one.label),), size, "#000000")
            entries.append(
                LegendEntry(
                    colour,
                    dash,
                    "butt" if dash else "square",
                    _marker(marker, LEGEND_MARKER),
                    x0,
                    x0 + handle,
                    y,
                    label,
                )
            )
    return tuple(entries)


@cache
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("exports", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _num
    return env.get_template("radar.svg.j2")


def radar_svg(series: list[RadarSeries], lang: str, title: str | None = None) -> str:
    """The chart as an inline-ready `<svg>` element: no external references, the same bytes
    for the same series."""
    # Ending with a line break, as matplotlib's SVG did: the documents around it stay the same.
    return _template().render(g=radar_layout(series, lang, title)).strip() + "\n"
