"""Writing reconciled records: the records, their lookup keys, their votes state by state, and disagreements.

A full reconciliation rewrites every table; an incremental one replaces only the records of its scope, keeping
the record ids of votes whose id did not change and retiring (but still resolving) ids that went away.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from unvotes.models import FINAL_KINDS, EventKind
from unvotes.refdata import links
from unvotes.store import identity
from unvotes.store.grouping import Event, Groups, registered
from unvotes.symbols import key as symbol_key

# A record's kind is the most specific any source states: only some sources can tell an amendment from a draft.
_SPECIFIC = [str(k) for k in (EventKind.AMENDMENT, EventKind.PARAGRAPH, EventKind.MOTION, EventKind.ELECTION,
                              EventKind.DRAFT_AS_AMENDED, EventKind.DRAFT)]  # fmt: skip
RCID_SOURCES = frozenset({"voeten", "unvotes_r", "voeten_matrix"})
RECORD_COLUMNS = ["record_id", "vote_id", "main_event", "organ", "date", "kind", "amends", "matched_by"]


@dataclass
class Outcome:
    """The groups of one reconciliation, with their ids, ready to write."""

    events: dict[int, Event]
    groups: Groups
    ids: dict[int, str]  # root event id → vote id


def write_all(con: duckdb.DuckDBPyConnection, done: Outcome) -> int:
    """Replace every record (numbered 1… in order of their first event)."""
    old = _old_ids(con, None)
    for table in ("records", "symbols", "record_votes", "vote_disagreements"):
        con.execute(f"DELETE FROM {table}")
    members = sorted(done.groups.members().items())
    numbers = {root: n for n, (root, _) in enumerate(members, start=1)}
    _write(con, done, numbers)
    _retire(con, old, done)
    _record_votes(con, None)
    return len(members)


def write_scope(con: duckdb.DuckDBPyConnection, done: Outcome, old_records: set[int]) -> int:
    """Replace the records `old_records` by those of `done`; keep the record ids of unchanged vote ids."""
    old = _old_ids(con, old_records)
    with registered(con, "old_records", old_records, "record_id"):
        for table in ("records", "symbols", "record_votes", "vote_disagreements"):
            con.execute(f"DELETE FROM {table} WHERE record_id IN (SELECT record_id FROM old_records)")
    numbers = _numbers(con, done, old)
    _write(con, done, numbers)
    _retire(con, old, done)
    _record_votes(con, set(numbers.values()))
    return len(numbers)


def carry_retired_ids(con: duckdb.DuckDBPyConnection, old: Path) -> None:
    """Ids the database at `old` gave out that this one does not: they keep resolving here (retired_ids)."""
    if not old.is_file():
        return
    try:
        con.execute(f"ATTACH '{_quoted(old)}' AS previous (READ_ONLY)")
    except duckdb.Error:
        return  # not a readable database: nothing to carry over
    try:
        con.execute(_CARRY_RETIRED)
    except duckdb.Error:
        pass  # an older schema: its ids were never published by this version
    finally:
        con.execute("DETACH previous")


def _quoted(path: Path) -> str:
    return str(path).replace("'", "''")


_CARRY_RETIRED = """
    INSERT OR REPLACE INTO retired_ids
    SELECT s.symbol_key, r.vote_id, e.source, e.key
    FROM previous.records r JOIN previous.events e ON e.event_id = r.main_event
    JOIN previous.symbols s ON s.record_id = r.record_id AND s.role = 'id'
    WHERE r.vote_id NOT IN (SELECT vote_id FROM records)
      AND (e.source, e.key) IN (SELECT (source, key) FROM events)
    UNION ALL
    SELECT * FROM previous.retired_ids
    WHERE vote_id NOT IN (SELECT vote_id FROM records)
