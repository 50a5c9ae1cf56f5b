"""The events reconciliation reads, and the groups it forms: one group of events is one vote."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import duckdb


@dataclass
class Event:
    """What reconciliation needs of one event."""

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
    meeting: str | None

    @property
    def numbers(self) -> tuple[int, int, int] | None:
        """Yes, no and abstain as printed, else as the per-state votes add up when the source is complete."""
        if self.counts[0] is not None and self.counts[1] is not None:
            return (self.counts[0], self.counts[1], self.counts[2] or 0)
        return self.cast if self.complete and any(self.cast) else None


class Groups:
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


_EVENTS = """
    SELECT e.event_id, e.source, p.precedence, e.organ, CAST(e.date AS VARCHAR), e.kind, e.document,
           e.resolution, e.yes, e.no, e.abstain, e.non_voting, e.extra->>'rcid', e.complete,
           coalesce(t.total, 0), e.key, e.amends, coalesce(t.y, 0), coalesce(t.n, 0), coalesce(t.a, 0), e.meeting
    FROM events e JOIN source_precedence p USING (source)
    LEFT JOIN (
        SELECT event_id, count(*) AS total, count(*) FILTER (WHERE vote = 'Y') AS y,
               count(*) FILTER (WHERE vote = 'N') AS n, count(*) FILTER (WHERE vote = 'A') AS a
        FROM votes {where} GROUP BY event_id
    ) t USING (event_id)
    {where}
"""


def fetch(con: duckdb.DuckDBPyConnection, scope: set[int] | None = None) -> dict[int, Event]:
    """The events to reconcile: all of them, or those of `scope` (event ids)."""
    if scope is None:
        rows = con.execute(_EVENTS.format(where="")).fetchall()
    else:
        with registered(con, "scope_events", scope):
            where = "WHERE event_id IN (SELECT event_id FROM scope_events)"
            rows = con.execute(_EVENTS.format(where=where)).fetchall()
    return {r[0]: _event(r) for r in rows}


def _event(r: tuple[Any, ...]) -> Event:
    return Event(
        r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], tuple(r[8:12]), r[12], r[13], r[14], r[15], r[16],
        tuple(r[17:20]), r[20],
    )  # fmt: skip


class registered:
    """A set of ids registered as a one-column table `name` for the length of a `with` block."""

    def __init__(
        self, con: duckdb.DuckDBPyConnection, name: str, ids: Iterable[int], column: str = "event_id"
    ) -> None:
        import pyarrow as pa  # loaded on first use: `show` and `--help` start without it

        self.con, self.name = con, name
        self.table = pa.table({column: pa.array(sorted(set(ids)), pa.int32())})

    def __enter__(self) -> None:
        self.con.register(self.name, self.table)

    def __exit__(self, *_: object) -> None:
        self.con.unregister(self.name)
