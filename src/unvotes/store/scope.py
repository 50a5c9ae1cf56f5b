"""Incremental reconciliation: the events whose records can change when some events arrive or leave.

Reconciliation joins events by symbol, by document, by Voeten roll-call id, by hand-entered links, by agreeing
votes on the same day and, for GA roll calls the Voeten tables date loosely, within 45 days. The scope of a change
is therefore closed under all of these: every event that shares a key or an organ-day with an event in scope is in
scope, with the whole record it belongs to; GA votes within 45 days of a changed one are added once.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import duckdb

from unvotes.refdata import links
from unvotes.store.grouping import registered
from unvotes.symbols import key as symbol_key

NEARBY_DAYS = 45
TOO_WIDE = 0.5  # past this share of all events, reconciling everything is as quick


def closure(con: duckdb.DuckDBPyConnection, new_events: set[int], old_records: set[int]) -> set[int] | None:
    """Event ids to reconcile again, or None when the change reaches so far that all should be."""
    seeds = set(new_events) | _of_records(con, old_records)
    scope = seeds | _nearby(con, seeds)
    frontier = set(scope)
    total = _count(con)
    while frontier:
        found = _sharing(con, frontier)
        found |= _of_records(con, records_of(con, found))
        frontier = found - scope
        scope |= frontier
        if len(scope) > TOO_WIDE * total:
            return None
    return scope


def widen(con: duckdb.DuckDBPyConnection, scope: set[int], vote_ids: set[str]) -> set[int]:
    """Events of records outside the scope whose ids share a base with `vote_ids` (so numbering is redone)."""
    bases = {v.split("#", 1)[0] for v in vote_ids}
    with registered(con, "scope_events", scope):
        rows = con.execute(
            """SELECT record_id FROM records
               WHERE split_part(vote_id, '#', 1) IN (SELECT unnest(?))
                 AND record_id NOT IN (SELECT record_id FROM events WHERE event_id IN (SELECT event_id FROM scope_events)
                                       AND record_id IS NOT NULL)""",
            [sorted(bases)],
        ).fetchall()
    return _of_records(con, {r[0] for r in rows}) - scope


def _count(con: duckdb.DuckDBPyConnection) -> int:
    return int(con.execute("SELECT count(*) FROM events").fetchall()[0][0])


def _of_records(con: duckdb.DuckDBPyConnection, records: set[int]) -> set[int]:
    if not records:
        return set()
    with registered(con, "wanted_records", records, "record_id"):
        rows = con.execute(
            "SELECT event_id FROM events WHERE record_id IN (SELECT record_id FROM wanted_records)"
        ).fetchall()
    return {r[0] for r in rows}


def records_of(con: duckdb.DuckDBPyConnection, events: set[int]) -> set[int]:
    with registered(con, "wanted_events", events):
        rows = con.execute(
            """SELECT DISTINCT record_id FROM events
               WHERE event_id IN (SELECT event_id FROM wanted_events) AND record_id IS NOT NULL"""
        ).fetchall()
    return {r[0] for r in rows}


def _sharing(con: duckdb.DuckDBPyConnection, events: set[int]) -> set[int]:
    """Events that share an organ-day, a symbol, a roll-call id or a link with one of `events`."""
    with registered(con, "frontier", events):
        rows = con.execute(
            """SELECT organ, date, resolution, document, extra->>'rcid', source, key FROM events
               WHERE event_id IN (SELECT event_id FROM frontier)"""
        ).fetchall()
    days = sorted({(r[0], r[1]) for r in rows})
    symbols = {symbol_key(s) for r in rows for s in (r[2], r[3]) if s}
    symbols |= {symbol_key(s) for r in rows if (s := links.symbol_of(r[5], r[6]))}
    rcids = sorted({r[4] for r in rows if r[4]})
    return _on_days(con, days) | _by_symbols(con, symbols) | _by_rcids(con, rcids)


def _on_days(con: duckdb.DuckDBPyConnection, days: list[tuple[str, dt.date]]) -> set[int]:
    return _matching(con, ("organ", "date"), days)


def _matching(
    con: duckdb.DuckDBPyConnection, columns: tuple[str, str], pairs: list[tuple[Any, Any]]
) -> set[int]:
    """Events whose two `columns` hold one of the `pairs`."""
    if not pairs:
        return set()
    a, b = columns
    rows = con.execute(
        f"""SELECT e.event_id FROM events e
            JOIN (SELECT unnest(?) AS a, unnest(?) AS b) w ON e.{a} = w.a AND e.{b} = w.b""",
        [[p[0] for p in pairs], [p[1] for p in pairs]],
    ).fetchall()
    return {r[0] for r in rows}


def _by_symbols(con: duckdb.DuckDBPyConnection, keys: set[str]) -> set[int]:
    """Events of the records a symbol names, and the events that hand-entered links tie to those symbols."""
    if not keys:
        return set()
    rows = con.execute(
        """SELECT e.event_id FROM symbols s JOIN events e USING (record_id)
           WHERE s.symbol_key IN (SELECT unnest(?))""",
        [sorted(keys)],
    ).fetchall()
    linked = [(link.source, link.key) for link in links.links() if symbol_key(link.symbol) in keys]
    return {r[0] for r in rows} | _matching(con, ("source", "key"), linked)


def _by_rcids(con: duckdb.DuckDBPyConnection, rcids: list[str]) -> set[int]:
    if not rcids:
        return set()
    rows = con.execute(
        "SELECT event_id FROM events WHERE extra->>'rcid' IN (SELECT unnest(?))", [rcids]
    ).fetchall()
    return {r[0] for r in rows}


def _nearby(con: duckdb.DuckDBPyConnection, seeds: set[int]) -> set[int]:
    """GA events within 45 days of a changed GA vote: the loosely dated roll calls that may be its twins."""
    with registered(con, "seeds", seeds):
        rows = con.execute(
            f"""SELECT DISTINCT e.event_id FROM events e
                JOIN (SELECT DISTINCT date FROM events WHERE organ = 'GA'
                      AND event_id IN (SELECT event_id FROM seeds)) s
                  ON e.organ = 'GA' AND e.date BETWEEN s.date - INTERVAL {NEARBY_DAYS} DAY
                                                    AND s.date + INTERVAL {NEARBY_DAYS} DAY"""
        ).fetchall()
    return {r[0] for r in rows}
