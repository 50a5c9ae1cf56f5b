"""A check as text: each claim with its verdict, the vote it is about and the evidence, then the verdict."""

from __future__ import annotations

from typing import Any

from unvotes.factcheck.shapes import Check, CheckedClaim

MARKS = {"true": "TRUE", "false": "FALSE", "unverifiable": "UNVERIFIABLE"}


def text(found: Check) -> str:
    """The check as the terminal prints it."""
    lines = [
        f"Dateline: {found['date'] or 'none'}" + (f"   organ: {found['organ']}" if found["organ"] else "")
    ]
    if not found["claims"]:
        lines.append("No claims about a recorded vote were found.")
    for claim in found["claims"]:
        lines += ["", *claim_lines(claim)]
    lines += ["", f"Verdict: {MARKS[found['verdict']]} ({summary(found)})"]
    lines += [f"Caveat: {caveat}" for caveat in found["caveats"]]
    return "\n".join(lines)


def summary(found: Check) -> str:
    """ "12 claims: 11 true, 0 false, 1 unverifiable"."""
    verdicts = [c["verdict"] for c in found["claims"]]
    parts = ", ".join(f"{verdicts.count(v)} {v}" for v in MARKS)
    return f"{len(verdicts)} claim{'s' if len(verdicts) != 1 else ''}: {parts}"


def claim_lines(claim: CheckedClaim) -> list[str]:
    """One claim: verdict, kind and words; then the vote, what the record says, the rule and the note."""
    lines = [f"{MARKS[claim['verdict']]:<12} [{claim['kind']}] “{claim['text']}”"]
    proof: dict[str, Any] = dict(claim["evidence"])
    if proof.get("symbol"):
        lines.append(
            f"  vote: {proof['symbol']} ({proof['organ']} {proof['date']}), {proof.get('outcome') or 'no outcome'}"
        )
        lines.append(f"  record: {_counts(proof.get('counts'))}")
    if proof.get("states"):
        shown = ", ".join(f"{s} {v or 'no vote recorded'}" for s, v in proof["states"].items())
        lines.append(f"  states: {shown}")
    if proof.get("before"):
        lines.append(
            f"  before: {proof['before'].get('symbol')} ({proof['before'].get('date')}) {proof['before'].get('vote')}"
        )
    if proof.get("rule"):
        lines.append(f"  rule: {proof['rule']}")
    if claim["note"]:
        lines.append(f"  note: {claim['note']}")
    return lines


def _counts(counts: dict[str, Any] | None) -> str:
    if not counts:
        return "no counts"
    shown = [
        f"{counts.get(k)} {label}"
        for k, label in (("yes", "yes"), ("no", "no"), ("abstain", "abstain"))
        if counts.get(k) is not None
    ]
    if counts.get("non_voting") is not None:
        shown.append(f"{counts['non_voting']} non-voting")
    return ", ".join(shown) or "no counts"
