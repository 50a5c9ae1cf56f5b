"""The UN Digital Library's official voting files: `*_ga_voting.csv` and `*_sc_voting.csv`.

One row per member state per resolution; the rows of one resolution share an `undl_id`, which becomes the event key.
The GA file comes in two layouts: the 2025 one (`ms_code`, `ms_vote` with Y/N/A/X) and the 2024 one (`ms_codes`,
`ms_votes`, with `NV` for non-voting); the layout is read from the header. A resolution whose rows are fewer than
its `total_ms` is kept as a partial event (`complete=False`): its rows must not exceed the printed totals, but they
need not add up to them. The data dictionary (`*_md.md`) beside the file gives the version and the record URL.

The full GA file has about 950k rows. Files of a megabyte or more are read by pyarrow and checked column-wise
(`undl_fast`) wherever each row sits on a line of its own; otherwise (a quoted line break, a blank line, a wrong
field count, text that is not UTF-8), and for smaller files, they are read with the csv module into plain lists and
grouped by `undl_id`, which gives the exact line of every problem. Both readers take the layouts and the row-level checks from `undl_layout` (event-level fields
compared as raw text, each state spelling resolved once), and both give the same groups and problems.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import replace
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from unvotes import symbols
from unvotes.ingest._checks import ProblemLog, counts, most_votes
from unvotes.ingest._reading import encoding_problem
from unvotes.ingest.undl_layout import (
    EVENT_FIELDS,
    TOTALS,
    Group,
    Layout,
    StateCache,
    contradictions,
    empty_key,
    find_layout,
    twice,
)
from unvotes.models import Counts, EventKind, Organ, Outcome, Provenance, VoteEvent

if TYPE_CHECKING:
    from _csv import Reader

_Get = Callable[[str], str]

_NO_VOTE = re.compile(r"without (a )?vote|no vote was taken|acclamation|consensus", re.IGNORECASE)
_RECORD_URL = re.compile(r"https?://digitallibrary\.un\.org/record/\d+")


def parse_undl_ga(path: Path) -> list[VoteEvent]:
    """Every resolution of an official GA voting file (either layout), one event per `undl_id`."""
    return _parse(Path(path), Organ.GA, "undl_ga")


def parse_undl_sc(path: Path) -> list[VoteEvent]:
    """Every resolution of an official SC voting file, one event per `undl_id`."""
    return _parse(Path(path), Organ.SC, "undl_sc")


def _parse(path: Path, organ: Organ, source: str, *, fast: bool | None = None) -> list[VoteEvent]:
    """Parse a file with the pyarrow reader where it is large (`fast=None`), always (`True`) or never (`False`):
    the csv-module reader gives the same result."""
    log = ProblemLog(str(path))
    read = _read(path, organ, log, fast)
    if read is None:  # a wrong header or undecodable text: nothing more to check
        log.check()
        return []
    layout, columns, groups = read
    version, url = metadata(path, organ)
    builder = _Builder(layout, columns, Provenance(source, str(path), None, version, url), log)
    events = [builder.build(group) for group in groups.values()]
    log.problems.sort(key=lambda problem: problem.line or 0)
    log.check()
    return [event for event in events if event is not None]


def _read(
    path: Path, organ: Organ, log: ProblemLog, fast: bool | None = None
) -> tuple[Layout, dict[str, int], dict[str, Group]] | None:
    """The layout, the column indexes and the rows grouped by `undl_id`; None where the rows cannot be read."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            found = find_layout(header, organ, log)
            if found is None:
                return None
            if (
                (_large(path) if fast is None else fast)
                and header is not None
                and len(header) == len(found[1])
            ):
                from unvotes.ingest import undl_fast  # pyarrow: worth loading for large files only

                groups = undl_fast.read(path, *found, log)
                if groups is not None:
                    return (*found, groups)
            return (*found, _Rows(*found, log).read(reader))
    except UnicodeDecodeError:
        log.problems.append(encoding_problem(path))
        return None


FAST_FROM_BYTES = 1 << 20  # below this, loading pyarrow costs more than it saves


def _large(path: Path) -> bool:
    """Worth loading the pyarrow reader for."""
    return path.stat().st_size >= FAST_FROM_BYTES


