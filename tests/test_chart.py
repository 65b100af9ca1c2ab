"""The radar chart drawn by matplotlib: a small deterministic PNG for Telegram and Word
(tests/test_radar.py checks the SVG of HTML documents)."""

from __future__ import annotations

import io
import warnings
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor

import matplotlib as mpl
import pytest
from matplotlib.figure import Figure
from matplotlib.text import Text
from PIL import Image

from exports import chart
from exports.chart import RadarSeries, radar_png, series_from_profile
from questionnaires.messages import message
from questionnaires.model import LANGUAGES, SCORED_SPHERES
from questionnaires.scoring import Profile, SphereResult

STAFF = RadarSeries(
    "Ocena kadry",
    {"socio_economic": 35, "health": 70, "vocational": 20, "psychological": 55, "social": 80},
)
SELF = RadarSeries(
    "Samoocena",
    {"socio_economic": 50, "health": None, "vocational": 25, "psychological": 75, "social": 100},
)
SVG_NS = "{http://www.w3.org/2000/svg}"


def _texts(figure: Figure) -> list[str]:
    """Every piece of text drawn on the figure, line breaks undone."""
    return [
        " ".join(t.get_text().split())
        for t in figure.findobj(Text)
        if isinstance(t, Text) and t.get_text()
    ]


def _figure(series: list[RadarSeries], lang: str, title: str | None = None) -> Figure:
    with chart._rendering():
        return chart._figure(series, lang, title)


def test_png_is_a_small_800px_square() -> None:
    png = radar_png([STAFF, SELF], "pl", title="Jan Kowalski — diagnoza wejściowa")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    with Image.open(io.BytesIO(png)) as image:
        image.load()
        assert image.format == "PNG"
        assert image.size == (800, 800)
    assert len(png) < 100_000


def test_six_series_still_fit_under_100_kb() -> None:
    many = [
        RadarSeries(f"S{i}", {s: (17 * i + 13 * j) % 101 for j, s in enumerate(SCORED_SPHERES)})
        for i in range(chart.MAX_SERIES)
    ]
    assert len(radar_png(many, "uk")) < 100_000


def test_png_is_deterministic() -> None:
    assert radar_png([STAFF, SELF], "uk", "Вхід") == radar_png([STAFF, SELF], "uk", "Вхід")


def test_renders_are_the_same_from_several_threads() -> None:
    # rcParams are process-wide; the module's lock keeps concurrent renders from mixing them.
    jobs = [("pl", STAFF), ("uk", SELF)] * 2
    expected = {lang: radar_png([one], lang) for lang, one in jobs[:2]}
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: (job[0], radar_png([job[1]], job[0])), jobs))
    assert all(png == expected[lang] for lang, png in results)


@pytest.mark.parametrize("lang", ["uk", "pl"])
def test_letters_render_without_missing_glyphs(lang: str) -> None:
    title = "Ґанна Їжак — ąćęłńóśźż ĄĆĘŁŃÓŚŹŻ — єї"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        radar_png([STAFF, SELF], lang, title=title)
    assert [str(w.message) for w in caught] == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axis_labels_are_the_catalogue_sphere_names(lang: str) -> None:
    texts = _texts(_figure([STAFF], lang))
    for sphere in SCORED_SPHERES:
        name = message(f"sphere.{sphere}", lang)
        assert any(t.startswith(name) for t in texts), (sphere, name, texts)


def test_labels_are_drawn_in_full() -> None:
    # Written as SVG with text kept as text, the PNG's labels can be read back.
    with chart._rendering():
        figure = chart._figure([STAFF], "uk", None)
        out = io.StringIO()
        with mpl.rc_context({"svg.fonttype": "none"}):
            figure.savefig(out, format="svg", metadata={"Date": None})
    root = ET.fromstring(out.getvalue())  # noqa: S314  # our own output
    drawn = " ".join(" ".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))
    for sphere in SCORED_SPHERES:
        for word in message(f"sphere.{sphere}", "uk").split():
            assert word in drawn, (sphere, word)


def test_missing_values_are_marked_no_data() -> None:
    one = RadarSeries("x", {"socio_economic": 10, "vocational": None})
    texts = _texts(_figure([one], "pl"))
    assert "Praca i nauka (brak danych)" in texts
    assert "Zdrowie (brak danych)" in texts  # left out of values: no data as well
    both = _texts(_figure([STAFF, SELF], "en"))
    assert "Health (no data: Samoocena)" in both
    assert "How you feel" in both


