"""Stable addresses: every vote's permanent, readable id, derived from what identifies it.

A vote's id is, in this order of preference,
1. the resolution it adopted or rejected as a whole (`A/RES/ES-11/7`, `S/RES/2774 (2025)`),
2. the document it voted on (a draft or an amendment: `A/ES-11/L.12`, `S/2025/115`), or the resolution whose
   text it voted on in part (`A/RES/57/58#2`),
3. the symbol a hand-entered link gives it (refdata/data/event_links.csv),
4. its meeting and its order there (`S/PV.49#2`), for Council votes that no source names by symbol,
5. its Voeten roll-call id with the year (`RC/2022/9332`), for roll calls only the research tables hold.
The id depends only on the vote's own events, never on a row number, so it survives rebuilds, new sources and
removed events. Where two votes would share an id, the vote on the whole resolution keeps it bare and the others are
numbered (`…#2`) in the order they were taken. Every other spelling of the vote resolves to it (`symbols`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from unvotes.models import FINAL_KINDS
from unvotes.refdata import links
from unvotes.store.grouping import Event
from unvotes.symbols import canonical, key, natural_key

# How a base id was found: a lower rank keeps the bare id when several votes share it.
RESOLUTION, DOCUMENT, LINK, MEETING, ROLL_CALL, SOURCE_KEY = range(6)


def base(events: list[Event], other_roll_calls: set[int]) -> tuple[str, int]:
    """The id a vote's events give it before numbering, and how it was found."""
    ordered = sorted(events, key=lambda e: (e.precedence, e.event_id))
    for e in ordered:
        if e.resolution and e.kind in FINAL_KINDS and e.event_id not in other_roll_calls:
            return canonical(e.resolution), RESOLUTION
    for e in ordered:
        if e.document:
            return canonical(e.document), DOCUMENT
    for e in ordered:
        if e.resolution:  # another roll call on a resolution's text: numbered after the vote on the whole
            return canonical(e.resolution), DOCUMENT
    for e in ordered:
        if link := links.symbol_of(e.source, e.key):
            return canonical(link), LINK
    for e in ordered:
        if e.meeting:
            return canonical(e.meeting), MEETING
    for e in ordered:
        if e.rcid:
            return roll_call_id(e.date, e.rcid), ROLL_CALL
    return f"{ordered[0].source}/{ordered[0].key}", SOURCE_KEY


def roll_call_id(date: str, rcid: str) -> str:
    return f"RC/{date[:4]}/{rcid}"


def assign(groups: dict[int, list[Event]], other_roll_calls: set[int]) -> dict[int, str]:
    """The id of every group (by root), unique: shared bases numbered in the order the votes were taken."""
    bases = {root: base(events, other_roll_calls) for root, events in groups.items()}
    by_base: dict[str, list[tuple[int, tuple[object, ...], int]]] = defaultdict(list)
    for root, (found, how) in bases.items():
        by_base[key(found)].append((how, _order(groups[root]), root))
    ids: dict[int, str] = {}
    for sharing in by_base.values():
        for n, (how, _, root) in enumerate(sorted(sharing), start=1):
            found = bases[root][0]
            ids[root] = found if how != MEETING and n == 1 else f"{found}#{n}"
    return ids


def _order(events: Iterable[Event]) -> tuple[object, ...]:
    """When a vote was taken, as well as its sources say: its first date, then its sources' own order."""
    first = min(events, key=lambda e: (e.date, e.precedence, natural_key(e.key)))
    return (first.date, natural_key(first.key))


def aliases(events: Iterable[Event]) -> set[str]:
    """Lookup keys besides the symbols: a Voeten roll-call id as people write it (`rc 9332`, `roll call 9332`)."""
    out = set()
    for e in events:
        if e.rcid:
            out |= {key(f"RC {e.rcid}"), key(f"roll call {e.rcid}"), key(f"rcid {e.rcid}")}
        if link := links.symbol_of(e.source, e.key):
            out.add(key(link))
    return out
