"""An article checked claim by claim: each sentence's claims found, the vote each is about found, and each claim
given a verdict (true, false, unverifiable) with its evidence. `docs/check.md` explains the rules."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from unvotes.errors import UnvotesError
from unvotes.factcheck import changes, claims, dates, names, text, votes
from unvotes.factcheck.claims import Claim
from unvotes.factcheck.fit import Fit, evidence, fit, nearness, unbound
from unvotes.factcheck.shapes import Check, CheckedClaim
from unvotes.store.engine import duckdb
from unvotes.views.shapes import Vote

BOUND = ("count", "derived", "list", "outcome", "date", "veto")
RECONSIDERED = (
    "Votes are checked against the record as cast. States sometimes tell the Secretariat afterwards that they "
    "meant to vote otherwise; the meeting record notes it, but it does not change the vote or the outcome."
)
ORGANS = ("GA", "SC")
MAX_CHARS = 200_000  # an article, not a book


class BadArticle(UnvotesError):
    """A text that cannot be checked: empty, too long, or with an organ hint that names no organ."""


WITHOUT_A_VOTE = (
    "Only recorded votes are in the record: a text adopted without a vote cannot be checked here."
)


@dataclass
class State:
    """What a check carries from sentence to sentence: the votes the last claims were about."""

    context: list[Vote] = field(default_factory=list)
    incomplete: dict[str, str] = field(default_factory=dict)


def check(
    con: duckdb.DuckDBPyConnection, article: str, *, date: dt.date | None = None, organ: str | None = None
) -> Check:
    """Every claim about a vote in an article (plain text or HTML), verified against the record."""
    _admissible(article, organ)
    plain = text.plain(article)
    caveats: list[str] = []
    dateline = date or text.first_date(plain)
    if date is None and dateline is not None:
        caveats.append(
            f"No dateline was given; {dateline.isoformat()}, the first date in the text, was used."
        )
    finder = votes.Finder(con, dateline)
    state = State()
    found: list[CheckedClaim] = []
    for sentence in text.sentences(plain):
        found += _sentence(con, finder, sentence, organ, state)
    caveats += _caveats(found, state, dateline)
    return {
        "verdict": verdict(found),
        "date": dateline.isoformat() if dateline else None,
        "organ": organ,
        "text": plain,
        "claims": found,
        "caveats": caveats,
    }


def _admissible(article: str, organ: str | None) -> None:
    if not article.strip():
        raise BadArticle("the text to check is empty", hint="Give the article's text, or its HTML page.")
    if len(article) > MAX_CHARS:
        raise BadArticle(
            f"the text to check has {len(article):,} characters; at most {MAX_CHARS:,} are read",
            hint="Check one article at a time.",
        )
    if organ is not None and organ not in ORGANS:
        raise BadArticle(
            f"unknown organ {organ!r}", hint="Use GA (General Assembly) or SC (Security Council)."
        )


def verdict(found: list[CheckedClaim]) -> str:
    """False if any claim is false; true if one was checked and all checked are true; else unverifiable."""
    verdicts = {c["verdict"] for c in found}
    if "false" in verdicts:
        return "false"
    return "true" if "true" in verdicts else "unverifiable"


def _sentence(
    con: duckdb.DuckDBPyConnection,
    finder: votes.Finder,
    sentence: text.Sentence,
    hint: str | None,
    state: State,
) -> list[CheckedClaim]:
    """The claims of one sentence, judged."""
    found = names.mentions(sentence.text, on=finder.dateline)
    found_claims = claims.claims(sentence, found)
    day = dates.explicit_day(sentence.text, finder.dateline)
    if day and found_claims:
        found_claims.append(Claim("date", day[1], day[2], {"day": day[0].isoformat()}))
    if not found_claims:
        return []
    cue = votes.cues(sentence.text, found, finder.dateline, day[0] if day else None)
    organ = cue.organ or (state.context[0]["organ"] if not cue.any() and state.context else None) or hint
    judged: dict[int, CheckedClaim] = {}
    chosen = _judge_votes(finder, found_claims, cue, organ, state, sentence, judged)
    when = dt.date.fromisoformat(chosen["date"]) if chosen else (day[0] if day else finder.dateline)
    for claim in found_claims:
        if claim.kind == "change":
            around = ([chosen] if chosen else []) + finder.window()
            judged[id(claim)] = _checked(sentence, claim, changes.judge(con, claim.data["state"], around))
        elif id(claim) not in judged:
            judged[id(claim)] = _unbound(
                claim, when, organ or (chosen["organ"] if chosen else None), sentence
            )
    checked = [judged[id(c)] for c in found_claims]
    return [_elsewhen(c, cue.other_year) for c in checked] if cue.other_year else checked


def _judge_votes(
    finder: votes.Finder,
    found: list[Claim],
    cue: votes.Cues,
    organ: str | None,
    state: State,
    sentence: text.Sentence,
    judged: dict[int, CheckedClaim],
) -> Vote | None:
    """The claims about votes judged, group by group (`_groups`); the vote the sentence itself is about."""
    candidates, why = votes.pool(finder, cue, state.context)
    chosen = None
    for target, group in _groups(found, cue).items():
        if target == "veto":
            pool = votes.narrow(candidates + finder.week_before(), cue, "SC", "main")
        else:
            pool = votes.narrow(candidates, cue, organ, target)
        if candidates and not pool:
            why = "no vote of those days is of the organ, the kind of text or the sponsor the sentence names"
        picked = _judge(group, pool, cue, state, why, sentence, judged)
        chosen = chosen or (picked if target == "main" else None)
    return chosen


def _elsewhen(claim: CheckedClaim, year: int) -> CheckedClaim:
    """A claim that does not fit the dateline's votes in a sentence that also speaks of another year may be about
    a vote of that year: unverifiable, not false."""
    if claim["verdict"] != "false" or claim["kind"] in ("membership", "change"):
        return claim
    note = f"the sentence also speaks of {year}: the claim may be about a vote of then; {claim['note'] or ''}"
    return {**claim, "verdict": "unverifiable", "note": note.rstrip("; ")}


def _groups(found: list[Claim], cue: votes.Cues) -> dict[str, list[Claim]]:
    """The claims about one vote each: the sentence's own vote, the amendments it mentions, and, in a sentence
    that names both organs ("… days after the US vetoed a resolution in the Security Council"), the Council's
    veto."""
    groups: dict[str, list[Claim]] = {"main": [], "amendment": [], "veto": []}
    for claim in found:
        if _bound(claim):
            both = claim.kind == "veto" and claim.target == "main" and len(cue.organs) == 2
            groups["veto" if both else claim.target].append(claim)
    return groups


def _bound(claim: Claim) -> bool:
    """A claim about one vote (not about the Council's seats, the Assembly's size or a change of position)."""
    return claim.kind in BOUND and (claim.kind != "veto" or "vetoer" in claim.data)


def _judge(
    group: list[Claim],
    pool: list[Vote],
    cue: votes.Cues,
    state: State,
    why: str | None,
    sentence: text.Sentence,
    judged: dict[int, CheckedClaim],
) -> Vote | None:
    """The vote a group of claims is about, and each claim's verdict against it."""
    if not group:
        return None
    if not pool:
        for claim in group:
            judged[id(claim)] = _checked(sentence, claim, (None, Fit(None, why or "no vote found"), {}))
        return None
    fits = [[fit(c, v) for c in group] for v in pool]
    near = [sum(nearness(c, v) for c in group) for v in pool]
    best = _choose(fits, near, pool, cue, state.context)
    also = [i for i, row in enumerate(fits) if i != best and _fits_all(row)]
    vote = pool[best]
    for n, claim in enumerate(group):
        found = fits[best][n]
        note = _note(
            found,
            [pool[i] for i, row in enumerate(fits) if i != best and row[n].ok],
            [pool[i] for i in also],
            vote,
        )
        judged[id(claim)] = _checked(
            sentence, claim, (vote, Fit(found.ok, note, found.states, found.rule), {})
        )
        if found.ok is None and not vote["complete"] and claim.kind == "list":
            state.incomplete[vote["symbol"] or ""] = vote["date"]
    state.context = [vote] + [pool[i] for i in also]
    return vote


