"""World maps of one vote: every member drawn once with its vote, historical states on their successors' shapes,
small states as dots, the Security Council's members apart, and server-rendered SVG that names every member."""

from __future__ import annotations

import csv
import datetime as dt
import json
import xml.etree.ElementTree as ET
from collections import Counter
from functools import cache
from importlib import resources
from pathlib import Path

import pytest

from unvotes.refdata import council, states
from unvotes.report import charts, maps, render
from unvotes.store import connect
from unvotes.views import record

DAY = dt.date(2025, 2, 24)
USSR_DAY = dt.date(1980, 1, 14)
SVG_NS = "{http://www.w3.org/2000/svg}"
SHAPE_LAYER, DOT_LAYER = "layer_1_marks", "layer_2_marks"


def pattern_votes(day: dt.date) -> dict[str, str]:
    """A vote by every member that day, cycling yes, no, abstain, absent in the order of their ids."""
    return {state_id: "YNAX"[i % 4] for i, state_id in enumerate(states.members_on(day))}


@cache
def atlas() -> dict:
    path = resources.files("unvotes").joinpath("web", "static", "vendor", "world-atlas", "countries-50m.json")
    return json.loads(path.read_text(encoding="utf-8"))


def feature_keys() -> Counter[str]:
    """The map key of every feature of the atlas (its id, or its name when it has none), counted."""
    geometries = atlas()["objects"]["countries"]["geometries"]
    return Counter(g.get("id") or g["properties"]["name"] for g in geometries)


def bounding_box(key: str) -> tuple[float, float, float, float]:
    """(west, south, east, north) of a feature, decoded from the atlas' quantised, delta-encoded arcs."""
    (sx, sy), (tx, ty) = atlas()["transform"]["scale"], atlas()["transform"]["translate"]
    geometry = next(g for g in atlas()["objects"]["countries"]["geometries"] if g.get("id") == key)
    polygons = geometry["arcs"] if geometry["type"] == "MultiPolygon" else [geometry["arcs"]]
    indices = {i if i >= 0 else ~i for polygon in polygons for ring in polygon for i in ring}
    lons, lats = [], []
    for index in indices:
        x = y = 0
        for dx, dy in atlas()["arcs"][index]:
            x, y = x + dx, y + dy
            lons.append(x * sx + tx)
            lats.append(y * sy + ty)
    return min(lons), min(lats), max(lons), max(lats)


def labelled(svg: str, layer: str) -> Counter[str]:
    """The aria-labels of one layer's marks in a rendered SVG, counted."""
    root = ET.fromstring(svg)
    groups = [g for g in root.iter(f"{SVG_NS}g") if layer in (g.get("class") or "").split()]
    return Counter(e.get("aria-label", "") for g in groups for e in g if e.get("aria-label"))


def expected_labels(rows: list[dict], drawn: str) -> Counter[str]:
    """How many marks each member should have: one per atlas feature of its shapes, or its one dot."""
    keys = feature_keys()
    found: Counter[str] = Counter()
    for row in rows:
        if row["drawn"] == drawn:
            found[row["label"]] = sum(keys[k] for k in row["shapes"]) if drawn == "shape" else 1
    return +found


@pytest.fixture(scope="module")
def general() -> tuple[list[dict], dict, str]:
    """The rows, the specification and the SVG of a General Assembly map of 24 February 2025."""
    votes = pattern_votes(DAY)
    spec = maps.vote_map(votes, DAY, "GA", title="A test vote")
    return maps.map_data(votes, DAY, "GA"), spec, render.svg(spec)


@pytest.fixture(scope="module")
def soviet() -> tuple[list[dict], dict, str]:
    """The rows, the specification and the SVG of a General Assembly map of 14 January 1980."""
    votes = pattern_votes(USSR_DAY)
    spec = maps.vote_map(votes, USSR_DAY, "GA")
    return maps.map_data(votes, USSR_DAY, "GA"), spec, render.svg(spec)


