"""The facts a news story of a vote or a day is written from: each vote with its counts, its states by vote, the
rule's decision, the blocs that split, the turns of notable states and earlier vetoes on the same question, and
each organ's order of voting. `report/story.py` writes the sentences; every fact here is the record's."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from unvotes.errors import NotFound, UnvotesError
from unvotes.models import VOTE_WORDS
from unvotes.refdata import blocs, council, states
from unvotes.store import queries
from unvotes.store.engine import duckdb
from unvotes.views import record, rules
from unvotes.views.pages import cast

FINAL_KINDS = ("draft resolution", "draft as amended", "draft decision")
SPLIT_BLOCS = (
    "eu",
    "nato",
    "g7",
    "brics",
    "au",
    "arab",
    "african",
    "asia_pacific",
    "eastern_european",
    "grulac",
    "weog",
)
EARLIER_VETOES = 5


def story_facts(con: duckdb.DuckDBPyConnection, target: str) -> dict[str, Any]:
    """The facts of a day's story (`target` a date, YYYY-MM-DD) or of one vote's (a symbol or alias)."""
    day = _as_date(target)
    if day is None:
        vote = record.vote(con, target)
        day, only = dt.date.fromisoformat(vote["date"]), vote["id"]
    else:
        only = None
    found = record.day(con, day)["votes"]
    if not found:
        raise NotFound(f"no recorded vote on {day.isoformat()}", hint="Try `unvotes search` to find the day.")
    organs = []
    for organ in _organs(found):
        votes = [dict(v) for v in found if v["organ"] == organ]
        if only and not any(v["id"] == only for v in votes):
            continue
        organs.append(_organ_facts(con, organ, day, votes, only))
    return {"target": target, "date": day.isoformat(), "vote": only, "organs": organs}


def _as_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _organs(votes: list[Any]) -> list[str]:
    """The organs that voted, the General Assembly first."""
    return sorted({v["organ"] for v in votes}, key=lambda o: (o != "GA", o))


def _organ_facts(
    con: duckdb.DuckDBPyConnection, organ: str, day: dt.date, votes: list[dict[str, Any]], only: str | None
) -> dict[str, Any]:
    replay = _replay(con, organ, day, votes)
    order = [s["id"] for s in replay["steps"] if s["id"]] if replay else []
    ranked = sorted(votes, key=lambda v: _newsworthiness(v, only))
    turns = _turns(con, day) if organ == "GA" and any(v["votes"] for v in votes) else {}
    return {
        "organ": organ,
        "members": len(council.members_on(day) if organ == "SC" else states.members_on(day)),
        "order": order or [v["id"] for v in votes],
        "order_basis": replay["order_basis"] if replay else None,
        "votes": [_vote_facts(con, v, day, turns) for v in ranked],
    }


def _replay(
    con: duckdb.DuckDBPyConnection, organ: str, day: dt.date, votes: list[Any]
) -> dict[str, Any] | None:
    try:
        return dict(rules.replay_day(con, organ, day, votes))
    except UnvotesError:
        return None


def _newsworthiness(vote: dict[str, Any], only: str | None) -> tuple[Any, ...]:
    """The vote asked for first; then final votes before amendments and parts; then vetoes, then the closest
    margins (yes minus no, over the votes cast yes or no)."""
    counts = _counts(vote)
    margin = abs(counts["yes"] - counts["no"]) / max(1, counts["yes"] + counts["no"])
    return (
        vote["id"] != only,
        vote["kind"] not in FINAL_KINDS,
        vote["outcome"] != "vetoed",
        margin,
        vote["id"] or "",
    )


def _counts(vote: dict[str, Any]) -> dict[str, int]:
    """The counts as printed where a source prints them, else as the per-state votes add up."""
    printed = vote["counts"]
    if printed and printed["yes"] is not None:
        return {k: printed[k] or 0 for k in ("yes", "no", "abstain", "non_voting")}
    return {k: vote["tally"][k] or 0 for k in ("yes", "no", "abstain", "non_voting")}


def _vote_facts(
    con: duckdb.DuckDBPyConnection, vote: dict[str, Any], day: dt.date, turns: dict[str, list[dict[str, Any]]]
) -> dict[str, Any]:
    by_vote = _states_by_vote(vote, day)
    return {
        "id": vote["id"],
        "symbol": vote["symbol"],
        "document": vote["document"],
        "resolution": vote["resolution"],
        "title": vote["title"],
        "kind": vote["kind"],
        "amends": vote["amends"],
        "outcome": vote["outcome"] or _decided(con, vote),
        "outcome_recorded": vote["outcome"] is not None,
        "counts": _counts(vote),
        "counts_printed": bool(vote["counts"] and vote["counts"]["yes"] is not None),
        "counts_known": bool(vote["counts"] and vote["counts"]["yes"] is not None) or vote["complete"],
        "per_state": bool(vote["votes"]),
        "complete": vote["complete"],
        "states": by_vote,
        "decision": _decision(con, vote),
        "blocs": _blocs(vote["votes"], day) if vote["votes"] and vote["organ"] == "GA" else [],
        "turns": turns.get(vote["id"], []),
        "earlier_vetoes": _earlier_vetoes(con, vote, day) if vote["organ"] == "SC" else [],
        "symbol_inferred": vote["symbol_inferred"],
        "sources": [
            {"source": s["source"], "file": s["file"], "line": s["line"], "url": s["url"]}
            for s in vote["sources"]
        ],
    }


def _states_by_vote(vote: dict[str, Any], day: dt.date) -> dict[str, list[str]]:
    """Each vote's states, by the words yes/no/abstain/absent (`views.pages.cast`); none without per-state votes."""
    grouped: dict[str, list[str]] = {w: [] for w in VOTE_WORDS.values()}
    if vote["votes"]:
        for state, word in cast(vote["votes"], day, vote["organ"]).items():
            grouped[word].append(state)
    return grouped


