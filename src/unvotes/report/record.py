"""Plain text of the record's views: with, votes, search, day, stats, about."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from unvotes.report import text

if TYPE_CHECKING:
    from unvotes.views.shapes import About, Day, Search, StateProfile, StateVotes, Stats, VotedWith


def voted_with(found: VotedWith) -> str:
    """One sentence: the vote, the state's vote, and the states that voted alike, by name."""
    word = text.VOTE_WORDS[found["vote"]]
    return (
        f"{found['symbol']} ({found['date']}): {text.state_name(found['state'])} voted {word}, "
        f"as did {len(found['states'])}: {text.names(found['states'])}"
    )


def state_votes(found: StateVotes) -> str:
    """One row per vote; with --lineage, a column saying which rows are a predecessor's votes."""
    lineage = ["lineage"] if any("lineage" in r for r in found["votes"]) else []
    return text.table(found["votes"], ["date", "organ", "symbol", "vote", "outcome", *lineage, "title"])


def search(found: Search) -> str:
    return text.table(found["hits"], ["date", "organ", "resolution", "document", "outcome", "title"])


def day(found: Day) -> str:
    """Every vote of the day, one block each."""
    return "\n\n".join(text.event(r, found["with_state"]) for r in found["votes"]) or "(no votes that day)"


def stats(found: Stats) -> str:
    """The totals, the span of each organ, disagreements, tally mismatches, the sources and the known gaps."""
    lines = [
        f"{found['records']} votes ({found['events']} source events, {found['votes']} state votes); "
        f"{found['disagreements']} state votes on which sources disagree"
    ]
    lines += _organ_spans(found)
    lines.append(
        "disagreements by source: "
        + ", ".join(f"{k} {v}" for k, v in found["disagreements_by_source"].items())
    )
    lines.append(
        f"{len(found['tally_mismatches'])} events whose per-state votes do not add up to their printed counts:"
    )
    lines += [
        f"  {m['source']} {m['symbol']} ({m['date']}): printed {m['printed']}, per state {m['per_state']}"
        for m in found["tally_mismatches"]
    ]
    lines.append("sources:")
    lines += sources(found["sources"])  # type: ignore[arg-type]
    lines.append("known gaps:")
    lines += [f"  - {g}" for g in found["gaps"]]
    return "\n".join(lines)


def _organ_spans(found: Stats) -> list[str]:
    lines = []
    for organ in ("GA", "SC"):
        years = [r for r in found["per_organ_year"] if r["organ"] == organ]
        if years:
            lines.append(
                f"{organ}: {sum(r['records'] for r in years)} votes, {years[0]['year']}–{years[-1]['year']}"
            )
    return lines


def sources(files: list[dict[str, Any]]) -> list[str]:
    """One line per source: its version, how many files and events, and its terms; then how to cite it."""
    by_source: dict[str, list[dict[str, Any]]] = {}
    for f in files:
        by_source.setdefault(f["source"], []).append(f)
    lines = []
    for key, fs in by_source.items():
        events = sum(f["events"] for f in fs)
        lines.append(
            f"  {key:<14} {fs[0]['version'] or '-':<52} {len(fs):>3} file(s) {events:>6} events  ({fs[0]['terms']})"
        )
        lines += sorted({f"      cite: {f['citation']}" for f in fs if f["citation"]})
    return lines


def about(found: About) -> str:
    """The sources in order of precedence, with their addresses and terms, then the UN's notice."""
    lines = ["unvotes is built from these sources (a lower precedence wins where they disagree):", ""]
    for r in found["sources"]:
        lines += [
            f"{r['source']} (precedence {r['precedence']}): {r['title']}",
            f"  {r['url']}",
            f"  terms: {r['terms']}",
        ]
    return "\n".join([*lines, "", found["notice"]])


def state(found: StateProfile) -> str:
    """Who the state is, its votes per organ, then its latest votes."""
    names = list(dict.fromkeys(n["name"] for n in found["names"] if n["name"] != found["name"]))
    span = f"from {found['admitted'] or '?'}" + (f" to {found['ended']}" if found["ended"] else "")
    head = f"{found['name']} ({found['state']}), a member {span}"
    lines = [head + (f"; formerly {', '.join(names)}" if names else "")]
    lines += [f"  succeeded {text.names(found['predecessors'])}"] if found["predecessors"] else []
    lines += [f"  succeeded by {text.names(found['successors'])}"] if found["successors"] else []
    lines += [
        f"  {s['organ']}: {s['votes']} votes, {s['first']} to {s['last']}: {text.counts_line(s['counts'])}"  # type: ignore[arg-type]
        for s in found["by_organ"]
    ]
    latest = text.table(found["latest"], ["date", "organ", "symbol", "vote", "outcome", "title"])
    return "\n".join([*lines, "latest votes:", latest])
