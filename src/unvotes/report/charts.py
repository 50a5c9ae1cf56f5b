"""Charts of the analysis and record views as Vega-Lite specifications (plain JSON-ready dicts).

Each function takes a view's dict as `views/shapes.py` publishes it and returns a specification that the browser
draws with the vendored Vega (`web/static/js/charts.js`) and `report/render.py` turns into SVG or PNG. Every mark
carries a `description` (Vega writes it as the element's `aria-label`) and a tooltip.

The vote colours are the Okabe–Ito palette (Okabe and Ito, "Color Universal Design", 2008), told apart under
the common colour-vision deficiencies; the greys of "not a member" and "not on the Council" are lighter than any
vote colour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unvotes.models import Vote

if TYPE_CHECKING:
    from unvotes.views.shapes import Agreement, Counts, IdealPoint, IdealPoints

SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json"

YES, NO, ABSTAIN, ABSENT = "Yes", "No", "Abstain", "Absent"
NOT_RECORDED, NOT_ON_COUNCIL, NOT_MEMBER = "No record", "Not on the Council", "Not a member"

COLOURS = {
    YES: "#009E73",  # bluish green
    NO: "#D55E00",  # vermillion
    ABSTAIN: "#F0E442",  # yellow
    ABSENT: "#56B4E9",  # sky blue
    NOT_RECORDED: "#CC79A7",  # reddish purple
    NOT_ON_COUNCIL: "#A8A8A8",
    NOT_MEMBER: "#DADADA",
}
VOTE_WORDS: dict[str, str] = {Vote.YES: YES, Vote.NO: NO, Vote.ABSTAIN: ABSTAIN, Vote.NON_VOTING: ABSENT}
COUNT_WORDS = {"yes": YES, "no": NO, "abstain": ABSTAIN, "non_voting": ABSENT}

Z_95 = 1.96  # the two-sided 95 % normal quantile: the band is the ideal point ± 1.96 standard errors


def colour_scale(domain: list[str]) -> dict[str, Any]:
    """A nominal colour scale over vote words, each with its fixed colour."""
    return {"domain": domain, "range": [COLOURS[word] for word in domain]}


def base(description: str, title: str = "") -> dict[str, Any]:
    """The fields every specification shares: the schema, an accessible description, an optional title."""
    spec: dict[str, Any] = {"$schema": SCHEMA, "description": description, "background": "white"}
    if title:
        spec["title"] = title
    return spec


# ---- agreement over time ----------------------------------------------------------------------------------------


def _percent(score: float) -> float:
    return round(100 * score, 1)


def agreement_rows(found: Agreement) -> list[dict[str, Any]]:
    """One row per period with a score: the period, the agreement in percent, the votes it rests on."""
    return [
        {
            "period": p["period"],
            "percent": _percent(p["score"]),
            "n": p["n"],
            "label": f"{p['period']}: {_percent(p['score'])} % agreement over {p['n']} votes",
        }
        for p in found["series"]
        if p["period"] is not None
    ]


def year_ticks(years: list[int]) -> list[int]:
    """Whole years for the axis, at most about a dozen: every year, or every 2, 5, 10 or 20."""
    if not years:
        return []
    first, last = min(years), max(years)
    step = next((s for s in (1, 2, 5, 10) if (last - first) / s <= 12), 20)
    return list(range(first - first % step + (step if first % step else 0), last + 1, step)) or [first]


def _period_axis(rows: list[dict[str, Any]], by: str) -> dict[str, Any]:
    """Years on a quantitative axis, ticked at whole years; sessions (or other labels) in the view's order."""
    years = [r["period"] for r in rows]
    if by == "year" and all(isinstance(y, int) for y in years):
        axis = {"format": "d", "values": year_ticks(years)}
        return {
            "field": "period",
            "type": "quantitative",
            "title": "Year",
            "scale": {"zero": False},
            "axis": axis,
        }
    return {"field": "period", "type": "ordinal", "title": by.capitalize(), "sort": None}


def line_with_points(encoding: dict[str, Any], labelled: dict[str, Any]) -> list[dict[str, Any]]:
    """A line (hidden from screen readers) and a point per value on it, labelled: `labelled` adds the point's
    description and tooltip to the shared `encoding`."""
    return [
        {"mark": {"type": "line", "aria": False}, "encoding": encoding},
        {"mark": {"type": "point", "filled": True, "size": 40}, "encoding": encoding | labelled},
    ]