def _decided(con: duckdb.DuckDBPyConnection, vote: dict[str, Any]) -> str | None:
    """The outcome the rules decide from the vote's numbers, where the record gives none."""
    decision = _decision(con, vote)
    return decision["outcome"] if decision else None


def _decision(con: duckdb.DuckDBPyConnection, vote: dict[str, Any]) -> dict[str, Any] | None:
    try:
        return dict(rules.recorded_decision(con, vote["id"]))
    except UnvotesError:
        return None


def _blocs(votes: dict[str, str], day: dt.date) -> list[dict[str, Any]]:
    """The blocs whose members that day did not all cast the same vote (yes, no or abstain)."""
    found = []
    for key in SPLIT_BLOCS:
        members = blocs.members_on(key, day) if key in blocs.BLOCS else []
        cast = {s: VOTE_WORDS[votes[s]] for s in members if votes.get(s) in ("Y", "N", "A")}
        tally = Counter(cast.values())
        if len(tally) < 2:
            continue
        majority = tally.most_common(1)[0][0]
        found.append(
            {
                "bloc": key,
                "name": blocs.BLOCS[key].name,
                "members": len(members),
                "counts": {w: tally.get(w, 0) for w in ("yes", "no", "abstain")},
                "majority": majority,
                "others": {w: sorted(s for s, v in cast.items() if v == w) for w in tally if w != majority},
            }
        )
    return found


def _turns(con: duckdb.DuckDBPyConnection, day: dt.date) -> dict[str, list[dict[str, Any]]]:
    """By vote of the day, the notable states that reversed or shifted their vote on its question since their
    last vote on it."""
    from unvotes.views import analysis

    found: dict[str, list[dict[str, Any]]] = {}
    for state in blocs.notable_states(day):
        try:
            turns = analysis.turnarounds(con, state, since=day)["turnarounds"]
        except (UnvotesError, ValueError):
            continue
        for t in turns:
            if t["after"]["date"] == day.isoformat() and t["after"]["id"]:
                found.setdefault(t["after"]["id"], []).append(
                    {k: t[k] for k in ("state", "change", "from", "to", "rule", "before")}  # type: ignore[literal-required]
                )
    return found


def _earlier_vetoes(
    con: duckdb.DuckDBPyConnection, vote: dict[str, Any], day: dt.date
) -> list[dict[str, Any]]:
    """Drafts vetoed in the Council under the same title before this day, latest first, with who vetoed them."""
    if not vote["title"]:
        return []
    _, vetoed = queries.vote_list(
        con, organ="SC", outcome="vetoed", until=day - dt.timedelta(days=1), limit=500
    )
    same = [v for v in vetoed if v["title"] == vote["title"]][:EARLIER_VETOES]
    found = []
    for v in same:
        detail = record.vote(con, v["id"])
        permanent = set(council.permanent_on(dt.date.fromisoformat(v["date"])))
        found.append(
            {
                "id": v["id"],
                "symbol": v["symbol"],
                "date": v["date"],
                "vetoed_by": sorted(s for s, x in detail["votes"].items() if x == "N" and s in permanent),
            }
        )
    return found
