"""CSV renderings of the views: which rows and columns each answer writes, and the writer."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from unvotes.views.shapes import (
        Allies,
        CoincidenceCheck,
        Day,
        Decision,
        Search,
        Shifts,
        StateProfile,
        StateVotes,
        Vote,
        VotedWith,
    )

STATE_VOTE_COLUMNS = ("date", "organ", "kind", "symbol", "title", "vote", "outcome", "source", "state")
HIT_COLUMNS = ("record_id", "date", "organ", "kind", "resolution", "document", "title", "outcome")
DAY_COLUMNS = ("organ", "date", "resolution", "document", "kind", "outcome")
DECISION_COLUMNS = (
    "organ", "question", "tally", "outcome", "threshold", "required", "negative_permanent", "vetoed_by",
    "insufficient_votes", "basis", "flags", "explanation",
)  # fmt: skip


def pick(row: Mapping[str, Any], columns: Sequence[str]) -> dict[str, Any]:
    return {c: row[c] for c in columns}


def vote(found: Vote) -> list[dict[str, Any]]:
    return [{"state": s, "vote": v} for s, v in found["votes"].items()]


def voted_with(found: VotedWith) -> list[dict[str, Any]]:
    return [{"state": s, "vote": found["vote"]} for s in found["states"]]


def state_votes(found: StateVotes) -> list[dict[str, Any]]:
    """One row per vote; with --lineage, a `lineage` column naming the predecessor of each of its votes."""
    lineage = ("lineage",) if any("lineage" in r for r in found["votes"]) else ()
    return [pick(r, (*STATE_VOTE_COLUMNS, *lineage)) for r in found["votes"]]


def search(found: Search) -> list[dict[str, Any]]:
    return [pick(r, HIT_COLUMNS) for r in found["hits"]]


def day(found: Day) -> list[dict[str, Any]]:
    """One row per vote, with the printed counts."""
    return [pick(r, DAY_COLUMNS) | dict(r["counts"] or {}) for r in found["votes"]]


def state(found: StateProfile) -> list[dict[str, Any]]:
    """One row per organ: the state's votes there, first and last day, and the counts."""
    return [
        {"state": found["state"], **pick(s, ("organ", "votes", "first", "last")), **s["counts"]}
        for s in found["by_organ"]
    ]


def decision(found: Decision) -> list[dict[str, Any]]:
    """One row; a recorded vote's symbol and recorded outcome after the decision's own columns."""
    extra = ("symbol", "recorded") if found["symbol"] is not None else ()
    return [pick(found, (*DECISION_COLUMNS, *extra))]


def coincidence_check(found: CoincidenceCheck) -> list[dict[str, Any]]:
    """One row per state compared: ours and the printed columns side by side, then the verdicts."""
    flat = []
    for r in found["rows"]:
        sides = {f"{side}_{k}": v for side in ("ours", "printed") for k, v in r[side].items()}  # type: ignore[literal-required]
        verdicts = {k: r[k] for k in ("gap", "within_one_point", "identical", "absent_identical")}  # type: ignore[literal-required]
        flat.append({"state": r["state"], **sides, **verdicts})
    return flat


def allies(found: Allies) -> list[dict[str, Any]]:
    """One row per ally, then per opponent."""
    return [
        {"relation": "ally" if k == "allies" else "opponent", **r}
        for k in ("allies", "opponents")
        for r in found[k]  # type: ignore[literal-required]
    ]


def turnarounds(found: Shifts) -> list[dict[str, Any]]:
    """One flat row per turnaround: the change, the two votes' symbols, dates and titles, the rule that linked
    them."""
    return [
        {
            "change": t["change"],
            "from": t["from"],
            "to": t["to"],
            "before": t["before"]["symbol"],
            "before_date": t["before"]["date"],
            "before_title": t["before"]["title"],
            "after": t["after"]["symbol"],
            "after_date": t["after"]["date"],
            "after_title": t["after"]["title"],
            "rule": t["rule"],
        }
        for t in found["turnarounds"]
    ]


def to_csv(rows: Sequence[Mapping[str, Any]]) -> str:
    """CSV with a header from the first row; lists and dicts written as JSON, formulas neutralised (`cell`)."""
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows({k: cell(v) for k, v in r.items()} for r in rows)
    return buffer.getvalue()


_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$")


def cell(value: Any) -> Any:
    """A CSV cell: lists and dicts as JSON; text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab,
    carriage return first) prefixed with `'`, as OWASP advises, unless it is a plain number such as `-3`."""
    if isinstance(value, dict | list):
        value = json.dumps(value)
    if isinstance(value, str) and value.startswith(_FORMULA) and not _PLAIN_NUMBER.match(value):
        return "'" + value
    return value
