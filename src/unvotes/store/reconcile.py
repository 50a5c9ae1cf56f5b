"""Reconciliation: find the events of different sources that are one vote, and make them one record.

Events are joined, in this order, when they share
1. `symbol`: the resolution they became (final votes only; one event per source),
2. `document`: the text voted on, on the same day,
3. `rcid`: the roll-call id of the Voeten family of datasets, in the same year (rcids were reused in 2023),
4. `link`: a hand-entered link (refdata/data/event_links.csv) names the symbol of an event that has none,
5. `votes`: otherwise, one candidate on the same day and organ whose per-state votes and printed counts agree
   (for sources without symbols: the Voeten matrix after 2019, hand-curated amendments),
6. `votes-nearby`: a GA vote of a symbol source with no Voeten twin, and one Voeten roll call within 45 days
   (their dates drift) with the same tally (within two votes) and at least 97 % of the states' votes equal.
A record's date is that of its best source outside the Voeten tables. A record's main event is the one of the highest precedence; queries show its fields and, state by state, the vote
of the highest-precedence event that names the state. Disagreements stay visible in `vote_disagreements`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb
import pyarrow as pa

from unvotes.models import FINAL_KINDS, EventKind
from unvotes.refdata import links
from unvotes.symbols import key as symbol_key

# A record's kind is the most specific any source states: only some sources can tell an amendment from a draft.
_SPECIFIC = [str(k) for k in (EventKind.AMENDMENT, EventKind.PARAGRAPH, EventKind.MOTION, EventKind.ELECTION,
                              EventKind.DRAFT_AS_AMENDED, EventKind.DRAFT)]  # fmt: skip
MAX_VOTE_DISAGREEMENTS = 3
COUNT_TOLERANCE = 3  # sources of one vote differ by a few votes (corrections, late changes)
RCID_SOURCES = frozenset({"voeten", "unvotes_r", "voeten_matrix"})
NEARBY_DAYS = 45  # the Voeten tables' dates before the 1990s are often off by days or weeks  # sources that are one vote still differ on a few cells (raw/README cross-checks)


@dataclass
class _Event:
    event_id: int
    source: str
    precedence: int
    organ: str
    date: str
    kind: str
    document: str | None
    resolution: str | None
    counts: tuple[int | None, ...]
    rcid: str | None
    complete: bool
    nvotes: int
    key: str
    amends: str | None
    cast: tuple[int, int, int]  # yes, no and abstain among the per-state votes

    @property
    def numbers(self) -> tuple[int, int, int] | None:
        """Yes, no and abstain as printed, else as the per-state votes add up when the source is complete."""
        if self.counts[0] is not None and self.counts[1] is not None:
            return (self.counts[0], self.counts[1], self.counts[2] or 0)
        return self.cast if self.complete and any(self.cast) else None


class _Groups:
    """Union-find over event ids, remembering how each join was made."""

    def __init__(self, ids: Iterable[int]) -> None:
        self.parent = {i: i for i in ids}
        self.how: dict[int, set[str]] = defaultdict(set)
        self.other_roll_calls: set[int] = set()  # named by a resolution, but another roll call on its text

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, a: int, b: int, how: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)
            self.how[min(ra, rb)] |= self.how.pop(max(ra, rb), set()) | {how}

    def members(self) -> dict[int, list[int]]:
        out: dict[int, list[int]] = defaultdict(list)
        for i in self.parent:
            out[self.find(i)].append(i)
        return out


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute records and symbol keys from the events; return the number of records."""
    events = _fetch(con)
    groups = _Groups(events)
    _join_by_symbol(events.values(), groups)
    _join_by_document(events.values(), groups)
    _join_by_rcid(events.values(), groups)
    _join_by_links(events.values(), groups)
    _join_by_votes(con, events, groups)
    _join_nearby(con, events, groups)
    return _write(con, events, groups)


def _fetch(con: duckdb.DuckDBPyConnection) -> dict[int, _Event]:
    rows = con.execute(
        """
        SELECT e.event_id, e.source, p.precedence, e.organ, CAST(e.date AS VARCHAR), e.kind, e.document,
               e.resolution, e.yes, e.no, e.abstain, e.non_voting, e.extra->>'rcid', e.complete,
               coalesce(t.total, 0), e.key, e.amends, coalesce(t.y, 0), coalesce(t.n, 0), coalesce(t.a, 0)
        FROM events e JOIN source_precedence p USING (source)
        LEFT JOIN (
            SELECT event_id, count(*) AS total, count(*) FILTER (WHERE vote = 'Y') AS y,
                   count(*) FILTER (WHERE vote = 'N') AS n, count(*) FILTER (WHERE vote = 'A') AS a
            FROM votes GROUP BY event_id
        ) t USING (event_id)
        """
    ).fetchall()
    return {r[0]: _event(r) for r in rows}