def test_every_member_of_2025_has_one_row_with_its_vote(general):
    """On 24 February 2025 the map has 193 members, each with its vote and a label of id, name and vote."""
    rows, _, _ = general
    assert len(rows) == 193
    by_id = {r["state_id"]: r for r in rows}
    assert by_id["USA"]["vote"] == pattern_votes(DAY)["USA"]
    assert by_id["USA"]["label"] == f"USA United States of America: {charts.VOTE_WORDS[by_id['USA']['vote']]}"
    assert Counter(r["category"] for r in rows) == Counter(
        charts.VOTE_WORDS[v] for v in pattern_votes(DAY).values()
    )


def test_every_member_is_drawn_as_a_shape_or_a_dot(general):
    """Each of the 193 members has an atlas shape or a dot, never both, and no other state's shape."""
    rows, _, _ = general
    keys = feature_keys()
    for row in rows:
        assert (row["drawn"] == "dot") == (row["state_id"] in maps.points())
        assert row["drawn"] == "dot" or any(keys[k] for k in row["shapes"]), row["state_id"]
        assert all(maps.owners()[k] == row["state_id"] for k in row["shapes"])


def not_members(rows: list[dict]) -> Counter[str]:
    """The labels the features of no member should have: every feature neither coloured nor replaced by a dot."""
    taken = {k for r in rows for k in r["shapes"]} | {f"{r['m49']:03d}" for r in rows if r["drawn"] == "dot"}
    geometries = atlas()["objects"]["countries"]["geometries"]
    return Counter(
        f"{g['properties']['name']}: Not a member"
        for g in geometries
        if (g.get("id") or g["properties"]["name"]) not in taken
    )


def test_the_svg_labels_each_members_shapes_and_dots_with_its_vote(general):
    """The rendered SVG has an aria-label per member's shape (one per atlas feature) or dot, with its vote, and
    every other feature is labelled not a member: a member drawn as a dot has no shape besides."""
    rows, _, svg = general
    shapes = labelled(svg, SHAPE_LAYER)
    dots = labelled(svg, DOT_LAYER)
    assert shapes == expected_labels(rows, "shape") + not_members(rows)
    assert dots == expected_labels(rows, "dot")
    members = {r["label"] for r in rows}
    assert len(set(shapes) & members) + len(dots) == 193
    assert (
        shapes["AUS Australia: " + charts.VOTE_WORDS[pattern_votes(DAY)["AUS"]]] == 2
    )  # with Ashmore and Cartier


def test_territories_that_are_not_members_are_not_drawn_as_members(general):
    """Greenland, Taiwan, Western Sahara and Palestine are "not a member"; Kosovo is drawn with Serbia (M49)."""
    rows, _, svg = general
    shapes = labelled(svg, SHAPE_LAYER)
    for place in ("Greenland", "Taiwan", "W. Sahara", "Palestine"):
        assert shapes[f"{place}: Not a member"] == 1
    serbia = next(r for r in rows if r["state_id"] == "SRB")
    assert "Kosovo" in serbia["shapes"]


def test_the_legend_has_the_five_words_and_the_description_sums_up(general):
    """The colour scale lists yes, no, abstain, absent and not a member; the description counts the votes."""
    _, spec, svg = general
    scale = spec["layer"][1]["encoding"]["color"]["scale"]
    assert scale["domain"] == ["Yes", "No", "Abstain", "Absent", "Not a member"]
    assert scale["range"] == [charts.COLOURS[w] for w in scale["domain"]]
    assert "Symbol legend for fill color with 5 values: Yes, No, Abstain, Absent, Not a member" in svg
    counts = Counter(pattern_votes(DAY).values())
    assert spec["description"] == (
        f"Map of a General Assembly vote on 2025-02-24: {counts['Y']} yes, {counts['N']} no, "
        f"{counts['A']} abstain, {counts['X']} absent."
    )
    assert spec["title"] == "A test vote"


def test_tuvalu_is_a_dot_at_funafuti(general):
    """Tuvalu, which has no shape at 1:50m, is a dot at its capital with its vote as its label."""
    rows, spec, svg = general
    tuvalu = next(r for r in rows if r["state_id"] == "TUV")
    assert (tuvalu["drawn"], tuvalu["shapes"]) == ("dot", [])
    dot = next(v for v in spec["layer"][2]["data"]["values"] if v["state_id"] == "TUV")
    assert (dot["lat"], dot["lon"]) == (-8.52, 179.2)
    assert labelled(svg, DOT_LAYER)[tuvalu["label"]] == 1
    assert keys_without_member_shape() == {"798"}


