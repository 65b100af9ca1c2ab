"""The star chart of HTML documents, drawn as SVG without matplotlib: what it shows is read
back from the SVG (labels, legend, where the points lie)."""

from __future__ import annotations

import math
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from exports import chart
from exports.chart import RadarSeries
from exports.radar import RADIUS, radar_svg
from questionnaires.messages import message
from questionnaires.model import LANGUAGES, SCORED_SPHERES

STAFF = RadarSeries(
    "Ocena kadry",
    {"socio_economic": 35, "health": 70, "vocational": 20, "psychological": 55, "social": 80},
)
SELF = RadarSeries(
    "Samoocena",
    {"socio_economic": 50, "health": None, "vocational": 25, "psychological": 75, "social": 100},
)
NS = "{http://www.w3.org/2000/svg}"


def _root(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # noqa: S314  # our own output, parsed to prove it is well-formed


def _texts(svg: str) -> list[str]:
    """Each <text> element's lines joined with spaces."""
    return [" ".join(t.itertext()) for t in _root(svg).iter(f"{NS}text")]


def _floats(points: str) -> list[tuple[float, float]]:
    pairs = (p.split(",") for p in points.split())
    return [(float(x), float(y)) for x, y in pairs]


def test_svg_is_self_contained_and_ready_to_inline() -> None:
    svg = radar_svg([STAFF, SELF], "pl", title="Jan Kowalski")
    assert _root(svg).tag == f"{NS}svg"
    assert svg.startswith("<svg")  # no XML declaration or DOCTYPE
    assert "<image" not in svg
    assert "@font-face" not in svg
    assert "href" not in svg  # nothing referenced, inside or out
    assert " id=" not in svg  # two charts on one page cannot clash
    assert set(re.findall(r"https?://[^\"' ]+", svg)) == {"http://www.w3.org/2000/svg"}


def test_svg_is_deterministic() -> None:
    assert radar_svg([STAFF, SELF], "uk", "Вхід") == radar_svg([STAFF, SELF], "uk", "Вхід")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_axis_labels_are_the_catalogue_sphere_names(lang: str) -> None:
    texts = _texts(radar_svg([STAFF], lang))
    for sphere in SCORED_SPHERES:
        name = message(f"sphere.{sphere}", lang)
        assert name in texts, (sphere, name, texts)


def test_missing_values_are_marked_no_data() -> None:
    one = RadarSeries("x", {"socio_economic": 10, "vocational": None})
    texts = _texts(radar_svg([one], "pl"))
    assert "Praca i nauka (brak danych)" in texts
    assert "Zdrowie (brak danych)" in texts  # left out of values: no data as well
    both = _texts(radar_svg([STAFF, SELF], "en"))
    assert "Health (no data: Samoocena)" in both
    assert "How you feel" in both


def test_rings_are_numbered_at_quarters() -> None:
    texts = _texts(radar_svg([STAFF], "pl"))
    assert [t for t in texts if t.isdigit()] == ["25", "50", "75", "100"]


def test_legend_only_with_more_than_one_series_in_their_order() -> None:
    names = {message(f"sphere.{s}", "pl") for s in SCORED_SPHERES}
    alone = [t for t in _texts(radar_svg([STAFF], "pl")) if t not in names and not t.isdigit()]
    assert alone == []
    many = [RadarSeries(f"S{i}", {"health": 10.0 * i}) for i in range(5)]
    texts = _texts(radar_svg(many, "pl"))
    assert [t for t in texts if re.fullmatch(r"S\d", t)] == ["S0", "S1", "S2", "S3", "S4"]


def test_points_lie_where_their_values_say() -> None:
    svg = radar_svg([RadarSeries("x", dict.fromkeys(SCORED_SPHERES, 100.0))], "pl")
    root = _root(svg)
    outer = [c for c in root.iter(f"{NS}circle") if c.get("stroke") == "#888888"]
    assert len(outer) == 1
    cx, cy = float(outer[0].get("cx", "")), float(outer[0].get("cy", ""))
    (line,) = root.iter(f"{NS}polyline")
    points = _floats(line.get("points", ""))
    assert len(points) == 6  # five spheres, closed
    assert all(math.dist(p, (cx, cy)) == pytest.approx(RADIUS, abs=0.02) for p in points)
    assert points[0][0] == pytest.approx(cx)  # the first sphere at the top
    assert points[0][1] < cy
    assert points[1][0] > cx  # the second to its right: clockwise
    half = radar_svg([RadarSeries("x", dict.fromkeys(SCORED_SPHERES, 50.0))], "pl")
    (line,) = _root(half).iter(f"{NS}polyline")
    assert all(
        math.dist(p, (cx, cy)) == pytest.approx(RADIUS / 2, abs=0.02)
        for p in _floats(line.get("points", ""))
    )


def test_gaps_break_the_line_and_keep_the_markers_of_values() -> None:
    gappy = RadarSeries(
        "x", {"socio_economic": None, "health": 40, "vocational": None, "social": 90}
    )
    root = _root(radar_svg([gappy], "pl"))
    lines = [_floats(p.get("points", "")) for p in root.iter(f"{NS}polyline")]
    assert [len(points) for points in lines] == [1, 1]  # health alone; social alone
    markers = [p for p in root.iter(f"{NS}path") if p.get("transform")]
    assert len(markers) == 2
    assert list(root.iter(f"{NS}polygon")) == []  # nothing to shade between lone points


def test_all_none_still_draws_the_frame() -> None:
    svg = radar_svg([RadarSeries("x", dict.fromkeys(SCORED_SPHERES))], "uk")
    assert _root(svg).find(f"{NS}circle") is not None
    assert "<polyline" not in svg


def test_typed_labels_are_escaped() -> None:
    svg = radar_svg([RadarSeries('<script>alert("x")</script> & ł', {}), STAFF], "pl")
    assert "<script>" not in svg
    assert '<script>alert("x")</script> & ł' in _texts(svg)


def test_series_count_is_checked() -> None:
    with pytest.raises(ValueError, match="at least one"):
        radar_svg([], "pl")
    with pytest.raises(ValueError, match="at most"):
        radar_svg([STAFF] * (chart.MAX_SERIES + 1), "pl")


def test_html_documents_draw_without_loading_matplotlib() -> None:
    # Half a second of import and font set-up in a fresh process (a worker drawing a report).
    code = (
        "import sys\n"
        "from exports.chart import RadarSeries\n"
        "from exports.radar import radar_svg\n"
        "radar_svg([RadarSeries('x', {'health': 50})], 'pl')\n"
        "print('matplotlib' in sys.modules)\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, fixed code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