def _event(r: tuple[Any, ...]) -> _Event:
    return _Event(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        tuple(r[8:12]),
        r[12],
        r[13],
        r[14],
        r[15],
        r[16],
        tuple(r[17:20]),
    )


def _join_by_symbol(events: Iterable[_Event], groups: _Groups) -> None:
    by_key: dict[tuple[str, str], dict[str, _Event]] = defaultdict(dict)
    for e in sorted(events, key=lambda e: e.event_id):
        if e.resolution and e.kind in FINAL_KINDS:
            by_key[(e.organ, symbol_key(e.resolution))].setdefault(e.source, e)
    for members in by_key.values():
        anchor = min(members.values(), key=lambda e: (e.numbers is None, e.precedence))
        _union_all([e.event_id for e in members.values() if _compatible(anchor, e)], groups, "symbol")
        groups.other_roll_calls |= {e.event_id for e in members.values() if not _compatible(anchor, e)}


def _compatible(a: _Event, b: _Event) -> bool:
    """Two events named by one symbol are one vote unless their numbers clearly differ (then one of them is
    another roll call on the same text, such as an amendment the source does not flag)."""
    x, y = a.numbers, b.numbers
    if x is not None and y is not None:
        gap = sum(abs(p - q) for p, q in zip(x, y, strict=True))
        return gap <= max(COUNT_TOLERANCE, sum(x) // 20)
    exact, partial = (x, b.cast) if x is not None else (y, a.cast)
    if exact is None:
        return True
    # a source that names only some votes cannot name more of a kind than the vote had
    return all(named <= total + COUNT_TOLERANCE for named, total in zip(partial, exact, strict=True))


def _join_by_document(events: Iterable[_Event], groups: _Groups) -> None:
    by_key: dict[tuple[str, str, str], dict[str, _Event]] = defaultdict(dict)
    for e in sorted(events, key=lambda e: e.event_id):
        if e.document:
            by_key[(e.organ, symbol_key(e.document), e.date)].setdefault(e.source, e)
    for members in by_key.values():
        _union_all([e.event_id for e in members.values()], groups, "document")


def _join_by_rcid(events: Iterable[_Event], groups: _Groups) -> None:
    by_key: dict[tuple[str, str], list[int]] = defaultdict(list)
    for e in events:
        if e.rcid:
            by_key[(e.rcid, e.date[:4])].append(e.event_id)
    for ids in by_key.values():
        _union_all(ids, groups, "rcid")


def _join_by_links(events: Iterable[_Event], groups: _Groups) -> None:
    """Hand-entered links (refdata/data/event_links.csv) join an event without a symbol to its vote."""
    wanted = {(link.source, link.key): symbol_key(link.symbol) for link in links.links()}
    by_symbol: dict[str, int] = {}
    linked: list[tuple[int, str]] = []
    for e in events:
        if (e.source, e.key) in wanted:
            linked.append((e.event_id, wanted[(e.source, e.key)]))
        for symbol in (e.document, e.resolution):
            if symbol:
                by_symbol.setdefault(symbol_key(symbol), e.event_id)
    for event_id, symbol in linked:
        if symbol in by_symbol:
            groups.union(event_id, by_symbol[symbol], "link")


def _union_all(ids: list[int], groups: _Groups, how: str) -> None:
    for other in ids[1:]:
        groups.union(ids[0], other, how)


def _join_by_votes(con: duckdb.DuckDBPyConnection, events: dict[int, _Event], groups: _Groups) -> None:
    """Join groups that carry no symbol to the one same-day group whose votes and counts agree."""
    members = groups.members()
    lonely = [root for root, ids in members.items() if not any(_has_symbol(events[i]) for i in ids)]
    if not lonely:
        return
    lonely_set = set(lonely)
    by_day: dict[tuple[str, str], list[int]] = defaultdict(list)
    for root in members:
        if root not in lonely_set:
            by_day[(events[root].organ, events[root].date)].append(root)
    candidates = [i for root in _candidates(lonely, by_day, events) for i in members[root]]
    votes = _votes_of(con, [i for root in lonely for i in members[root]] + candidates)
    for root in lonely:
        others = by_day[(events[root].organ, events[root].date)]
        matches = [r for r in others if _agree(members[root], members[r], events, votes)]
        if len(matches) == 1:
            groups.union(root, matches[0], "votes")


def _join_nearby(con: duckdb.DuckDBPyConnection, events: dict[int, _Event], groups: _Groups) -> None:
    """Join a GA vote the Voeten datasets date loosely to its twin in a symbol source: same tally, same votes, near."""
    members = groups.members()
    family = [r for r, ids in members.items() if _voeten_only(ids, events)]
    orphans = [r for r, ids in members.items() if _orphan(ids, events)]
    if not family or not orphans:
        return
    votes = _votes_of(con, [i for r in family + orphans for i in members[r]])
    tallies = {r: _tally(members[r], events, votes) for r in family}
    free = set(family)
    for root in sorted(orphans):
        near = [r for r in free if _days_apart(events[root], events[r]) <= NEARBY_DAYS]
        matches = [r for r in near if _twins(members[root], members[r], tallies[r], events, votes)]
        if len(matches) == 1:
            groups.union(root, matches[0], "votes-nearby")
            free.discard(matches[0])


def _voeten_only(ids: list[int], events: dict[int, _Event]) -> bool:
    return any(events[i].rcid for i in ids) and all(events[i].source in RCID_SOURCES for i in ids)


def _orphan(ids: list[int], events: dict[int, _Event]) -> bool:
    first = events[ids[0]]
    return first.organ == "GA" and not any(events[i].rcid for i in ids) and any(events[i].nvotes for i in ids)


def _days_apart(a: _Event, b: _Event) -> int:
    return abs((dt.date.fromisoformat(a.date) - dt.date.fromisoformat(b.date)).days)


def _twins(
    orphan: list[int],
    family: list[int],
    family_tally: tuple[int, ...] | None,
    events: dict[int, _Event],
    votes: dict[int, dict[str, str]],
) -> bool:
    """Same yes/no/abstain tally (within two votes in all) and at least 97 % of the shared states' votes equal."""
    printed = _counts(orphan, events) or _tally(orphan, events, votes)
    if not printed or not family_tally or any(c is None for c in printed[:3]):
        return False
    gap = sum(abs((p or 0) - t) for p, t in zip(printed[:3], family_tally[:3], strict=True))
    if gap > 2:
        return False
    va, vb = _merged(orphan, votes), _merged(family, votes)
    shared = va.keys() & vb.keys()
    return len(shared) >= 20 and sum(va[s] == vb[s] for s in shared) >= 0.97 * len(shared)


def _has_symbol(e: _Event) -> bool:
    return bool(e.resolution or e.document)


def _candidates(
    lonely: list[int], by_day: dict[tuple[str, str], list[int]], events: dict[int, _Event]
) -> list[int]:
    return [r for root in lonely for r in by_day[(events[root].organ, events[root].date)]]


def _votes_of(con: duckdb.DuckDBPyConnection, event_ids: list[int]) -> dict[int, dict[str, str]]:
    wanted = pa.table({"event_id": pa.array(sorted(set(event_ids)), pa.int32())})
    con.register("wanted_events", wanted)
    rows = con.execute(
        "SELECT event_id, state_id, vote FROM votes WHERE event_id IN (SELECT event_id FROM wanted_events)"
    ).fetchall()
    con.unregister("wanted_events")
    out: dict[int, dict[str, str]] = defaultdict(dict)
    for event_id, state, vote in rows:
        out[event_id][state] = vote
    return out


def _agree(a: list[int], b: list[int], events: dict[int, _Event], votes: dict[int, dict[str, str]]) -> bool:
    """Two groups are one vote when their named votes (almost) all agree and their printed counts agree."""
    va = _merged(a, votes)
    vb = _merged(b, votes)
    shared = va.keys() & vb.keys()
    if not shared and not (_counts(a, events) and _counts(b, events)):
        return False
    differ = sum(va[s] != vb[s] for s in shared)
    return differ <= min(MAX_VOTE_DISAGREEMENTS, len(shared) // 20) and _counts_agree(a, b, events, votes)


def _merged(ids: list[int], votes: dict[int, dict[str, str]]) -> dict[str, str]:
    merged: dict[str, str] = {}
    for i in ids:
        for state, vote in votes.get(i, {}).items():
            merged.setdefault(state, vote)
    return merged


def _counts(ids: list[int], events: dict[int, _Event]) -> tuple[int | None, ...] | None:
    return next((events[i].counts for i in ids if any(c is not None for c in events[i].counts)), None)


def _tally(
    ids: list[int], events: dict[int, _Event], votes: dict[int, dict[str, str]]
) -> tuple[int, ...] | None:
    complete = [i for i in ids if events[i].complete and votes.get(i)]
    if not complete:
        return None
    values = list(votes[complete[0]].values())
    return tuple(values.count(code) for code in "YNAX")


def _counts_agree(
    a: list[int], b: list[int], events: dict[int, _Event], votes: dict[int, dict[str, str]]
) -> bool:
    printed = [c for c in (_counts(a, events), _counts(b, events)) if c]
    tallies = [t for t in (_tally(a, events, votes), _tally(b, events, votes)) if t]
    seen = printed + tallies
    for x, y in zip(seen, seen[1:], strict=False):
        if any(p is not None and q is not None and p != q for p, q in zip(x[:3], y[:3], strict=True)):
            return False
    return True


def _write(con: duckdb.DuckDBPyConnection, events: dict[int, _Event], groups: _Groups) -> int:
    con.execute("DELETE FROM records")
    con.execute("DELETE FROM symbols")
    record_rows: list[tuple[object, ...]] = []
    symbol_rows: set[tuple[str, int, str]] = set()
    assignment: list[tuple[int, int]] = []
    for record_id, (root, ids) in enumerate(sorted(groups.members().items()), start=1):
        main = min(
            (events[i] for i in ids), key=lambda e: (e.precedence, not e.complete, -e.nvotes, e.event_id)
        )
        how = ",".join(sorted(groups.how.get(root, set()))) or "single"
        kind = min((events[i].kind for i in ids), key=_SPECIFIC.index)
        day = _record_date(events, ids, main)
        record_rows.append((record_id, main.event_id, main.organ, day, kind, _amends(events, ids), how))
        assignment.extend((i, record_id) for i in ids)
        for i in ids:
            symbol_rows |= _symbol_rows(events[i], record_id, i in groups.other_roll_calls)
    _bulk(
        con,
        "records",
        record_rows,
        ["record_id", "main_event", "organ", "date", "kind", "amends", "matched_by"],
    )
    _bulk(con, "symbols", sorted(symbol_rows), ["symbol_key", "record_id", "role"])
    table = pa.table(
        {
            "event_id": pa.array([a for a, _ in assignment], pa.int32()),
            "record_id": [b for _, b in assignment],
        }
    )
    con.register("assignment", table)
    con.execute(
        "UPDATE events SET record_id = a.record_id FROM assignment a WHERE events.event_id = a.event_id"
    )
    con.unregister("assignment")
    _write_record_votes(con)
    return len(record_rows)


def _write_record_votes(con: duckdb.DuckDBPyConnection) -> None:
    """Each record's vote state by state: the vote of the highest-precedence event that names the state."""
    con.execute("DELETE FROM record_votes")
    con.execute(
        """
        INSERT INTO record_votes
        SELECT e.record_id, v.state_id, arg_min(v.vote, (p.precedence, e.event_id)),
               arg_min(e.source, (p.precedence, e.event_id)), arg_min(e.event_id, (p.precedence, e.event_id))
        FROM votes v JOIN events e USING (event_id) JOIN source_precedence p USING (source)
        GROUP BY e.record_id, v.state_id
        """
    )


def _record_date(events: dict[int, _Event], ids: list[int], main: _Event) -> str:
    """The date of the best source that dates votes reliably (not the Voeten tables, whose dates often drift)."""
    dated = sorted(
        (events[i] for i in ids if events[i].source not in RCID_SOURCES), key=lambda e: e.precedence
    )
    return dated[0].date if dated else main.date


def _amends(events: dict[int, _Event], ids: list[int]) -> str | None:
    """The draft an amendment amends: from the best source that says, else from a hand-entered link."""
    ordered = sorted((events[i] for i in ids), key=lambda e: (e.precedence, e.event_id))
    stated = next((e.amends for e in ordered if e.amends), None)
    return stated or next(
        (links.amends_of(e.source, e.key) for e in ordered if links.amends_of(e.source, e.key)), None
    )


def _symbol_rows(e: _Event, record_id: int, other_roll_call: bool = False) -> set[tuple[str, int, str]]:
    rows = set()
    if e.resolution and e.kind in FINAL_KINDS:
        rows.add((symbol_key(e.resolution), record_id, "roll call on" if other_roll_call else "resolution"))
    if e.document:
        rows.add((symbol_key(e.document), record_id, "document"))
    return rows


def _bulk(
    con: duckdb.DuckDBPyConnection, table: str, rows: list[tuple[object, ...]], columns: list[str]
) -> None:
    if not rows:
        return
    data = pa.table(
        {name: list(values) for name, values in zip(columns, zip(*rows, strict=True), strict=True)}
    )
    con.register("bulk_rows", data)
    con.execute(f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(columns)} FROM bulk_rows")
    con.unregister("bulk_rows")


def extra(value: str | None) -> dict[str, object]:
    return json.loads(value) if value else {}
