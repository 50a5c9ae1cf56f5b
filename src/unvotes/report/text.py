"""Plain text for the terminal: the shared helpers (names, counts, tables) and one vote."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from unvotes.refdata import states

VOTE_WORDS = {"Y": "yes", "N": "no", "A": "abstain", "X": "non-voting"}


def counts_line(counts: dict[str, int | None] | None) -> str:
    if not counts:
        return "no tally printed"
    parts = [
        f"{counts.get(k) if counts.get(k) is not None else '?'} {k.replace('_', '-')}"
        for k in ("yes", "no", "abstain", "non_voting")
    ]
    return ", ".join(parts)


def state_name(state_id: str) -> str:
    found = states.states().get(state_id)
    return found.name if found else state_id


def names(ids: list[str]) -> str:
    return ", ".join(state_name(s) for s in ids) if ids else "none"


def event(record: Mapping[str, Any], with_state: str | None = None) -> str:
    """One vote: what, when, the counts and outcome, the votes by group, the sources."""
    symbol = record["resolution"] or record["document"] or record.get("symbol") or "(no symbol)"
    lines = [
        f"{record['organ']} {record['date']}  {symbol}  [{record['kind']}]",
        f"  {record['title'] or ''}".rstrip(),
        f"  document: {record['document'] or '-'}   meeting: {record['meeting'] or '-'}"
        + (f"   amends: {record['amends']}" if record["amends"] else ""),
        f"  counts (as printed): {counts_line(record['counts'])}",
        *_inferred(record),
        f"  per-state votes: {counts_line(record['tally'])}"
        + ("" if record["complete"] else "  (incomplete)"),
        f"  outcome: {record['outcome'] or 'not recorded'}",
    ]
    lines += _groups(record["votes"], with_state)
    lines += [
        f"  related: {r['relation']} {r['document'] or r['resolution']} ({r['outcome'] or '?'})"
        for r in record["related"]
    ]
    lines += [
        f"  source: {s['source']} {s['file']}" + (f":{s['line']}" if s["line"] else "")
        for s in record["sources"]
    ]
    if record["disagreements"]:
        lines.append(
            f"  sources disagree on {len(record['disagreements'])} state(s): "
            + "; ".join(
                f"{d['state']} " + "/".join(f"{k}={v}" for k, v in d["votes"].items())
                for d in record["disagreements"][:10]
            )
        )
    return "\n".join(lines)


INFERRED = "  symbol assignment inferred from the order of voting; see the file's notes"


def _inferred(record: Mapping[str, Any]) -> list[str]:
    """The warning that the counts' symbol was assigned by inference, where a source says so."""
    return [INFERRED] if record.get("symbol_inferred") else []


def _groups(votes: dict[str, str], with_state: str | None) -> list[str]:
    lines = []
    if with_state and with_state in votes:
        mine = votes[with_state]
        same = sorted(s for s, v in votes.items() if v == mine and s != with_state)
        lines.append(
            f"  {state_name(with_state)} voted {VOTE_WORDS[mine]}, with {len(same)} others: {names(same)}"
        )
    elif with_state:
        lines.append(f"  {state_name(with_state)}: no vote in the record")
    for code in ("N", "A") if len(votes) > 40 else ("Y", "N", "A", "X"):
        group = sorted(s for s, v in votes.items() if v == code)
        if group:
            lines.append(f"  {VOTE_WORDS[code]} ({len(group)}): {', '.join(group)}")
    return lines


def _cell(value: Any) -> str:
    if value is None:
        return ""
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def table(rows: Sequence[Mapping[str, Any]], columns: list[str]) -> str:
    """A fixed-width table of selected columns."""
    if not rows:
        return "(nothing found)"
    cells = [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [min(60, max(len(c), *(len(row[i]) for row in cells))) for i, c in enumerate(columns)]
    head = "  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True))
    body = ["  ".join(v[:w].ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join([head, *body])
