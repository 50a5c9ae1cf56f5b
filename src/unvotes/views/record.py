"""Views of the record: one vote, who voted with whom, a state's votes, a day, a state, search, stats, about."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from unvotes.errors import UnknownState
from unvotes.refdata import states
from unvotes.sources import SOURCES
from unvotes.store import queries
from unvotes.store.engine import duckdb
from unvotes.views.common import iso

if TYPE_CHECKING:
    from unvotes.store.writer import LoadReport
    from unvotes.views.shapes import (
        About,
        AboutSource,
        Day,
        Search,
        StateName,
        StateProfile,
        StateVotes,
        Stats,
        Vote,
        VotedWith,
        Written,
    )

NOTICE = "UN material: © United Nations; non-commercial use, with attribution to the United Nations."


def written(database: object, report: LoadReport) -> Written:
    """What a write did to the record, from the writer's report."""
    return {
        "database": str(database),
        "files": list(report.files),
        "inserted": report.inserted,
        "updated": report.updated,
        "unchanged": report.unchanged,
        "removed": report.removed,
        "votes": report.votes,
        "records": report.records,
        "already": dict(report.already),
    }


def vote(con: duckdb.DuckDBPyConnection, symbol: str) -> Vote:
    """One vote, however its symbol is written: counts as printed and as cast, every state's vote, related votes,
    sources and where they disagree."""
    return queries.show(con, symbol)  # type: ignore[return-value]


def voted_with(con: duckdb.DuckDBPyConnection, symbol: str, state: str) -> VotedWith:
    """The states that voted as `state` did on one vote."""
    return queries.voted_with(con, symbol, state)  # type: ignore[return-value]


def state_votes(
    con: duckdb.DuckDBPyConnection,
    state: str,
    since: dt.date | None = None,
    until: dt.date | None = None,
    organ: str | None = None,
    topic: str | None = None,
    lineage: bool = False,
) -> StateVotes:
    """How one state voted, vote by vote, oldest first. With `lineage`, a successor's predecessors' votes
    before the succession come first, each row saying whose it is (`lineage`: "SUN (predecessor of RUS)")."""
    rows = queries.state_votes(con, state, since, until, organ, topic)
    state_id = states.resolve(state, on=until or since)
    if lineage:
        earlier = _predecessor_votes(con, state_id, since, until, organ, topic)
        rows = earlier + [{**r, "lineage": None} for r in rows]
    return {
        "state": state_id,
        "since": iso(since),
        "until": iso(until),
        "organ": organ,
        "topic": topic,
        "votes": rows,  # type: ignore[typeddict-item]
    }


def _predecessor_votes(
    con: duckdb.DuckDBPyConnection,
    state_id: str,
    since: dt.date | None,
    until: dt.date | None,
    organ: str | None,
    topic: str | None,
) -> list[dict[str, Any]]:
    """The votes of `state_id`'s predecessors on the days before each succession on which `state_id` was not
    yet a member, oldest first, each labelled with whose it is."""
    admitted = states.states()[state_id].admitted or dt.date.max
    found: list[dict[str, Any]] = []
    for s in sorted(states.successions(), key=lambda s: s.date):
        last = min(s.date, admitted) - dt.timedelta(days=1)
        if s.successor != state_id or (since and since > last):
            continue
        rows = queries.state_votes(con, s.predecessor, since, min(until or last, last), organ, topic)
        found += [{**r, "lineage": f"{s.predecessor} (predecessor of {state_id})"} for r in rows]
    return sorted(found, key=lambda r: r["date"])


def day(con: duckdb.DuckDBPyConnection, date: dt.date, with_state: str | None = None) -> Day:
    """Every vote of one day, organ by organ, each draft's amendments just before it; `with_state` resolved."""
    found = queries.day(con, date)
    state = states.resolve(with_state, on=date) if with_state else None
    return {"date": date.isoformat(), "with_state": state, "votes": found}  # type: ignore[typeddict-item]


def search(con: duckdb.DuckDBPyConnection, words: str, limit: int = 50) -> Search:
    """Votes whose title, agenda item or subjects mention `words`, newest first."""
    hits = queries.search(con, words, limit)
    return {"words": words, "limit": limit, "hits": hits}  # type: ignore[typeddict-item]


def stats(con: duckdb.DuckDBPyConnection) -> Stats:
    """What the record holds: records per organ and year, the files and versions, disagreements, known gaps."""
    return queries.stats(con)  # type: ignore[return-value]


def about() -> About:
    """The sources of the record: what each is, where it comes from, its terms and its precedence."""
    rows: list[AboutSource] = [
        {
            "source": s.key,
            "title": s.title,
            "url": s.url,
            "terms": s.terms,
            "precedence": s.precedence,
            "version": s.version,
        }
        for s in sorted(SOURCES, key=lambda s: s.precedence)
    ]
    return {"sources": rows, "notice": NOTICE}


def _resolve(name: str) -> str:
    """A state id from any spelling: as the name is used today, else at any time."""
    try:
        return states.resolve(name, on=dt.date.today())
    except UnknownState:
        return states.resolve(name)


def _names(state_id: str) -> list[StateName]:
    """A state's official names, oldest first; its one name where it never changed."""
    found = sorted(
        (n for n in states.official_names() if n.state_id == state_id),
        key=lambda n: n.valid_from or dt.date.min,
    )
    if not found:
        own = states.states()[state_id]
        return [{"name": own.name, "valid_from": iso(own.admitted), "valid_to": iso(own.ended)}]
    return [{"name": n.name, "valid_from": iso(n.valid_from), "valid_to": iso(n.valid_to)} for n in found]


def state(con: duckdb.DuckDBPyConnection, name: str, latest: int = 10) -> StateProfile:
    """One member state: its identity, its names over time, successions, and its votes in the record."""
    state_id = _resolve(name)
    found = states.states()[state_id]
    votes = queries.state_votes(con, state_id)
    return {
        "state": state_id,
        "name": found.name,
        "admitted": iso(found.admitted),
        "ended": iso(found.ended),
        "names": _names(state_id),
        "predecessors": sorted({s.predecessor for s in states.successions() if s.successor == state_id}),
        "successors": sorted(states.successors_of(state_id)),
        "by_organ": queries.state_summary(con, state_id),  # type: ignore[typeddict-item]
        "latest": votes[-latest:][::-1],  # type: ignore[typeddict-item]
    }
