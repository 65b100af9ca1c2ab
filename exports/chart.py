"""A star (radar) chart of sphere profiles, drawn by matplotlib as a PNG: the Telegram card and
Word documents. HTML documents draw the same chart as SVG without matplotlib (exports/radar.py),
from the series, styles, gaps and labels defined here.

Scores are advice for staff; documents say so next to the chart, so the chart itself does not.
"""

from __future__ import annotations

import io
import math
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from base.i18n import translate
from questionnaires.messages import message
from questionnaires.model import LANGUAGES, SCORED_SPHERES
from questionnaires.scoring import Profile

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

# matplotlib and Pillow (a dependency of matplotlib, which uses it to write PNGs) are imported
# where a chart is drawn: loading them takes most of a second, and the bot draws in a thread
# after the step's commit, so starting the bot never waits for them.

__all__ = [
    "STYLES",
    "RadarSeries",
    "axis_label",
    "checked",
    "legend_rows",
    "plot_centre",
    "radar_png",
    "rating_to_value",
    "runs",
    "series_from_profile",
    "wrap",
]

# 8 in at 100 dpi: 800 x 800 px, large enough for an old phone, small enough for a quick send.
SIZE_INCHES = 8.0
PNG_DPI = 100

# Okabe-Ito colours, safe for the common colour-vision deficiencies; each series also gets its
# own line style and marker so that a greyscale print or a monochrome screen still tells them apart.
_LineStyle = str | tuple[int, tuple[int, ...]]
STYLES: tuple[tuple[str, _LineStyle, str], ...] = (
    ("#0072B2", "-", "o"),  # blue
    ("#D55E00", "--", "s"),  # vermillion
    ("#009E73", ":", "^"),  # bluish green
    ("#CC79A7", "-.", "D"),  # reddish purple
    ("#E69F00", (0, (5, 1, 1, 1)), "v"),  # orange
    ("#56B4E9", (0, (1, 1)), "P"),  # sky blue
)
MAX_SERIES = len(STYLES)

RINGS = (25, 50, 75, 100)
# The plot's diameter as a share of the figure's side.
PLOT_SIZE = 0.48

# Not in the message catalogues yet (the .po files belong to the questionnaire engine);
# move this to a `chart.no_data` key there when the catalogues are next edited.
# rcParams are process-wide, so rc_context is not thread-safe on its own, and matplotlib does
# not promise thread-safe rendering either. One render at a time keeps `asyncio.to_thread`
# callers safe; a render takes about 0.15 s.
_LOCK = threading.Lock()


@dataclass(frozen=True)
class RadarSeries:
    """One line of the chart: a legend label and a 0-100 value per sphere id (None = no data).

    A sphere left out of `values` has no data, like None.
    """

    label: str
    values: dict[str, float | None] = field(default_factory=dict)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.values) - set(SCORED_SPHERES))
        if unknown:
            raise ValueError(f"unknown sphere(s) {unknown}; expected some of {SCORED_SPHERES}")
        for sphere, value in self.values.items():
            if value is not None and not 0 <= value <= 100:  # also rejects NaN
                raise ValueError(f"{sphere}: {value} is outside 0-100")
        # A copy, so that the caller changing its dict later cannot change a frozen series.
        object.__setattr__(self, "values", dict(self.values))

    def value(self, sphere: str) -> float | None:
        """The value of one sphere, None when there is no data."""
        return self.values.get(sphere)


def rating_to_value(rating: int) -> float:
    """A 1-5 self-rating on the 0-100 scale of scores: 1 -> 0, 3 -> 50, 5 -> 100."""
    if not 1 <= rating <= 5:
        raise ValueError(f"rating {rating} is outside 1-5")
    return (rating - 1) * 25.0


def series_from_profile(
    profile: Profile, label: str, use: Literal["score", "rating"] = "score"
) -> RadarSeries:
    """A series from a profile: the staff-side scores, or the person's own 1-5 ratings."""
    values: dict[str, float | None] = {}
    for sphere, result in profile.spheres.items():
        if use == "score":
            values[sphere] = result.score
        else:
            values[sphere] = None if result.rating is None else rating_to_value(result.rating)
    return RadarSeries(label, values)


def radar_png(series: list[RadarSeries], lang: str, title: str | None = None) -> bytes:
    """The chart as an 800 x 800 px PNG, for the participant card in Telegram."""
    with _rendering():
        figure, axes = _frame_of(series, lang, title)
        angles = _angles()
        drawn = [
            a for i, one in enumerate(series) for a in _draw_series(axes, angles, one, STYLES[i])
        ]
        raw = io.BytesIO()
        try:
            figure.savefig(raw, format="rgba", dpi=PNG_DPI)
        finally:
            for artist in drawn:  # the frame is drawn again with the next series
                artist.remove()
    from PIL import Image

    side = round(SIZE_INCHES * PNG_DPI)
    image = Image.frombytes("RGBA", (side, side), raw.getvalue())
    # A straight Agg PNG is ~100 KB; a chart has few colours, so a 128-colour palette looks the
    # same and is ~25 KB. No dithering: it would speckle flat areas and grow the file. The fast
    # octree palette takes a third of the time of the default (median cut) for the same look,
    # and PNG's optimize pass would cost ten times the save for 3 % of the size: a Word
    # summary is made while staff wait.
    palette = image.convert("RGB").quantize(
        colors=128, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE
    )
    out = io.BytesIO()
    # PIL writes no text chunks unless asked, so the bytes depend only on the drawing.
    palette.save(out, format="png")
    return out.getvalue()


