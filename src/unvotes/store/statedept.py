"""Reads of the State Department's lists (`statedept_votes`): each listed vote with the record it names, and the
record's own tally and US vote next to the printed ones."""

from __future__ import annotations

from typing import Any

import duckdb

from unvotes.store.queries import VOTE_ID

MATCH_ROLES = ("id", "resolution")  # a listed symbol names the record whose id or resolution it is

_LISTED = f"""
    SELECT l.year, l.line, l.file, l.symbol, l.printed, l.title, l.us_vote, l.yes, l.no, l.abstain, l.absent,
           l.important, l.note, s.record_id, {VOTE_ID} AS id, CAST(r.date AS VARCHAR) AS date, r.kind
    FROM statedept_votes l
    LEFT JOIN (SELECT DISTINCT symbol_key, record_id FROM symbols WHERE role IN {MATCH_ROLES}) s
        ON s.symbol_key = l.symbol_key
    LEFT JOIN records r ON r.record_id = s.record_id
    WHERE l.year = ?
    ORDER BY l.line, s.record_id
"""


def years(con: duckdb.DuckDBPyConnection) -> list[int]:
    """The calendar years whose list was imported."""
    return [r[0] for r in con.execute("SELECT DISTINCT year FROM statedept_votes ORDER BY 1").fetchall()]


def listed(con: duckdb.DuckDBPyConnection, year: int) -> list[dict[str, Any]]:
    """Every row of a year's list, in the list's order, with the record its symbol names (record_id None where
    none does; a row naming two records comes twice)."""
    cursor = con.execute(_LISTED, [year])
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def tallies(
    con: duckdb.DuckDBPyConnection, record_ids: list[int], state: str = "USA"
) -> dict[int, dict[str, Any]]:
    """Per record: the count of each vote in the record's per-state votes, and `state`'s vote."""
    if not record_ids:
        return {}
    rows = con.execute(
        """
        SELECT record_id, count(*) FILTER (WHERE vote = 'Y'), count(*) FILTER (WHERE vote = 'N'),
               count(*) FILTER (WHERE vote = 'A'), count(*) FILTER (WHERE vote = 'X'),
               any_value(vote) FILTER (WHERE state_id = ?)
        FROM record_votes WHERE record_id IN (SELECT unnest(?)) GROUP BY record_id
        """,
        [state, record_ids],
    ).fetchall()
    return {r[0]: {"yes": r[1], "no": r[2], "abstain": r[3], "absent": r[4], "us_vote": r[5]} for r in rows}


def record_sources(con: duckdb.DuckDBPyConnection, record_ids: list[int]) -> dict[int, list[str]]:
    """Per record: the sources of its events, best first."""
    if not record_ids:
        return {}
    rows = con.execute(
        """
        SELECT e.record_id, list(DISTINCT e.source ORDER BY e.source)
        FROM events e WHERE e.record_id IN (SELECT unnest(?)) GROUP BY e.record_id
        """,
        [record_ids],
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def event_tallies(con: duckdb.DuckDBPyConnection, record_ids: list[int]) -> dict[int, list[tuple[Any, ...]]]:
    """Per record: each complete event's (yes, no, abstain, absent, US vote) from its own per-state votes."""
    if not record_ids:
        return {}
    rows = con.execute(
        """
        SELECT e.record_id, count(*) FILTER (WHERE v.vote = 'Y'), count(*) FILTER (WHERE v.vote = 'N'),
               count(*) FILTER (WHERE v.vote = 'A'), count(*) FILTER (WHERE v.vote = 'X'),
               any_value(v.vote) FILTER (WHERE v.state_id = 'USA')
        FROM votes v JOIN events e USING (event_id)
        WHERE e.record_id IN (SELECT unnest(?)) AND e.complete
        GROUP BY e.record_id, e.event_id
        """,
        [record_ids],
    ).fetchall()
    found: dict[int, list[tuple[Any, ...]]] = {}
    for r in rows:
        found.setdefault(r[0], []).append(tuple(r[1:]))
    return found
