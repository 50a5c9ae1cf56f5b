"""Read queries over the record. Every function returns plain data (dicts, lists) for the CLI, the web and JSON."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from functools import cache
from typing import Any

from unvotes.errors import NotFound
from unvotes.models import counts_dict, counts_of
from unvotes.refdata import council, states
from unvotes.sources import SOURCES
from unvotes.store.db import first
from unvotes.store.engine import duckdb
from unvotes.symbols import canonical, natural_key, query_keys
from unvotes.symbols import key as symbol_key

PRECEDENCE = {s.key: s.precedence for s in SOURCES}  # as in the table `source_precedence`
LOOKUP_ROLES = "role <> 'roll call on'"  # a roll call on a resolution's text is another vote on it


def roll_call_label(record: str = "r", event: str = "m") -> str:
    """The one SQL expression that names a record, given the aliases of `records` and of its main event: the main
    event's resolution, else its document, else the symbol of the best source that has one; "roll call N" (the
    roll-call id) only when no source has a symbol. A roll call on a resolution's text says so."""
    any_symbol = f"""(SELECT arg_min(coalesce(o.resolution, o.document), p.precedence)
        FROM events o JOIN source_precedence p USING (source)
        WHERE o.record_id = {record}.record_id AND coalesce(o.resolution, o.document) IS NOT NULL)"""
    return f"""CASE WHEN EXISTS (SELECT 1 FROM symbols s WHERE s.record_id = {record}.record_id AND s.role = 'roll call on')
        THEN 'roll call ' || coalesce({event}.extra->>'rcid', {event}.key) || ' on ' || coalesce({event}.resolution, {event}.document)
        ELSE coalesce({event}.resolution, {event}.document, {any_symbol},
                      'roll call ' || ({event}.extra->>'rcid'), {event}.source || ' ' || {event}.key)
    END"""


VOTE_ID = "r.vote_id"  # the SQL of a record's permanent address, e.g. A/RES/ES-11/7


def find_records(con: duckdb.DuckDBPyConnection, text: str) -> list[int]:
    """Records a symbol names, trying each spelling `query_keys` derives until one matches."""
    for key in query_keys(text):
        if key.endswith("("):
            sql = (
                "SELECT DISTINCT record_id FROM symbols WHERE symbol_key = ? OR symbol_key LIKE ? ORDER BY 1"
            )
            rows = con.execute(sql, [key[:-1], key + "%"]).fetchall()
        else:
            rows = con.execute(
                f"SELECT DISTINCT record_id FROM symbols WHERE symbol_key = ? AND {LOOKUP_ROLES} ORDER BY 1",
                [key],
            ).fetchall()
        if rows:
            return [r[0] for r in rows]
    return _retired(con, text)


def _retired(con: duckdb.DuckDBPyConnection, text: str) -> list[int]:
    """The vote an id no longer in use named, through the event that was its main one (`retired_ids`)."""
    rows = con.execute(
        """SELECT DISTINCT e.record_id FROM retired_ids t JOIN events e USING (source, key)
           WHERE t.symbol_key = ? ORDER BY 1""",
        [symbol_key(text)],
    ).fetchall()
    return [r[0] for r in rows]


def record_id_for(con: duckdb.DuckDBPyConnection, text: str) -> int:
    found = find_records(con, text)
    if not found:
        raise NotFound(f"no vote found for {text!r}", hint="Try `unvotes search TEXT` to find its symbol.")
    if len(found) > 1:
        names = ", ".join(_label(con, r) for r in found[:8])
        raise NotFound(f"{text!r} names {len(found)} votes: {names}", hint="Give the full symbol.")
    return found[0]


def _label(con: duckdb.DuckDBPyConnection, record_id: int) -> str:
    row = first(
        con,
        f"SELECT {roll_call_label()}, m.date FROM records r JOIN events m ON m.event_id = r.main_event WHERE r.record_id = ?",
        [record_id],
    )
    return f"{row[0]} ({row[1]})" if row else str(record_id)