class _Rows:
    """Reads the rows of a file into groups by `undl_id`, logging every row-level problem."""

    def __init__(self, layout: Layout, columns: dict[str, int], log: ProblemLog) -> None:
        self.layout = layout
        self.columns = columns
        self.log = log
        self.signature = itemgetter(*(columns[name] for name in EVENT_FIELDS))
        self.states = StateCache(log)

    def read(self, reader: Reader) -> dict[str, Group]:
        """Group the rows; the loop is written out for speed (it runs once per member vote)."""
        groups: dict[str, Group] = {}
        col = self.columns
        i_id, i_code, i_vote = col["undl_id"], col[self.layout.code], col[self.layout.vote]
        i_name, i_date = col["ms_name"], col["date"]
        width, codes, signature, log = len(col), self.layout.codes, self.signature, self.log
        state_of = self.states.by_code.get
        last = 1
        for row in reader:
            line, last = last + 1, reader.line_num  # where the record starts (a quoted field may span lines)
            if len(row) != width:
                self._width(row, line, width)
                continue
            group = groups.get(row[i_id])
            if group is None:
                group = groups[row[i_id]] = self._first(row, line)
            elif signature(row) != group.signature:
                self._contradiction(row, line, group)
            group.rows += 1
            vote = codes.get(row[i_vote])
            if vote is None:
                log.vote(row[i_vote], codes, line, self.layout.vote)
            state = state_of(row[i_code]) or self.states.slow(row[i_code], row[i_name], row[i_date], line)
            if state is None or vote is None:
                continue
            if state in group.votes:
                self._twice(row, line, state)
            group.votes[state] = vote
        return groups

    def _first(self, row: list[str], line: int) -> Group:
        self._log(line, empty_key(row[self.columns["undl_id"]]))
        return Group(row, line, self.signature(row))

    def _width(self, row: list[str], line: int, width: int) -> None:
        if row:  # a blank line is no row
            self.log.add(line, None, f"{len(row)} fields, expected {width} (a truncated or broken line?)")

    def _contradiction(self, row: list[str], line: int, group: Group) -> None:
        key = row[self.columns["undl_id"]]
        self._log(line, contradictions(key, self.signature(row), group.signature, group.line))

    def _twice(self, row: list[str], line: int, state: str) -> None:
        col = self.columns
        self._log(line, [twice(self.layout, row[col["undl_id"]], state, row[col["ms_name"]])])

    def _log(self, line: int, found: Iterable[tuple[str, str]]) -> None:
        for field, message in found:
            self.log.add(line, field, message)


