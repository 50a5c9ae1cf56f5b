"""World maps of one vote as Vega-Lite specifications: every member's territory coloured by its vote that day.

The shapes are Natural Earth's 1:50m countries as packaged by world-atlas (`web/static/vendor/world-atlas/`),
whose feature ids are M49 codes; they are joined to the member states on `m49` in `refdata/data/states.csv`.
Which member a shape shows on a day:

- the shape's own state when it was a member that day (for a Security Council vote: a member with no seat that
  day is "not on the Council");
- else the member its territory was then part of: a predecessor in `successions.csv` before the succession
  (the USSR on Russia and the other republics, Czechoslovakia on Czechia and Slovakia, Yugoslavia on its
  successors), or one of `PARTS` (the Baltic states in the USSR, the FRY's territory in Yugoslavia's seat until
  2000, Montenegro in Serbia and Montenegro, Syria in the United Arab Republic, Bangladesh in Pakistan, Eritrea
  in Ethiopia, South Sudan in Sudan);
- else "not a member": territories that are not members (Greenland, Taiwan, Western Sahara, Palestine…) are
  never drawn as members.

Features without an M49 code lie inside a member by the M49 standard, which gives them no code of their own:
Kosovo (Serbia), Somaliland (Somalia), Northern Cyprus (Cyprus). The Siachen Glacier is left uncoloured.

States listed in `refdata/data/map_points.csv` are drawn as a dot instead of a shape while they are members:
those with no shape at this scale or one too small to see (Tuvalu, Nauru, Monaco…), and the members that shared
a shape with another: the German Democratic Republic (Germany's shape shows the Federal Republic), Democratic
Yemen (Yemen's shows the Yemen Arab Republic) and Zanzibar (Tanzania's shows Tanganyika). The specification's
`usermeta.notes` says so whenever such a choice shows on the map.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from typing import Any

from unvotes import refdata
from unvotes.refdata import council, states
from unvotes.report import charts

SHAPES_URL = "/static/vendor/world-atlas/countries-50m.json"
WIDTH, HEIGHT = 900, 460


@dataclass(frozen=True)
class Part:
    """Territory drawn with another member's vote while its own state was not a member, `until` exclusive."""

    part: str
    whole: str
    since: dt.date | None
    until: dt.date | None
    why: str

    def on(self, day: dt.date) -> bool:
        return (self.since is None or self.since <= day) and (self.until is None or day < self.until)


BALTIC = "part of the USSR until it recognised their independence on 6 September 1991"
PARTS = (
    Part("EST", "SUN", None, dt.date(1991, 9, 6), BALTIC),
    Part("LVA", "SUN", None, dt.date(1991, 9, 6), BALTIC),
    Part("LTU", "SUN", None, dt.date(1991, 9, 6), BALTIC),
    Part("SRB", "YUG", None, dt.date(2000, 11, 1), "the FRY kept Yugoslavia's seat until admitted anew"),
    Part("MNE", "SRB", None, dt.date(2006, 6, 3), "part of Serbia and Montenegro until 3 June 2006"),
    Part("SYR", "EGY", None, None, "part of the United Arab Republic, 1958-1961"),
    Part("BGD", "PAK", None, dt.date(1971, 12, 16), "East Pakistan until 16 December 1971"),
    Part("ERI", "ETH", dt.date(1952, 9, 15), dt.date(1993, 5, 24), "federated in 1952, annexed, until 1993"),
    Part("SSD", "SDN", None, dt.date(2011, 7, 9), "part of Sudan until 9 July 2011"),
)

# Features of world-atlas with no id, by name: the member whose territory they are in by the M49 standard.
CODELESS = {"Kosovo": "SRB", "Somaliland": "SOM", "N. Cyprus": "CYP"}

ORGANS = {"GA": "General Assembly", "SC": "Security Council"}


@dataclass(frozen=True)
class Point:
    """Where a state's dot goes, and what the place is."""

    state_id: str
    lat: float
    lon: float
    source: str


@cache
def points() -> dict[str, Point]:
    """The states drawn as a dot, by id, from `refdata/data/map_points.csv`."""
    return {
        r["state_id"]: Point(r["state_id"], float(r["lat"]), float(r["lon"]), r["source"])
        for r in refdata.rows("map_points.csv")
    }


def _m49_key(code: int) -> str:
    """An M49 code as world-atlas writes a feature's id: three digits."""
    return f"{code:03d}"


@cache
def owners() -> dict[str, str]:
    """Map key (a feature's id, or its name when it has none) → the state whose territory it is today."""
    found = {
        _m49_key(s.m49): s.state_id for s in states.states().values() if s.m49 is not None and s.ended is None
    }
    return found | CODELESS


def _wholes(state_id: str, day: dt.date) -> list[str]:
    """The states a territory belonged to on a day before its own state was a member: predecessors, PARTS."""
    earlier = [s.predecessor for s in states.successions() if s.successor == state_id and day < s.date]
    return earlier + [p.whole for p in PARTS if p.part == state_id and p.on(day)]


