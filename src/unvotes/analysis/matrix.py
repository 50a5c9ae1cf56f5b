"""The one adapter from the store to the analysis: a states × votes matrix of vote codes, with labels.

Codes follow Voeten's UNGA data, which researchers know: 1 yes, 2 abstain, 3 no, 8 absent or not voting,
9 not a member on that day. 0 means a member whose vote the record does not hold (a source naming only some
votes). Membership-aware: a state that was not a member is 9 (missing), never 8 (absent).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np

from unvotes.models import Organ, Selection
from unvotes.refdata import council, states
from unvotes.store import matrix as store_matrix

UNKNOWN, YES, ABSTAIN, NO, ABSENT, NOT_MEMBER = 0, 1, 2, 3, 8, 9
CODES = {"Y": YES, "A": ABSTAIN, "N": NO, "X": ABSENT}
LETTERS = {v: k for k, v in CODES.items()}


@dataclass(frozen=True)
class VoteMatrix:
    """`values[i, j]` is state `states[i]`'s vote on `events[j]` (codes above)."""

    states: tuple[str, ...]
    values: np.ndarray  # int8, shape (len(states), len(events))
    events: tuple[
        dict[str, Any], ...
    ]  # record_id, date, symbol, title, session, kind, important, subjects, outcome
    dates: np.ndarray = field(default_factory=lambda: np.array([], dtype="datetime64[D]"))

    @property
    def shape(self) -> tuple[int, int]:
        return (len(self.states), len(self.events))

    def row(self, state: str) -> np.ndarray:
        return self.values[self.states.index(state)]

    def take(self, columns: np.ndarray | list[int]) -> VoteMatrix:
        """The same states over a subset of the votes."""
        idx = np.asarray(columns, dtype=int)
        return VoteMatrix(
            self.states, self.values[:, idx], tuple(self.events[i] for i in idx), self.dates[idx]
        )

    def only(self, state_ids: list[str] | tuple[str, ...]) -> VoteMatrix:
        """A subset of the states (in the order given)."""
        rows = [self.states.index(s) for s in state_ids]
        return VoteMatrix(tuple(state_ids), self.values[rows], self.events, self.dates)

    def years(self) -> np.ndarray:
        return self.dates.astype("datetime64[Y]").astype(int) + 1970


def build(
    state_ids: list[str], events: list[dict[str, Any]], votes: dict[str, np.ndarray], organ: Organ
) -> VoteMatrix:
    """Assemble a matrix from records and (record_id, state_id, vote) arrays: pure, for tests and the adapter."""
    dates = np.array([e["date"] for e in events], dtype="datetime64[D]")
    values = _membership(state_ids, dates, organ)
    column = {e["record_id"]: j for j, e in enumerate(events)}
    row = {s: i for i, s in enumerate(state_ids)}
    if len(votes["vote"]):
        cols = np.fromiter(
            (column[r] for r in votes["record_id"]), dtype=np.int64, count=len(votes["record_id"])
        )
        rows = np.fromiter((row[s] for s in votes["state_id"]), dtype=np.int64, count=len(votes["state_id"]))
        values[rows, cols] = np.fromiter(
            (CODES[v] for v in votes["vote"]), dtype=np.int8, count=len(votes["vote"])
        )
    _absent_where_complete(values, events)
    return VoteMatrix(tuple(state_ids), values, tuple(events), dates)


def _membership(state_ids: list[str], dates: np.ndarray, organ: Organ) -> np.ndarray:
    """UNKNOWN where the state was a member (of the Council, for SC votes), NOT_MEMBER elsewhere."""
    values = np.full((len(state_ids), len(dates)), NOT_MEMBER, dtype=np.int8)
    for i, state in enumerate(state_ids):
        values[i, _member_mask(state, dates, organ)] = UNKNOWN
    return values


def _member_mask(state: str, dates: np.ndarray, organ: Organ) -> np.ndarray:
    """For each date, whether the state was a member: periods of membership (or Council seats) tested at once."""
    if organ == Organ.SC:
        periods: list[tuple[dt.date | None, dt.date | None]] = [
            (s.seat_from, s.seat_to) for s in council.seats() if s.state_id == state
        ]
    else:
        found = states.states()[state]
        periods = [(found.admitted, found.ended)]
    inside = np.zeros(len(dates), dtype=bool)
    for start, end in periods:
        inside |= _between(dates, start, end)
    for start, end in states.INTERRUPTIONS.get(state, ()) if organ != Organ.SC else ():
        inside &= ~_between(dates, start, end)
    return inside


def _between(dates: np.ndarray, start: dt.date | None, end: dt.date | None) -> np.ndarray:
    low = dates >= np.datetime64(start or dt.date.min, "D")
    return low & (dates < np.datetime64(end, "D")) if end else low


def _absent_where_complete(values: np.ndarray, events: list[dict[str, Any]]) -> None:
    """In a vote whose source lists every member, a member with no vote did not vote: ABSENT, not UNKNOWN."""
    complete = np.array([bool(e.get("complete")) for e in events], dtype=bool)
    if complete.any():
        block = values[:, complete]
        block[block == UNKNOWN] = ABSENT
        values[:, complete] = block


def with_lineage(m: VoteMatrix, state: str) -> tuple[VoteMatrix, np.ndarray]:
    """`state`'s row merged with its predecessors' (`states.successions()`, e.g. the USSR for the Russian
    Federation): on each vote before a succession on which `state` was not a member, the predecessor's vote.
    Returns the matrix (with a row for `state` added if it had none) and, per vote, the predecessor whose vote
    `state`'s row now holds ("" for its own)."""
    m = _with_row(m, state)
    values = m.values.copy()
    mine = values[m.states.index(state)]  # a view: filling it fills `values`
    inherited = np.full(len(m.events), "", dtype=object)
    for succession in predecessors(state):
        if succession.predecessor not in m.states:
            continue
        theirs = values[m.states.index(succession.predecessor)]
        before = m.dates < np.datetime64(succession.date, "D")
        take = before & (mine == NOT_MEMBER) & (theirs != NOT_MEMBER)
        mine[take] = theirs[take]
        inherited[take] = succession.predecessor
    return VoteMatrix(m.states, values, m.events, m.dates), inherited


def predecessors(state: str) -> list[states.Succession]:
    """The successions that made `state` a successor, oldest first."""
    return sorted((s for s in states.successions() if s.successor == state), key=lambda s: s.date)


def _with_row(m: VoteMatrix, state: str) -> VoteMatrix:
    """The matrix with a row for `state` (membership-aware, no votes) where it has none."""
    if state in m.states:
        return m
    organ = Organ(m.events[0].get("organ") or Organ.GA) if m.events else Organ.GA
    row = _membership([state], m.dates, organ)
    return VoteMatrix((*m.states, state), np.vstack([m.values, row]), m.events, m.dates)


def load(con: duckdb.DuckDBPyConnection, selection: Selection | None = None) -> VoteMatrix:
    """The matrix of a selection (default: every recorded GA final vote): every state that voted in it, every
    recorded vote, oldest first."""
    selection = selection or Selection()
    events = store_matrix.selected_records(con, selection)
    votes = store_matrix.votes_of_records(con, [e["record_id"] for e in events])
    if selection.recorded_only:
        voted = set(np.unique(votes["record_id"]).tolist())
        events = [e for e in events if e["record_id"] in voted]
    state_ids = sorted(set(votes["state_id"].tolist()))
    return build(state_ids, events, votes, selection.organ)
