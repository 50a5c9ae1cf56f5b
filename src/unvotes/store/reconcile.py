"""Reconciliation: find the events of different sources that are one vote, and make them one record.

Events are joined, in this order, when they share
1. `symbol`: the resolution they became (final votes only; one event per source), and a part one source names
   with its letter (`A/RES/75/250 A`) to the same resolution named without it, when that part alone was voted
   that day and the numbers agree,
2. `document`: the text voted on, on the same day,
3. `rcid`: the roll-call id of the Voeten family of datasets, in the same year (rcids were reused in 2023),
4. `link`: a hand-entered link (refdata/data/event_links.csv) names the symbol of an event that has none,
5. `votes`: otherwise, one candidate on the same day and organ whose per-state votes and printed counts agree
   (for sources without symbols: the Voeten matrix after 2019, hand-curated amendments), or of several, the one
   with strictly the fewest differing votes; `votes-twin`: a lone Voeten-matrix roll call and the same-day vote
   with 97 % of the states' votes equal and 3 more than any other (the matrix repeats votes, cells differing),
6. `votes-nearby`: a GA vote of a symbol source with no Voeten twin, and one Voeten roll call within 45 days
   (their dates drift) with the same tally (within two votes) and at least 97 % of the states' votes equal.
A record's date is that of its best source outside the Voeten tables. A record's main event is the one of the highest precedence; queries show its fields and, state by state, the vote
of the best event that names the state: one whose votes add up to a printed tally first, then by precedence. Disagreements stay visible in `vote_disagreements`.
"""

from __future__ import annotations

import datetime as dt
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable

import duckdb

from unvotes.models import FINAL_KINDS
from unvotes.refdata import links
from unvotes.store import identity, scope
from unvotes.store.grouping import Event as _Event
from unvotes.store.grouping import Groups as _Groups
from unvotes.store.grouping import fetch, registered
from unvotes.store.records import RCID_SOURCES, Outcome, write_all, write_scope
from unvotes.symbols import key as symbol_key