"""


def _old_ids(con: duckdb.DuckDBPyConnection, old_records: set[int] | None) -> dict[str, tuple[int, str, str]]:
    """vote id → (record id, source and key of its main event) for the records about to be replaced (all: None)."""
    where = "" if old_records is None else "WHERE r.record_id IN (SELECT record_id FROM old_records)"
    with registered(con, "old_records", old_records or set(), "record_id"):
        rows = con.execute(
            f"""SELECT r.vote_id, r.record_id, e.source, e.key FROM records r
                LEFT JOIN events e ON e.event_id = r.main_event {where}"""
        ).fetchall()
    return {r[0]: (r[1], r[2], r[3]) for r in rows}


def _numbers(
    con: duckdb.DuckDBPyConnection, done: Outcome, old: dict[str, tuple[int, str, str]]
) -> dict[int, int]:
    """Record ids: a vote keeps its old one; new votes take fresh ones past every id ever used."""
    used = con.execute("SELECT coalesce(max(record_id), 0) FROM records").fetchall()[0][0]
    fresh = max([used, *(o[0] for o in old.values())]) + 1
    numbers: dict[int, int] = {}
    for root in sorted(done.groups.members()):
        vote_id = done.ids[root]
        if vote_id in old:
            numbers[root] = old[vote_id][0]
        else:
            numbers[root], fresh = fresh, fresh + 1
    return numbers


def _retire(con: duckdb.DuckDBPyConnection, old: dict[str, tuple[int, str, str]], done: Outcome) -> None:
    """Ids that went away keep resolving, through the event that was their vote's main one."""
    current = set(done.ids.values())
    gone = [
        (vote_id, source, key)
        for vote_id, (_, source, key) in old.items()
        if vote_id not in current and source
    ]
    if current:
        con.execute("DELETE FROM retired_ids WHERE vote_id IN (SELECT unnest(?))", [sorted(current)])
    if gone:
        con.executemany(
            "INSERT OR REPLACE INTO retired_ids VALUES (?, ?, ?, ?)",
            [(symbol_key(v), v, s, k) for v, s, k in gone],
        )


def _write(con: duckdb.DuckDBPyConnection, done: Outcome, numbers: dict[int, int]) -> None:
    record_rows: list[tuple[object, ...]] = []
    symbol_rows: set[tuple[str, int, str]] = set()
    assignment: list[tuple[int, int]] = []
    for root, ids in done.groups.members().items():
        record_id = numbers[root]
        record_rows.append(_record_row(done, root, ids, record_id))
        assignment.extend((i, record_id) for i in ids)
        symbol_rows |= _symbol_rows(done, root, ids, record_id)
    bulk(con, "records", record_rows, RECORD_COLUMNS)
    bulk(con, "symbols", sorted(symbol_rows), ["symbol_key", "record_id", "role"])
    _assign(con, assignment)


def _record_row(done: Outcome, root: int, ids: list[int], record_id: int) -> tuple[object, ...]:
    events = done.events
    main = min((events[i] for i in ids), key=lambda e: (e.precedence, not e.complete, -e.nvotes, e.event_id))
    how = ",".join(sorted(done.groups.how.get(root, set()))) or "single"
    kind = min((events[i].kind for i in ids), key=_SPECIFIC.index)
    day = _record_date(events, ids, main)
    return (record_id, done.ids[root], main.event_id, main.organ, day, kind, _amends(events, ids), how)


def _symbol_rows(done: Outcome, root: int, ids: list[int], record_id: int) -> set[tuple[str, int, str]]:
    rows = {(symbol_key(done.ids[root]), record_id, "id")}
    rows |= {(alias, record_id, "alias") for alias in identity.aliases(done.events[i] for i in ids)}
    for i in ids:
        rows |= _event_symbols(done.events[i], record_id, i in done.groups.other_roll_calls)
    return rows


def _event_symbols(e: Event, record_id: int, other_roll_call: bool) -> set[tuple[str, int, str]]:
    rows = set()
    if e.resolution and e.kind in FINAL_KINDS:
        rows.add((symbol_key(e.resolution), record_id, "roll call on" if other_roll_call else "resolution"))
    if e.document:
        rows.add((symbol_key(e.document), record_id, "document"))
    return rows


def _assign(con: duckdb.DuckDBPyConnection, assignment: list[tuple[int, int]]) -> None:
    import pyarrow as pa  # loaded only when writing

    table = pa.table(
        {
            "event_id": pa.array([a for a, _ in assignment], pa.int32()),
            "record_id": pa.array([b for _, b in assignment], pa.int32()),
        }
    )
    con.register("assignment", table)
    con.execute(
        "UPDATE events SET record_id = a.record_id FROM assignment a WHERE events.event_id = a.event_id"
    )
    con.unregister("assignment")