def keys_without_member_shape() -> set[str]:
    """The M49 keys of today's members that the atlas has no feature for."""
    keys = feature_keys()
    return {k for k, owner in maps.owners().items() if keys[k] == 0 and states.states()[owner].ended is None}


def test_the_ussr_is_drawn_on_its_successors_shapes_in_1980(soviet):
    """In 1980 the USSR colours Russia and the other republics that were not members, and a note says so."""
    rows, spec, svg = soviet
    ussr = next(r for r in rows if r["state_id"] == "SUN")
    republics = {"RUS", "ARM", "AZE", "GEO", "KAZ", "KGZ", "MDA", "TJK", "TKM", "UZB", "EST", "LVA", "LTU"}
    assert {maps.owners()[k] for k in ussr["shapes"]} == republics
    assert labelled(svg, SHAPE_LAYER)[ussr["label"]] == sum(feature_keys()[k] for k in ussr["shapes"]) >= 13
    assert not any(label.startswith("RUS ") for label in labelled(svg, SHAPE_LAYER))
    assert any(
        n.startswith("Union of Soviet Socialist Republics (SUN) is drawn on")
        for n in spec["usermeta"]["notes"]
    )


def test_byelorussia_and_ukraine_keep_their_own_shapes_in_1980(soviet):
    """Belarus and Ukraine were members in their own right: they keep their shapes."""
    rows, _, _ = soviet
    by_id = {r["state_id"]: r for r in rows}
    assert by_id["BLR"]["shapes"] == ["112"] and by_id["UKR"]["shapes"] == ["804"]


def test_the_two_germanys_and_the_two_yemens_in_1980(soviet):
    """Germany's shape shows the FRG and the GDR is a dot; Yemen's shows the YAR and Democratic Yemen is a dot."""
    rows, spec, _ = soviet
    by_id = {r["state_id"]: r for r in rows}
    assert by_id["DEU"]["shapes"] == ["276"] and by_id["DDR"]["drawn"] == "dot"
    assert by_id["YEM"]["shapes"] == ["887"] and by_id["YMD"]["drawn"] == "dot"
    notes = " ".join(spec["usermeta"]["notes"])
    assert "German Democratic Republic (DDR) is drawn as a dot" in notes
    assert "Democratic Yemen (YMD) is drawn as a dot" in notes


@pytest.mark.parametrize(
    ("day", "territory", "member"),
    [
        (dt.date(1991, 12, 23), "RUS", "SUN"),
        (dt.date(1991, 12, 24), "RUS", "RUS"),
        (dt.date(1991, 12, 27), "KAZ", None),  # between the dissolution and Kazakhstan's admission
        (dt.date(1991, 9, 1), "EST", "SUN"),
        (dt.date(1991, 9, 20), "EST", "EST"),
        (dt.date(1990, 1, 1), "MNE", "YUG"),
        (dt.date(1995, 1, 1), "SRB", "YUG"),  # the FRY in Yugoslavia's seat
        (dt.date(1995, 1, 1), "HRV", "HRV"),
        (dt.date(1992, 12, 1), "MKD", None),  # independent, admitted on 8 April 1993
        (dt.date(2003, 1, 1), "MNE", "SRB"),
        (dt.date(1992, 12, 31), "SVK", "CSK"),
        (dt.date(1993, 1, 10), "SVK", None),
        (dt.date(1960, 1, 1), "SYR", "EGY"),  # the United Arab Republic
        (dt.date(1950, 1, 1), "ERI", None),
        (dt.date(1960, 1, 1), "ERI", "ETH"),
        (dt.date(1950, 1, 1), "NGA", None),
    ],
)
def test_the_member_a_territory_shows(day, territory, member):
    """A territory shows its own member, else the member it was then part of, else no member."""
    assert maps.holder(territory, day) == member


@pytest.mark.parametrize("year", range(1946, 2027, 4))
def test_every_member_of_any_year_is_drawn(year):
    """Through the whole record every member is a dot or colours at least one feature of the atlas."""
    day = dt.date(year, 7, 1)
    keys = feature_keys()
    undrawn = [
        r["state_id"]
        for r in maps.map_data({}, day, "GA")
        if r["drawn"] == "shape" and not any(keys[k] for k in r["shapes"])
    ]
    assert undrawn == []