MAX_VOTE_DISAGREEMENTS = 3  # sources that are one vote still differ on a few cells (raw/README cross-checks)
COUNT_TOLERANCE = 3  # sources of one vote differ by a few votes (corrections, late changes)
KIND_UNKNOWN_SOURCE = "voeten_matrix"  # calls every roll call a draft: it cannot tell the kind of a vote
TWIN_SHARE, TWIN_MARGIN = 0.97, 3  # a lone Voeten roll call's twin: 97 % of votes equal, 3 more than others
NEARBY_DAYS = scope.NEARBY_DAYS  # the Voeten tables' dates before the 1990s are often off by days or weeks
_LETTERED = re.compile(r"^(A/RES/[\w-]+/\d+)([A-Z])$")  # a GA resolution's part: `A/RES/75/250A` (a key)


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Recompute every record and its lookup keys from the events; return the number of records."""
    return write_all(con, _reconcile(con, None))


def update(con: duckdb.DuckDBPyConnection, new_events: set[int], old_records: set[int]) -> int:
    """Reconcile again only what new events (and the records of removed or changed ones) can reach; return the
    number of records written. Falls back to a full rebuild when the change reaches most of the record."""
    events = scope.closure(con, new_events, old_records)
    if events is None:
        return rebuild(con)
    while True:
        done = _reconcile(con, events)
        wider = scope.widen(con, events, set(done.ids.values()))
        if not wider:
            break
        events |= wider
    touched = old_records | scope.records_of(con, events)
    return write_scope(con, done, touched)


def _reconcile(con: duckdb.DuckDBPyConnection, events_in_scope: set[int] | None) -> Outcome:
    events = fetch(con, events_in_scope)
    groups = _Groups(events)
    _join_by_symbol(events.values(), groups)
    _join_lettered_part(events.values(), groups)
    _join_by_document(events.values(), groups)
    _join_by_rcid(events.values(), groups)
    _join_by_links(events.values(), groups)
    _join_by_votes(con, events, groups)
    _join_nearby(con, events, groups)
    members = {root: [events[i] for i in ids] for root, ids in groups.members().items()}
    return Outcome(events, groups, identity.assign(members, groups.other_roll_calls))


def _join_by_symbol(events: Iterable[_Event], groups: _Groups) -> None:
    by_key: dict[tuple[str, str], dict[str, _Event]] = defaultdict(dict)
    for e in sorted(events, key=lambda e: e.event_id):
        if e.resolution and e.kind in FINAL_KINDS:
            by_key[(e.organ, symbol_key(e.resolution))].setdefault(e.source, e)
    for members in by_key.values():
        anchor = min(members.values(), key=lambda e: (e.numbers is None, e.precedence))
        _union_all([e.event_id for e in members.values() if _compatible(anchor, e)], groups, "symbol")
        groups.other_roll_calls |= {e.event_id for e in members.values() if not _compatible(anchor, e)}


def _join_lettered_part(events: Iterable[_Event], groups: _Groups) -> None:
    """A resolution that one source names without its part letter (`A/RES/75/250`) and another with it
    (`A/RES/75/250 A`) is one vote when that is the only part voted that day and both give numbers that agree."""
    wholes: dict[tuple[str, str, str], _Event] = {}
    parts: dict[tuple[str, str, str], list[_Event]] = defaultdict(list)
    for e in sorted(events, key=lambda e: (e.precedence, e.event_id)):
        if not (e.resolution and e.kind in FINAL_KINDS):
            continue
        key = symbol_key(e.resolution)
        lettered = _LETTERED.match(key)
        if lettered:
            parts[(e.organ, lettered.group(1), e.date)].append(e)
        else:
            wholes.setdefault((e.organ, key, e.date), e)
    for where, found in parts.items():
        whole, counted = wholes.get(where), [e for e in found if e.numbers is not None]
        one_part = len({symbol_key(e.resolution or "") for e in found}) == 1
        if whole and whole.numbers is not None and counted and one_part and _compatible(whole, counted[0]):
            groups.union(whole.event_id, counted[0].event_id, "symbol")


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
    """Join groups that carry no symbol to the same-day group whose votes and counts agree (`_closest` where
    several do, or none quite does)."""
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
        elif best := _closest(members[root], matches or others, members, events, votes):
            groups.union(root, best, "votes" if matches else "votes-twin")


def _closest(
    lonely: list[int],
    others: list[int],
    members: dict[int, list[int]],
    events: dict[int, _Event],
    votes: _Votes,
) -> int | None:
    """Of several same-day groups, the one whose votes are plainly the lonely group's: among groups that all
    agree, the one with strictly the fewest differing votes; otherwise (a Voeten roll call whose few cells differ
    beyond the tolerance, such as states it shows absent) the one with at least 97 % of the shared states' votes
    equal and `TWIN_MARGIN` more equal votes than any other. Only a roll call of the Voeten matrix alone may
    join a twin: that source cannot tell a final vote from a paragraph vote, the others can (and a paragraph vote
    can be as lopsided as the final one)."""
    agreeing = len(others) > 1 and all(_agree(lonely, members[r], events, votes) for r in others)
    mine = _merged(lonely, votes)
    scored = sorted((_equal_votes(mine, _merged(members[r], votes)), r) for r in others)
    if not scored or (not agreeing and not _twin_candidate(lonely, scored[-1][0], events)):
        return None
    (best, root), runner_up = scored[-1], (scored[-2][0] if len(scored) > 1 else (0, 0))
    margin = 1 if agreeing else TWIN_MARGIN
    return root if best[0] - runner_up[0] >= margin else None


def _equal_votes(a: dict[str, str], b: dict[str, str]) -> tuple[int, int]:
    """How many shared states voted alike, and how many states are shared."""
    shared = a.keys() & b.keys()
    return sum(a[s] == b[s] for s in shared), len(shared)


def _twin_candidate(lonely: list[int], best: tuple[int, int], events: dict[int, _Event]) -> bool:
    equal, shared = best
    kind_unknown = all(events[i].source == KIND_UNKNOWN_SOURCE for i in lonely)
    return kind_unknown and shared >= 20 and equal >= TWIN_SHARE * shared


def _join_nearby(con: duckdb.DuckDBPyConnection, events: dict[int, _Event], groups: _Groups) -> None:
    """Join a GA vote the Voeten datasets date loosely to its twin in a symbol source: same tally, same votes, near."""
    members = groups.members()
    family = [r for r, ids in members.items() if _voeten_only(ids, events)]
    orphans = [r for r, ids in members.items() if _orphan(ids, events)]
    if not family or not orphans:
        return
    votes = _votes_of(con, [i for r in family + orphans for i in members[r]])
    tallies = {r: _tally(members[r], events, votes) for r in family}
    by_day = sorted((_day(events[r]), r) for r in family)
    days = [d for d, _ in by_day]
    free = set(family)
    for root in sorted(orphans):
        day = _day(events[root])
        window = by_day[bisect_left(days, day - NEARBY_DAYS) : bisect_right(days, day + NEARBY_DAYS)]
        near = [r for _, r in window if r in free]
        matches = [r for r in near if _twins(members[root], members[r], tallies[r], events, votes)]
        if len(matches) == 1:
            groups.union(root, matches[0], "votes-nearby")
            free.discard(matches[0])


def _voeten_only(ids: list[int], events: dict[int, _Event]) -> bool:
    return any(events[i].rcid for i in ids) and all(events[i].source in RCID_SOURCES for i in ids)


def _orphan(ids: list[int], events: dict[int, _Event]) -> bool:
    first = events[ids[0]]
    return first.organ == "GA" and not any(events[i].rcid for i in ids) and any(events[i].nvotes for i in ids)


def _day(e: _Event) -> int:
    return dt.date.fromisoformat(e.date).toordinal()


def _twins(
    orphan: list[int],
    family: list[int],
    family_tally: tuple[int, ...] | None,
    events: dict[int, _Event],
    votes: _Votes,
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


class _Votes(dict[int, dict[str, str]]):
    """Per-state votes by event, remembering each group's merged votes and tally (groups are compared often)."""

    def __init__(self) -> None:
        super().__init__()
        self.merged: dict[tuple[int, ...], dict[str, str]] = {}
        self.tallies: dict[tuple[int, ...], tuple[int, ...] | None] = {}


