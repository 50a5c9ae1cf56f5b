"""Change claims: did a state vote otherwise on the same question before ("in contrast to the previous
administration", "a stunning turnaround")? Answered from the turnarounds of `views.analysis` (the same recurring
question: an emergency special session's resolutions, a title voted every year), and where it lists none, from
the state's vote on the latest earlier resolution of the same emergency special session."""

from __future__ import annotations

import datetime as dt
from typing import Any

from unvotes.factcheck.fit import Fit
from unvotes.store.engine import duckdb
from unvotes.views import record
from unvotes.views.shapes import Vote

RULE = (
    "the state's vote on the same question before (turnarounds: same emergency special session or same title)"
)


def judge(
    con: duckdb.DuckDBPyConnection, state: str, around: list[Vote]
) -> tuple[Vote | None, Fit, dict[str, Any]]:
    """Whether `state` voted otherwise before on one of the votes `around` (the vote found, the dateline's votes)."""
    mine = [v for v in around if v["organ"] == "GA" and v["votes"].get(state)]
    if not mine:
        return None, Fit(None, f"no recorded General Assembly vote of {state} near the dateline"), {}
    from unvotes.views import analysis

    since = min(dt.date.fromisoformat(v["date"]) for v in mine)
    found = analysis.turnarounds(con, state, since=since)["turnarounds"]
    for vote, turn in ((v, t) for v in mine for t in found):
        if turn["after"]["id"] == vote["id"]:
            note = f"{state} voted {turn['from']} on {turn['before']['symbol']} ({turn['before']['date']}), {turn['to']} now"
            return (
                vote,
                Fit(True, note, {state: turn["to"]}, RULE),
                {"before": turn["before"], "after": turn["after"]},
            )
    return _same_as_before(con, state, mine)


def _same_as_before(
    con: duckdb.DuckDBPyConnection, state: str, mine: list[Vote]
) -> tuple[Vote | None, Fit, dict[str, Any]]:
    """False where the state voted as it did on the latest earlier resolution of the same emergency session."""
    for vote in mine:
        session = vote.get("session") or ""
        if not session.startswith("ES-"):
            continue
        day = dt.date.fromisoformat(vote["date"])
        earlier = record.state_votes(con, state, until=day - dt.timedelta(days=1), organ="GA", topic=None)[
            "votes"
        ]
        prefix = f"A/RES/{session}/"
        same = [e for e in earlier if (e["symbol"] or "").startswith(prefix)]
        if same:
            before = same[-1]
            now = vote["votes"][state]
            note = f"{state} voted {before['vote']} on {before['symbol']} ({before['date']}) and {now} on {vote['symbol']}"
            after = {"id": vote["id"], "symbol": vote["symbol"], "date": vote["date"], "vote": now}
            return (
                vote,
                Fit(before["vote"] != now, note, {state: now}, RULE),
                {"before": dict(before), "after": after},
            )
    return None, Fit(None, f"no earlier vote of {state} on the same question found"), {}
