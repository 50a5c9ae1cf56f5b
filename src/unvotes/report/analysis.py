"""Plain text of the analysis views: coincidence, agreement, allies, blocs, ideal points, shifts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unvotes.models import VOTE_WORDS
from unvotes.refdata.errata import NEXT_ROW
from unvotes.report import rows, text

if TYPE_CHECKING:
    from unvotes.views.shapes import (
        Agreement,
        Allies,
        Blocs,
        ChangePoint,
        CheckedCounts,
        Coincidence,
        CoincidenceCheck,
        Compare,
        Erratum,
        IdealPoints,
        Shifts,
    )


RULES = {
    "yes-no": "up to 2016",
    "2017": "for 2017-2018",
    "2019": "for 2019",
    "2020": "for 2020",
    "2021": "for 2021",
    "2022": "from 2022",
}


def coincidence(found: Coincidence) -> str:
    """Which votes and which definition, then one row per state as the report prints it."""
    basis = (
        f"the State Department's list for {found['year']}"
        if found["basis"] == "list"
        else "final GA votes adopted with a recorded vote"
    )
    head = f"{found['votes']} votes ({basis}); the definition of the reports {RULES[found['rule']]}"
    unmatched = [f"listed, not in the record: {', '.join(found['unmatched'])}"] if found["unmatched"] else []
    errata = [errata_note(found)] if found["errata"] else []
    columns = ["state", "same", "opposite", "partial", "absent", "votes", "percent"]
    shown = [r | {"percent": _percent(r["percent"])} for r in found["rows"]]
    return "\n".join([head, *unmatched, *errata, text.table(shown, columns)])


def errata_note(found: Coincidence | CoincidenceCheck) -> str:
    """The votes scored as the report's table scores them, a line each."""
    return "\n".join(
        f"scored as the report's table does (--as-recorded: as cast): {_erratum(e)}" for e in found["errata"]
    )


def _percent(value: float | None) -> str:
    """A percentage to the one decimal the rows carry; n/a where there was nothing to compare."""
    return "n/a" if value is None else f"{value:.1f}"


def coincidence_check(found: CoincidenceCheck) -> str:
    """How many states the printed table and ours agree on, then every state where they do not."""
    n = found["compared"] or 1
    share = {k: f"{found[k]} ({100 * found[k] / n:.1f} %)" for k in ("within_one_point", "identical")}  # type: ignore[literal-required]
    lines = [
        f"{found['year']}: {found['compared']} states against {found['table']} ({found['votes']} votes, "
        f"the definition of the reports {RULES[found['rule']]})",
        f"within one point: {share['within_one_point']}; same, opposite and partial as printed: "
        f"{share['identical']}; absent as printed: {found['absent_identical']}",
        *([errata_note(found)] if found["errata"] else []),
    ]
    for side, states in (
        ("only in the table", found["only_printed"]),
        ("not in the table", found["only_ours"]),
    ):
        if states:
            lines.append(f"{side}: {', '.join(states)}")
    differing = [
        r for r in found["rows"] if not (r["identical"] and r["within_one_point"] and r["absent_identical"])
    ]
    if not differing:
        return "\n".join([*lines, "every state as printed"])
    table = [
        {
            "state": r["state"],
            "line": r["printed"].get("line"),
            **_side("ours", r["ours"]),
            **_side("printed", r["printed"]),
        }
        for r in differing
    ]
    return "\n".join([*lines, f"differing ({len(differing)}):", text.table(table, list(table[0]))])


def _side(name: str, counts: CheckedCounts) -> dict[str, Any]:
    """One side's columns as s/o/p/a and percent."""
    columns = "/".join(str(counts[k]) for k in ("same", "opposite", "partial", "absent"))  # type: ignore[literal-required]
    return {f"{name} s/o/p/a": columns, f"{name} %": _percent(counts["percent"])}


def _erratum(e: Erratum) -> str:
    """What one erratum changes, in a line (the evidence is in --json)."""
    votes = ", ".join(e["ids"])
    if e["scored_as"] != NEXT_ROW:
        return f"{votes}: {', '.join(e['states'])} counted as {VOTE_WORDS[e['scored_as']]}"
    return f"{votes}: {e['states'][0]} to {e['states'][-1]} ({len(e['states'])} states) each with the next one's vote"


def agreement(found: Agreement) -> str:
    """The overall score, then the score per period."""
    score = "n/a" if found["score"] is None else f"{100 * found['score']:.1f} %"
    head = f"{found['a']} and {found['b']}: {score} agreement over {found['votes']} votes"
    series = found["series"]
    return "\n".join([head, text.table(series, list(series[0]) if series else [])])


def compare(found: Compare) -> str:
    """The agreement of the two sides, then every vote on which they split."""
    splits = text.table(found["splits"], ["date", "symbol", "a", "b", "title"])
    return "\n".join([agreement(found), f"split on {len(found['splits'])} votes:", splits])  # type: ignore[arg-type]


def allies(found: Allies) -> str:
    return text.table(rows.allies(found), ["relation", "state", "score", "n"])


def blocs(found: Blocs) -> str:
    """One row per bloc (its scalar fields), then each cluster's name and states."""
    table: list[dict[str, Any]] = [
        {k: v for k, v in b.items() if not isinstance(v, list | dict)} for b in found["blocs"]
    ]
    lines = [text.table(table, list(table[0]) if table else [])]
    for cluster in found.get("clusters", []):
        lines.append(f"cluster {cluster.get('name')}: {', '.join(cluster.get('states', []))}")
    return "\n".join(lines)


def ideal_points(found: IdealPoints) -> str:
    columns = (
        ["state", "session", "year", "ideal_point", "se"]
        if found["by"] == "year"
        else ["state", "session", "ideal_point", "se"]
    )
    return text.table(found["rows"], columns)


def shifts(found: Shifts) -> str:
    """How many turnarounds, each with both votes and their titles, then each change point as a sentence."""
    flat = rows.turnarounds(found)
    lines = [f"{found['state']}: {len(flat)} turnarounds"]
    lines += [turnaround(t) for t in flat]
    lines += [change_point(point) for point in found.get("change_points", [])]
    return "\n".join(lines)


def turnaround(t: dict[str, Any]) -> str:
    """A change, the vote before and the vote after (symbol, date), the rule that linked them; then both titles."""
    return (
        f"  {t['change']} {t['from']} → {t['to']}: {t['before']} ({t['before_date']}) → {t['after']}"
        f" ({t['after_date']}) [{t['rule']}]\n"
        f"    before: {t['before_title'] or '-'}\n"
        f"    after:  {t['after_title'] or '-'}"
    )


def change_point(point: ChangePoint) -> str:
    before, after = point["before"], point["after"]
    shown = "; ".join(f"{v['symbol']} ({v['date']}) {v['a']}/{v['b']}" for v in point["votes"][:3])
    return (
        f"change point: {before['score']:.3f} in {before['periods'][0]}–{before['periods'][-1]} ({before['n']} votes)"
        f" → {after['score']:.3f} in {after['periods'][0]}–{after['periods'][-1]} ({after['n']} votes); shown by {shown}"
    )