def _fits_all(row: list[Fit]) -> bool:
    oks = [f.ok for f in row]
    return False not in oks and True in oks


def _choose(
    fits: list[list[Fit]], near: list[float], pool: list[Vote], cue: votes.Cues, context: list[Vote]
) -> int:
    """The vote the claims are about: the one the sentence's own words name, else one that fits every claim,
    else the one that fits most; ties go to the title the words share most, the vote of the sentence before,
    a final text over an amendment, the order of the day."""
    scores = [votes.subject_score(v, cue) for v in pool]
    top = max(scores)
    runner_up = sorted(scores)[-2] if len(scores) > 1 else 0
    if top >= 2 and top - runner_up >= 2:
        return scores.index(top)
    in_context = {id(v) for v in context}

    def rank(i: int) -> tuple[bool, int, int, float, int, bool, bool, int]:
        oks = [f.ok for f in fits[i]]
        return (
            _fits_all(fits[i]),
            oks.count(True),
            -oks.count(None),
            near[i],
            scores[i],
            id(pool[i]) in in_context,
            pool[i]["kind"] != "amendment",
            -i,
        )

    return max(range(len(pool)), key=rank)


def _note(found: Fit, fitting: list[Vote], also: list[Vote], vote: Vote) -> str | None:
    """Which vote a claim fits where more than one could be meant."""
    parts = [found.note] if found.note else []
    label = vote["symbol"]
    if found.ok and fitting:
        parts.append(f"fits {label}; also fits {', '.join(str(v['symbol']) for v in fitting)}")
    elif found.ok is False and fitting:
        parts.append(
            f"does not fit {label}, the vote the sentence is about; fits {', '.join(str(v['symbol']) for v in fitting)}"
        )
    elif also:
        parts.append(f"the sentence fits {label} and also {', '.join(str(v['symbol']) for v in also)}")
    return "; ".join(parts) or None


