"""HZloto's UN Digital Library scrape for 2025 (`raw/hzloto_unga2025/un_votes_2025_processed.csv`), GA and SC.

One row per adopted resolution (or decision), keyed by its UN Digital Library record id (`token`); one column per
member state (ISO3) holding YES, NO, ABSTAIN or blank; the printed tallies are zero-padded strings (`012`).
The `country`, `subregion`, `continent` and `tags` columns were written by a language model: only `tags` is kept,
in `extra["tags"]`.

A blank cell of a member is X (non-voting). Two GA members, AFG and VEN, have no column: a GA row is complete only
where its cells give exactly the printed yes, no and abstain counts, for then every member without a column
cannot have voted either, and AFG and VEN are X (said in `extra["deduced_non_voting"]`). Otherwise the row is
incomplete and the cells may fall short of the printed counts by at most the number of members without a column.
SC cells must give the printed counts exactly; blank cells of council members (`unvotes.refdata.council`) are X.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from unvotes import symbols
from unvotes.ingest._checks import ProblemLog, counts
from unvotes.models import Counts, EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.refdata import council, states

SOURCE = "hzloto_2025"
FIXED = (
    "Link",
    "token",
    "Scrape_Year",
    "Title",
    "Council",
    "Resolution",
    "country",
    "subregion",
    "continent",
    "Date",
    "YES COUNT",
    "NO COUNT",
    "ABSTAIN COUNT",
    "NO-VOTE COUNT",
    "TOTAL VOTES",
    "tags",
)
COUNT_FIELDS = ("YES COUNT", "NO COUNT", "ABSTAIN COUNT", "NO-VOTE COUNT")
VOTES = {"YES": Vote.YES, "NO": Vote.NO, "ABSTAIN": Vote.ABSTAIN}
ORGANS = {"General Assembly": Organ.GA, "Security Council": Organ.SC}
SC_SIZE = 15
_SYMBOL = re.compile(r"^(?:A/(?:RES|DEC)/(?:ES-\d+|S-\d+|\d+)/\d+\s*[A-Z]?|S/RES/\d+\s*\(\d{4}\))$")
_SESSION = re.compile(r"^A/(?:RES|DEC)/((?:ES-|S-)?\d+)/")


@dataclass(frozen=True)
class Row:
    """One CSV record with the physical line it starts on."""

    line: int
    cells: dict[str, str]


def parse(path: Path) -> list[VoteEvent]:
    """Every row of the file as a vote event, or one IngestError listing every problem."""
    log = ProblemLog(str(path))
    with Path(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        columns = _state_columns(header, log)
        if any(name not in header for name in FIXED):
            log.check()  # rows cannot be read without the fixed columns; otherwise go on and report every row
        events = [_event(Path(path), row, columns, log) for row in _rows(reader, header, log)]
    _duplicates([event for event in events if event is not None], log)
    log.check()
    return [event for event in events if event is not None]


def _duplicates(events: list[VoteEvent], log: ProblemLog) -> None:
    """A token (one vote) on two lines: a repeated row."""
    first: dict[str, int | None] = {}
    for event in events:
        if event.key in first:
            log.add(event.provenance.line, "token", f"token {event.key} is also on line {first[event.key]}")
        first.setdefault(event.key, event.provenance.line)


def _state_columns(header: list[str], log: ProblemLog) -> dict[str, str]:
    """Column name → state id for every column after the fixed ones; a missing fixed column is a problem."""
    for name in FIXED:
        if name not in header:
            log.add(1, name, f"missing column {name!r}")
    found: dict[str, str] = {}
    for name in header[len(FIXED) :]:
        state = log.state(name, 1, name, scheme="iso3")
        if state:
            found[name] = state
    return found


def _rows(reader: Iterator[list[str]], header: list[str], log: ProblemLog) -> Iterator[Row]:
    line = 2
    for values in reader:
        if len(values) != len(header):
            log.add(line, None, f"{len(values)} cells, expected {len(header)}")
        elif any(value.strip() for value in values):
            yield Row(line, dict(zip(header, values, strict=True)))
        line = reader.line_num + 1  # type: ignore[attr-defined]


def _event(path: Path, row: Row, columns: dict[str, str], log: ProblemLog) -> VoteEvent | None:
    cells, line = row.cells, row.line
    organ = ORGANS.get(cells["Council"].strip())
    if organ is None:
        log.add(line, "Council", f"unknown organ {cells['Council']!r} (expected {' or '.join(ORGANS)})")
    day = log.date(cells["Date"], line, "Date")
    resolution = _resolution(cells["Resolution"], line, log)
    printed = _counts(cells, line, log)
    cast = _cells(cells, columns, line, log)
    if organ is None or day is None or resolution is None or printed is None or cast is None:
        return None
    votes, complete, deduced = _fill(organ, day, cast, printed, set(columns.values()), line, log)
    return VoteEvent(
        key=cells["token"].strip(),
        organ=organ,
        date=day,
        kind=EventKind.DRAFT,
        provenance=Provenance(SOURCE, str(path), line, url=cells["Link"].strip() or None),
        votes=votes,
        session=_session(resolution),
        resolution=resolution,
        title=cells["Title"].strip() or None,
        counts=printed,
        outcome=Outcome.ADOPTED,
        complete=complete,
        extra=_extra(cells, deduced),
    )


def _resolution(text: str, line: int, log: ProblemLog) -> str | None:
    canonical = symbols.canonical(text)
    if not _SYMBOL.match(canonical):
        log.add(line, "Resolution", f"unreadable resolution symbol {text!r}")
        return None
    return canonical


def _session(resolution: str) -> str | None:
    found = _SESSION.match(resolution)
    return found.group(1) if found else None


def _counts(cells: dict[str, str], line: int, log: ProblemLog) -> Counts | None:
    """The printed tallies; they must add up to TOTAL VOTES."""
    values = [log.integer(cells[name], line, name) for name in COUNT_FIELDS]
    total = log.integer(cells["TOTAL VOTES"], line, "TOTAL VOTES")
    if None in values or total is None:
        if all(cells[name].strip() for name in (*COUNT_FIELDS, "TOTAL VOTES")):
            return None  # a bad number, already logged
        log.add(line, "TOTAL VOTES", "a count is missing")
        return None
    if sum(v for v in values if v is not None) != total:
        log.add(line, "TOTAL VOTES", f"counts {values} add up to {sum(v or 0 for v in values)}, not {total}")
    return counts(*values)


def _cells(
    cells: dict[str, str], columns: dict[str, str], line: int, log: ProblemLog
) -> dict[str, Vote] | None:
    """The votes in the state columns (blank cells left out); None when one is unreadable."""
    cast: dict[str, Vote] = {}
    ok = True
    for name, state in columns.items():
        value = cells[name].strip().upper()
        if value:
            vote = log.vote(value, VOTES, line, name)
            ok = ok and vote is not None
            if vote is not None:
                cast[state] = vote
    return cast if ok else None


def _fill(
    organ: Organ,
    day: dt.date,
    cast: dict[str, Vote],
    printed: Counts,
    columned: set[str],
    line: int,
    log: ProblemLog,
) -> tuple[dict[str, Vote], bool, list[str]]:
    """(votes with the blanks of members as X, complete, members without a column deduced X)."""
    members = _members(organ, day)
    _check_voters(cast, members, line, log)
    uncolumned = members - columned if organ is Organ.GA else set()
    _check_size(organ, printed, members, line, log)
    _check_tallies(cast, printed, len(uncolumned), line, log)
    votes = {state: cast.get(state, Vote.NON_VOTING) for state in sorted(members & columned)}
    exact = _shortfall(cast, printed) == (0, 0, 0)
    deduced = sorted(uncolumned) if exact else []
    votes.update(dict.fromkeys(deduced, Vote.NON_VOTING))
    return votes, exact or not uncolumned, deduced


def _members(organ: Organ, day: dt.date) -> set[str]:
    """The members of the organ that voted: the UN's members, or the Council's, that day."""
    return set(states.members_on(day) if organ is Organ.GA else council.members_on(day))


def _check_voters(cast: dict[str, Vote], members: set[str], line: int, log: ProblemLog) -> None:
    outsiders = sorted(cast.keys() - members)
    if outsiders:
        log.add(line, outsiders[0], f"votes of states that were not members that day: {', '.join(outsiders)}")


def _check_size(organ: Organ, printed: Counts, members: set[str], line: int, log: ProblemLog) -> None:
    """The printed counts cover the whole body: the UN members that day, or the 15 of the Council."""
    size = SC_SIZE if organ is Organ.SC else len(members)
    total = sum(value or 0 for value in printed.as_dict().values())
    if total != size:
        log.add(line, "TOTAL VOTES", f"the counts cover {total} members; the {organ} had {size}")


def _shortfall(cast: dict[str, Vote], printed: Counts) -> tuple[int, int, int]:
    """How many yes, no and abstain votes the printed counts have that the cells do not."""
    got = [sum(vote is wanted for vote in cast.values()) for wanted in (Vote.YES, Vote.NO, Vote.ABSTAIN)]
    return (printed.yes or 0) - got[0], (printed.no or 0) - got[1], (printed.abstain or 0) - got[2]


def _check_tallies(cast: dict[str, Vote], printed: Counts, missing: int, line: int, log: ProblemLog) -> None:
    """Cells may fall short of the printed counts only by the members that have no column."""
    short = _shortfall(cast, printed)
    if min(short) < 0 or sum(short) > missing:
        names = ("YES COUNT", "NO COUNT", "ABSTAIN COUNT")
        field = next(name for name, gap in zip(names, short, strict=True) if gap)
        detail = ", ".join(f"{name} {gap:+d}" for name, gap in zip(names, short, strict=True) if gap)
        log.add(
            line, field, f"printed counts minus the state cells: {detail} (at most {missing} may lack a cell)"
        )


def _extra(cells: dict[str, str], deduced: list[str]) -> dict[str, object]:
    extra: dict[str, object] = {"undl_id": cells["token"].strip(), "tags": cells["tags"].strip() or None}
    if deduced:
        extra["deduced_non_voting"] = deduced
    return extra
