"""The SQL of the bulk export (`unvotes export`, `unvotes.report.export`).

Tables a researcher needs are copied by DuckDB itself (`COPY ... TO`, which a read-only connection may run); the
Popolo rows are read a chunk of records at a time, so the whole record never sits in memory. Each record's fields
come from its best source that has them (`source_precedence`, then the event id), as `queries.describe` picks them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from unvotes.store.engine import duckdb
from unvotes.store.queries import dicts

VOETEN_SOURCES = "('voeten', 'unvotes_r', 'voeten_matrix')"  # the sources that carry Voeten's rcid and issues
# A derived rcid is this plus the first 40 bits of the md5 of the vote's id: stable, and never one of Voeten's.
RCID_OFFSET = 1_000_000
RName = tuple[
    str, dt.date | None, dt.date | None, str, str | None
]  # state_id, from, to (exclusive), name, code


def _best(where: str = "TRUE") -> str:
    """A CTE `best`: per record, each field from the best source that has it (`where` limits the events read)."""
    return f"""ranked AS (
        SELECT e.*, p.precedence::BIGINT * 1000000000 + e.event_id AS rank
        FROM events e JOIN source_precedence p USING (source) WHERE {where}
    ), best AS (
        SELECT record_id,
            arg_min(session, rank) FILTER (WHERE session IS NOT NULL) AS session,
            arg_min(session, rank) FILTER (WHERE regexp_full_match(session, '[0-9]+')) AS regular_session,
            arg_min(meeting, rank) FILTER (WHERE meeting IS NOT NULL) AS meeting,
            arg_min(document, rank) FILTER (WHERE document IS NOT NULL) AS document,
            arg_min(resolution, rank) FILTER (
                WHERE resolution IS NOT NULL AND kind IN ('draft resolution', 'draft as amended')) AS resolution,
            arg_min(title, rank) FILTER (WHERE title IS NOT NULL) AS title,
            arg_min(outcome, rank) FILTER (WHERE outcome IS NOT NULL) AS outcome,
            arg_min([yes, no, abstain, non_voting], rank) FILTER (WHERE yes IS NOT NULL OR no IS NOT NULL) AS counts,
            arg_min(important, rank) FILTER (WHERE important IS NOT NULL) AS important,
            arg_min(extra->>'required_majority', rank) FILTER (WHERE extra->>'required_majority' IS NOT NULL)
                AS requirement,
            arg_min(CAST(extra->>'rcid' AS BIGINT), rank) FILTER (
                WHERE source IN {VOETEN_SOURCES} AND extra->>'rcid' IS NOT NULL) AS rcid,
            arg_min(extra->>'unres', rank) FILTER (
                WHERE source IN ('voeten', 'unvotes_r') AND nullif(extra->>'unres', '') IS NOT NULL) AS unres,
            arg_min(CAST(extra->'issues' AS VARCHAR[]), rank) FILTER (
                WHERE source IN {VOETEN_SOURCES} AND json_array_length(extra->'issues') > 0) AS issues,
            arg_min(title, rank) FILTER (WHERE source = 'unvotes_r' AND title IS NOT NULL) AS r_short,
            arg_min(extra->>'description', rank) FILTER (
                WHERE source = 'unvotes_r' AND extra->>'description' IS NOT NULL) AS r_descr,
            arg_min(kind, rank) FILTER (WHERE {_KIND_KNOWN}) AS known_kind
        FROM ranked GROUP BY record_id
    )"""


# Whether an event states what was voted on (a draft, an amendment, a paragraph): Voeten's published table states
# it only in its amend/para flags (to 1985), his matrix never.
_KIND_KNOWN = """(coalesce(NOT CAST(extra->>'kind_unknown' AS BOOLEAN), TRUE)
    AND (source NOT IN ('voeten', 'unvotes_r') OR coalesce(CAST(extra->>'kind_flags' AS BOOLEAN), FALSE)))"""

VOTES = """SELECT r.vote_id, r.date, r.organ, v.state_id, v.vote
    FROM record_votes v JOIN records r USING (record_id)
    ORDER BY r.date, r.record_id, v.state_id"""

ROLL_CALLS = f"""WITH {_best()}
    SELECT r.vote_id, r.date, r.organ, b.session, b.meeting, r.kind, b.document, b.resolution, r.amends, b.title,
           b.outcome, b.counts[1] AS yes, b.counts[2] AS no, b.counts[3] AS abstain, b.counts[4] AS non_voting,
           b.important
    FROM records r JOIN best b USING (record_id)
    ORDER BY r.date, r.record_id"""

STATES = """SELECT state_id, name, iso3, iso2, m49, cow, undl_code, admitted, ended FROM states ORDER BY state_id"""

# GA plenary records with at least one yes, no or abstention, each with its rcid: Voeten's where a source gives one
# (the earliest record keeps an rcid two records share), else one derived from the vote's permanent id.
_R_CALLS = f"""{_best()}, ga AS (
        SELECT r.record_id, r.vote_id, r.date, r.kind, b.* EXCLUDE (record_id), row_number() OVER (PARTITION BY b.rcid ORDER BY r.date, r.record_id) AS nth
        FROM records r JOIN best b USING (record_id)
        WHERE r.organ = 'GA' AND EXISTS (
            SELECT 1 FROM record_votes v WHERE v.record_id = r.record_id AND v.vote <> 'X')
    ), calls AS (
        SELECT * EXCLUDE (rcid, nth, record_id), record_id,
            CASE WHEN rcid IS NOT NULL AND nth = 1 THEN rcid
                 ELSE {RCID_OFFSET} + CAST('0x' || md5(vote_id)[1:10] AS BIGINT) END AS rcid
        FROM ga
    )"""

# The regular session a day falls in where no source gives one: the first ran through 1946, the Nth opens in
# September of 1945 + N.
_SESSION = """coalesce(CAST(regular_session AS INTEGER),
    CASE WHEN year(date) = 1946 THEN 1 WHEN month(date) >= 9 THEN year(date) - 1945 ELSE year(date) - 1946 END)"""

R_ROLL_CALLS = f"""WITH {_R_CALLS}
    SELECT rcid, printf('%.1f', CAST({_SESSION} AS DOUBLE)) AS session, CAST(important AS INTEGER) AS importantvote, date,
           coalesce(unres, resolution) AS unres,
           CAST(known_kind = 'amendment' AS INTEGER) AS amend,
           CAST(known_kind = 'paragraph' AS INTEGER) AS para,
           coalesce(r_short, title) AS short, coalesce(r_descr, title) AS descr
    FROM calls ORDER BY rcid"""


def _values(rows: Sequence[Sequence[Any]], columns: str) -> tuple[str, list[Any]]:
    """An inline table of `rows` (SQL and parameters) named `columns`, e.g. `names(state_id, country)`."""
    marks = "(" + ", ".join("?" * len(rows[0])) + ")"
    return f"(VALUES {', '.join([marks] * len(rows))}) AS {columns}", [v for row in rows for v in row]


def r_votes(names: Sequence[RName]) -> tuple[str, list[Any]]:
    """The unvotes R package's `un_votes`: yes, no and abstain per rcid. A state is named as `names` says on the
    day (state_id, from, to (exclusive), country, code), else by its own name and ISO2 code."""
    table, params = _values(names, "n(state_id, valid_from, valid_to, country, code)")
    sql = f"""WITH {_R_CALLS}
        SELECT c.rcid, coalesce(n.country, s.name) AS country,
               CASE WHEN n.state_id IS NULL THEN s.iso2 ELSE n.code END AS country_code,
               CASE v.vote WHEN 'Y' THEN 'yes' WHEN 'N' THEN 'no' ELSE 'abstain' END AS vote
        FROM record_votes v JOIN calls c USING (record_id) JOIN states s USING (state_id)
        LEFT JOIN {table} ON n.state_id = v.state_id AND (n.valid_from IS NULL OR c.date >= n.valid_from)
            AND (n.valid_to IS NULL OR c.date < n.valid_to)
        WHERE v.vote <> 'X'
        ORDER BY c.rcid, s.cow NULLS LAST, v.state_id"""
    return sql, params


def r_issues(issues: Sequence[tuple[str, str]]) -> tuple[str, list[Any]]:
    """The unvotes R package's `un_roll_call_issues`: one row per rcid and issue code (`issues`: code, name)."""
    table, params = _values(issues, "names(short_name, issue)")
    sql = f"""WITH {_R_CALLS}
        SELECT c.rcid, i.short_name, names.issue
        FROM calls c, unnest(c.issues) AS i(short_name) JOIN {table} USING (short_name)
        ORDER BY c.rcid, i.short_name"""
    return sql, params


