"""The rules applied to the record: decide each vote from its votes and compare with the outcome the sources give.

Nothing is "fixed": a disagreement is listed with its evidence and a cause, and counted by cause.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

import duckdb

from unvotes.errors import NotFound
from unvotes.models import Counts, EventKind, Organ, Outcome, Selection
from unvotes.rules import ga, sc, sequence_format
from unvotes.rules.decision import Decision, Question, Tally
from unvotes.rules.sequence_format import Sequence, Step, StepKind
from unvotes.store import matrix as queries_matrix
from unvotes.store import queries, statedept
from unvotes.symbols import key as symbol_key

# Why a decision and a recorded outcome can differ; each finding names one.
CAUSES = {
    "procedural": "adopted over a permanent member's no: the Council treated the question as procedural (no flag in the data)",
    "veto-not-recorded": "a permanent member's no defeated a draft with enough votes, but the source records a plain rejection",
    "veto-without-votes": "recorded as a veto, but the draft lacked the affirmative votes: it failed for insufficient votes",
    "two-thirds": "rejected despite a simple majority: the question needed two-thirds (an important question or rule 85)",
    "zero-tally": "the source prints 0-0-0 for a text adopted without a vote: no tally, not a rejection",
    "tally-conflict": "the per-state votes contradict the printed counts (a source error); decided from the votes",
    "tally": "the tally does not support the recorded outcome: a data error in the votes or the outcome",
}


@dataclass(frozen=True)
class Case:
    """One recorded vote as the audit sees it: what was voted, the outcome recorded, and the numbers."""

    symbol: str
    organ: str
    date: dt.date
    outcome: str | None
    counts: tuple[int | None, ...] | None  # as printed: yes, no, abstain, non-voting
    tally: tuple[int, int, int, int] | None  # from the per-state votes, only when every member has one
    noes: tuple[str, ...]  # the states voting no
    two_thirds: bool  # a source states that two-thirds was required
    sources: tuple[str, ...]
    vote_id: str | None = None  # the record's permanent address of the vote


def case_from_record(record: dict[str, Any]) -> Case:
    """A case from `queries.describe()` output."""
    t = record["tally"]
    return Case(
        symbol=record["resolution"] or record["document"] or "(no symbol)",
        organ=record["organ"],
        date=dt.date.fromisoformat(record["date"]),
        outcome=record["outcome"],
        counts=tuple(record["counts"].values()) if record["counts"] else None,
        tally=(t["yes"], t["no"], t["abstain"], t["non_voting"]) if record["complete"] else None,
        noes=tuple(s for s, v in record["votes"].items() if v == "N"),
        two_thirds=any(s["notes"].get("required_majority") == "two-thirds" for s in record["sources"]),
        sources=tuple(
            f"{s['source']} {s['file']}" + (f":{s['line']}" if s["line"] else "") for s in record["sources"]
        ),
        vote_id=record["id"],
    )


def case_from_row(row: dict[str, Any]) -> Case:
    """A case from one row of `queries.audit_rows()`."""
    day = dt.date.fromisoformat(row["date"])
    cast = tuple(row[k] or 0 for k in ("y", "n", "a", "x"))
    complete = row["main_complete"] or sum(cast) >= len(queries.expected_voters(row["organ"], day))
    return Case(
        symbol=row["symbol"] or "(no symbol)",
        organ=row["organ"],
        date=day,
        outcome=row["outcome"],
        counts=tuple(row["counts"]) if row["counts"] else None,
        tally=cast if complete and sum(cast) else None,  # type: ignore[arg-type]
        noes=tuple(row["noes"]),
        two_thirds=bool(row["two_thirds"]),
        sources=tuple(row["sources"]),
        vote_id=row["id"],
    )


def question_of(case: Case) -> Question:
    """The question type a source states; otherwise the organ's default (GA simple, SC substantive)."""
    if case.two_thirds:
        return Question.TWO_THIRDS
    return Question.SUBSTANTIVE if case.organ == Organ.SC else Question.SIMPLE


def tally_of(case: Case) -> Tally | None:
    """The per-state tally when every member has a vote, else the printed counts when they give yes and no."""
    if case.tally:
        return Tally(*case.tally)
    if case.counts and case.counts[0] is not None and case.counts[1] is not None:
        yes, no, abstain, non_voting = case.counts
        return Tally(yes or 0, no or 0, abstain or 0, non_voting or 0)
    return None


