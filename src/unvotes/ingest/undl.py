"""The UN Digital Library's official voting files: `*_ga_voting.csv` and `*_sc_voting.csv`.

One row per member state per resolution; the rows of one resolution share an `undl_id`, which becomes the event key.
The GA file comes in two layouts: the 2025 one (`ms_code`, `ms_vote` with Y/N/A/X) and the 2024 one (`ms_codes`,
`ms_votes`, with `NV` for non-voting); the layout is read from the header. A resolution whose rows are fewer than
its `total_ms` is kept as a partial event (`complete=False`): its rows must not exceed the printed totals, but they
need not add up to them. The data dictionary (`*_md.md`) beside the file gives the version and the record URL.

The full GA file has about 950k rows. They are read by pyarrow and checked column-wise (`undl_fast`) wherever each
row sits on a line of its own; otherwise (a quoted line break, a blank line, a wrong field count, text that is not
UTF-8) they are read again with the csv module into plain lists and grouped by `undl_id`, which gives the exact line
of every problem. Both readers compare the event-level fields as raw text and resolve each state spelling once, and
both give the same groups and problems.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING

from unvotes import symbols
from unvotes.errors import UnknownState
from unvotes.ingest._checks import ProblemLog, counts, parse_date
from unvotes.models import Counts, EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.refdata import states

if TYPE_CHECKING:
    from _csv import Reader

_Get = Callable[[str], str]

_YNAX = {"Y": Vote.YES, "N": Vote.NO, "A": Vote.ABSTAIN, "X": Vote.NON_VOTING}
_TOTALS = ("total_yes", "total_no", "total_abstentions", "total_non_voting")
_COMMON: tuple[str, ...] = ("undl_id", "ms_name", "date", "resolution", "draft", "meeting", "subjects")
_COMMON += ("vote_note", *_TOTALS, "total_ms", "undl_link")
_NO_VOTE = re.compile(r"without (a )?vote|no vote was taken|acclamation|consensus", re.IGNORECASE)
_RECORD_URL = re.compile(r"https?://digitallibrary\.un\.org/record/\d+")
EVENT_FIELDS = ("date", "resolution", *_TOTALS, "total_ms")  # every row of an undl_id must repeat these


@dataclass(frozen=True, eq=False)  # compared by identity: one object per layout
class Layout:
    """The columns of one official layout and the names of the columns that differ between layouts."""

    name: str
    organ: Organ
    columns: tuple[str, ...]
    code: str  # the member state's code
    vote: str  # the member state's vote
    codes: dict[str, Vote]
    title: str
    agenda: str


GA_2025 = Layout(
    "GA 2025",
    Organ.GA,
    (*_COMMON, "ms_code", "ms_vote", "session", "committee_report", "title", "agenda_title"),
    "ms_code",
    "ms_vote",
    _YNAX,
    "title",
    "agenda_title",
)
GA_2024 = Layout(
    "GA 2024",
    Organ.GA,
    (*_COMMON, "ms_codes", "ms_votes", "session", "committee_report", "title", "agenda_title"),
    "ms_codes",
    "ms_votes",
    {**{k: v for k, v in _YNAX.items() if k != "X"}, "NV": Vote.NON_VOTING},
    "title",
    "agenda_title",
)
SC = Layout(
    "SC",
    Organ.SC,
    (*_COMMON, "ms_code", "ms_vote", "permanent_member", "description", "agenda", "modality"),
    "ms_code",
    "ms_vote",
    _YNAX,
    "description",
    "agenda",
)
LAYOUTS = {Organ.GA: (GA_2025, GA_2024), Organ.SC: (SC,)}


def parse_undl_ga(path: Path) -> list[VoteEvent]:
    """Every resolution of an official GA voting file (either layout), one event per `undl_id`."""
    return _parse(Path(path), Organ.GA, "undl_ga")


def parse_undl_sc(path: Path) -> list[VoteEvent]:
    """Every resolution of an official SC voting file, one event per `undl_id`."""
    return _parse(Path(path), Organ.SC, "undl_sc")


def _parse(path: Path, organ: Organ, source: str, *, fast: bool = True) -> list[VoteEvent]:
    """Parse a file; `fast=False` skips the pyarrow reader (the csv-module reader gives the same result)."""
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
    path: Path, organ: Organ, log: ProblemLog, fast: bool = True
) -> tuple[Layout, dict[str, int], dict[str, _Group]] | None:
    """The layout, the column indexes and the rows grouped by `undl_id`; None where the rows cannot be read."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            found = _layout(header, organ, log)
            if found is None:
                return None
            if fast and header is not None and len(header) == len(found[1]):  # no repeated column name
                from unvotes.ingest.undl_fast import read as read_fast  # it imports this module

                groups = read_fast(path, *found, log)
                if groups is not None:
                    return (*found, groups)
            return (*found, _Rows(*found, log).read(reader))
    except UnicodeDecodeError as error:
        log.add(None, None, f"not UTF-8 text: {error}")
        return None