TABLES = {"votes": VOTES, "roll_calls": ROLL_CALLS, "states": STATES, "un_roll_calls": R_ROLL_CALLS}


class Tables:
    """The record as the export reads it, over one (read-only) connection."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self.con = con

    def copy(self, table: str, path: Path, file_format: str) -> int:
        """Write one of `TABLES` to `path` as Parquet or CSV; return the rows written."""
        return self._copy(TABLES[table], path=path, file_format=file_format)

    def copy_r_votes(self, path: Path, names: Sequence[RName]) -> int:
        """Write the R package's `un_votes` as CSV (see `r_votes`); return the rows written."""
        return self._copy(*r_votes(names), path=path, file_format="csv")

    def copy_r_issues(self, path: Path, issues: Sequence[tuple[str, str]]) -> int:
        """Write the R package's `un_roll_call_issues` as CSV (see `r_issues`); return the rows written."""
        return self._copy(*r_issues(issues), path=path, file_format="csv")

    def _copy(self, sql: str, params: Sequence[Any] = (), *, path: Path, file_format: str) -> int:
        """A query's rows to `path` as Parquet (zstd) or CSV (UTF-8, header); the number of rows."""
        options = "FORMAT parquet, COMPRESSION zstd" if file_format == "parquet" else "FORMAT csv, HEADER"
        found = self.con.execute(f"COPY ({sql}) TO '{_quoted(path)}' ({options})", list(params)).fetchall()
        return int(found[0][0]) if found else 0

    def record_ids(self) -> list[int]:
        """Every record, oldest first."""
        rows = self.con.execute("SELECT record_id FROM records ORDER BY date, record_id").fetchall()
        return [r[0] for r in rows]

    def vote_events(self, record_ids: Sequence[int]) -> list[dict[str, Any]]:
        """Some records in full: their fields, per-state votes (two lists by state) and events (sources)."""
        return dicts(
            self.con.execute(
                f"""WITH {_best("e.record_id = ANY($ids)")}, voted AS (
                        SELECT record_id, list(state_id ORDER BY state_id) AS voters,
                               list(vote ORDER BY state_id) AS votes
                        FROM record_votes WHERE record_id = ANY($ids) GROUP BY record_id
                    ), sourced AS (
                        SELECT e.record_id, list({{'source': e.source, 'title': p.title, 'file': e.file,
                                                  'line': e.line, 'url': coalesce(e.url, p.url)}}
                                                 ORDER BY p.precedence, e.event_id) AS sources
                        FROM events e JOIN source_precedence p USING (source)
                        WHERE e.record_id = ANY($ids) GROUP BY e.record_id
                    )
                    SELECT r.vote_id, r.organ, CAST(r.date AS VARCHAR) AS date, r.kind, b.document, b.resolution,
                           b.title, b.outcome, b.counts, b.requirement, coalesce(v.voters, []) AS voters,
                           coalesce(v.votes, []) AS votes, s.sources
                    FROM records r JOIN best b USING (record_id) LEFT JOIN voted v USING (record_id)
                    LEFT JOIN sourced s USING (record_id)
                    WHERE r.record_id = ANY($ids) ORDER BY r.date, r.record_id""",
                {"ids": list(record_ids)},
            )
        )

    def organs(self) -> list[dict[str, Any]]:
        """The organs (GA, SC, the GA's Main Committees)."""
        return dicts(self.con.execute("SELECT organ, name FROM organs ORDER BY organ"))

    def states(self) -> list[dict[str, Any]]:
        """Every state, with its codes, membership dates and its names over time."""
        return dicts(
            self.con.execute(
                """SELECT s.state_id, s.name, s.iso3, s.iso2, s.m49, s.cow, s.undl_code,
                          CAST(s.admitted AS VARCHAR) AS admitted, CAST(s.ended AS VARCHAR) AS ended,
                          coalesce(list({'name': n.name, 'start_date': CAST(n.valid_from AS VARCHAR),
                                         'end_date': CAST(n.valid_to AS VARCHAR)} ORDER BY n.valid_from NULLS FIRST)
                                   FILTER (WHERE n.name IS NOT NULL), []) AS names
                   FROM states s LEFT JOIN state_names n USING (state_id)
                   GROUP BY ALL ORDER BY s.state_id"""
            )
        )

    def sc_seats(self) -> list[dict[str, Any]]:
        """Security Council seats: who held one, from when to when (exclusive), permanent or elected."""
        return dicts(
            self.con.execute(
                """SELECT state_id, CAST(seat_from AS VARCHAR) AS seat_from, CAST(seat_to AS VARCHAR) AS seat_to,
                          permanent
                   FROM sc_seats ORDER BY seat_from, state_id"""
            )
        )


def _quoted(path: Path) -> str:
    """A path as the inside of an SQL string literal."""
    return str(path).replace("'", "''")
