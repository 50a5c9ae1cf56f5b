"""Commands that apply the rules: decide, replay, audit."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import click

from unvotes import audit, rules
from unvotes.cli import _date, _store, cli, emit, output_options
from unvotes.errors import UnvotesError
from unvotes.models import Organ
from unvotes.rules import sequence, sequence_format
from unvotes.rules.decision import Question, Tally
from unvotes.store import queries


def _render_decision(found: dict[str, Any]) -> str:
    lines = [
        f"{found['outcome'].upper()}: {found['explanation']}",
        f"  threshold: {found['threshold']} ({found['required']} needed)",
    ]
    if found.get("recorded") is not None:
        agree = "agrees" if found["recorded"] == found["outcome"] else "DISAGREES"
        lines.append(f"  recorded outcome: {found['recorded']} ({agree})")
    lines.append(f"  basis: {'; '.join(found['basis'])}")
    lines += [f"  note: {flag}" for flag in found["flags"]]
    return "\n".join(lines)


def _decision_dict(decision: Any) -> dict[str, Any]:
    t = decision.tally
    return {
        "organ": str(decision.organ),
        "question": str(decision.question),
        "tally": {"yes": t.yes, "no": t.no, "abstain": t.abstain, "non_voting": t.non_voting},
        "outcome": str(decision.outcome),
        "threshold": decision.threshold,
        "required": decision.required,
        "negative_permanent": list(decision.negative_permanent),
        "vetoed_by": list(decision.vetoed_by),
        "insufficient_votes": decision.insufficient_votes,
        "basis": list(decision.basis),
        "flags": list(decision.flags),
        "explanation": decision.explanation,
    }


@cli.command()
@click.argument("symbol", required=False)
@click.option("--organ", type=click.Choice(["GA", "SC"]), help="The organ (with the numbers).")
@click.option(
    "--question",
    type=click.Choice([q.value for q in Question]),
    help="The question put (default: GA simple, SC substantive).",
)
@click.option("--yes", type=click.IntRange(0), help="Votes in favour.")
@click.option("--no", type=click.IntRange(0), help="Votes against.")
@click.option("--abstain", type=click.IntRange(0), default=0, show_default=True)
@click.option("--non-voting", type=click.IntRange(0), default=0, show_default=True)
@click.option("--negative-permanent", default="", help="Permanent members voting no, e.g. RUS,USA.")
@click.option("--date", "on", callback=_date, help="Date of the vote (SC: council size and permanent seats).")
@output_options
@click.pass_context
def decide(
    ctx: click.Context,
    symbol: str | None,
    organ: str | None,
    question: str | None,
    yes: int | None,
    no: int | None,
    abstain: int,
    non_voting: int,
    negative_permanent: str,
    on: dt.date | None,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Decide a vote as the Charter and the rules of procedure do, with the arithmetic and the legal basis.

    Give the numbers, or the symbol of a recorded vote (decided from its votes, next to the recorded outcome).

    \b
    Example:
      unvotes decide --organ GA --question two-thirds --yes 93 --no 18 --abstain 65
      unvotes decide --organ SC --yes 11 --no 1 --abstain 3 --negative-permanent RUS
      unvotes decide S/2025/115
    """
    if symbol:
        with _store(ctx) as con:
            case = audit.case_from_record(queries.show(con, symbol))
        decision = audit.decide_case(case, Question(question) if question else None)
        if decision is None:
            raise UnvotesError(
                f"{symbol}: the record has no tally to decide from",
                hint="See `unvotes show` for what it holds.",
            )
        found = _decision_dict(decision) | {"symbol": case.symbol, "recorded": case.outcome}
    else:
        if organ is None or yes is None or no is None:
            raise click.UsageError("give a SYMBOL, or --organ, --yes and --no")
        tally = Tally(yes, no, abstain, non_voting)
        kind = (
            Question(question) if question else (Question.SUBSTANTIVE if organ == "SC" else Question.SIMPLE)
        )
        negative = [s.strip().upper() for s in negative_permanent.split(",") if s.strip()]
        extra = {"negative_permanent": negative, "on": on} if organ == "SC" else {}
        try:
            decision = rules.decide(Organ(organ), tally, kind, **extra)
        except ValueError as error:  # a question or tally the organ cannot have
            raise click.UsageError(str(error)) from error
        found = _decision_dict(decision)
    emit(found, as_json, as_csv, _render_decision, [found])


@cli.command(name="audit")
@output_options
@click.pass_context
def audit_(ctx: click.Context, as_json: bool, as_csv: bool) -> None:
    """Decide every vote in the record from its votes and list where the recorded outcome disagrees, by cause.

    \b
    Example:
      unvotes audit
      unvotes audit --json > audit.json
    """
    with _store(ctx) as con:
        report = audit.audit(con).as_dict()
    emit(report, as_json, as_csv, _render_audit, report["findings"])


def _render_audit(report: dict[str, Any]) -> str:
    lines = [
        f"{report['decided']} votes decided: {report['agree']} agree with the recorded outcome, {report['disagree']} disagree.",
        "skipped: " + ", ".join(f"{n} {why}" for why, n in report["skipped"].items()),
        "disagreements by cause:",
    ]
    lines += [f"  {n:>5}  {cause}: {report['causes'][cause]}" for cause, n in report["by_cause"].items()]
    for f in report["findings"]:
        t = f["tally"]
        p5 = f" (no: {', '.join(f['negative_permanent'])})" if f["negative_permanent"] else ""
        lines.append(
            f"  {f['date']} {f['organ']} {f['symbol']}: {t['yes']}-{t['no']}-{t['abstain']}{p5}; recorded {f['recorded']}, decided {f['decided']} [{f['cause']}]"
        )
    return "\n".join(lines)


@cli.command()
@click.argument("file", required=False, type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--organ", type=click.Choice(["GA", "SC"]), help="With --date: replay that day's votes from the record."
)
@click.option("--date", "on", callback=_date, help="The day (YYYY-MM-DD).")
@output_options
@click.pass_context
def replay(
    ctx: click.Context, file: Path | None, organ: str | None, on: dt.date | None, as_json: bool, as_csv: bool
) -> None:
    """Replay a whole voting sequence step by step: motions, amendments in the chair's order, parts, the draft.

    From the record (the chair's order from the sequence shipped for that day, the numbers from the record), or
    from a sequence file (format: docs/sequences.md).

    \b
    Example:
      unvotes replay --organ SC --date 2025-02-24
      unvotes replay my-sequence.json --json
    """
    if file is not None:
        seq = sequence_format.parse_sequence(file.read_text(encoding="utf-8"), str(file))
    elif organ and on:
        with _store(ctx) as con:
            seq = audit.sequence_of_day(con, organ, on)
    else:
        raise click.UsageError("give a sequence FILE, or --organ and --date")
    result = sequence.replay(seq)
    found = _replay_dict(seq, result)
    emit(found, as_json, as_csv, lambda _: result.summary(), found["steps"])


def _replay_dict(seq: Any, result: Any) -> dict[str, Any]:
    return {
        "organ": str(seq.organ),
        "date": seq.date.isoformat(),
        "meeting": seq.meeting,
        "order_basis": seq.order_basis,
        "agrees": result.agrees,
        "steps": [
            {
                "step": r.number,
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
            for r in result.steps
        ],
    }