def _unbound(claim: Claim, day: dt.date | None, organ: str | None, sentence: text.Sentence) -> CheckedClaim:
    if day is None:
        return _checked(sentence, claim, (None, Fit(None, "no date to check against"), {}))
    found = unbound(claim, day, organ) or Fit(None, "no vote found for this claim")
    return _checked(sentence, claim, (None, found, {"date": day.isoformat()}))


def _checked(
    sentence: text.Sentence, claim: Claim, judged: tuple[Vote | None, Fit, dict[str, Any]]
) -> CheckedClaim:
    vote, found, extra = judged
    proof: dict[str, Any] = (
        evidence(vote, found, extra) if vote else {"states": found.states, "rule": found.rule, **extra}
    )
    return {
        "text": sentence.text[claim.start : claim.end],
        "start": sentence.start + claim.start,
        "end": sentence.start + claim.end,
        "kind": claim.kind,
        "verdict": {True: "true", False: "false", None: "unverifiable"}[found.ok],
        "vote": vote["id"] if vote else None,
        "evidence": proof,  # type: ignore[typeddict-item]
        "note": found.note,
    }


def _caveats(found: list[CheckedClaim], state: State, dateline: dt.date | None) -> list[str]:
    caveats = []
    if any(c["kind"] in ("list", "count") for c in found):
        caveats.append(RECONSIDERED)
    for symbol, day in state.incomplete.items():
        caveats.append(
            f"The per-state votes of {symbol} ({day}) are not in the record: a claim about who voted how on it "
            "is unverifiable, not false."
        )
    if dateline is None:
        caveats.append("No dateline was given or found in the text: claims about a vote could not be placed.")
    if any(c["verdict"] == "unverifiable" and c["vote"] is None for c in found):
        caveats.append(WITHOUT_A_VOTE)
    return caveats
