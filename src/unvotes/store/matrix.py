"""The votes of a selection, read in bulk for the analysis: one row per record, and every state vote as arrays."""

from __future__ import annotations

from typing import Any

import duckdb

from unvotes.models import FINAL_KINDS, Selection
from unvotes.store.grouping import registered
from unvotes.store.queries import VOTE_ID, roll_call_label


def _where(selection: Selection) -> tuple[str, list[Any]]:
    clauses: list[str] = ["r.organ = ?"]
    params: list[Any] = [str(selection.organ)]
    if selection.since:
        clauses.append("r.date >= ?")
        params.append(selection.since)
    if selection.until:
        clauses.append("r.date <= ?")
        params.append(selection.until)
    if selection.year:
        clauses.append("year(r.date) = ?")
        params.append(selection.year)
    if selection.session:
        clauses.append("m.session = ?")
        params.append(selection.session)
    if selection.final_only:
        clauses.append("r.kind IN (SELECT unnest(?))")
        params.append(sorted(str(k) for k in FINAL_KINDS))
    if selection.topic:
        clauses.append("(l.title ILIKE ? OR l.agenda ILIKE ? OR array_to_string(m.subjects, ' | ') ILIKE ?)")
        params += [f"%{selection.topic}%"] * 3
    return " AND ".join(clauses), params


def selected_records(con: duckdb.DuckDBPyConnection, selection: Selection) -> list[dict[str, Any]]:
    """The records of a selection, oldest first, with their labels."""
    where, params = _where(selection)
    rows = con.execute(
        f"""
        SELECT r.record_id, CAST(r.date AS VARCHAR), r.organ, r.kind,
               {roll_call_label()} AS symbol, l.title, m.session,
               l.important, m.complete, m.subjects, l.outcome, l.agenda, {VOTE_ID} AS id
        FROM records r JOIN events m ON m.event_id = r.main_event
        JOIN (
            SELECT e.record_id,
                   arg_min(e.title, p.precedence) FILTER (WHERE e.title IS NOT NULL) AS title,
                   arg_min(e.agenda, p.precedence) FILTER (WHERE e.agenda IS NOT NULL) AS agenda,
                   arg_min(e.outcome, p.precedence) FILTER (WHERE e.outcome IS NOT NULL) AS outcome,
                   bool_or(e.important) AS important
            FROM events e JOIN source_precedence p USING (source) GROUP BY e.record_id
        ) l ON l.record_id = r.record_id
        WHERE {where}
        ORDER BY r.date, r.record_id
        """,
        params,
    ).fetchall()
    fields = [
        "record_id",
        "date",
        "organ",
        "kind",
        "symbol",
        "title",
        "session",
        "important",
        "complete",
        "subjects",
    ]
    fields += ["outcome", "agenda", "id"]
    records = [dict(zip(fields, row, strict=True)) for row in rows]
    if selection.important_only:
        records = [r for r in records if r["important"]]
    return records


def votes_of_records(con: duckdb.DuckDBPyConnection, record_ids: list[int]) -> dict[str, Any]:
    """Every state vote of the given records, as NumPy arrays `record_id`, `state_id`, `vote`."""
    with registered(con, "wanted_records", record_ids, "record_id"):
        return con.execute(
            "SELECT record_id, state_id, vote FROM record_votes WHERE record_id IN (SELECT record_id FROM wanted_records)"
        ).fetchnumpy()