def decide_case(case: Case, question: Question | None = None) -> Decision | None:
    """Decide one recorded vote as the rules do; None when no tally is known."""
    tally = tally_of(case)
    if tally is None:
        return None
    question = question or question_of(case)
    if case.organ == Organ.SC:
        negative = [s for s in sc.permanent_members(case.date) if s in case.noes]
        return sc.decide_sc(tally, question, negative_permanent=negative, on=case.date)
    return ga.decide_ga(tally, question, committee=case.organ != Organ.GA)


def cause_of(case: Case, decision: Decision) -> str:
    recorded = case.outcome
    if decision.tally.yes + decision.tally.no + decision.tally.abstain == 0:
        return "zero-tally"
    if case.tally and case.counts and _contradicts(case.tally, case.counts):
        return "tally-conflict"
    if case.organ == Organ.SC:
        if recorded == Outcome.ADOPTED and decision.outcome == Outcome.VETOED:
            return "procedural"
        if recorded == Outcome.REJECTED and decision.outcome == Outcome.VETOED:
            return "veto-not-recorded"
        if recorded == Outcome.VETOED and decision.insufficient_votes:
            return "veto-without-votes"
    elif recorded == Outcome.REJECTED and decision.adopted and _short_of_two_thirds(decision):
        return "two-thirds"
    return "tally"


def _contradicts(tally: tuple[int, ...], counts: tuple[int | None, ...]) -> bool:
    return any(c is not None and c != t for t, c in zip(tally[:3], counts[:3], strict=True))


def _short_of_two_thirds(decision: Decision) -> bool:
    return (
        decision.question == Question.SIMPLE
        and 3 * decision.tally.yes < 2 * decision.tally.present_and_voting
    )


def _skip_reason(case: Case) -> str | None:
    if case.outcome is None:
        return "no recorded outcome"
    if case.outcome == Outcome.ADOPTED_WITHOUT_VOTE:
        return "adopted without a vote"
    if tally_of(case) is None:
        return "no tally (votes incomplete, no printed counts)"
    return None


def audit(con: duckdb.DuckDBPyConnection) -> AuditReport:
    """Decide every record that has a recorded outcome and a tally, and list each disagreement with its cause."""
    report = AuditReport()
    for row in queries.audit_rows(con):
        case = case_from_row(row)
        reason = _skip_reason(case)
        if reason:
            report.skipped[reason] += 1
            continue
        decision = decide_case(case)
        assert decision is not None
        report.decided += 1
        if decision.outcome == case.outcome:
            report.agree += 1
        else:
            report.findings.append(_finding(case, decision))
    return report


def _finding(case: Case, decision: Decision) -> Finding:
    return Finding(
        id=case.vote_id,
        symbol=case.symbol,
        organ=case.organ,
        date=case.date.isoformat(),
        tally=decision.tally.as_dict(),
        negative_permanent=list(decision.negative_permanent),
        recorded=str(case.outcome),
        decided=str(decision.outcome),
        cause=cause_of(case, decision),
        sources=list(case.sources),
        explanation=decision.explanation,
    )


@dataclass
class Finding:
    id: str | None
    symbol: str
    organ: str
    date: str
    tally: dict[str, int | None]
    negative_permanent: list[str]
    recorded: str
    decided: str
    cause: str
    sources: list[str]
    explanation: str


@dataclass
class AuditReport:
    decided: int = 0
    agree: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)

    def by_cause(self) -> dict[str, int]:
        return dict(Counter(f.cause for f in self.findings).most_common())

    def as_dict(self) -> dict[str, Any]:
        return {
            "decided": self.decided,
            "agree": self.agree,
            "disagree": len(self.findings),
            "skipped": dict(self.skipped.most_common()),
            "by_cause": self.by_cause(),
            "causes": CAUSES,
            "findings": [f.__dict__ for f in self.findings],
        }


def sequence_of_day(
    con: duckdb.DuckDBPyConnection, organ: str, day: dt.date, described: list[dict[str, Any]] | None = None
) -> Sequence:
    """The votes of one day in one organ as a sequence: the chair's order from a packaged sequence file where
    there is one, the tallies, vetoes and outcomes from the record (`described`: the day's votes, when the caller
    has read them already)."""
    records = [r for r in (queries.day(con, day) if described is None else described) if r["organ"] == organ]
    base = sequence_format.packaged(day.isoformat(), organ)
    if base is None:
        if not records:
            raise NotFound(f"no {organ} vote on {day.isoformat()} in the record")
        base = _sequence_from_records(organ, day, records)
    by_symbol = {symbol_key(s): r for r in records for s in (r["document"], r["resolution"]) if s}
    steps = tuple(_from_record(step, by_symbol.get(symbol_key(step.document))) for step in base.steps)
    return replace(base, steps=steps)