def agreement_chart(found: Agreement, *, title: str = "") -> dict[str, Any]:
    """How often two states voted alike, period by period: a line on a 0–100 % scale with a point per period."""
    rows = agreement_rows(found)
    overall = "no common votes" if found["score"] is None else f"{_percent(found['score'])} % overall"
    spec = base(f"Agreement of {found['a']} and {found['b']} by {found['by']}: {overall}.", title)
    spec["width"], spec["height"] = 640, 280
    spec["data"] = {"values": rows}
    y = {"field": "percent", "type": "quantitative", "title": "Agreement (%)", "scale": {"domain": [0, 100]}}
    encoding = {"x": _period_axis(rows, found["by"]), "y": y, "color": {"value": COLOURS[YES]}}
    tooltip = [
        {"field": "period", "title": found["by"].capitalize()},
        {"field": "percent", "title": "Agreement (%)"},
        {"field": "n", "title": "Votes"},
    ]
    spec["layer"] = line_with_points(encoding, {"description": {"field": "label"}, "tooltip": tooltip})
    return spec


# ---- ideal points -----------------------------------------------------------------------------------------------


def _band(point: IdealPoint) -> tuple[float | None, float | None]:
    """The 95 % interval around an ideal point, or no interval without a standard error."""
    value, se = point["ideal_point"], point["se"]
    if value is None or se is None:
        return None, None
    return round(value - Z_95 * se, 4), round(value + Z_95 * se, 4)


def _ideal_row(point: IdealPoint) -> dict[str, Any]:
    """One point with its period (the year where the fit has one, else the session) and its 95 % band."""
    low, high = _band(point)
    period = point.get("year", point["session"])
    band = "" if low is None else f" (95 % interval {low} to {high})"
    label = f"{point['state']} {period}: ideal point {point['ideal_point']}{band}"
    return {
        "state": point["state"],
        "period": period,
        "ideal_point": point["ideal_point"],
        "low": low,
        "high": high,
        "label": label,
    }


def ideal_rows(found: IdealPoints, states: list[str] | None = None) -> list[dict[str, Any]]:
    """One row per estimated point of the chosen states (all when None)."""
    return [
        _ideal_row(r)
        for r in found["rows"]
        if r["ideal_point"] is not None and (not states or r["state"] in states)
    ]


def ideal_chart(found: IdealPoints, states: list[str] | None = None, *, title: str = "") -> dict[str, Any]:
    """Ideal points over time: a line per state over a shaded 95 % band (point ± 1.96 standard errors)."""
    rows = ideal_rows(found, states)
    by = "year" if all("year" in r for r in found["rows"]) else "session"
    x = _period_axis(rows, by)
    colour = {"field": "state", "type": "nominal", "title": "State"}
    spec = base(
        f"Ideal points by {by} of {', '.join(sorted({r['state'] for r in rows})) or 'no state'}.", title
    )
    spec["width"], spec["height"] = 640, 280
    spec["data"] = {"values": rows}
    spec["layer"] = [
        {
            "transform": [{"filter": "datum.low != null"}],
            "mark": {"type": "area", "opacity": 0.25, "aria": False},
            "encoding": {"x": x, "y": {"field": "low", "type": "quantitative"}, "y2": {"field": "high"}}
            | {"color": colour},
        },
        *line_with_points(
            {
                "x": x,
                "y": {"field": "ideal_point", "type": "quantitative", "title": "Ideal point"},
                "color": colour,
            },
            {"description": {"field": "label"}, "tooltip": [{"field": "label", "title": "Ideal point"}]},
        ),
    ]
    return spec


# ---- the tally --------------------------------------------------------------------------------------------------


def tally_rows(counts: Counts) -> list[dict[str, Any]]:
    """One row per kind of vote the counts know: the word and the number."""
    return [
        {"vote": word, "count": counts[key], "label": f"{word}: {counts[key]}"}  # type: ignore[literal-required]
        for key, word in COUNT_WORDS.items()
        if counts[key] is not None  # type: ignore[literal-required]
    ]


def tally_chart(counts: Counts, *, title: str = "") -> dict[str, Any]:
    """The tally of one vote as horizontal bars, yes / no / abstain / absent, each labelled with its number."""
    rows = tally_rows(counts)
    words = [r["vote"] for r in rows]
    spec = base("Tally: " + (", ".join(r["label"] for r in rows) or "no counts") + ".", title)
    spec["width"], spec["height"] = 360, 24 * max(len(rows), 1)
    spec["data"] = {"values": rows}
    y = {"field": "vote", "type": "nominal", "title": None, "sort": words}
    spec["layer"] = [
        {
            "mark": {"type": "bar"},
            "encoding": {
                "y": y,
                "x": {"field": "count", "type": "quantitative", "title": "Votes"},
                "color": {"field": "vote", "type": "nominal", "scale": colour_scale(words), "legend": None},
                "description": {"field": "label"},
                "tooltip": [{"field": "vote", "title": "Vote"}, {"field": "count", "title": "Votes"}],
            },
        },
        {
            "mark": {"type": "text", "align": "left", "dx": 4, "aria": False},
            "encoding": {"y": y, "x": {"field": "count", "type": "quantitative"}, "text": {"field": "count"}},
        },
    ]
    return spec
