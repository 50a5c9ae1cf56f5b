"""Views that analyse the record: coincidence, agreement, compare, allies, blocs, ideal points, shifts.

NumPy and SciPy load with this module; the CLI imports it only inside the commands that need it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import numpy as np

from unvotes.analysis import alignment, blocs, matrix, shifts
from unvotes.analysis.matrix import ABSTAIN, LETTERS, NO, YES, VoteMatrix
from unvotes.audit import counted_by_rule
from unvotes.errors import NotFound
from unvotes.models import Organ, Selection
from unvotes.refdata import blocs as bloc_data
from unvotes.refdata import errata, states
from unvotes.store import matrix as store_matrix
from unvotes.store import statedept
from unvotes.store.db import database_stamp
from unvotes.store.engine import duckdb
from unvotes.views.common import plain
from unvotes.views.shapes import (
    Agreement,
    Allies,
    Blocs,
    Coincidence,
    CoincidenceCheck,
    Compare,
    IdealPoints,
    Shifts,
    Split,
)

Period = Literal["year", "session"]


MATRICES = 8  # matrices kept per process: a server answers many questions about the same few selections
_matrices: OrderedDict[tuple[Any, Selection], VoteMatrix] = OrderedDict()
_matrices_lock = threading.Lock()


def load(con: duckdb.DuckDBPyConnection, selection: Selection) -> VoteMatrix:
    """The votes of a selection as a matrix (kept for the next question while the database file is unchanged;
    read-only, so no caller can alter another's); an error saying so when no recorded vote matches."""
    key = (database_stamp(con), selection)
    with _matrices_lock:
        found = _matrices.get(key)
    if found is None:
        found = matrix.load(con, selection)
        found.values.flags.writeable = False
        with _matrices_lock:
            _matrices[key] = found
            while len(_matrices) > MATRICES:
                _matrices.popitem(last=False)
    if not found.events:
        raise NotFound(
            "no recorded vote matches this selection", hint="Widen the dates, or drop --topic/--important."
        )
    return found


def state_in(m: VoteMatrix, name: str) -> str:
    """A state id present in the matrix, from any spelling."""
    found = states.resolve(name, on=m.dates[-1].item() if len(m.dates) else None)
    if found not in m.states:
        raise NotFound(f"{found} cast no vote in this selection")
    return found


def side(m: VoteMatrix, name: str) -> tuple[VoteMatrix, str]:
    """A state, or a reference bloc (eu, nato, g77, …) added to the matrix as one more row."""
    if name.lower() in bloc_data.BLOCS:
        members = [s for s in bloc_data.members_on(name.lower(), m.dates[-1].item()) if s in m.states]
        label = f"bloc:{name.lower()}"
        return alignment.with_bloc(m, label, members), label
    return m, state_in(m, name)


def coincidence(
    con: duckdb.DuckDBPyConnection,
    state: str,
    year: int,
    method: str = "auto",
    important: bool = False,
    as_recorded: bool = False,
) -> Coincidence:
    """Voting coincidence of every state with `state` in a calendar year (US State Department method): over the
    votes of that year's State Department list where one was imported, else the report's stated rule. Compared
    with the USA by the report's definition, a vote that the report's table scores otherwise than it was cast
    (`refdata/data/statedept_errata.csv`) is scored as the table does, and listed in `errata`, unless
    `as_recorded`."""
    m, basis, unmatched = coincidence_votes(con, year, important)
    own = state_in(m, state)
    rule = alignment.rule_of(m, method, year)  # type: ignore[arg-type]
    applied = [] if as_recorded or own != "USA" or rule == "yes-no" else _errata_in(m, year)
    m = _scored_as_printed(m, applied)
    rows = alignment.coincidence(m, own, method, year, only_year=basis == "rule")  # type: ignore[arg-type]
    rows.sort(key=lambda r: (r["percent"] is None, -(r["percent"] or 0), r["state"]))
    found = {"state": own, "year": year, "method": method, "rule": rule, "important": important}
    found |= {"basis": basis, "votes": len(m.events), "unmatched": unmatched}
    found |= {"errata": [erratum for _, erratum in applied], "rows": rows}
    return plain(found)  # type: ignore[no-any-return]


def coincidence_against(
    con: duckdb.DuckDBPyConnection,
    state: str,
    year: int,
    table: Path,
    method: str = "auto",
    important: bool = False,
    as_recorded: bool = False,
) -> CoincidenceCheck:
    """The year's coincidence rows against a published table (`ingest.statedept_table`): per state ours and the
    printed ones, whether the percentages are within one point and the columns identical, worst first."""
    from unvotes.ingest.statedept_table import parse_table

    printed = {r["state"]: r for r in parse_table(table, year)}
    found = coincidence(con, state, year, method, important, as_recorded)
    ours: dict[str, Any] = {r["state"]: r for r in found["rows"]}
    rows = [_against(ours[s], printed[s]) for s in printed if s in ours]
    rows.sort(key=lambda r: (r["identical"] and r["within_one_point"], -abs(r["gap"] or 0), r["state"]))
    summary: dict[str, Any] = {k: found[k] for k in ("state", "year", "rule", "basis", "votes", "errata")}  # type: ignore[literal-required]
    summary |= {"table": str(table), "compared": len(rows)}
    summary |= {
        key: sum(r[key] for r in rows) for key in ("within_one_point", "identical", "absent_identical")
    }
    summary |= {
        "only_printed": sorted(set(printed) - set(ours)),
        "only_ours": sorted(set(ours) - set(printed)),
    }
    return plain(summary | {"rows": rows})  # type: ignore[no-any-return]


def _against(ours: dict[str, Any], printed: dict[str, Any]) -> dict[str, Any]:
    """One state's row next to the printed one."""
    columns = ("same", "opposite", "partial", "absent", "percent")
    gap = (
        None
        if ours["percent"] is None or printed["percent"] is None
        else ours["percent"] - printed["percent"]
    )
    return {
        "state": ours["state"],
        "ours": {k: ours[k] for k in columns},
        "printed": {k: printed[k] for k in (*columns, "line")},
        "gap": None if gap is None else round(gap, 1),
        "within_one_point": gap is not None and abs(gap) <= 1.0,
        "identical": all(ours[k] == printed[k] for k in ("same", "opposite", "partial")),
        "absent_identical": ours["absent"] == printed["absent"],
    }


def _errata_in(m: VoteMatrix, year: int) -> list[tuple[list[int], dict[str, Any]]]:
    """The report's errata for the year that touch votes of the matrix: (their columns, the erratum with the
    votes' ids)."""
    found = []
    for erratum in errata.statedept_errata_of(year):
        columns = [j for j, e in enumerate(m.events) if {e["id"], e["symbol"]} & set(erratum.symbols)]
        if columns and set(erratum.states) <= set(m.states):
            ids = [m.events[j]["id"] for j in columns]
            found.append((columns, {"ids": ids} | dataclasses.asdict(erratum)))
    return found


def _scored_as_printed(m: VoteMatrix, applied: list[tuple[list[int], dict[str, Any]]]) -> VoteMatrix:
    """The matrix with the votes each erratum names scored as the report's table scores them."""
    for columns, erratum in applied:
        m = alignment.rescored(m, columns, erratum["states"], erratum["scored_as"])
    return m


def coincidence_votes(
    con: duckdb.DuckDBPyConnection, year: int, important: bool = False
) -> tuple[VoteMatrix, str, list[str]]:
    """The votes a year's report counts: its list's, matched by symbol ("list"), or, for a year without a list,
    the final GA votes adopted with a recorded vote that year ("rule"); and the listed symbols no record matches."""
    rows = statedept.listed(con, year)
    if not rows:
        m = load(con, Selection(year=year, important_only=important))
        kept = [j for j, e in enumerate(m.events) if counted_by_rule(e)]
        return m.take(kept), "rule", []
    wanted = [r for r in rows if r["record_id"] is not None and (r["important"] or not important)]
    unmatched = sorted({r["symbol"] for r in rows if r["record_id"] is None})
    return _records_matrix(con, year, [r["record_id"] for r in wanted]), "list", unmatched


def _records_matrix(con: duckdb.DuckDBPyConnection, year: int, record_ids: list[int]) -> VoteMatrix:
    """The matrix of the given GA records (dated within a year of `year`: the sources' dates drift), in their
    order of date."""
    near = Selection(since=dt.date(year - 1, 1, 1), until=dt.date(year + 1, 12, 31), final_only=False)
    wanted = set(record_ids)
    events = [e for e in store_matrix.selected_records(con, near) if e["record_id"] in wanted]
    votes = store_matrix.votes_of_records(con, [e["record_id"] for e in events])
    if not events:
        raise NotFound(f"no vote of the {year} list is in the record", hint="Build the record again.")
    return matrix.build(sorted(set(votes["state_id"].tolist())), events, votes, Organ.GA)


def agreement(
    con: duckdb.DuckDBPyConnection,
    a: str,
    b: str,
    selection: Selection,
    by: Period = "year",
    lineage: bool = False,
) -> Agreement:
    """How often two states (or blocs) voted alike over a selection, overall and per period. With `lineage`, a
    successor state's votes include its predecessor's before the succession (the Russian Federation the USSR's),
    and every period that counts a predecessor's vote names it in `lineage`."""
    m, inherited = _lineage(load(con, selection), (a, b)) if lineage else (load(con, selection), {})
    m, left, right = _pair(m, a, b)
    found = _agreement(m, left, right, by)
    if lineage:
        _label_periods(found["series"], m, left, right, inherited, by)
    return found


def _lineage(m: VoteMatrix, names: tuple[str, ...]) -> tuple[VoteMatrix, dict[str, np.ndarray]]:
    """The matrix with each named state's predecessors merged into its row, and per state the predecessor of
    each vote ("" for its own)."""
    inherited: dict[str, np.ndarray] = {}
    for name in names:
        if name.lower() in bloc_data.BLOCS:
            continue
        state = states.resolve(name, on=m.dates[-1].item() if len(m.dates) else None)
        if matrix.predecessors(state):
            m, inherited[state] = matrix.with_lineage(m, state)
    return m, inherited


def lineage_label(predecessor: str, successor: str) -> str:
    """How a row taken from a predecessor's record says so."""
    return f"{predecessor} (predecessor of {successor})"


def _label_periods(
    series: list[Any], m: VoteMatrix, left: str, right: str, inherited: dict[str, np.ndarray], by: Period
) -> None:
    """Each period's `lineage`: the predecessors whose votes it counts, or None."""
    from unvotes.analysis.labels import period_labels

    group, labels = period_labels(m, by)
    counted = ~np.isnan(alignment.pair_scores(alignment.side_row(m, left), alignment.side_row(m, right)))
    named: dict[Any, set[str]] = {}
    for state, source in inherited.items():
        for j in np.flatnonzero(counted & (source != "")):
            named.setdefault(labels[group[j]], set()).add(lineage_label(source[j], state))
    for row in series:
        row["lineage"] = "; ".join(sorted(named[row["period"]])) if row["period"] in named else None


def _pair(m: VoteMatrix, a: str, b: str) -> tuple[VoteMatrix, str, str]:
    m, left = side(m, a)
    m, right = side(m, b)
    return m, left, right


def _agreement(m: VoteMatrix, left: str, right: str, by: Period) -> Agreement:
    score, n = alignment.agreement(m, left, right)
    series = alignment.agreement_series(m, left, right, by)
    return plain({"a": left, "b": right, "score": score, "votes": n, "series": series, "by": by})  # type: ignore[no-any-return]


def compare(
    con: duckdb.DuckDBPyConnection, a: str, b: str, selection: Selection, by: Period = "year"
) -> Compare:
    """Two states or blocs side by side: their agreement over time, and every vote on which they split."""
    m, left, right = _pair(load(con, selection), a, b)
    return {**_agreement(m, left, right, by), "splits": splits(m, left, right)}  # type: ignore[typeddict-item]


def splits(m: VoteMatrix, a: str, b: str) -> list[Split]:
    """The votes where both sides voted yes, no or abstain, and differently; oldest first."""
    x, y = alignment.side_row(m, a), alignment.side_row(m, b)
    cast = np.isin(x, (YES, ABSTAIN, NO)) & np.isin(y, (YES, ABSTAIN, NO))
    return [_split(m, int(j), x, y) for j in np.flatnonzero(cast & (x != y))]


def _split(m: VoteMatrix, j: int, x: np.ndarray, y: np.ndarray) -> Split:
    event = m.events[j]
    return {
        "id": event.get("id"),
        "symbol": event.get("symbol"),
        "date": str(m.dates[j]),
        "title": event.get("title"),
        "a": LETTERS[int(x[j])],
        "b": LETTERS[int(y[j])],
    }


def allies(
    con: duckdb.DuckDBPyConnection, state: str, selection: Selection, top: int = 10, min_votes: int = 10
) -> Allies:
    """A state's closest allies and farthest opponents by agreement."""
    m = load(con, selection)
    own = state_in(m, state)
    return plain({"state": own, **alignment.allies(m, own, top, min_votes)})  # type: ignore[no-any-return]


def bloc_cohesion(con: duckdb.DuckDBPyConnection, year: int, with_clusters: bool = False) -> Blocs:
    """Cohesion of the reference blocs in a calendar year and who broke with them; data-driven clusters too."""
    m = load(con, Selection(year=year))
    found: dict[str, Any] = {"year": year, "blocs": blocs.bloc_summary(m, year=year)}
    if with_clusters:
        found["clusters"] = blocs.clusters(m)
    return plain(found)  # type: ignore[no-any-return]


def ideal_points(
    con: duckdb.DuckDBPyConnection,
    session: str | None = None,
    year: int | None = None,
    dynamic: bool = False,
    starting: Callable[[tuple[int, int]], None] | None = None,
) -> IdealPoints:
    """Ideal points on the one-dimensional ordinal model, static per session or year, or dynamic; `starting` is
    told the matrix's shape before a fit begins."""
    from unvotes.analysis import ideal  # SciPy's sparse solvers load only when asked for

    m = load(con, Selection(session=session, year=year))
    by: Period = "year" if year and not dynamic else "session"
    if starting:
        starting(m.shape)
    fit = ideal.dynamic(m, by=by) if dynamic else ideal.static(m, by=by)
    rows = [_with_session(r, m) for r in fit.rows()]
    return plain({"by": by, "dynamic": dynamic, "rows": rows})  # type: ignore[no-any-return]


def _with_session(row: dict[str, Any], m: VoteMatrix) -> dict[str, Any]:
    """A calendar-year fit names the GA sessions whose votes it spans (a year holds parts of two)."""
    if "session" in row:
        return row
    sessions = sorted({str(e["session"]) for e in m.events if e["session"]})
    return {"state": row["state"], "session": ", ".join(sessions) or None, **row}


def turnarounds(
    con: duckdb.DuckDBPyConnection, state: str, since: dt.date | None = None, partner: str | None = None
) -> Shifts:
    """The votes where a state reversed its own earlier position on the same recurring question; and, with a
    partner, the change points of their agreement."""
    m = load(con, Selection())
    own = state_in(m, state)
    ids = {e.get("symbol"): e.get("id") for e in m.events}
    found: dict[str, Any] = {"state": own, "turnarounds": shifts.turnarounds(m, own, since)}
    for t in found["turnarounds"]:
        t["before"], t["after"] = _with_id(t["before"], ids), _with_id(t["after"], ids)
    if partner:
        m, other = side(m, partner)
        found["change_points"] = shifts.pair_shifts(m, own, other)
        for point in found["change_points"]:
            point["votes"] = [_with_id(v, ids) for v in point["votes"]]
    return plain(found)  # type: ignore[no-any-return]


def _with_id(vote: dict[str, Any], ids: dict[Any, Any]) -> dict[str, Any]:
    """A vote of the analysis with its permanent address, looked up by its label."""
    return {"id": ids.get(vote.get("symbol")), **vote}
