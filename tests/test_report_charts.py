"""Charts of the views (agreement over time, ideal points with their band, a vote's tally) are valid Vega-Lite:
each is rendered to SVG here, with one labelled mark per value; and the server renderer never fetches."""

from __future__ import annotations

import re
import struct
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from unvotes.models import Selection
from unvotes.report import charts, render
from unvotes.store import connect
from unvotes.views import analysis, record, shapes
from view_checks import conforms

SVG_NS = "{http://www.w3.org/2000/svg}"

AGREEMENT = {
    "a": "USA",
    "b": "GBR",
    "by": "year",
    "score": 0.5,
    "votes": 40,
    "series": [
        {"period": 2021, "score": 0.75, "n": 12},
        {"period": 2022, "score": 0.5, "n": 10},
        {"period": 2023, "score": 0.3333, "n": 18},
    ],
}
IDEAL = {
    "by": "year",
    "dynamic": True,
    "rows": [
        {"state": "USA", "session": "76", "year": 2021, "ideal_point": 1.5, "se": 0.1},
        {"state": "USA", "session": "77", "year": 2022, "ideal_point": 1.25, "se": 0.2},
        {"state": "USA", "session": "78", "year": 2023, "ideal_point": 1.0, "se": None},
        {"state": "CUB", "session": "76", "year": 2021, "ideal_point": -1.0, "se": 0.05},
        {"state": "CUB", "session": "77", "year": 2022, "ideal_point": None, "se": None},
    ],
}
TALLY = {"yes": 93, "no": 18, "abstain": 65, "non_voting": 17}


def aria_labels(svg: str) -> list[str]:
    """Every aria-label of a data mark (legends, axes and titles left out)."""
    root = ET.fromstring(svg)
    marks = [g for g in root.iter(f"{SVG_NS}g") if "role-mark" in (g.get("class") or "").split()]
    return [e.get("aria-label", "") for g in marks for e in g if e.get("aria-label")]


def test_the_sample_views_have_the_published_shapes():
    """The hand-made views these tests chart conform to `views/shapes.py`."""
    conforms(AGREEMENT, shapes.Agreement)
    conforms(IDEAL, shapes.IdealPoints)
    conforms(TALLY, shapes.Counts)


def test_agreement_is_a_line_of_percentages_over_the_years():
    """Each period becomes a point in percent on a 0–100 axis, and the SVG labels each point."""
    spec = charts.agreement_chart(AGREEMENT, title="USA and GBR")
    assert [r["percent"] for r in spec["data"]["values"]] == [75.0, 50.0, 33.3]
    assert spec["layer"][1]["encoding"]["y"]["scale"]["domain"] == [0, 100]
    assert spec["layer"][1]["encoding"]["x"]["type"] == "quantitative"
    assert spec["description"] == "Agreement of USA and GBR by year: 50.0 % overall."
    svg = render.svg(spec)
    assert aria_labels(svg) == [
        "2021: 75.0 % agreement over 12 votes",
        "2022: 50.0 % agreement over 10 votes",
        "2023: 33.3 % agreement over 18 votes",
    ]
    assert ">USA and GBR</text>" in svg


def test_agreement_of_a_real_view_renders(fixture_db: Path):
    """The fixture record's agreement view charts as it comes: one period, 100 %."""
    with connect(fixture_db, read_only=True) as con:
        found = analysis.agreement(con, "USA", "RUS", Selection())
    assert aria_labels(render.svg(charts.agreement_chart(found))) == ["2025: 100.0 % agreement over 1 votes"]


def test_agreement_by_session_is_an_ordered_axis():
    """Sessions are labels, kept in the view's order on an ordinal axis."""
    by_session = AGREEMENT | {"by": "session", "series": [{"period": "79", "score": 1.0, "n": 2}]}
    spec = charts.agreement_chart(by_session)
    assert spec["layer"][1]["encoding"]["x"] == {
        "field": "period",
        "type": "ordinal",
        "title": "Session",
        "sort": None,
    }
    assert aria_labels(render.svg(spec)) == ["79: 100.0 % agreement over 2 votes"]


def test_ideal_points_have_a_95_percent_band():
    """A point with a standard error gets the band point ± 1.96 se; one without gets none; missing points drop."""
    rows = charts.ideal_rows(IDEAL)
    assert [(r["state"], r["period"], r["low"], r["high"]) for r in rows] == [
        ("USA", 2021, 1.304, 1.696),
        ("USA", 2022, 0.858, 1.642),
        ("USA", 2023, None, None),
        ("CUB", 2021, -1.098, -0.902),
    ]
    assert [r["state"] for r in charts.ideal_rows(IDEAL, ["CUB"])] == ["CUB"]