class _Builder:
    """Turns a group of rows into a `VoteEvent`, checking the event-level fields."""

    def __init__(
        self, layout: Layout, columns: dict[str, int], provenance: Provenance, log: ProblemLog
    ) -> None:
        self.layout = layout
        self.columns = columns
        self.provenance = provenance
        self.log = log

    def build(self, group: Group) -> VoteEvent | None:
        get = self._getter(group.first)
        day = self.log.date(get("date"), group.line, "date")
        printed, total_ms = self._totals(get, group.line)
        if day is None:
            return None
        complete = total_ms is None or len(group.votes) >= total_ms
        drafts = tuple(symbols.canonical(d) for d in symbols.split_multi(get("draft")))
        event = VoteEvent(
            key=get("undl_id"),
            organ=self.layout.organ,
            date=day,
            kind=EventKind.DRAFT,
            provenance=replace(self.provenance, line=group.line),
            votes=group.votes,
            session=get("session") or None,
            meeting=get("meeting") or None,
            document=drafts[0] if drafts else None,
            resolution=symbols.canonical(get("resolution")) if get("resolution") else None,
            title=get(self.layout.title) or None,
            agenda=get(self.layout.agenda) or None,
            subjects=symbols.split_multi(get("subjects")),
            counts=printed,
            outcome=self._outcome(get),
            complete=complete,
            extra=self._extra(get, drafts, total_ms, group.rows),
        )
        self._check(event, group.line)
        self._check_symbols(event, drafts, group.line)
        self._check_members(event, total_ms, group.line)
        return event

    def _check_symbols(self, event: VoteEvent, drafts: tuple[str, ...], line: int) -> None:
        """The resolution and the drafts have the shape of UN symbols."""
        for field, symbol in [("resolution", event.resolution)] + [("draft", d) for d in drafts]:
            if symbol and not symbols.is_symbol(symbol):
                self.log.add(line, field, f"not a UN document symbol: {symbol[:80]!r}")

    def _check_members(self, event: VoteEvent, total_ms: int | None, line: int) -> None:
        """No count exceeds the members of the organ that day."""
        members = most_votes(event.organ, event.date)
        printed = event.counts.as_dict().values() if event.counts else [None] * len(TOTALS)
        numbers = {**dict(zip(TOTALS, printed, strict=True)), "total_ms": total_ms}
        for field, number in numbers.items():
            if number is not None and members and number > members:
                self.log.add(line, field, f"{number}, more votes than the organ has members ({members})")

    def _getter(self, row: list[str]) -> _Get:
        """A field of the row by name, stripped; empty for a column the layout lacks."""
        return defaultdict(
            str, {name: row[index].strip() for name, index in self.columns.items()}
        ).__getitem__

    def _totals(self, get: _Get, line: int) -> tuple[Counts | None, int | None]:
        yes, no, abstain, non_voting = (self.log.integer(get(name), line, name) for name in TOTALS)
        return counts(yes, no, abstain, non_voting), self.log.integer(get("total_ms"), line, "total_ms")

    def _outcome(self, get: _Get) -> Outcome:
        modality = get("modality")
        if (modality and modality.lower() != "vote") or _NO_VOTE.search(get("vote_note")):
            return Outcome.ADOPTED_WITHOUT_VOTE
        return Outcome.ADOPTED

    def _extra(
        self, get: _Get, drafts: tuple[str, ...], total_ms: int | None, rows: int
    ) -> dict[str, object]:
        extra: dict[str, object] = {"drafts": list(drafts), "link": get("undl_link") or None, "rows": rows}
        for name in ("committee_report", "vote_note", "modality"):
            if get(name):
                extra[name] = get(name)
        if total_ms is not None:
            extra["total_ms"] = total_ms
        return extra

    def _check(self, event: VoteEvent, line: int) -> None:
        """Complete events must add up to their totals; partial ones must not exceed them."""
        if event.counts is None:
            return
        got = event.tally().as_dict()
        for (name, printed), column in zip(event.counts.as_dict().items(), TOTALS, strict=True):
            count = got[name] or 0
            if printed is None or count == printed or (not event.complete and count < printed):
                continue
            how = "per-state votes give" if event.complete else "rows present already give"
            self.log.add(
                line,
                column,
                f"undl_id {event.key} ({event.resolution}): printed {printed}, {how} {count}",
            )


def metadata(path: Path, organ: Organ) -> tuple[str | None, str | None]:
    """The version and record URL from the data dictionary (`*_md.md`) beside a file, when there is one."""
    dictionary = _dictionary(path, organ.value.lower())
    if dictionary is None:
        return None, None
    text = dictionary.read_text(encoding="utf-8")
    version = re.search(r"^##\s*Version\s*\n+\s*(\S[^\n]*)", text, re.MULTILINE)
    url = _RECORD_URL.search(text)
    return (version.group(1).strip() if version else None), (url.group(0) if url else None)


def _dictionary(path: Path, tag: str) -> Path | None:
    """`2026_02_06_ga_voting_md.md` for `2026_02_06_ga_voting.csv` (or an excerpt of it), else the newest one."""
    stem = path.stem
    marker = f"{tag}_voting"
    if marker in stem:
        own = path.with_name(stem[: stem.index(marker) + len(marker)] + "_md.md")
        if own.is_file():
            return own
    found = sorted(path.parent.glob(f"*{tag}_voting_md.md"))
    return found[-1] if found else None


def citation(path: Path) -> str | None:
    """The citation the data dictionary asks for, its download date filled with the file's date."""
    tag = "sc" if "sc_voting" in path.name else "ga"
    dictionary = _dictionary(path, tag)
    if dictionary is None:
        return None
    found = re.search(
        r"^##\s*Citation\s*\n+\s*(\S[^\n]*)", dictionary.read_text(encoding="utf-8"), re.MULTILINE
    )
    if not found:
        return None
    day = dt.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return found.group(1).strip().replace("[download date]", day)