def dicts(cursor: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """The rows of an executed query as dicts keyed by column name."""
    names = [d[0] for d in cursor.description or []]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _events(con: duckdb.DuckDBPyConnection, record_id: int) -> list[dict[str, Any]]:
    """A record's events, the best source first. Read by event id: a scan filtered on `record_id` reads every
    column of the table (about 6 ms), the ids are found in 1 ms and their rows in another."""
    ids = [
        r[0] for r in con.execute("SELECT event_id FROM events WHERE record_id = ?", [record_id]).fetchall()
    ]
    rows = dicts(con.execute("SELECT * EXCLUDE (fingerprint) FROM events WHERE event_id = ANY(?)", [ids]))
    return sorted(rows, key=lambda e: (PRECEDENCE.get(e["source"], len(PRECEDENCE)), e["event_id"]))


def _record(con: duckdb.DuckDBPyConnection, record_id: int) -> dict[str, Any]:
    """A record's own row: its address, day, kind, the draft it amends, and its label."""
    found = dicts(
        con.execute(
            f"""SELECT {VOTE_ID} AS id, CAST(r.date AS VARCHAR) AS date, r.kind, r.amends, {roll_call_label()} AS label
                FROM records r JOIN events m ON m.event_id = r.main_event WHERE r.record_id = ?""",
            [record_id],
        )
    )
    if not found:
        raise NotFound(f"no record {record_id}")
    return found[0]


def symbols_of(con: duckdb.DuckDBPyConnection, record_id: int) -> list[str]:
    """Every symbol the record is known by (its address, resolution, document, aliases), as the sources write them."""
    rows = con.execute(
        """SELECT DISTINCT symbol FROM (SELECT unnest([resolution, document]) AS symbol FROM events WHERE record_id = ?)
           WHERE symbol IS NOT NULL ORDER BY symbol""",
        [record_id],
    ).fetchall()
    return list(dict.fromkeys(canonical(r[0]) for r in rows))


def record_votes(con: duckdb.DuckDBPyConnection, record_id: int) -> dict[str, str]:
    rows = con.execute(
        "SELECT state_id, vote FROM record_votes WHERE record_id = ? ORDER BY state_id", [record_id]
    ).fetchall()
    return dict(rows)


def show(con: duckdb.DuckDBPyConnection, symbol: str) -> dict[str, Any]:
    """Everything the record holds about one vote."""
    return describe(con, record_id_for(con, symbol))


def describe(con: duckdb.DuckDBPyConnection, record_id: int) -> dict[str, Any]:
    """Everything the record holds about one vote (the documented fields first, then its address and symbols)."""
    events = _events(con, record_id)
    main, record = events[0], _record(con, record_id)
    votes = record_votes(con, record_id)
    return {
        "organ": main["organ"],
        "date": record["date"],
        "session": main["session"],
        "meeting": _first(events, "meeting"),
        "document": _first(events, "document"),
        "resolution": _first(events, "resolution", final_only=True),
        "kind": record["kind"],
        "amends": _canonical(record["amends"]),
        "title": _first(events, "title"),
        "counts": _counts(events),
        "tally": _tally(votes),
        "outcome": _first(events, "outcome"),
        "complete": _complete(con, main, votes),
        "votes": votes,
        "related": related(con, record_id, events, record["amends"]),
        "sources": [_source(e) for e in events],
        "disagreements": disagreements(con, record_id),
        "symbol_inferred": _symbol_inferred(events),
        "id": record["id"],
        "symbol": record["label"],
        "symbols": symbols_of(con, record_id),
    }


def _canonical(symbol: str | None) -> str | None:
    return canonical(symbol) if symbol else None


def _first(events: list[dict[str, Any]], field: str, final_only: bool = False) -> Any:
    for event in events:
        if event[field] and (not final_only or event["kind"] in ("draft resolution", "draft as amended")):
            return canonical(event[field]) if field in ("document", "resolution", "amends") else event[field]
    return None


def _counts(events: list[dict[str, Any]]) -> dict[str, int | None] | None:
    for event in events:
        if event["yes"] is not None or event["no"] is not None:
            return _event_counts(event)
    return None


def _symbol_inferred(events: list[dict[str, Any]]) -> str | None:
    """Why the symbol of the counts shown was assigned by inference (the source's note), else None: asked of
    the event whose counts are shown, or of the main event when none prints counts."""
    shown = next((e for e in events if e["yes"] is not None or e["no"] is not None), events[0])
    return json.loads(shown["extra"]).get("symbol_inferred") if shown["extra"] else None


def _event_counts(event: dict[str, Any]) -> dict[str, int | None]:
    return counts_dict(event["yes"], event["no"], event["abstain"], event["non_voting"])


def _tally(votes: dict[str, str]) -> dict[str, int | None]:
    return counts_of(votes.values()).as_dict()


def _complete(con: duckdb.DuckDBPyConnection, main: dict[str, Any], votes: dict[str, str]) -> bool:
    """A record is complete when every member of the organ on that day has a vote."""
    expected = expected_voters(main["organ"], main["date"])
    return bool(expected) and expected <= votes.keys()


@cache
def expected_voters(organ: str, day: dt.date) -> frozenset[str]:
    """Who could vote on a day: the Council's members for a Security Council vote, the UN's members otherwise."""
    return frozenset(council.members_on(day) if organ == "SC" else states.members_on(day))


def _source(event: dict[str, Any]) -> dict[str, Any]:
    return {
        "source": event["source"],
        "key": event["key"],
        "file": event["file"],
        "line": event["line"],
        "version": event["version"],
        "url": event["url"],
        "counts": _event_counts(event),
        "outcome": event["outcome"],
        "complete": event["complete"],
        "notes": json.loads(event["extra"]) if event["extra"] else {},
    }


def related(
    con: duckdb.DuckDBPyConnection, record_id: int, events: list[dict[str, Any]], amends: str | None
) -> list[dict[str, Any]]:
    """Amendments of this draft, and the draft this amendment (`amends`: the record's own) amends."""
    documents = {symbol_key(e["document"]) for e in events if e["document"]}
    amendments = con.execute("SELECT record_id, amends FROM records WHERE amends IS NOT NULL").fetchall()
    out = [
        {"relation": "amendment", **brief(con, r)}
        for r, amends in amendments
        if symbol_key(amends) in documents
    ]
    own = _canonical(amends)
    if own:
        out += [{"relation": "amends", **brief(con, r)} for r in find_records(con, own) if r != record_id]
    return out


def brief(con: duckdb.DuckDBPyConnection, record_id: int) -> dict[str, Any]:
    """A vote in a few fields: symbols, kind, outcome, counts, address, day and title."""
    events, record = _events(con, record_id), _record(con, record_id)
    return {
        "document": _first(events, "document"),
        "resolution": _first(events, "resolution", final_only=True),
        "kind": record["kind"],
        "outcome": _first(events, "outcome"),
        "counts": _counts(events),
        "id": record["id"],
        "date": record["date"],
        "symbol": record["label"],
        "title": _first(events, "title"),
    }


def disagreements(con: duckdb.DuckDBPyConnection, record_id: int) -> list[dict[str, Any]]:
    rows = con.execute(
        "SELECT state_id, votes FROM vote_disagreements WHERE record_id = ? ORDER BY state_id", [record_id]
    ).fetchall()
    return [{"state": state, "votes": {v["source"]: v["vote"] for v in votes}} for state, votes in rows]


def voted_with(con: duckdb.DuckDBPyConnection, symbol: str, state: str) -> dict[str, Any]:
    """The states that voted as `state` did on one vote."""
    record = describe(con, record_id_for(con, symbol))
    state_id = states.resolve(state, on=dt.date.fromisoformat(record["date"]))
    vote = record["votes"].get(state_id)
    if vote is None:
        raise NotFound(f"the record holds no vote of {state_id} on {symbol}")
    same = sorted(s for s, v in record["votes"].items() if v == vote and s != state_id)
    return {
        "symbol": record["resolution"] or record["document"],
        "date": record["date"],
        "state": state_id,
        "vote": vote,
        "states": same,
        "id": record["id"],
    }


def day(con: duckdb.DuckDBPyConnection, date: dt.date) -> list[dict[str, Any]]:
    """Every vote of one day, organ by organ; each draft's amendments just before it."""
    rows = con.execute(
        "SELECT record_id FROM records WHERE date = ? ORDER BY organ, record_id", [date]
    ).fetchall()
    return sorted((describe(con, r[0]) for r in rows), key=_sequence_key)


def _sequence_key(record: dict[str, Any]) -> tuple[object, ...]:
    own = record["document"] or record["resolution"] or ""
    return (
        record["organ"],
        natural_key(record["amends"] or own),
        0 if record["amends"] else 1,
        natural_key(own),
    )


def state_votes(
    con: duckdb.DuckDBPyConnection,
    state: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    organ: str | None = None,
    topic: str | None = None,
) -> list[dict[str, Any]]:
    """How one state voted, vote by vote, oldest first."""
    state_id = states.resolve(state, on=until or since)
    rows = dicts(
        con.execute(
            f"""SELECT CAST(r.date AS VARCHAR) AS date, r.organ, r.kind, {roll_call_label()} AS symbol, m.title, rv.vote,
                      m.outcome, rv.source, ? AS state, {VOTE_ID} AS id
               FROM record_votes rv JOIN records r USING (record_id) JOIN events m ON m.event_id = r.main_event
               WHERE rv.state_id = ? AND (? IS NULL OR r.date >= ?) AND (? IS NULL OR r.date <= ?)
                 AND (? IS NULL OR r.organ = ?)
                 AND (? IS NULL OR m.title ILIKE ? OR m.agenda ILIKE ? OR array_to_string(m.subjects, ' | ') ILIKE ?)
               ORDER BY r.date, r.record_id""",
            [state_id, state_id, since, since, until, until, organ, organ, topic] + [f"%{topic}%"] * 3,
        )
    )
    return rows


def state_summary(con: duckdb.DuckDBPyConnection, state_id: str) -> list[dict[str, Any]]:
    """A state's votes in the record per organ: how many, the first and last day, and the counts."""
    rows = con.execute(
        """SELECT r.organ, count(*), CAST(min(r.date) AS VARCHAR), CAST(max(r.date) AS VARCHAR),
                  count(*) FILTER (WHERE rv.vote = 'Y'), count(*) FILTER (WHERE rv.vote = 'N'),
                  count(*) FILTER (WHERE rv.vote = 'A'), count(*) FILTER (WHERE rv.vote = 'X')
           FROM record_votes rv JOIN records r USING (record_id) WHERE rv.state_id = ? GROUP BY r.organ ORDER BY 1""",
        [state_id],
    ).fetchall()
    return [
        {"organ": r[0], "votes": r[1], "first": r[2], "last": r[3], "counts": counts_dict(*r[4:8])}
        for r in rows
    ]


def search(con: duckdb.DuckDBPyConnection, text: str, limit: int = 50) -> list[dict[str, Any]]:
    """Votes whose title, agenda item or subjects mention `text`, newest first."""
    pattern = f"%{text}%"
    return dicts(
        con.execute(
            f"""SELECT r.record_id, CAST(r.date AS VARCHAR) AS date, r.organ, r.kind, m.resolution, m.document, m.title,
                      m.outcome, {VOTE_ID} AS id, {roll_call_label()} AS symbol
               FROM records r JOIN events m ON m.event_id = r.main_event
               WHERE r.record_id IN (
                   SELECT record_id FROM events e
                   WHERE e.title ILIKE ? OR e.agenda ILIKE ? OR array_to_string(e.subjects, ' | ') ILIKE ?)
               ORDER BY r.date DESC, r.record_id LIMIT ?""",
            [pattern, pattern, pattern, limit],
        )
    )


def stats(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """What the record holds: records per organ and year, the files and versions, and known gaps."""
    per_year = con.execute(
        "SELECT organ, year(date) AS y, count(*) FROM records GROUP BY ALL ORDER BY organ, y"
    ).fetchall()
    files = con.execute(
        """SELECT f.source, p.title, f.file, f.version, f.events, f.votes, CAST(f.imported_at AS VARCHAR), p.terms, p.url,
                  f.citation
           FROM source_files f JOIN source_precedence p USING (source) ORDER BY p.precedence, f.file"""
    ).fetchall()
    file_fields = (
        "source",
        "title",
        "file",
        "version",
        "events",
        "votes",
        "imported_at",
        "terms",
        "url",
        "citation",
    )
    return {
        "records": first(con, "SELECT count(*) FROM records")[0],  # type: ignore[index]
        "events": first(con, "SELECT count(*) FROM events")[0],  # type: ignore[index]
        "votes": first(con, "SELECT count(*) FROM votes")[0],  # type: ignore[index]
        "per_organ_year": [{"organ": o, "year": y, "records": n} for o, y, n in per_year],
        "sources": [dict(zip(file_fields, row, strict=True)) for row in files],
        **disagreement_counts(con),
        "tally_mismatches": tally_mismatches(con),
        "gaps": gaps(con, per_year),
    }


def disagreement_counts(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """How many state votes the sources disagree on, and for each source on how many it takes part (one pass
    over the disagreements: the view reads every vote)."""
    rows = con.execute("SELECT [v.source FOR v IN votes] FROM vote_disagreements").fetchall()
    by_source = Counter(source for (sources,) in rows for source in sources)
    return {"disagreements": len(rows), "disagreements_by_source": dict(by_source.most_common())}


def tally_mismatches(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Events a source calls complete whose per-state votes do not add up to its own printed counts."""
    rows = con.execute(
        """SELECT e.source, e.key, coalesce(e.resolution, e.document), CAST(e.date AS VARCHAR), e.yes, e.no, e.abstain,
                  count(*) FILTER (WHERE v.vote = 'Y'), count(*) FILTER (WHERE v.vote = 'N'),
                  count(*) FILTER (WHERE v.vote = 'A')
           FROM events e JOIN votes v USING (event_id)
           WHERE e.complete AND e.yes IS NOT NULL
           GROUP BY ALL
           HAVING e.yes <> count(*) FILTER (WHERE v.vote = 'Y') OR e.no <> count(*) FILTER (WHERE v.vote = 'N')
               OR e.abstain <> count(*) FILTER (WHERE v.vote = 'A')
           ORDER BY 4"""
    ).fetchall()
    return [
        {
            "source": r[0],
            "key": r[1],
            "symbol": r[2],
            "date": r[3],
            "printed": list(r[4:7]),
            "per_state": list(r[7:10]),
        }
        for r in rows
    ]


KNOWN_GAPS = (
    "A/RES/ES-10/25 and ES-10/26 (11 Dec 2024) are in no source.",
    "GA amendment and paragraph votes after 1985 are mostly missing (only some rows of the Voeten matrix).",
    "SC votes before 1994 cover adopted resolutions only (failed drafts: the veto list, no roll call).",
    "The per-state votes on the 24 Feb 2025 GA amendments (A/ES-11/L.12–L.15) are in no source.",
)


EXPLAINED_YEARS = {
    ("GA", 1964): "the 19th session took no recorded vote during the Article 19 dispute over arrears",
}


def _year(organ: str, year: int) -> str:
    why = EXPLAINED_YEARS.get((organ, year))
    return f"{year} ({why})" if why else str(year)


def gaps(con: duckdb.DuckDBPyConnection, per_year: list[tuple[str, int, int]]) -> list[str]:
    """Known gaps, plus years since 1946 in which an organ has no record at all."""
    found = list(KNOWN_GAPS)
    for organ in ("GA", "SC"):
        years = {y for o, y, _ in per_year if o == organ}
        if years:
            missing = sorted(set(range(1946, max(years) + 1)) - years)
            if missing:
                found.append(
                    f"{organ}: no vote recorded in " + ", ".join(_year(organ, y) for y in missing) + "."
                )
    incomplete = first(
        con,
        """SELECT count(*) FROM records r JOIN events e ON e.event_id = r.main_event WHERE NOT e.complete""",
    )
    found.append(
        f"{incomplete[0] if incomplete else 0} records whose main source names only some members' votes."
    )
    return found


def audit_rows(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Every record in one pass, with what deciding it needs: outcome, counts, tally, the states voting no."""
    rows = con.execute(
        """
        WITH ranked AS (
            SELECT e.*, p.precedence FROM events e JOIN source_precedence p USING (source)
        ), best AS (
            SELECT record_id,
                   arg_min(outcome, precedence) FILTER (WHERE outcome IS NOT NULL) AS outcome,
                   arg_min([yes, no, abstain, non_voting], precedence) FILTER (WHERE yes IS NOT NULL) AS counts,
                   arg_min(coalesce(resolution, document), precedence) FILTER (WHERE coalesce(resolution, document) IS NOT NULL) AS symbol,
                   bool_or(extra->>'required_majority' = 'two-thirds') AS two_thirds,
                   list(source || ' ' || file || coalesce(':' || line, '') ORDER BY precedence) AS sources
            FROM ranked GROUP BY record_id
        ), tallies AS (
            SELECT record_id, count(*) FILTER (WHERE vote = 'Y') AS y, count(*) FILTER (WHERE vote = 'N') AS n,
                   count(*) FILTER (WHERE vote = 'A') AS a, count(*) FILTER (WHERE vote = 'X') AS x,
                   list(state_id) FILTER (WHERE vote = 'N') AS noes
            FROM record_votes GROUP BY record_id
        )
        SELECT r.record_id, r.vote_id, r.organ, CAST(r.date AS VARCHAR), r.kind, b.outcome, b.counts, b.symbol, b.two_thirds,
               b.sources, t.y, t.n, t.a, t.x, coalesce(t.noes, []), m.complete
        FROM records r JOIN best b USING (record_id) LEFT JOIN tallies t USING (record_id)
        JOIN events m ON m.event_id = r.main_event
        ORDER BY r.date, r.record_id
        """
    ).fetchall()
    fields = [
        "record_id",
        "id",
        "organ",
        "date",
        "kind",
        "outcome",
        "counts",
        "symbol",
        "two_thirds",
        "sources",
        "y",
        "n",
        "a",
        "x",
        "noes",
        "main_complete",
    ]
    return [dict(zip(fields, row, strict=True)) for row in rows]


def vote_list(
    con: duckdb.DuckDBPyConnection,
    *,
    organ: str | None = None,
    since: dt.date | None = None,
    until: dt.date | None = None,
    session: str | None = None,
    topic: str | None = None,
    kind: str | None = None,
    outcome: str | None = None,
    state: str | None = None,
    state_vote: str | None = None,
    limit: int = 50,
    offset: int = 0,
    oldest_first: bool = False,
) -> tuple[int, list[dict[str, Any]]]:
    """Votes matching every filter given, newest first (or oldest), one page of them, and how many match in all.
    With `state`, each row carries that state's vote. Every value is bound, none is formatted into the SQL."""
    where = """(? IS NULL OR r.organ = ?) AND (? IS NULL OR r.date >= ?) AND (? IS NULL OR r.date <= ?)
        AND (? IS NULL OR m.session = ?) AND (? IS NULL OR r.kind = ?) AND (? IS NULL OR m.outcome = ?)
        AND (? IS NULL OR m.title ILIKE ? OR m.agenda ILIKE ? OR array_to_string(m.subjects, ' | ') ILIKE ?)
        AND (? IS NULL OR sv.vote IS NOT NULL) AND (? IS NULL OR sv.vote = ?)"""
    organ, session, topic, kind, outcome = (
        organ or None,
        session or None,
        topic or None,
        kind or None,
        outcome or None,
    )
    pattern = f"%{topic}%" if topic else None
    params = [organ, organ, since, since, until, until, session, session, kind, kind, outcome, outcome]
    params += [topic, pattern, pattern, pattern, state, state_vote, state_vote]
    base = f"""FROM records r JOIN events m ON m.event_id = r.main_event
        LEFT JOIN record_votes sv ON sv.record_id = r.record_id AND sv.state_id = ? WHERE {where}"""
    total = con.execute(f"SELECT count(*) {base}", [state, *params]).fetchone()
    order = f"r.date {'ASC' if oldest_first else 'DESC'}, r.record_id {'ASC' if oldest_first else 'DESC'}"
    rows = dicts(  # the page first, then the labels of its rows only (a label is a subquery per row)
        con.execute(
            f"""WITH page AS (SELECT r.record_id, sv.vote AS state_vote {base} ORDER BY {order} LIMIT ? OFFSET ?)
                SELECT {VOTE_ID} AS id, {roll_call_label()} AS symbol, CAST(r.date AS VARCHAR) AS date, r.organ,
                       m.session, r.kind, m.title, m.outcome, m.yes, m.no, m.abstain, m.non_voting, p.state_vote
                FROM page p JOIN records r USING (record_id) JOIN events m ON m.event_id = r.main_event
                ORDER BY {order}""",
            [state, *params, limit, offset],
        )
    )
    return (total[0] if total else 0), rows