def test_ideal_points_render_as_band_and_line():
    """The chart has an area layer (the band) under a line layer whose points carry their labels."""
    spec = charts.ideal_chart(IDEAL, ["USA"])
    assert [layer["mark"]["type"] for layer in spec["layer"]] == ["area", "line", "point"]
    svg = render.svg(spec)
    assert aria_labels(svg) == [
        "USA 2021: ideal point 1.5 (95 % interval 1.304 to 1.696)",
        "USA 2022: ideal point 1.25 (95 % interval 0.858 to 1.642)",
        "USA 2023: ideal point 1.0",
    ]
    assert 'class="mark-area role-mark' in svg


def test_ideal_points_by_session_use_the_session():
    """A fit by session (no year) is charted over its sessions."""
    by_session = {"by": "session", "dynamic": False, "rows": [dict(r) for r in IDEAL["rows"][:2]]}
    for row in by_session["rows"]:
        del row["year"]
    spec = charts.ideal_chart(by_session)
    assert spec["layer"][2]["encoding"]["x"]["type"] == "ordinal"
    assert [r["period"] for r in spec["data"]["values"]] == ["76", "77"]
    assert len(aria_labels(render.svg(spec))) == 2


def test_the_tally_is_four_bars_in_the_vote_colours():
    """Yes, no, abstain and absent become labelled bars coloured as on the maps."""
    spec = charts.tally_chart(TALLY)
    colour = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colour == {
        "domain": ["Yes", "No", "Abstain", "Absent"],
        "range": ["#009E73", "#D55E00", "#F0E442", "#56B4E9"],
    }
    svg = render.svg(spec)
    assert aria_labels(svg) == ["Yes: 93", "No: 18", "Abstain: 65", "Absent: 17"]
    assert re.findall(r">(\d+)</text>", svg)[-4:] == ["93", "18", "65", "17"]


def test_a_real_votes_tally_renders_and_unknown_counts_are_left_out(fixture_db: Path):
    """A Security Council vote's tally charts as it comes; a count the record does not know has no bar."""
    with connect(fixture_db, read_only=True) as con:
        found = record.vote(con, "S/RES/2774 (2025)")
    labels = aria_labels(render.svg(charts.tally_chart(found["tally"])))
    assert labels == [f"{charts.COUNT_WORDS[k]}: {v}" for k, v in found["tally"].items()]
    assert aria_labels(render.svg(charts.tally_chart(TALLY | {"non_voting": None}))) == [
        "Yes: 93",
        "No: 18",
        "Abstain: 65",
    ]


def test_renderings_are_cached_by_content():
    """Equal specifications, even with keys in another order, give the very same cached rendering."""
    spec = charts.tally_chart(TALLY)
    again = dict(reversed(list(charts.tally_chart(TALLY).items())))
    assert render.svg(spec) is render.svg(again)
    assert render.png(spec) is render.png(again)


def test_png_is_an_image_scaled_as_asked():
    """`png` returns PNG bytes whose width doubles from scale 1 to scale 2."""
    spec = charts.tally_chart(TALLY)
    one, two = render.png(spec, scale=1), render.png(spec, scale=2)
    assert one[:8] == two[:8] == b"\x89PNG\r\n\x1a\n"
    width = struct.unpack(">I", one[16:20])[0]
    assert struct.unpack(">I", two[16:20])[0] == 2 * width


@pytest.mark.parametrize(
    "url", ["https://example.com/world.json", "/other/world.json", "/static/../pyproject.toml"]
)
def test_the_renderer_never_fetches(url):
    """A data URL outside the site's /static/ files is refused before vl-convert sees it."""
    spec = charts.tally_chart(TALLY) | {"data": {"url": url}}
    with pytest.raises(ValueError, match="renderings never fetch"):
        render.svg(spec)


def test_static_data_is_inlined():
    """A /static/ data URL is replaced by the file's values, and nothing else in the specification changes."""
    spec = {
        "layer": [
            {"data": {"url": "/static/vendor/MANIFEST.json", "format": {"type": "json"}}, "mark": "point"}
        ]
    }
    inlined = render.inline(spec)
    assert inlined["layer"][0]["data"]["format"] == {"type": "json"}
    assert inlined["layer"][0]["data"]["values"]["packages"][0]["name"] == "vega"
    assert "url" not in inlined["layer"][0]["data"] and spec["layer"][0]["data"]["url"]


@pytest.mark.parametrize(
    ("years", "ticks"),
    [
        ([2021, 2023], [2021, 2022, 2023]),
        ([1990, 2005], [1990, 1992, 1994, 1996, 1998, 2000, 2002, 2004]),
        ([1946, 2025], [1950, 1960, 1970, 1980, 1990, 2000, 2010, 2020]),
        ([2025], [2025]),
        ([], []),
    ],
)
def test_year_ticks_are_whole_years_a_dozen_at_most(years, ticks):
    """A span of years is ticked every 1, 2, 5, 10 or 20 years, on round years, never on fractions."""
    assert charts.year_ticks(years) == ticks