def _layout(
    header: Sequence[str] | None, organ: Organ, log: ProblemLog
) -> tuple[Layout, dict[str, int]] | None:
    """The layout a header belongs to, and each column's index; a header of no layout is a problem."""
    if not header:
        log.add(1, None, "empty file: no header line")
        return None
    columns = {name.strip(): index for index, name in enumerate(header)}
    missing = {layout: [c for c in layout.columns if c not in columns] for layout in LAYOUTS[organ]}
    for layout, absent in missing.items():
        if not absent:
            return layout, columns
    closest = min(missing, key=lambda layout: len(missing[layout]))
    names = " or ".join(layout.name for layout in missing)
    log.add(
        1, None, f"header is not the {names} layout: missing {', '.join(missing[closest])} ({closest.name})"
    )
    return None


class _Group:
    """The rows of one `undl_id` as read: its first row, the line of that row, and the votes by state."""

    __slots__ = ("first", "line", "signature", "votes", "rows")

    def __init__(self, first: list[str], line: int, signature: tuple[str, ...]) -> None:
        self.first = first
        self.line = line
        self.signature = signature
        self.votes: dict[str, Vote] = {}
        self.rows = 0


class _Rows:
    """Reads the rows of a file into groups by `undl_id`, logging every row-level problem."""

    def __init__(self, layout: Layout, columns: dict[str, int], log: ProblemLog) -> None:
        self.layout = layout
        self.columns = columns
        self.log = log
        self.event_fields = EVENT_FIELDS
        self.signature = itemgetter(*(columns[name] for name in self.event_fields))
        self.states = _StateCache(log)

    def read(self, reader: Reader) -> dict[str, _Group]:
        """Group the rows; the loop is written out for speed (it runs once per member vote)."""
        groups: dict[str, _Group] = {}
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
                self._twice(row, line, state, group)
            group.votes[state] = vote
        return groups

    def _first(self, row: list[str], line: int) -> _Group:
        if not row[self.columns["undl_id"]].strip():
            self.log.add(line, "undl_id", "empty undl_id")
        return _Group(row, line, self.signature(row))

    def _width(self, row: list[str], line: int, width: int) -> None:
        if row:  # a blank line is no row
            self.log.add(line, None, f"{len(row)} fields, expected {width} (a truncated or broken line?)")

    def _contradiction(self, row: list[str], line: int, group: _Group) -> None:
        for name in self.event_fields:
            mine, theirs = row[self.columns[name]], group.first[self.columns[name]]
            if mine != theirs:
                self.log.add(
                    line,
                    name,
                    f"undl_id {row[self.columns['undl_id']]}: {mine!r} here, {theirs!r} on line {group.line}",
                )

    def _twice(self, row: list[str], line: int, state: str, group: _Group) -> None:
        self.log.add(
            line,
            self.layout.code,
            f"undl_id {row[self.columns['undl_id']]}: {state} votes twice ({row[self.columns['ms_name']]!r})",
        )


class _StateCache:
    """Each distinct state spelling resolved once: by code (`undl` scheme), else by name as of the vote's date."""

    def __init__(self, log: ProblemLog) -> None:
        self.log = log
        self.by_code: dict[str, str] = {}
        self.failed_codes: set[str] = set()
        self.by_name: dict[tuple[str, str, str], str | None] = {}
        self.reported: set[tuple[str, str]] = set()

    def code(self, code: str) -> str | None:
        """The state of a code alone (`undl` scheme), whatever the date; None where it names none."""
        if code in self.failed_codes:
            return None
        return self.by_code.get(code) or self._code(code)

    def slow(self, code: str, name: str, day: str, line: int) -> str | None:
        """The state of a row whose code is not (yet) known: by code, else by name on the row's date."""
        found = self.code(code)
        if found:
            return found
        key = (code, name, day)
        if key not in self.by_name:
            self.by_name[key] = self._name(*key, line)
        return self.by_name[key]

    def _code(self, code: str) -> str | None:
        try:
            found = self.by_code[code] = states.resolve(code, scheme="undl")
            return found
        except UnknownState:
            self.failed_codes.add(code)
            return None

    def _name(self, code: str, name: str, day: str, line: int) -> str | None:
        try:
            on = parse_date(day)
        except ValueError:
            on = None  # the bad date is reported with its event
        try:
            return states.resolve(name, on=on, scheme="name")
        except UnknownState:
            if (code, name) not in self.reported:  # once per spelling, not once per row
                self.reported.add((code, name))
                self.log.add(
                    line, "ms_name", f"unknown state: code {code!r}, name {name!r} (first seen here)"
                )
            return None


class _Builder:
    """Turns a group of rows into a `VoteEvent`, checking the event-level fields."""

    def __init__(
        self, layout: Layout, columns: dict[str, int], provenance: Provenance, log: ProblemLog
    ) -> None:
        self.layout = layout
        self.columns = columns
        self.provenance = provenance
        self.log = log

    def build(self, group: _Group) -> VoteEvent | None:
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
        return event

    def _getter(self, row: list[str]) -> _Get:
        """A field of the row by name, stripped; empty for a column the layout lacks."""
        return defaultdict(
            str, {name: row[index].strip() for name, index in self.columns.items()}
        ).__getitem__

    def _totals(self, get: _Get, line: int) -> tuple[Counts | None, int | None]:
        yes, no, abstain, non_voting = (self.log.integer(get(name), line, name) for name in _TOTALS)
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
        for (name, printed), column in zip(event.counts.as_dict().items(), _TOTALS, strict=True):
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
