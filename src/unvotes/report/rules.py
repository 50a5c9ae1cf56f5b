"""Plain text of the rules' views: a decision, the audit, a replay."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unvotes.views.shapes import (
        Audit,
        Decision,
        ListedCounts,
        Replay,
        StatedeptAudit,
        StatedeptDifference,
    )


def decision(found: Decision) -> str:
    """The outcome and its explanation, the threshold, the recorded outcome where there is one, the basis, notes."""
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


def audit(report: Audit) -> str:
    """The totals, what was skipped, the causes, then one line per disagreement."""
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


def statedept_audit(report: StatedeptAudit) -> str:
    """The counts, the causes, then one line per difference."""
    lines = [
        f"{report['year']}: {report['listed']} listed votes, {report['matched']} found in the record; "
        f"the record has {report['selected']} final GA votes adopted with a recorded vote that year.",
        f"printed tally equal to the record's: {report['tally_agrees']}; US vote equal: {report['us_agrees']}",
    ]
    lines += ["differences by cause:"] if report["by_cause"] else ["no differences."]
    lines += [f"  {n:>5}  {cause}: {report['causes'][cause]}" for cause, n in report["by_cause"].items()]
    lines += [_statedept_line(d) for d in report["differences"]]
    return "\n".join(lines)


def _statedept_line(d: StatedeptDifference) -> str:
    def counts(c: ListedCounts | None) -> str:
        return "-" if c is None else f"{c['yes']}-{c['no']}-{c['abstain']}-{c['absent']}"

    what = d["symbol"] or d["id"]
    note = f" ({d['note']})" if d["note"] else ""
    return (
        f"  {d['kind']} {what} {d['date'] or ''}: printed {counts(d['printed'])} US {d['us_printed'] or '-'}; "
        f"record {counts(d['record'])} US {d['us_record'] or '-'} [{d['cause']}]{note}"
    )


def replay(found: Replay) -> str:
    return found["summary"]
