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


def event(record: Mapping[str, Any], with_state: str | None = None, whole: bool = False) -> str:
    """One vote: what, when, the counts and outcome, every group of votes (the largest abridged unless `whole`,
    with a note saying how to see it whole), the sources."""
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
    lines += _with(record["votes"], with_state)
    lines += groups(record["votes"], None if whole else record.get("id") or symbol)
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


def _with(votes: dict[str, str], with_state: str | None) -> list[str]:
    if with_state and with_state in votes:
        mine = votes[with_state]
        same = sorted(s for s, v in votes.items() if v == mine and s != with_state)
        return [
            f"  {state_name(with_state)} voted {VOTE_WORDS[mine]}, with {len(same)} others: {names(same)}"
        ]
    return [f"  {state_name(with_state)}: no vote in the record"] if with_state else []


ABRIDGE_OVER = 40  # a vote with more states' votes than this has its largest group abridged in the text
ABRIDGED = 20  # the states of the largest group named before "… N more"


def groups(votes: dict[str, str], abridge: str | None) -> list[str]:
    """Every group of votes (yes, no, abstain, non-voting) by state code. Where `abridge` names the vote and there
    are many votes, the largest group names its first states and a note says how to list them all."""
    by_code = {code: sorted(s for s, v in votes.items() if v == code) for code in VOTE_WORDS}
    largest = max(by_code, key=lambda c: len(by_code[c]))
    cut = abridge is not None and len(votes) > ABRIDGE_OVER and len(by_code[largest]) > ABRIDGED
    lines = [
        _group(code, found, ABRIDGED if cut and code == largest else None)
        for code, found in by_code.items()
        if found
    ]
    note = f"  ({VOTE_WORDS[largest]} abridged: `unvotes show {abridge} --all` lists every state)"
    return lines + ([note] if cut else [])


def _group(code: str, found: list[str], limit: int | None) -> str:
    shown = found[:limit] if limit else found
    more = f", … {len(found) - len(shown)} more" if len(shown) < len(found) else ""
    return f"  {VOTE_WORDS[code]} ({len(found)}): {', '.join(shown)}{more}"


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