def _record_votes(con: duckdb.DuckDBPyConnection, records: set[int] | None) -> None:
    """Each record's vote state by state, and where the sources disagree about it. A state's vote comes from the
    best event that names it: first the events whose per-state votes add up to a tally printed for the record
    (by a source, or on the State Department's list), then by precedence."""
    where = "" if records is None else "WHERE e.record_id IN (SELECT record_id FROM scope_records)"
    with registered(con, "scope_records", records or set(), "record_id"):
        con.execute(
            f"""CREATE OR REPLACE TEMP TABLE fresh_record_votes AS
                WITH {_AGREEING.format(where=where)},
                ranked AS (  -- one integer rank (printed tally, precedence, event) compares faster than a tuple
                    SELECT e.record_id, v.state_id, v.vote, e.source, e.event_id,
                           (NOT coalesce(g.agrees, false))::BIGINT * 1099511627776
                           + p.precedence::BIGINT * 4294967296 + e.event_id AS rank
                    FROM votes v JOIN events e USING (event_id) JOIN source_precedence p USING (source)
                    LEFT JOIN agreeing g USING (event_id)
                    {where})
                SELECT record_id, state_id, arg_min(vote, rank) AS vote, arg_min(source, rank) AS source,
                       arg_min(event_id, rank) AS event_id, min(vote) <> max(vote) AS differ
                FROM ranked GROUP BY record_id, state_id"""
        )
    con.execute(
        "INSERT INTO record_votes SELECT record_id, state_id, vote, source, event_id FROM fresh_record_votes"
    )
    con.execute(
        """INSERT INTO vote_disagreements
           SELECT e.record_id, v.state_id,
                  list(struct_pack(source := e.source, vote := v.vote) ORDER BY p.precedence, e.event_id)
           FROM votes v JOIN events e USING (event_id) JOIN source_precedence p USING (source)
           JOIN (SELECT record_id, state_id FROM fresh_record_votes WHERE differ) d
             ON d.record_id = e.record_id AND d.state_id = v.state_id
           GROUP BY e.record_id, v.state_id"""
    )
    con.execute("DROP TABLE fresh_record_votes")


# The events whose per-state yes, no and abstain add up to a tally printed for their record: by one of the
# record's sources, or on a State Department list (statedept_votes, matched by the record's id or resolution).
_AGREEING = """
    tallies AS (
        SELECT e.record_id, e.event_id, count(*) FILTER (WHERE v.vote = 'Y') AS y,
               count(*) FILTER (WHERE v.vote = 'N') AS n, count(*) FILTER (WHERE v.vote = 'A') AS a
        FROM votes v JOIN events e USING (event_id) {where} GROUP BY e.record_id, e.event_id),
    printed AS (
        SELECT e.record_id, e.yes, e.no, e.abstain FROM events e {where}
        UNION SELECT s.record_id, l.yes, l.no, l.abstain
        FROM statedept_votes l JOIN symbols s ON s.symbol_key = l.symbol_key AND s.role IN ('id', 'resolution')),
    agreeing AS (
        SELECT DISTINCT t.event_id, true AS agrees FROM tallies t JOIN printed p
        ON p.record_id = t.record_id AND p.yes = t.y AND p.no = t.n AND p.abstain = t.a)"""


def _record_date(events: dict[int, Event], ids: list[int], main: Event) -> str:
    """The date of the best source that dates votes reliably (not the Voeten tables, whose dates often drift)."""
    dated = sorted(
        (events[i] for i in ids if events[i].source not in RCID_SOURCES), key=lambda e: e.precedence
    )
    return dated[0].date if dated else main.date


def _amends(events: dict[int, Event], ids: list[int]) -> str | None:
    """The draft an amendment amends: from the best source that says, else from a hand-entered link."""
    ordered = sorted((events[i] for i in ids), key=lambda e: (e.precedence, e.event_id))
    stated = next((e.amends for e in ordered if e.amends), None)
    return stated or next((a for e in ordered if (a := links.amends_of(e.source, e.key))), None)


def bulk(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[object, ...]], columns: list[str]
) -> None:
    import pyarrow as pa  # loaded only when writing

    if not rows:
        return
    data = pa.table(
        {name: list(values) for name, values in zip(columns, zip(*rows, strict=True), strict=True)}
    )
    con.register("bulk_rows", data)
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM bulk_rows")
    con.unregister("bulk_rows")