def _votes_of(con: duckdb.DuckDBPyConnection, event_ids: list[int]) -> _Votes:
    with registered(con, "wanted_events", event_ids):
        rows = con.execute(
            "SELECT event_id, state_id, vote FROM votes WHERE event_id IN (SELECT event_id FROM wanted_events)"
        ).fetchall()
    out = _Votes()
    for event_id, state, vote in rows:
        out.setdefault(event_id, {})[state] = vote
    return out


def _agree(a: list[int], b: list[int], events: dict[int, _Event], votes: _Votes) -> bool:
    """Two groups are one vote when their named votes (almost) all agree and their printed counts agree."""
    va = _merged(a, votes)
    vb = _merged(b, votes)
    shared = va.keys() & vb.keys()
    if not shared and not (_counts(a, events) and _counts(b, events)):
        return False
    differ = sum(va[s] != vb[s] for s in shared)
    return differ <= min(MAX_VOTE_DISAGREEMENTS, len(shared) // 20) and _counts_agree(a, b, events, votes)


def _merged(ids: list[int], votes: _Votes) -> dict[str, str]:
    key = tuple(ids)
    if key not in votes.merged:
        merged: dict[str, str] = {}
        for i in ids:
            for state, vote in votes.get(i, {}).items():
                merged.setdefault(state, vote)
        votes.merged[key] = merged
    return votes.merged[key]


def _counts(ids: list[int], events: dict[int, _Event]) -> tuple[int | None, ...] | None:
    return next((events[i].counts for i in ids if any(c is not None for c in events[i].counts)), None)


def _tally(ids: list[int], events: dict[int, _Event], votes: _Votes) -> tuple[int, ...] | None:
    key = tuple(ids)
    if key not in votes.tallies:
        complete = [i for i in ids if events[i].complete and votes.get(i)]
        values = list(votes[complete[0]].values()) if complete else []
        votes.tallies[key] = tuple(values.count(code) for code in "YNAX") if complete else None
    return votes.tallies[key]


def _counts_agree(a: list[int], b: list[int], events: dict[int, _Event], votes: _Votes) -> bool:
    printed = [c for c in (_counts(a, events), _counts(b, events)) if c]
    tallies = [t for t in (_tally(a, events, votes), _tally(b, events, votes)) if t]
    seen = printed + tallies
    for x, y in zip(seen, seen[1:], strict=False):
        if any(p is not None and q is not None and p != q for p, q in zip(x[:3], y[:3], strict=True)):
            return False
    return True