def holder(state_id: str, day: dt.date) -> str | None:
    """The member whose vote a state's territory shows on a day, or None when it was in no member's."""
    if states.states()[state_id].member_on(day):
        return state_id
    for whole in _wholes(state_id, day):
        found = holder(whole, day)
        if found:
            return found
    return None


def _category(state_id: str, votes: dict[str, str], seated: set[str] | None) -> str:
    """The legend word for a member: its vote, or that it had none recorded, or no seat on the Council."""
    if seated is not None and state_id not in seated:
        return charts.NOT_ON_COUNCIL
    vote = votes.get(state_id)
    if vote is None:
        return charts.NOT_RECORDED
    if vote not in charts.VOTE_WORDS:
        raise ValueError(f"{state_id}'s vote {vote!r} is none of {', '.join(charts.VOTE_WORDS)}")
    return charts.VOTE_WORDS[vote]


def _seated(day: dt.date, organ: str) -> set[str] | None:
    """The Council's members that day for a Security Council vote; None for any other organ."""
    return set(council.members_on(day)) if organ == "SC" else None


def _member_row(state_id: str, day: dt.date, category: str, vote: str | None) -> dict[str, Any]:
    state = states.states()[state_id]
    name = states.name_on(state_id, day)
    return {
        "state_id": state_id,
        "iso3": state.iso3,
        "m49": state.m49,
        "name": name,
        "vote": vote,
        "category": category,
        "label": f"{state_id} {name}: {category}",
    }


def _territories(day: dt.date) -> dict[str, list[str]]:
    """Member → the map keys that show its vote that day, sorted (keys in no member's territory are left out)."""
    found: dict[str, list[str]] = {}
    for key, owner in sorted(owners().items()):
        member = holder(owner, day)
        if member is not None:
            found.setdefault(member, []).append(key)
    return found


def map_data(votes: dict[str, str], day: dt.date, organ: str) -> list[dict[str, Any]]:
    """One row per UN member that day: state_id, iso3, m49, name, vote (Y/N/A/X or None), category (the legend
    word), label, and how it is drawn (`drawn`: "dot" or "shape"; `shapes`: the map keys it colours)."""
    seated = _seated(day, organ)
    territories = _territories(day)
    rows = []
    for state_id in states.members_on(day):
        category = _category(state_id, votes, seated)
        vote = votes.get(state_id) if category != charts.NOT_ON_COUNCIL else None
        row = _member_row(state_id, day, category, vote)
        dot = state_id in points()
        row["drawn"] = "dot" if dot else "shape"
        row["shapes"] = [] if dot else territories.get(state_id, [])
        rows.append(row)
    return rows


# ---- the notes ----------------------------------------------------------------------------------------------------


def _current_names(keys: list[str]) -> str:
    return ", ".join(sorted(states.states()[owners()[k]].name for k in keys))


def _why(state_id: str, day: dt.date) -> str:
    """Why a state's territory was another member's that day, from `PARTS` (nothing for a succession)."""
    return "".join(f" ({p.why})" for p in PARTS if p.part == state_id and p.on(day))


def _territory_notes(row: dict[str, Any], day: dt.date) -> list[str]:
    """Where a member is drawn on other states' territory: a former state on its successors', or a member on a
    part of it that is a state of its own today."""
    state_id, name = row["state_id"], row["name"]
    others = [k for k in row["shapes"] if owners()[k] != state_id and k not in CODELESS]
    if not others:
        return []
    if states.states()[state_id].ended is not None:
        return [f"{name} ({state_id}) is drawn on the territory of today's {_current_names(others)}."]
    return [
        f"{name} ({state_id}) is also drawn on today's {_current_names([k])}{_why(owners()[k], day)}."
        for k in others
    ]


def _shared_shape_notes(row: dict[str, Any], day: dt.date) -> list[str]:
    """Where a member is a dot because another member's shape covers its territory (its successor's today)."""
    m49 = states.states()[row["state_id"]].m49
    if row["drawn"] != "dot" or m49 is None or _m49_key(m49) in owners():
        return []
    shown = [(s, holder(s, day)) for s in states.successors_of(row["state_id"])]
    return [
        f"{row['name']} ({row['state_id']}) is drawn as a dot at its capital; the shape of "
        f"{states.states()[s].name} shows the vote of {states.name_on(h, day)} ({h})."
        for s, h in shown
        if h is not None
    ]


def notes(rows: list[dict[str, Any]], day: dt.date, ignored: list[str], organ: str) -> list[str]:
    """Everything a reader should know to read the map right: history, dots, votes left off."""
    found = [n for r in rows for n in (*_territory_notes(r, day), *_shared_shape_notes(r, day))]
    small = [r["state_id"] for r in rows if r["drawn"] == "dot"]
    if small:
        found.append(f"Drawn as dots (too small for the map, or sharing a shape): {', '.join(small)}.")
    if ignored:
        body = "the Council" if organ == "SC" else "the United Nations"
        found.append(f"Votes of states not members of {body} that day are not drawn: {', '.join(ignored)}.")
    return found


# ---- the specification --------------------------------------------------------------------------------------------