def _from_record(step: Step, record: dict[str, Any] | None) -> Step:
    """A step with the record's numbers and outcome, where the record has the vote."""
    if record is None:
        return step
    case = case_from_record(record)
    tally = tally_of(case)
    counts = Counts(tally.yes, tally.no, tally.abstain, tally.non_voting) if tally else step.counts
    negative = (
        tuple(s for s in sc.permanent_members(case.date) if s in case.noes)
        if record["organ"] == Organ.SC
        else ()
    )
    outcome = Outcome(record["outcome"]) if record["outcome"] else step.recorded
    source = "record: " + ", ".join(s["source"] for s in record["sources"])
    return replace(
        step,
        counts=counts,
        negative_permanent=negative or step.negative_permanent,
        recorded=outcome,
        source=source,
        vote_id=record["id"],
    )


def _sequence_from_records(organ: str, day: dt.date, records: list[dict[str, Any]]) -> Sequence:
    steps = tuple(
        Step(
            kind=StepKind.AMENDMENT if r["kind"] == EventKind.AMENDMENT else StepKind.DRAFT,
            document=r["document"] or r["resolution"] or "(no symbol)",
            title=r["title"] or "",
            amends=r["amends"],
        )
        for r in records
        if r["kind"] in (EventKind.AMENDMENT, EventKind.DRAFT, EventKind.DRAFT_AS_AMENDED)
    )
    two_thirds = any(
        s["notes"].get("required_majority") == "two-thirds" for r in records for s in r["sources"]
    )
    return Sequence(
        organ=Organ(organ),
        date=day,
        meeting=next((r["meeting"] for r in records if r["meeting"]), None),
        draft=next(
            (s.document for s in steps if s.kind is StepKind.DRAFT), steps[0].document if steps else ""
        ),
        important=two_thirds,
        order_basis="not recorded: the order in which the record lists the votes, amendments before their draft [U]",
        steps=steps,
    )


# --- the record against the State Department's lists -------------------------------------------------------

# Why a listed vote and the record can differ; each difference names one.
STATEDEPT_CAUSES = {
    "misprint": "every source of the record gives the same numbers, and the list prints others: a misprint in the report",
    "printed-192": "the printed tally adds up to 192 members, not 193: one state is missing from the report's count",
    "us-vote-misprint": "every source of the record gives the US vote, and the list prints another",
    "sources-disagree": "the record's sources disagree on this vote; the printed tally sides with none of them",
    "unmatched": "no record bears the listed symbol",
    "no-votes": "the record holds the vote without per-state votes (a source says adopted without a vote)",
    "other-year": "the record dates the vote in another calendar year",
    "duplicate": "the same vote twice in the record: a source lists it again under another symbol",
    "not-listed": "a final GA vote of the record that the report does not count",
}
COUNTS = ("yes", "no", "abstain", "absent")


def statedept_audit(con: duckdb.DuckDBPyConnection, year: int) -> dict[str, Any]:
    """A year's State Department list against the record, vote by vote: the printed tally and US vote against
    the record's, and the votes in one set and not the other, each difference with a cause."""
    rows = statedept.listed(con, year)
    if not rows:
        years = ", ".join(map(str, statedept.years(con))) or "none imported"
        raise NotFound(
            f"no State Department list for {year}", hint=f"Lists: {years} (statedept/votes_<year>.csv)."
        )
    selected = _selected(con, year)
    ids = sorted({r["record_id"] for r in rows if r["record_id"]} | set(selected))
    tallies, sources = statedept.tallies(con, ids), statedept.record_sources(con, ids)
    event_tallies = statedept.event_tallies(con, ids)
    differences = [d for r in rows for d in _listed_differences(r, year, tallies, event_tallies, selected)]
    listed_ids = {r["record_id"] for r in rows}
    differences += [_not_listed(selected[i], tallies, rows) for i in selected if i not in listed_ids]
    for d in differences:
        d["sources"] = sources.get(d.pop("record_id"), [])
    return _statedept_report(year, rows, selected, differences)


def _selected(con: duckdb.DuckDBPyConnection, year: int) -> dict[int, dict[str, Any]]:
    """The record's final GA votes of a year with per-state votes and not rejected (the report's stated rule)."""
    records = queries_matrix.selected_records(con, Selection(year=year))
    voted = statedept.tallies(con, [r["record_id"] for r in records])
    return {r["record_id"]: r for r in records if r["record_id"] in voted and counted_by_rule(r)}


