"""Plain text of the rules' views: a decision, the audit, a replay."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from unvotes.views.shapes import Audit, Decision, Replay


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


def replay(found: Replay) -> str:
    return found["summary"]