def _domain(rows: list[dict[str, Any]], organ: str) -> list[str]:
    """The legend: the four votes, a missing record when there is one, then the greys."""
    words = [charts.YES, charts.NO, charts.ABSTAIN, charts.ABSENT]
    if any(r["category"] == charts.NOT_RECORDED for r in rows):
        words.append(charts.NOT_RECORDED)
    if organ == "SC":
        words.append(charts.NOT_ON_COUNCIL)
    return [*words, charts.NOT_MEMBER]


def _summary(rows: list[dict[str, Any]], day: dt.date, organ: str) -> str:
    """A sentence for screen readers: the organ, the day and how many members voted how."""
    counted = (charts.YES, charts.NO, charts.ABSTAIN, charts.ABSENT, charts.NOT_RECORDED)
    found = {w: sum(r["category"] == w for r in rows) for w in counted}
    parts = [f"{n} {w.lower()}" for w, n in found.items() if n or w != charts.NOT_RECORDED]
    return f"Map of a {ORGANS.get(organ, organ)} vote on {day.isoformat()}: {', '.join(parts)}."


def _encoding(domain: list[str]) -> dict[str, Any]:
    colour = {
        "field": "category",
        "type": "nominal",
        "scale": charts.colour_scale(domain),
        "legend": {"title": None, "orient": "bottom", "direction": "horizontal", "symbolType": "circle"},
    }
    tooltip = [{"field": "name", "title": "State"}, {"field": "category", "title": "Vote"}]
    return {"color": colour, "description": {"field": "label"}, "tooltip": tooltip}


def _shape_layer(rows: list[dict[str, Any]], shapes_url: str, domain: list[str]) -> dict[str, Any]:
    """The countries: each looked up by its key in the table of members' territories; the rest not members."""
    table = [
        {"key": key, "name": r["name"], "category": r["category"], "label": r["label"]}
        for r in rows
        for key in r["shapes"]
    ]
    dotted = [_m49_key(r["m49"]) for r in rows if r["drawn"] == "dot" and r["m49"] is not None]
    return {
        "data": {"url": shapes_url, "format": {"type": "topojson", "feature": "countries"}},
        "transform": [
            {"calculate": "datum.id != null ? datum.id : datum.properties.name", "as": "key"},
            {"filter": {"not": {"field": "key", "oneOf": dotted}}},
            {
                "lookup": "key",
                "from": {"data": {"values": table}, "key": "key", "fields": ["name", "category", "label"]},
            },
            {"calculate": f"datum.category || '{charts.NOT_MEMBER}'", "as": "category"},
            {"calculate": "datum.name || datum.properties.name", "as": "name"},
            {"calculate": "datum.label || (datum.name + ': ' + datum.category)", "as": "label"},
        ],
        "mark": {"type": "geoshape", "stroke": "#ffffff", "strokeWidth": 0.4},
        "encoding": _encoding(domain),
    }


def _dot_layer(rows: list[dict[str, Any]], domain: list[str]) -> dict[str, Any]:
    """The members drawn as dots, at the coordinates of `map_points.csv`."""
    values = [
        {k: r[k] for k in ("state_id", "name", "category", "label")}
        | {"lat": points()[r["state_id"]].lat, "lon": points()[r["state_id"]].lon}
        for r in rows
        if r["drawn"] == "dot"
    ]
    encoding = _encoding(domain) | {
        "longitude": {"field": "lon", "type": "quantitative"},
        "latitude": {"field": "lat", "type": "quantitative"},
    }
    return {
        "data": {"values": values},
        "mark": {"type": "circle", "size": 36, "opacity": 1, "stroke": "#333333", "strokeWidth": 0.6},
        "encoding": encoding,
    }


def _sphere_layer() -> dict[str, Any]:
    return {
        "data": {"sphere": True},
        "mark": {"type": "geoshape", "fill": "#F4F8FB", "stroke": "#C9D3DC", "aria": False},
    }


def vote_map(
    votes: dict[str, str], day: dt.date, organ: str, *, shapes_url: str = SHAPES_URL, title: str = ""
) -> dict[str, Any]:
    """A world map of one vote: each member's shape (or dot) coloured yes / no / abstain / absent, the rest not
    members (or, for the Security Council, not on the Council); `usermeta.notes` explains the historical states
    and the dots."""
    rows = map_data(votes, day, organ)
    drawn = {r["state_id"] for r in rows if r["category"] != charts.NOT_ON_COUNCIL}
    ignored = sorted(set(votes) - drawn)
    domain = _domain(rows, organ)
    spec = charts.base(_summary(rows, day, organ), title)
    spec |= {"width": WIDTH, "height": HEIGHT, "projection": {"type": "equalEarth"}}
    spec["layer"] = [_sphere_layer(), _shape_layer(rows, shapes_url, domain), _dot_layer(rows, domain)]
    spec["config"] = {"view": {"stroke": None}, "legend": {"labelFontSize": 12}}
    spec["usermeta"] = {"date": day.isoformat(), "organ": organ, "notes": notes(rows, day, ignored, organ)}
    return spec