def test_all_none_still_renders() -> None:
    empty = RadarSeries("x", dict.fromkeys(SCORED_SPHERES))
    assert radar_png([empty], "uk").startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("values", "runs"),
    [
        ([1.0, 2.0, 3.0, 4.0, 5.0], [[0, 1, 2, 3, 4]]),
        ([1.0, None, 3.0, 4.0, 5.0], [[2, 3, 4, 0]]),
        ([None, 2.0, None, 4.0, 5.0], [[1], [3, 4]]),
        ([None, None, None, None, None], []),
    ],
)
def test_lines_break_at_gaps(values: list[float | None], runs: list[list[int]]) -> None:
    assert chart.runs(values) == runs


def test_legend_only_with_more_than_one_series() -> None:
    assert _figure([STAFF], "pl").legends == []
    legends = _figure([STAFF, SELF], "pl").legends
    assert len(legends) == 1
    assert [t.get_text() for t in legends[0].get_texts()] == ["Ocena kadry", "Samoocena"]


def test_rings_are_at_quarters() -> None:
    axes = _figure([STAFF], "pl").axes[0]
    assert list(axes.get_yticks()) == [25, 50, 75, 100]
    assert axes.get_ylim() == (0, 100)


def test_no_staff_disclaimer_on_the_chart() -> None:
    # Documents say scores are advice for staff; the chart does not repeat it.
    texts = " ".join(_texts(_figure([STAFF, SELF], "en", "Entry"))).lower()
    assert "advice" not in texts


def _profile(scores: list[float | None], ratings: list[int | None]) -> Profile:
    return Profile(
        questionnaire="diagnosis_staff",
        version=1,
        spheres={
            sphere: SphereResult(
                score=score,
                klass=None,
                answered=0,
                missing=0,
                missing_share=None,
                strength_items=[],
                need_items=[],
                rating=rating,
            )
            for sphere, score, rating in zip(SCORED_SPHERES, scores, ratings, strict=True)
        },
        suggestions=[],
        agenda=[],
        safety_flags=[],
    )


def test_series_from_profile_scores_and_ratings() -> None:
    profile = _profile([12.5, None, 50, 100, 0], [1, 2, None, 4, 5])
    scores = series_from_profile(profile, "Kadra")
    assert scores.label == "Kadra"
    assert scores.values == dict(zip(SCORED_SPHERES, [12.5, None, 50, 100, 0], strict=True))
    ratings = series_from_profile(profile, "Ja", use="rating")
    assert ratings.values == dict(zip(SCORED_SPHERES, [0, 25, None, 75, 100], strict=True))
    assert radar_png([scores, ratings], "pl").startswith(b"\x89PNG")


def test_out_of_range_rating_is_refused() -> None:
    with pytest.raises(ValueError, match="outside 1-5"):
        series_from_profile(_profile([None] * 5, [0, None, None, None, None]), "x", "rating")


@pytest.mark.parametrize(
    "values",
    [{"health": -1}, {"health": 100.5}, {"health": float("nan")}, {"finance": 50}],
)
def test_bad_values_are_refused(values: dict[str, float | None]) -> None:
    with pytest.raises(ValueError, match=r"outside 0-100|unknown sphere"):
        RadarSeries("x", values)


def test_series_count_is_checked() -> None:
    with pytest.raises(ValueError, match="at least one"):
        radar_png([], "pl")
    with pytest.raises(ValueError, match="at most"):
        radar_png([STAFF] * (chart.MAX_SERIES + 1), "pl")


def test_series_does_not_follow_the_callers_dict() -> None:
    values: dict[str, float | None] = {"health": 10}
    series = RadarSeries("x", values)
    values["health"] = 90
    assert series.value("health") == 10


def test_a_chart_drawn_after_others_on_the_same_frame_is_the_same() -> None:
    # The frame (grid, labels, legend) is kept between charts; nothing of a chart drawn before
    # may show in the next one.
    first = radar_png([STAFF, SELF], "pl")
    other = RadarSeries("Ocena kadry", dict.fromkeys(SCORED_SPHERES, 95.0))
    assert radar_png([other, SELF], "pl") != first
    assert radar_png([STAFF, SELF], "pl") == first