def test_a_security_council_map_colours_only_the_councils_votes(fixture_db: Path):
    """A real Security Council vote: its 15 members have their votes, the other members are not on the Council."""
    with connect(fixture_db, read_only=True) as con:
        found = record.vote(con, "S/RES/2774 (2025)")
    day = dt.date.fromisoformat(found["date"])
    spec = maps.vote_map(found["votes"], day, found["organ"])
    rows = maps.map_data(found["votes"], day, found["organ"])
    voted = [r for r in rows if r["category"] != charts.NOT_ON_COUNCIL]
    assert sorted(r["state_id"] for r in voted) == council.members_on(day) == sorted(found["votes"])
    assert all(r["category"] == charts.VOTE_WORDS[found["votes"][r["state_id"]]] for r in voted)
    assert len(rows) - len(voted) == 178
    assert spec["layer"][1]["encoding"]["color"]["scale"]["domain"][-2:] == [
        "Not on the Council",
        "Not a member",
    ]
    shapes = labelled(render.svg(spec), SHAPE_LAYER)
    on_council = {r["label"] for r in voted}
    assert sum(n for label, n in shapes.items() if label in on_council) == sum(
        feature_keys()[k] for r in voted for k in r["shapes"]
    )
    assert shapes["FRA France: " + charts.VOTE_WORDS[found["votes"]["FRA"]]] >= 1
    assert shapes["DEU Germany: Not on the Council"] == 1


def test_a_member_without_a_recorded_vote_is_no_record():
    """A member missing from `votes` is "No record", and the legend shows that word only then."""
    votes = pattern_votes(DAY)
    del votes["USA"]
    spec = maps.vote_map(votes, DAY, "GA")
    assert (
        next(r for r in maps.map_data(votes, DAY, "GA") if r["state_id"] == "USA")["category"] == "No record"
    )
    assert "No record" in spec["layer"][1]["encoding"]["color"]["scale"]["domain"]
    assert "1 no record" in spec["description"]


def test_votes_of_states_that_were_not_members_are_left_off_with_a_note():
    """A vote under a state that was not a member that day is not drawn, and a note names it."""
    spec = maps.vote_map(pattern_votes(DAY) | {"SUN": "Y"}, DAY, "GA")
    assert (
        "Votes of states not members of the United Nations that day are not drawn: SUN."
        in spec["usermeta"]["notes"]
    )


def test_an_unknown_vote_is_refused():
    """A vote other than Y, N, A, X raises ValueError naming the state."""
    with pytest.raises(ValueError, match="USA's vote 'yes'"):
        maps.vote_map(pattern_votes(DAY) | {"USA": "yes"}, DAY, "GA")


def test_the_shapes_url_is_the_specifications_data_url():
    """The shapes load from the vendored atlas' site path by default, or from the URL given."""
    assert (
        maps.vote_map({}, DAY, "GA")["layer"][1]["data"]["url"]
        == "/static/vendor/world-atlas/countries-50m.json"
    )
    assert (
        maps.vote_map({}, DAY, "GA", shapes_url="/maps/w.json")["layer"][1]["data"]["url"] == "/maps/w.json"
    )


def test_map_points_are_valid_and_lie_on_their_states():
    """Each point names a state once, has a source, and lies in its state's (or successor's) bounding box."""
    path = resources.files("unvotes.refdata").joinpath("data", "map_points.csv")
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert len({r["state_id"] for r in rows}) == len(rows)
    keys = feature_keys()
    for r in rows:
        assert r["state_id"] in states.states() and r["source"]
        state = states.states()[r["state_id"]]
        owner = state.state_id if state.ended is None else states.successors_of(state.state_id)[0]
        key = f"{states.states()[owner].m49:03d}"
        if keys[key]:
            west, south, east, north = bounding_box(key)
            lat, lon = float(r["lat"]), float(r["lon"])
            assert south - 0.1 <= lat <= north + 0.1 and west - 0.1 <= lon <= east + 0.1, r["state_id"]