@contextmanager
def _rendering() -> Iterator[None]:
    import matplotlib as mpl

    # Explicit values rather than the process's rcParams, so a matplotlibrc or another module's
    # settings cannot change what staff see. (A literal here: matplotlib types the keys.)
    with (
        _LOCK,
        mpl.rc_context(
            {
                # DejaVu Sans ships with matplotlib and covers Polish and Ukrainian letters.
                "font.family": "DejaVu Sans",
                "text.usetex": False,
            }
        ),
    ):
        yield


def checked(series: list[RadarSeries], lang: str) -> str:
    """The chart's language (Polish for an unknown one); refuses a count of series it cannot
    draw apart."""
    if not series:
        raise ValueError("a radar chart needs at least one series")
    if len(series) > MAX_SERIES:
        raise ValueError(f"at most {MAX_SERIES} series can be told apart, got {len(series)}")
    return lang if lang in LANGUAGES else "pl"


def legend_rows(count: int) -> int:
    """Rows of the legend under the plot: two entries a row, none for a single series."""
    return math.ceil(count / 2) if count > 1 else 0


def plot_centre(count: int) -> float:
    """The plot's centre as a share of the height from the bottom, for `count` series."""
    # The plot is kept well inside the figure: the side labels need room, the legend goes below.
    # Centred when there is no legend; otherwise the more legend rows below, the higher.
    rows = legend_rows(count)
    return 0.53 - 0.02 * (rows - 1) if rows else 0.5


def _figure(series: list[RadarSeries], lang: str, title: str | None) -> Figure:
    figure, axes = _frame(series, lang, title)
    angles = _angles()
    for index, one in enumerate(series):
        _draw_series(axes, angles, one, STYLES[index])
    return figure


# Frames (the figure without the series' lines and areas) by what they show: building one is
# about half of a chart's time, and a club's charts repeat the same few (BENCHMARKS.md,
# exports, session 4). Used under _LOCK only.
_FRAMES: dict[tuple[object, ...], tuple[Figure, PolarAxes]] = {}
_FRAMES_KEPT = 16


def _frame_of(series: list[RadarSeries], lang: str, title: str | None) -> tuple[Figure, PolarAxes]:
    """The frame for these series, built once per language, title, labels and legend."""
    lang = checked(series, lang)
    key = (
        lang,
        title,
        tuple(axis_label(sphere, series, lang) for sphere in SCORED_SPHERES),
        tuple(one.label for one in series),
    )
    found = _FRAMES.get(key)
    if found is None:
        if len(_FRAMES) >= _FRAMES_KEPT:
            _FRAMES.clear()
        found = _FRAMES[key] = _frame(series, lang, title)
    return found