def counted_by_rule(record: dict[str, Any]) -> bool:
    """The report counts resolutions adopted: not a rejected draft, not a decision (A/DEC/…)."""
    rejected = record.get("outcome") in ("rejected", "vetoed")
    return not rejected and not str(record.get("symbol") or "").startswith("A/DEC/")


def _listed_differences(
    row: dict[str, Any],
    year: int,
    tallies: dict[int, dict[str, Any]],
    event_tallies: dict[int, list[tuple[int, ...]]],
    selected: dict[int, dict[str, Any]],
) -> list[dict[str, Any]]:
    """A listed vote's differences from the record: not matched, not selected, tally, US vote."""
    rid = row["record_id"]
    if rid is None:
        return [_difference("unmatched", row, None, "unmatched")]
    record = tallies.get(rid)
    if record is None:
        return [_difference("not_selected", row, None, "no-votes")]
    found = []
    if rid not in selected:
        found.append(
            _difference(
                "not_selected", row, record, "other-year" if row["date"][:4] != str(year) else "no-votes"
            )
        )
    printed = tuple(row[c] for c in COUNTS)
    if printed != tuple(record[c] for c in COUNTS):
        found.append(_difference("tally", row, record, _tally_cause(printed, event_tallies.get(rid, []))))
    if row["us_vote"] != record["us_vote"]:
        us = {t[4] for t in event_tallies.get(rid, [])}
        found.append(
            _difference("us_vote", row, record, "us-vote-misprint" if len(us) == 1 else "sources-disagree")
        )
    return found


def _tally_cause(printed: tuple[int, ...], sources: list[tuple[Any, ...]]) -> str:
    """Why a printed tally differs from the record's: the sources all agree (a misprint), or they do not."""
    complete = {t[:3] for t in sources}
    if sum(printed) == 192:
        return "printed-192"
    return "misprint" if len(complete) == 1 and printed[:3] not in complete else "sources-disagree"


def _not_listed(
    record: dict[str, Any], tallies: dict[int, dict[str, Any]], rows: list[dict[str, Any]]
) -> dict[str, Any]:
    """A selected vote with no list row: a duplicate of a listed vote (same tally, same day or symbol), or not
    counted by the report."""
    mine = tallies[record["record_id"]]
    twin = next((r for r in rows if r["record_id"] and _same_vote(record, mine, r, tallies)), None)
    found = _difference("not_listed", None, mine, "duplicate" if twin else "not-listed")
    found |= {"id": record["id"], "date": record["date"], "record_id": record["record_id"]}
    found["note"] = f"the same votes as {twin['id']}" if twin else None
    return found


def _same_vote(
    record: dict[str, Any], mine: dict[str, Any], row: dict[str, Any], tallies: dict[int, Any]
) -> bool:
    other = tallies.get(row["record_id"])
    if other is None or any(other[c] != mine[c] for c in COUNTS):
        return False
    return record["date"] == row["date"] or str(record["id"]).startswith(row["symbol"])


def _difference(
    kind: str, row: dict[str, Any] | None, record: dict[str, Any] | None, cause: str
) -> dict[str, Any]:
    return {
        "kind": kind,
        "symbol": row["symbol"] if row else None,
        "id": row["id"] if row else None,
        "date": row["date"] if row else None,
        "printed": {c: row[c] for c in COUNTS} if row else None,
        "record": {c: record[c] for c in COUNTS} if record else None,
        "us_printed": row["us_vote"] if row else None,
        "us_record": record["us_vote"] if record else None,
        "cause": cause,
        "note": row["note"] if row else None,
        "record_id": row["record_id"] if row else None,
    }


def _statedept_report(
    year: int, rows: list[dict[str, Any]], selected: dict[int, Any], differences: list[dict[str, Any]]
) -> dict[str, Any]:
    kinds = Counter(d["kind"] for d in differences)
    matched = {r["line"] for r in rows if r["record_id"]}
    return {
        "year": year,
        "listed": len({r["line"] for r in rows}),
        "matched": len(matched),
        "selected": len(selected),
        "tally_agrees": len(matched) - kinds["tally"] - _no_votes(differences),
        "us_agrees": len(matched) - kinds["us_vote"] - _no_votes(differences),
        "by_cause": dict(Counter(d["cause"] for d in differences).most_common()),
        "causes": STATEDEPT_CAUSES,
        "differences": differences,
    }


def _no_votes(differences: list[dict[str, Any]]) -> int:
    return sum(1 for d in differences if d["kind"] == "not_selected" and d["record"] is None)
