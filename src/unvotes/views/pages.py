"""What each page of the web app shows, composed from the other views: one dict per page, which the HTML page
renders and its JSON twin returns as it is."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from unvotes.errors import NotFound, UnvotesError
from unvotes.models import VOTE_WORDS, Selection
from unvotes.refdata import blocs, council, states
from unvotes.store import queries
from unvotes.store.engine import duckdb
from unvotes.views import analysis, record, rules

GROUP_BLOCS = (
    "eu",
    "nato",
    "g7",
    "au",
    "arab",
    "oic",
    "nam",
    "brics",
    "g77",
)  # shown beside the regional groups
LATEST = 20


def home(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """The latest votes, and notable recent ones: vetoes, close votes and the permanent members' turnarounds."""
    total, latest = queries.vote_list(con, limit=LATEST)
    _, vetoed = queries.vote_list(con, organ="SC", outcome="vetoed", limit=5)
    found = {"total": total, "latest": latest, "vetoes": vetoed, "close": _close_votes(latest, con)}
    return found | {"turnarounds": _recent_turnarounds(con, latest)}


def _recent_turnarounds(con: duckdb.DuckDBPyConnection, latest: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The permanent members' reversals (yes to no, or no to yes) in the General Assembly in the last year on
    record, latest first."""
    if not latest:
        return []
    end = dt.date.fromisoformat(latest[0]["date"])
    found = []
    for state in council.permanent_on(end):
        turns = _or_none(lambda s=state: analysis.turnarounds(con, s, since=end - dt.timedelta(days=365)))
        found += [t for t in (turns or {}).get("turnarounds", []) if t["change"] == "reversal"]
    return sorted(found, key=lambda t: t["after"]["date"], reverse=True)[:8]


def _close_votes(latest: list[dict[str, Any]], con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Recent General Assembly votes decided by the narrowest margins (yes minus no) in the last year on record."""
    if not latest:
        return []
    since = dt.date.fromisoformat(latest[0]["date"]) - dt.timedelta(days=365)
    _, recent = queries.vote_list(con, organ="GA", since=since, limit=2000)
    counted = [r for r in recent if r["yes"] is not None and r["no"] is not None]
    return sorted(counted, key=lambda r: (abs(r["yes"] - r["no"]), r["date"]))[:5]


def vote(con: duckdb.DuckDBPyConnection, symbol: str) -> dict[str, Any]:
    """A vote's page: the vote, the rule's decision, every state's vote with its group, the groups' and blocs'
    breakdown, and the other votes of that day in that organ."""
    found = record.vote(con, symbol)
    day = dt.date.fromisoformat(found["date"])
    return {
        "vote": found,
        "decision": _decision(con, found),
        "states": state_rows(found["votes"], day, found["organ"]),
        "groups": breakdown(found["votes"], day),
        "same_day": queries.vote_list(
            con, organ=found["organ"], since=day, until=day, limit=200, oldest_first=True
        )[1],
    }


def _decision(con: duckdb.DuckDBPyConnection, found: Any) -> dict[str, Any] | None:
    """The rule's decision from the vote's numbers, where the record has numbers to decide from."""
    try:
        return dict(rules.recorded_decision(con, found["id"] or found["symbol"]))
    except UnvotesError:
        return None


def cast(votes: dict[str, str], day: dt.date, organ: str) -> dict[str, str]:
    """Each state's vote as a word (yes, no, abstain, absent): every member of the organ that day, absent where
    it cast none, and any other state the record has voting yes, no or abstain (a source's "absent" for a state
    that was not a member is left out)."""
    voters = set(council.members_on(day) if organ == "SC" else states.members_on(day))
    voters |= {s for s, v in votes.items() if v in ("Y", "N", "A")}
    return {s: VOTE_WORDS.get(votes.get(s, "X"), "absent") for s in sorted(voters)}


def state_rows(votes: dict[str, str], day: dt.date, organ: str) -> list[dict[str, Any]]:
    """Every state that could vote that day, with its vote and regional group, by name."""
    rows = [
        {"state": s, "name": states.name_on(s, day), "vote": word, "group": _group_name(s, day)}
        for s, word in cast(votes, day, organ).items()
    ]
    return sorted(rows, key=lambda r: r["name"])


def _group_name(state_id: str, day: dt.date) -> str:
    group = blocs.regional_group_of(state_id, day)
    return blocs.BLOCS[group].name if group else ""


def breakdown(votes: dict[str, str], day: dt.date) -> list[dict[str, Any]]:
    """How each regional group and bloc voted: counts of yes, no, abstain and absent among its members that day."""
    rows = []
    for key in (*blocs.REGIONAL_GROUPS, *GROUP_BLOCS):
        if key not in blocs.BLOCS:
            continue
        members = blocs.members_on(key, day)
        if not members:
            continue
        cast = Counter(VOTE_WORDS.get(votes.get(s, "X"), "absent") for s in members)
        rows.append({"bloc": key, "name": blocs.BLOCS[key].name, "members": len(members), **_counted(cast)})
    return rows


def _counted(cast: Counter[str]) -> dict[str, int]:
    return {word: cast.get(word, 0) for word in VOTE_WORDS.values()}


def day(con: duckdb.DuckDBPyConnection, date: dt.date) -> dict[str, Any]:
    """A day's page: its votes, and each organ's sequence replayed step by step."""
    found = record.day(con, date)
    if not found["votes"]:
        raise NotFound(
            f"no recorded vote on {date.isoformat()}", hint="Search for the vote, or try another day."
        )
    replays = {}
    for organ in sorted({v["organ"] for v in found["votes"]}):
        try:
            replays[organ] = rules.replay_day(con, organ, date, found["votes"])
        except UnvotesError:
            continue
    return {"date": date.isoformat(), "votes": found["votes"], "replays": replays}


STATE_VOTES = 200  # the most of a state's votes a page lists


def state(
    con: duckdb.DuckDBPyConnection,
    name: str,
    partner: str = "USA",
    since: int = 2000,
    filters: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """A state's page: who it is, its votes (the latest, or those `filters` select: organ, topic, vote, from and
    to years), allies and opponents, agreement with `partner` over time, its turnarounds and its membership."""
    profile = record.state(con, name, latest=25)
    own = profile["state"]
    if partner and states.resolve(partner) == own:
        partner = "RUS" if own == "USA" else "USA"  # a state agrees with itself: compare with another
    window = Selection(since=dt.date(since, 1, 1))
    return {
        "profile": profile,
        "votes": state_votes(con, own, filters or {}),
        "partner": states.resolve(partner) if partner else None,
        "allies": _or_none(lambda: analysis.allies(con, own, window)),
        "agreement": _or_none(lambda: analysis.agreement(con, own, partner, Selection(), lineage=True)),
        "turnarounds": _or_none(lambda: analysis.turnarounds(con, own, since=dt.date(since, 1, 1))),
    }


def state_votes(con: duckdb.DuckDBPyConnection, state_id: str, filters: dict[str, Any]) -> dict[str, Any]:
    """A state's recorded votes, newest first, as `filters` select them (organ, topic, from and to years, and
    its vote: yes, no, abstain or absent), at most STATE_VOTES of them, with how many match in all."""
    first, last = filters.get("from_year"), filters.get("to_year")
    total, rows = queries.vote_list(
        con,
        organ=filters.get("organ") or None,
        topic=filters.get("topic") or None,
        since=dt.date(first, 1, 1) if first else None,
        until=dt.date(last, 12, 31) if last else None,
        state=state_id,
        state_vote={v: k for k, v in VOTE_WORDS.items()}.get(filters.get("vote") or ""),
        limit=STATE_VOTES,
    )
    return {"filters": {k: v for k, v in filters.items() if v}, "total": total, "rows": rows}


def _or_none(compute: Any) -> Any:
    """A part of a page the record cannot give for this state (too few votes, not a member then) is left out."""
    try:
        return compute()
    except (UnvotesError, ValueError):
        return None


def compare(con: duckdb.DuckDBPyConnection, a: str, b: str, since: int | None = None) -> dict[str, Any]:
    """Two states or blocs side by side: agreement over time and the votes where they split."""
    selection = Selection(since=dt.date(since, 1, 1) if since else None)
    return dict(analysis.compare(con, a, b, selection))


def search(con: duckdb.DuckDBPyConnection, text: str, limit: int = 50) -> dict[str, Any]:
    """Votes a symbol names, the day a date names, and votes whose title, agenda or subjects mention the words."""
    text = text.strip()
    found: dict[str, Any] = {"q": text, "symbols": [], "day": None, "hits": []}
    if not text:
        return found
    found["symbols"] = [queries.brief(con, r) for r in queries.find_records(con, text)[:20]]
    found["day"] = _day_named(text)
    found["hits"] = record.search(con, text, limit)["hits"]
    return found


def _day_named(text: str) -> str | None:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        return None


def session(con: duckdb.DuckDBPyConnection, number: str) -> dict[str, Any]:
    """A General Assembly session's recorded votes, oldest first."""
    total, votes = queries.vote_list(con, organ="GA", session=number, limit=5000, oldest_first=True)
    if not total:
        raise NotFound(f"no recorded vote of session {number}", hint="Sessions are numbers (79) or ES-11.")
    return {"session": number, "total": total, "votes": votes}


def last_ga_year(con: duckdb.DuckDBPyConnection) -> int:
    """The year of the latest General Assembly vote on record (this year when there is none)."""
    total, latest = queries.vote_list(con, organ="GA", limit=1)
    return int(latest[0]["date"][:4]) if total else dt.date.today().year


def bloc_page(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, Any]:
    """The reference blocs' cohesion in a year and who broke with them."""
    return dict(analysis.bloc_cohesion(con, year))