def _frame(series: list[RadarSeries], lang: str, title: str | None) -> tuple[Figure, PolarAxes]:
    """Everything of the chart but the series' lines and areas: grid, labels, title, legend."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.projections.polar import PolarAxes

    lang = checked(series, lang)
    # A bare Figure with its own Agg canvas: pyplot's global figure registry is never touched.
    figure = Figure(figsize=(SIZE_INCHES, SIZE_INCHES), dpi=PNG_DPI, facecolor="white")
    FigureCanvasAgg(figure)
    centre, size = plot_centre(len(series)), PLOT_SIZE
    axes = figure.add_axes(
        (0.5 - size / 2, centre - size / 2, size, size), projection="polar", facecolor="white"
    )
    if not isinstance(axes, PolarAxes):  # narrows the type for mypy; never true
        raise TypeError(f"expected polar axes, got {type(axes).__name__}")
    angles = _angles()
    _draw_grid(axes, angles)
    _draw_labels(axes, angles, series, lang)
    for index, one in enumerate(series):
        colour, line, marker = STYLES[index]
        # One legend entry per series, whatever its gaps.
        axes.plot([], [], color=colour, linestyle=line, linewidth=3, marker=marker, label=one.label)
    if title:
        figure.suptitle(wrap(title, 40), y=0.975, fontsize=20, fontweight="bold", va="top")
    if len(series) > 1:
        figure.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 0.015),
            ncols=min(len(series), 2),
            fontsize=15,
            frameon=False,
            handlelength=3,
        )
    return figure, axes


def _angles() -> list[float]:
    # Data angles within 0-2π: polar axes autoscale theta to the data, and a negative angle
    # would turn the chart into a partial circle. Screen placement is set in _draw_grid.
    count = len(SCORED_SPHERES)
    return [2 * math.pi * i / count for i in range(count)]


def _draw_grid(axes: PolarAxes, angles: list[float]) -> None:
    # The first sphere at the top, the rest clockwise, as one reads a clock face.
    axes.set_theta_zero_location("N")
    axes.set_theta_direction(-1)
    axes.set_xlim(0, 2 * math.pi)
    axes.set_autoscalex_on(False)
    axes.set_ylim(0, 100)
    axes.set_yticks(RINGS, [str(r) for r in RINGS], fontsize=11, color="#555555")
    # The ring numbers sit between the first two spokes, where no data line is drawn along.
    axes.set_rlabel_position(math.degrees((angles[0] + angles[1]) / 2))
    axes.set_xticks(angles, [""] * len(angles))
    axes.grid(color="#BBBBBB", linewidth=1)
    axes.spines["polar"].set_color("#888888")


def _draw_labels(
    axes: PolarAxes, angles: list[float], series: list[RadarSeries], lang: str
) -> None:
    for sphere, angle in zip(SCORED_SPHERES, angles, strict=True):
        text = axis_label(sphere, series, lang)
        # Labels grow away from the plot: left-aligned on the right, right-aligned on the left.
        screen = math.pi / 2 - angle
        x, y = math.cos(screen), math.sin(screen)
        ha = "center" if abs(x) < 0.3 else ("left" if x > 0 else "right")
        va = "bottom" if y > 0.3 else ("top" if y < -0.3 else "center")
        axes.text(
            angle,
            112,
            text,
            ha=ha,
            va=va,
            ma="center" if ha == "center" else ha,
            fontsize=17,
            color="#222222",
            clip_on=False,
            linespacing=1.15,
        )


def axis_label(sphere: str, series: list[RadarSeries], lang: str) -> str:
    """A spoke's label: the sphere's name, and whose data is missing there, in short lines."""
    text = wrap(message(f"sphere.{sphere}", lang), 14)
    missing = [one.label for one in series if one.value(sphere) is None]
    if missing:
        no_data = translate(lang, "chart.no_data")
        # With several series, say whose data is missing; with one, that is obvious.
        note = no_data if len(series) == 1 else f"{no_data}: {', '.join(missing)}"
        text += "\n(" + wrap(note, 14) + ")"
    return text


def _draw_series(
    axes: PolarAxes, angles: list[float], one: RadarSeries, style: tuple[str, _LineStyle, str]
) -> list[Artist]:
    """Draws one series' areas and lines on the axes; returns them, to be removed."""
    from matplotlib.patches import Polygon

    drawn: list[Artist] = []
    colour, line, marker = style
    values = [one.value(sphere) for sphere in SCORED_SPHERES]
    count = len(values)
    # Gaps break the line: a segment is drawn only between neighbouring spheres that both have
    # data, and the area is shaded only under drawn segments, so nothing is interpolated.
    for run in runs(values):
        points = [(angles[i], float(values[i] or 0)) for i in run]
        if len(run) == count:
            points.append(points[0])  # close the star
        if len(run) > 1:
            shaded = points if len(run) == count else [(0.0, 0.0), *points]
            drawn.append(
                axes.add_patch(
                    Polygon(shaded, closed=True, facecolor=colour, alpha=0.12, edgecolor="none")
                )
            )
        drawn += axes.plot(
            [a for a, _ in points],
            [v for _, v in points],
            color=colour,
            linestyle=line,
            linewidth=3,
            marker=marker,
            markersize=9,
            clip_on=False,
            solid_joinstyle="round",
        )
    return drawn


def runs(values: list[float | None]) -> list[list[int]]:
    """Indices of the cyclic runs of spheres with data; one run of all when none is missing."""
    count = len(values)
    if all(v is not None for v in values):
        return [list(range(count))]
    # Start just after a gap, so no run is split across the end of the list.
    start = next(i for i, v in enumerate(values) if v is None) + 1
    found: list[list[int]] = []
    current: list[int] = []
    for step in range(count):
        i = (start + step) % count
        if values[i] is None:
            if current:
                found.append(current)
            current = []
        else:
            current.append(i)
    if current:
        found.append(current)
    return found


def wrap(text: str, width: int) -> str:
    """Lines of at most about `width` characters, as even in length as the words allow."""
    lines = textwrap.wrap(text, width, break_long_words=False)
    # "Sprawy bytowe / i pieniądze" reads better than "Sprawy bytowe i / pieniądze": keep the
    # number of lines, and narrow the width while that number holds.
    while width > 1:
        narrower = textwrap.wrap(text, width - 1, break_long_words=False)
        if len(narrower) > len(lines):
            break
        lines, width = narrower, width - 1
    return "\n".join(lines) or text
