"""The State Department's lists of the votes its coincidence report counts: `statedept/votes_<year>.csv`.

One row per General Assembly vote the report "Voting Practices in the United Nations" counts for a calendar year:
`year`, `symbol` as printed, `title`, `us_vote` (Y/N/A/X), the printed tally `yes`, `no`, `abstain`, `absent`,
`important` (1 on the year's list of important votes adopted with a vote) and `date` (never printed: empty).
These rows are not votes of the record but a second source to check it against, so `parse` returns no events and
`parse_rows` returns the rows as plain dicts (`Batch.listed`), which the loader writes to `statedept_votes`.

Symbols are kept as printed (`printed`) and canonicalised (`symbol`): `A/RES/75/254[A]` is part A,
`A/RES/75/254 A`, and `A/RES/75/254A-C` the whole, `A/RES/75/254 A-C` (as `witwicki.py` spells them). Two
misprinted symbols are corrected, each with its evidence in `CORRECTIONS` and the row's `note`.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

from unvotes import symbols
from unvotes.ingest._checks import ProblemLog
from unvotes.models import VoteEvent

COLUMNS = ("year", "symbol", "title", "us_vote", "yes", "no", "abstain", "absent", "important", "date")
US_VOTES = ("Y", "N", "A", "X")
COUNTS = ("yes", "no", "abstain", "absent")
_PART = re.compile(r"\[([A-Z])\]$")  # `A/RES/75/254[C]` is part C
_YEAR = re.compile(r"votes_(\d{4})\.csv$")

# (year, symbol as printed) → the symbol meant, and why.
CORRECTIONS: dict[tuple[int, str], tuple[str, str]] = {
    (2020, "A/RES/75/89"): (
        "A/RES/75/86",
        "misprint of A/RES/75/86: the title (Mediterranean region) and the tally 181-0-2 are those of 75/86; "
        "75/89 (sustainable fisheries) was adopted without a vote",
    ),
    (2021, "A/RES/7/54"): (
        "A/RES/76/54",
        "misprint of A/RES/76/54: the same title and tally are on the 2021 report's list of important votes",
    ),
}


def parse(path: Path) -> list[VoteEvent]:
    """No events: the rows check the record, they are not votes of it (see `parse_rows`)."""
    parse_rows(path)
    return []


def parse_rows(path: Path) -> list[dict[str, Any]]:
    """Every row of one year's list, checked; one `IngestError` listing every problem of the file."""
    path = Path(path)
    log = ProblemLog(str(path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            log.add(1, None, f"columns {reader.fieldnames}, expected {', '.join(COLUMNS)}")
            log.check()
        rows = [_row(raw, line, path, log) for line, raw in enumerate(reader, start=2)]
    _check_file(rows, path, log)
    log.check()
    return rows


def _row(raw: dict[str, str], line: int, path: Path, log: ProblemLog) -> dict[str, Any]:
    """One list row: numbers checked, the symbol canonical (and corrected where misprinted)."""
    numbers = {name: _int(raw.get(name) or "", line, name, log) for name in ("year", *COUNTS)}
    printed = (raw.get("symbol") or "").strip()
    year = numbers["year"] or 0
    symbol, note = CORRECTIONS.get((year, printed), (_canonical(printed, line, log), None))
    us_vote = (raw.get("us_vote") or "").strip()
    if us_vote not in US_VOTES:
        log.add(line, "us_vote", f"unknown vote code {us_vote!r} (expected one of {', '.join(US_VOTES)})")
    important = (raw.get("important") or "").strip()
    if important not in ("0", "1"):
        log.add(line, "important", f"expected 0 or 1, not {important!r}")
    return {
        "year": year,
        "line": line,
        "file": str(path),
        "symbol": symbol,
        "printed": printed,
        "title": (raw.get("title") or "").strip() or None,
        "us_vote": us_vote,
        **{name: numbers[name] for name in COUNTS},
        "important": important == "1",
        "note": note,
    }


def _int(text: str, line: int, field: str, log: ProblemLog) -> int | None:
    if not text.strip().isdigit():
        log.add(line, field, f"expected a whole number, not {text!r}")
        return None
    return int(text)


def _canonical(printed: str, line: int, log: ProblemLog) -> str:
    clean = _PART.sub(r"\1", printed)
    if not clean.upper().startswith("A/RES/"):
        log.add(line, "symbol", f"not a GA resolution symbol: {printed!r}")
    return symbols.canonical(clean)


def _check_file(rows: list[dict[str, Any]], path: Path, log: ProblemLog) -> None:
    """Every row of the year in the file name, and no symbol twice."""
    named = _YEAR.search(path.name)
    seen: dict[str, int] = {}
    for row in rows:
        if named and row["year"] != int(named.group(1)):
            log.add(row["line"], "year", f"{row['year']} in a file named for {named.group(1)}")
        if row["symbol"] in seen:
            log.add(row["line"], "symbol", f"{row['symbol']} is also on line {seen[row['symbol']]}")
        seen.setdefault(row["symbol"], row["line"])
