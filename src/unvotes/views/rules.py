"""Views that apply the rules: a decision (from numbers or from a recorded vote), a replayed sequence, the audit."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence as Seq
from typing import TYPE_CHECKING, cast

from unvotes import audit as auditing
from unvotes import rules
from unvotes.errors import UnvotesError
from unvotes.models import Organ
from unvotes.refdata import council, states
from unvotes.rules import sequence, sequence_format
from unvotes.rules.decision import Decision as RulesDecision
from unvotes.rules.decision import Question, Tally
from unvotes.rules.sequence_format import Sequence
from unvotes.store import queries
from unvotes.store.engine import duckdb

if TYPE_CHECKING:
    from unvotes.views.shapes import Audit, Counts, Decision, Replay, ReplayStep, StatedeptAudit, Vote


def decision_dict(
    decision: RulesDecision, symbol: str | None = None, recorded: str | None = None
) -> Decision:
    """A decision of the rules as the view's dict."""
    return {
        "organ": str(decision.organ),
        "question": str(decision.question),
        "tally": cast("Counts", decision.tally.as_dict()),
        "outcome": str(decision.outcome),
        "threshold": decision.threshold,
        "required": decision.required,
        "negative_permanent": list(decision.negative_permanent),
        "vetoed_by": list(decision.vetoed_by),
        "insufficient_votes": decision.insufficient_votes,
        "basis": list(decision.basis),
        "flags": list(decision.flags),
        "explanation": decision.explanation,
        "symbol": symbol,
        "recorded": recorded,
    }


def decision(
    organ: str,
    yes: int,
    no: int,
    abstain: int = 0,
    non_voting: int = 0,
    question: str | None = None,
    negative_permanent: Seq[str] = (),
    on: dt.date | None = None,
) -> Decision:
    """Decide a tally as the Charter and the rules of procedure do; the permanent members voting no by any name or
    code ("RUS", "Russia"); ValueError for a question or tally the organ cannot have."""
    _within_members(organ, yes + no + abstain + non_voting, on)
    default = Question.SUBSTANTIVE if organ == "SC" else Question.SIMPLE
    kind = Question(question) if question else default
    negative = [states.resolve(name, on=on) for name in negative_permanent]
    extra = {"negative_permanent": negative, "on": on} if organ == "SC" else {}
    return decision_dict(rules.decide(Organ(organ), Tally(yes, no, abstain, non_voting), kind, **extra))


def _within_members(organ: str, votes: int, on: dt.date | None) -> None:
    """ValueError where a tally has more votes than the organ had members that day (today by default)."""
    day = on or dt.date.today()
    members = council.size_on(day) if organ == "SC" else len(states.members_on(day))
    if members and votes > members:
        raise ValueError(
            f"{votes} votes: more votes than the {members} members of the {organ} on {day.isoformat()}"
        )


def recorded_decision(con: duckdb.DuckDBPyConnection, symbol: str, question: str | None = None) -> Decision:
    """A recorded vote decided from its votes, next to its recorded outcome."""
    case = auditing.case_from_record(queries.show(con, symbol))
    decided = auditing.decide_case(case, Question(question) if question else None)
    if decided is None:
        raise UnvotesError(
            f"{symbol}: the record has no tally to decide from", hint="See `unvotes show` for what it holds."
        )
    return decision_dict(decided, case.symbol, case.outcome)


def replay_file(text: str, name: str) -> Replay:
    """A sequence file (docs/sequences.md) replayed step by step."""
    return replay_dict(sequence_format.parse_sequence(text, name))


def replay_day(
    con: duckdb.DuckDBPyConnection, organ: str, on: dt.date, votes: Seq[Vote] | None = None
) -> Replay:
    """One day's votes in one organ replayed: the chair's order from a shipped sequence, numbers from the record
    (`votes`: the day's votes as `views.record.day` gives them, when the caller has them already)."""
    described = [dict(v) for v in votes] if votes is not None else None
    return replay_dict(auditing.sequence_of_day(con, organ, on, described))


def replay_dict(seq: Sequence) -> Replay:
    """A sequence replayed, as the view's dict; `summary` is the replay in words."""
    result = sequence.replay(seq)
    return {
        "organ": str(seq.organ),
        "date": seq.date.isoformat(),
        "meeting": seq.meeting,
        "order_basis": seq.order_basis,
        "agrees": result.agrees,
        "steps": [_step(r) for r in result.steps],
        "summary": result.summary(),
    }


def _step(r: sequence.StepResult) -> ReplayStep:
    return {
        "step": r.number,
        "id": r.step.vote_id,
        "kind": str(r.step.kind),
        "document": r.step.document,
        "question": str(r.question),
        "voted": r.voted,
        "outcome": str(r.outcome) if r.outcome else None,
        "decided": r.decidable,
        "recorded": str(r.step.recorded) if r.step.recorded else None,
        "agrees": r.agrees,
        "why": r.why,
        "text_after": r.text,
        "explanation": r.decision.explanation if r.decision else "",
    }


def audit(con: duckdb.DuckDBPyConnection) -> Audit:
    """Every recorded vote decided from its votes; where the recorded outcome disagrees, listed by cause."""
    return auditing.audit(con).as_dict()  # type: ignore[return-value]


def statedept_audit(con: duckdb.DuckDBPyConnection, year: int) -> StatedeptAudit:
    """A year's State Department list against the record: printed tallies and US votes, and the votes in one
    set and not the other, each difference with its cause."""
    return auditing.statedept_audit(con, year)  # type: ignore[return-value]
