"""A UN Digital Library scrape of GA votes, one file a year: `undl_scrape_witwicki/<year>_RAW_COIN.csv`.

A resolution × country matrix: the first column is the resolution symbol (`A/RES/75/250A`, `A/RES/75/254A-C`,
`A/RES/75/254[C]`), the other headers are upper-case UN names, and the cells are Y / N / A / X (X = absent). The
last row, indexed `Country` and otherwise empty, is junk and is dropped.

The file has **no dates**. A `VoteEvent` needs one, and a parser must not borrow it from another source, so every
event is dated 1 January of the year in the file name, with `extra["date_precision"] == "year"`: the store and the
reconciliation must treat that date as "some day that year" (match these events by symbol, never by date).
Names are resolved as of that day. The file prints no tallies, so `counts` is None.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

from unvotes import symbols
from unvotes.ingest._checks import ProblemLog
from unvotes.models import EventKind, Organ, Outcome, Provenance, Vote, VoteEvent

_CODES = {"Y": Vote.YES, "N": Vote.NO, "A": Vote.ABSTAIN, "X": Vote.NON_VOTING}
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?!\d)")
_PART = re.compile(r"\[([A-Z])\]$")  # `A/RES/75/254[C]` is part C
_SESSION = re.compile(r"^A/RES/((?:ES-|S-)?\d+)/")
JUNK_INDEX = "Country"


def parse(path: Path) -> list[VoteEvent]:
    """Every resolution (row) of one year's file, dated 1 January of that year (see the module docstring)."""
    path = Path(path)
    log = ProblemLog(str(path))
    day = _day(path, log)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    columns = _header(rows[0] if rows else [], day, log)
    found = [_event(row, line, columns, day, path, log) for line, row in enumerate(rows[1:], start=2)]
    events = [event for event in found if event is not None]
    _duplicates(events, log)
    log.problems.sort(key=lambda problem: problem.line or 0)
    log.check()
    return events


def _day(path: Path, log: ProblemLog) -> dt.date:
    found = _YEAR.search(path.name)
    if found is None:
        log.add(
            None, None, "no year in the file name (expected e.g. 2020_RAW_COIN.csv): the file has no dates"
        )
        return dt.date(1, 1, 1)
    return dt.date(int(found.group(1)), 1, 1)


def _header(header: list[str], day: dt.date, log: ProblemLog) -> list[tuple[str, str | None]]:
    """The name and state id of each column after the first (None where the name is unknown)."""
    if len(header) < 2:
        log.add(1, None, "no header of country names")
        return []
    found: list[tuple[str, str | None]] = []
    for name in header[1:]:
        state = log.state(name, 1, name, on=day, scheme="name")
        if state is not None and state in {other for _, other in found}:
            log.add(1, name, f"{state} has two columns")
        found.append((name, state))
    return found


def _duplicates(events: list[VoteEvent], log: ProblemLog) -> None:
    first: dict[str, int | None] = {}
    for event in events:
        if event.key in first:
            log.add(event.provenance.line, "symbol", f"{event.key} is also on line {first[event.key]}")
        first.setdefault(event.key, event.provenance.line)


def _event(
    row: list[str],
    line: int,
    columns: list[tuple[str, str | None]],
    day: dt.date,
    path: Path,
    log: ProblemLog,
) -> VoteEvent | None:
    if not row or (row[0].strip() == JUNK_INDEX and not any(cell.strip() for cell in row[1:])):
        return None
    if len(row) != len(columns) + 1:
        log.add(line, None, f"{len(row)} fields, expected {len(columns) + 1} (a truncated or broken line?)")
        return None
    symbol = _symbol(row[0], line, log)
    votes = _votes(row[1:], columns, line, log)
    if symbol is None:
        return None
    session = _SESSION.match(symbol)
    return VoteEvent(
        key=symbol,
        organ=Organ.GA,
        date=day,
        kind=EventKind.DRAFT,
        provenance=Provenance("witwicki", str(path), line),
        votes=votes,
        session=session.group(1) if session else None,
        resolution=symbol,
        outcome=Outcome.ADOPTED,
        extra={"date_precision": "year", "symbol_as_printed": row[0]},
    )


def _symbol(text: str, line: int, log: ProblemLog) -> str | None:
    clean = _PART.sub(r"\1", text.strip())
    if not clean.upper().startswith("A/") or not symbols.is_symbol(clean):
        log.add(line, "symbol", f"not a GA symbol: {text[:80]!r}")
        return None
    return symbols.canonical(clean)


def _votes(
    cells: list[str], columns: list[tuple[str, str | None]], line: int, log: ProblemLog
) -> dict[str, Vote]:
    votes: dict[str, Vote] = {}
    for cell, (name, state) in zip(cells, columns, strict=True):
        vote = log.vote(cell, _CODES, line, name)
        if vote is not None and state is not None:
            votes[state] = vote
    return votes  # a missing vote or state is a logged problem: the file is rejected
