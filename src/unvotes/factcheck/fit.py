"""Whether one claim fits one recorded vote: True, False, or None where the record cannot tell; with evidence.

A vote here is the `Vote` view (`views.record.vote`, `views.record.day`). Counts are read as printed where a
source prints them and as cast (the per-state votes added up) where the per-state record is complete; a number
that matches either fits.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from unvotes.factcheck.claims import SIDE_FIELD, Claim
from unvotes.models import Outcome
from unvotes.refdata import council, states
from unvotes.views.shapes import Vote

WITHOUT_A_VOTE = Outcome.ADOPTED_WITHOUT_VOTE
FIELDS = ("yes", "no", "abstain", "non_voting")
RULES = {
    "count": "the numbers written against the record's counts (as printed, and as cast where complete)",
    "derived": "the sum written against the sum of the record's counts",
    "list": "each named state's recorded vote",
    "outcome": "the recorded outcome",
    "veto": "UN Charter Art. 27(3): only a permanent member's vote against a substantive draft is a veto",
    "date": "the date of the recorded vote",
}


@dataclass
class Fit:
    ok: bool | None
    note: str | None = None
    states: dict[str, str | None] = field(default_factory=dict)
    rule: str | None = None


def day_of(vote: Vote) -> dt.date:
    return dt.date.fromisoformat(vote["date"])


def _readings(vote: Vote, name: str) -> list[int]:
    """The values a count has in the record: as printed and, where the per-state record is complete, as cast."""
    found = []
    printed = vote["counts"]
    if printed and printed.get(name) is not None:
        found.append(int(printed[name]))  # type: ignore[literal-required]
    if vote["complete"]:
        found.append(int(vote["tally"][name]))  # type: ignore[literal-required]
    return list(dict.fromkeys(found))


def count_value(vote: Vote, name: str) -> list[int]:
    """A count or a sum of counts ("no+abstain") as the record gives it; [] where it does not."""
    parts = [_readings(vote, part) for part in name.split("+")]
    if any(not p for p in parts):
        return []
    sums = {sum(p[0] for p in parts), sum(p[-1] for p in parts)}
    return sorted(sums)


def fit(claim: Claim, vote: Vote) -> Fit:
    """Whether a claim holds of a vote."""
    handler = HANDLERS.get(claim.kind)
    if handler is None:
        return Fit(None)
    if vote["outcome"] == WITHOUT_A_VOTE and claim.kind in ("count", "derived", "list", "veto"):
        if claim.kind == "count" and claim.data.get("values") == [0, 0]:
            return Fit(True, "adopted without a vote", rule="the recorded outcome")
        return Fit(False, "adopted without a vote: no state voted", rule="the recorded outcome")
    return handler(claim, vote)


def _counts(claim: Claim, vote: Vote) -> Fit:
    if "anchor" in claim.data:
        return _count_with(claim, vote)
    results = []
    for name, written in zip(claim.data["fields"], claim.data["values"], strict=True):
        recorded = count_value(vote, name)
        results.append(None if not recorded else written in recorded)
    if None in results and False not in results:
        return Fit(None, "the record has no such count for this vote")
    return Fit(all(results), rule=RULES[claim.kind])


def _count_with(claim: Claim, vote: Vote) -> Fit:
    """ "X voted with N countries": the others that voted as X did."""
    anchor, side = claim.data["anchor"], claim.data["side"]
    cast = vote["votes"].get(anchor)
    if cast is None:
        return Fit(
            None if not vote["complete"] else False, f"{anchor} has no vote in the record", {anchor: None}
        )
    if side and cast != side:
        return Fit(False, f"{anchor} voted {cast}", {anchor: cast}, RULES["list"])
    group = claim.data.get("group", [anchor])
    if any(vote["votes"].get(s) not in (cast, None) for s in group):
        return Fit(
            False, f"{', '.join(group)} did not all vote {cast}", {s: vote["votes"].get(s) for s in group}
        )
    others = [n - len(group) for n in count_value(vote, SIDE_FIELD[cast])]
    if not others:
        return Fit(None, "the record has no count for that side", {anchor: cast})
    note = f"{others[0]} others voted as {', '.join(group)} did ({cast})"
    return Fit(
        claim.data["n"] in others,
        note,
        {anchor: cast},
        "the states that voted as the named state did, itself left out",
    )


def _member(state: str, vote: Vote) -> bool:
    day = day_of(vote)
    if vote["organ"] == "SC":
        return council.is_member(state, day)
    return states.states()[state].member_on(day)


def _list(claim: Claim, vote: Vote) -> Fit:
    side, anchor = claim.data["side"], claim.data["anchor"]
    want = vote["votes"].get(anchor) if anchor else side
    seen: dict[str, str | None] = {s: vote["votes"].get(s) for s in claim.data["states"]}
    if anchor:
        seen[anchor] = want
    if want is None:
        return Fit(None if not vote["complete"] else False, f"{anchor} has no vote in the record", seen)
    results = []
    for state, cast in seen.items():
        if cast is None:
            results.append(False if vote["complete"] or not _member(state, vote) else None)
        else:
            results.append(cast == want)
    missing = [s for s, c in seen.items() if c is None]
    note = f"no vote in the record for {', '.join(missing)}" if missing else None
    if False in results:
        return Fit(False, note, seen, RULES["list"])
    return Fit(None if None in results else True, note, seen, RULES["list"])


def _outcome(claim: Claim, vote: Vote) -> Fit:
    recorded = vote["outcome"]
    wanted = claim.data["outcome"]
    if wanted == "two-thirds":
        return _two_thirds(claim, vote)
    if wanted == "without a vote":
        return Fit(
            recorded == WITHOUT_A_VOTE, f"recorded outcome: {recorded or 'none'}", rule=RULES["outcome"]
        )
    if recorded in (None, "not recorded", "unknown"):
        return Fit(None, "the record has no outcome for this vote")
    ok = {
        "adopted": recorded.startswith("adopted"),
        "failed": recorded in ("rejected", "vetoed", "failed"),
        "vetoed": recorded == "vetoed",
    }[wanted]
    return Fit(ok, f"recorded outcome: {recorded}", rule=RULES["outcome"])


def _two_thirds(claim: Claim, vote: Vote) -> Fit:
    yes, no = count_value(vote, "yes"), count_value(vote, "no")
    if not yes or not no:
        return Fit(None, "the record has no tally to decide from")
    met = 3 * yes[0] >= 2 * (yes[0] + no[0])
    rule = "two-thirds of the members present and voting (Charter Art. 18(2)): yes ≥ 2/3 of yes + no"
    return Fit(met == claim.data["met"], f"{yes[0]} of {yes[0] + no[0]} present and voting", rule=rule)


def _veto(claim: Claim, vote: Vote) -> Fit:
    if "vetoer" not in claim.data:
        return Fit(None)
    state, day = claim.data["vetoer"], day_of(vote)
    cast = vote["votes"].get(state)
    if vote["organ"] != "SC":
        return Fit(False, "the General Assembly has no veto", {state: cast}, RULES["veto"])
    if state not in council.permanent_on(day):
        note = f"{state} was not a permanent member on {day.isoformat()}: its vote against is not a veto"
        return Fit(False, note, {state: cast}, RULES["veto"])
    if vote["outcome"] != "vetoed":
        return Fit(False, f"recorded outcome: {vote['outcome']}", {state: cast}, RULES["veto"])
    vetoers = [s for s in council.permanent_on(day) if vote["votes"].get(s) == "N"]
    if cast is None and vetoers:
        return Fit(False, f"the record's vetoes: {', '.join(vetoers)}", {state: cast}, RULES["veto"])
    if cast is None:
        return Fit(None, f"{state} has no vote in the record", {state: cast})
    return Fit(cast == "N", f"{state} voted {cast}", {state: cast}, RULES["veto"])


def _date(claim: Claim, vote: Vote) -> Fit:
    return Fit(vote["date"] == claim.data["day"], f"the vote was taken on {vote['date']}", rule=RULES["date"])


HANDLERS = {
    "count": _counts,
    "derived": _counts,
    "list": _list,
    "outcome": _outcome,
    "veto": _veto,
    "date": _date,
}


def unbound(claim: Claim, day: dt.date, organ: str | None) -> Fit | None:
    """Claims that need no vote, checked against the reference data for a day: membership and veto power."""
    if claim.kind == "membership":
        return _size(claim, day, organ)
    if claim.kind == "veto" and "holder" in claim.data:
        holder = claim.data["holder"]
        ok = holder in council.permanent_on(day)
        return Fit(
            ok,
            _permanent_note(day),
            {holder: None},
            "UN Charter Arts. 23 and 27(3): the permanent members hold the veto",
        )
    if claim.kind == "veto" and "member" in claim.data:
        member = claim.data["member"]
        if not council.is_member(member, day) and not claim.data["permanent"]:
            return Fit(False, f"{member} did not sit on the Council on {day.isoformat()}", {member: None})
        ok = (member in council.permanent_on(day)) == claim.data["permanent"]
        return Fit(
            ok,
            _permanent_note(day),
            {member: None},
            "UN Charter Art. 23: the Council's permanent and elected seats",
        )
    return None


def _permanent_note(day: dt.date) -> str:
    return f"permanent members on {day.isoformat()}: {', '.join(council.permanent_on(day))}"


def _size(claim: Claim, day: dt.date, organ: str | None) -> Fit:
    which = claim.data["organ"] or organ
    if which == "SC":
        size = council.size_on(day)
        return Fit(
            claim.data["n"] == size,
            f"the Council had {size} members on {day.isoformat()}",
            rule="UN Charter Art. 23(1)",
        )
    if which == "GA":
        size = len(states.members_on(day))
        return Fit(
            claim.data["n"] == size,
            f"the UN had {size} members on {day.isoformat()}",
            rule="the members of the UN that day (refdata)",
        )
    return Fit(None, "which organ is meant is not clear")


def evidence(vote: Vote, found: Fit, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a verdict rests on: the vote, its counts and outcome, the named states' votes, the rule applied."""
    return {
        "symbol": vote["symbol"],
        "organ": vote["organ"],
        "date": vote["date"],
        "title": vote["title"],
        "counts": vote["counts"] or vote["tally"],
        "tally": vote["tally"],
        "complete": vote["complete"],
        "outcome": vote["outcome"],
        "states": found.states,
        "rule": found.rule,
        **(extra or {}),
    }


def nearness(claim: Claim, vote: Vote) -> float:
    """How close a vote comes to a claim that it does not fit (1 for a fit): the vote a wrong number, list or
    veto is most likely about. Counts by their distance, lists by the share of states that fit, vetoes by
    whether the draft was vetoed, dates by the days between."""
    if claim.kind in ("count", "derived") and "fields" in claim.data:
        pairs = zip(claim.data["fields"], claim.data["values"], strict=True)
        gaps = [min((abs(w - r) for r in count_value(vote, f)), default=None) for f, w in pairs]
        return sum(1 / (1 + g) for g in gaps if g is not None) / max(len(gaps), 1)
    if claim.kind == "list" and claim.data["side"]:
        states_ = claim.data["states"]
        return sum(vote["votes"].get(s) == claim.data["side"] for s in states_) / max(len(states_), 1)
    if claim.kind == "veto":
        return float(vote["outcome"] == "vetoed" and vote["organ"] == "SC")
    if claim.kind == "date":
        return 1 / (1 + abs((day_of(vote) - dt.date.fromisoformat(claim.data["day"])).days))
    return float(fit(claim, vote).ok is True)
