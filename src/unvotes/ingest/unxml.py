"""UN DGACM's machine-readable resolution extracts: `unxml_ga/<session>.json` and `unxml_sc/<year>.json` (JSON lines).

One line per adopted resolution, keyed by its canonical symbol. GA lines adopted by a recorded vote carry the lists
of members in favour, against and abstaining; members of the UN on that day who are in no list were absent or did not
vote and are filled in as `X` (only where the lists are not empty). Lines adopted without a vote become events with
no votes and no counts. The four budget lines whose adoption type is blank become events with no votes,
`complete=False` and `extra["adoption"] == "unknown"`. SC lines are all adopted resolutions; where the lists are
empty but the counts are printed (`S/RES/2723 (2024)`, "adopted unanimously") the event has no votes and
`complete=False`. SC members in no list (the Council by date, `unvotes.refdata.council`) are filled in as `X`.

Quirks handled: a symbol on several lines keeps its last line (`extra["duplicates_dropped"]`); a name listed twice
in one list counts once (`extra["duplicate_names"]`); a name split in two list items (`'CÔTE.', "D'IVOIRE"`) is
joined (`extra["joined_names"]`); printed counts that differ from the lists are a source disagreement, kept in
`extra["count_mismatch"]` and never raised; SC counts left blank are read from the adoption text ("Adopted 13-0-2");
an SC date in another year than the symbol's (S/RES/2423 (2018) dated 2016) gives way to the draft's date; no one
is filled in as `X` where a listed state was not a member that day (`extra["not_members_on_date"]`); drafts named
together (`A/ES-11/L.1 and A/ES-11/L.1/Add.1`, `A/75/L.59 (as amended in A/75/L.60)`) give the first as the
document and the others in `extra["related_documents"]`.

Refused, as problems of their line: a key given twice, a value of the wrong type (a number where a list of names
is expected, an object where text is), a count above the organ's size, a symbol without the shape of a UN symbol.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from unvotes import symbols
from unvotes.errors import UnknownState
from unvotes.ingest._checks import ProblemLog, counts, most_votes, parse_date
from unvotes.ingest._reading import json_problem
from unvotes.models import Counts, EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.refdata import council, states

_LISTS = (("MS_in_favour", Vote.YES), ("MS_against", Vote.NO), ("MS_abstaining", Vote.ABSTAIN))
_COUNTS = ("MS_in_favour_count", "MS_against_count", "MS_abstaining_count")
_LIST_FIELDS = (*(name for name, _ in _LISTS), "sponsors", "additional_sponsors", "SDGs", "subjects")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}|\d{1,2}\s+[A-Za-z]+\s+\d{4}")
_TALLY = re.compile(r"(\d+)\s*-\s*(\d+)\s*-\s*(\d+)")
_WITHOUT_VOTE = re.compile(r"without (a )?vote|acclamation", re.IGNORECASE)
_GA_SESSION = re.compile(r"^A/RES/((?:ES-|S-)?\d+)/")
_MEETING = re.compile(r"^(\d+)")
_SC_YEAR = re.compile(r"\((\d{4})\)")
_SOURCE = {Organ.GA: "unxml_ga", Organ.SC: "unxml_sc"}
SC_SIZE = 15


def parse_unxml_ga(path: Path) -> list[VoteEvent]:
    """Every resolution of one GA session's extract: recorded votes, and adoptions without a vote."""
    return _parse(Path(path), Organ.GA)


def parse_unxml_sc(path: Path) -> list[VoteEvent]:
    """Every resolution of one year's SC extract."""
    return _parse(Path(path), Organ.SC)


def _parse(path: Path, organ: Organ) -> list[VoteEvent]:
    log = ProblemLog(str(path))
    kept, dropped = _last_per_symbol(_lines(path, log), log)
    builder = _Builder(organ, str(path), log)
    events = [builder.build(record, line, dropped.get(symbol, 0)) for symbol, (line, record) in kept.items()]
    log.problems.sort(key=lambda problem: problem.line or 0)
    log.check()
    return [event for event in events if event is not None]


def _lines(path: Path, log: ProblemLog) -> list[tuple[int, dict[str, Any]]]:
    """The JSON objects of a file with their line numbers; a line that is not a JSON object of the expected
    types (or names a key twice) is a problem."""
    records = []
    with path.open(encoding="utf-8") as handle:
        for line, text in enumerate(handle, start=1):
            if not text.strip():
                continue
            record, problem = json_problem(text)
            if problem is None and not isinstance(record, dict):
                problem = f"expected a JSON object, found {type(record).__name__}"
            if problem is not None:
                log.add(line, None, problem)
            elif _typed(record, line, log):
                records.append((line, record))
    return records


def _typed(record: dict[str, Any], line: int, log: ProblemLog) -> bool:
    """Lists of names where lists are expected, text (or a number, for counts) everywhere else."""
    wrong = [(name, _kind(value)) for name, value in record.items() if not _fits(name, value)]
    for name, kind in wrong:
        expected = "a list of text" if name in _LIST_FIELDS else "text"
        log.add(line, name, f"expected {expected}, found {kind}")
    return not wrong


def _fits(name: str, value: object) -> bool:
    if value is None:
        return True
    if name == "subjects":
        return isinstance(value, list) and all(isinstance(item, list | str) for item in value)
    if name in _LIST_FIELDS:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if name in _COUNTS:
        return isinstance(value, str | int) and not isinstance(value, bool)
    return isinstance(value, str)


def _kind(value: object) -> str:
    return {dict: "an object", list: "a list", bool: "true/false"}.get(type(value), type(value).__name__)


def _last_per_symbol(
    records: list[tuple[int, dict[str, Any]]], log: ProblemLog
) -> tuple[dict[str, tuple[int, dict[str, Any]]], dict[str, int]]:
    """The last line of each symbol (re-uploads repeat a line), and how many earlier lines each dropped."""
    kept: dict[str, tuple[int, dict[str, Any]]] = {}
    dropped: dict[str, int] = {}
    for line, record in records:
        text = record.get("symbol")
        if not isinstance(text, str) or not text.strip():
            log.add(line, "symbol", "missing symbol")
            continue
        if not symbols.is_symbol(text):
            log.add(line, "symbol", f"not a UN document symbol: {text[:80]!r}")
            continue
        symbol = symbols.canonical(text)
        if symbol in kept:
            dropped[symbol] = dropped.get(symbol, 0) + 1
            del kept[symbol]  # re-inserted below, so events keep the order of their kept lines
        kept[symbol] = (line, record)
    return kept, dropped


class _Builder:
    """Turns one line into a `VoteEvent`, logging what is wrong with it."""

    def __init__(self, organ: Organ, file: str, log: ProblemLog) -> None:
        self.organ = organ
        self.file = file
        self.log = log
        self.names: dict[tuple[str, dt.date], str | None] = {}

    def build(self, record: dict[str, Any], line: int, dropped: int) -> VoteEvent | None:
        day = self._date(record, line)
        if day is None:
            return None
        adoption = _adoption(record, self.organ)
        extra = _extra(record, self.organ, adoption, dropped)
        day = _year_checked(record, day, self.organ, extra)
        votes = self._votes(record, day, line, extra)
        printed = self._counts(record, line, day) if adoption == "recorded" else None
        document = self._document(record, line, extra)
        return VoteEvent(
            key=symbols.canonical(record["symbol"]),
            organ=self.organ,
            date=day,
            kind=EventKind.DRAFT,
            provenance=Provenance(_SOURCE[self.organ], self.file, line),
            votes=votes,
            session=_session(record, self.organ),
            meeting=_meeting(record, self.organ),
            document=document,
            resolution=symbols.canonical(record["symbol"]),
            title=_text(record, "resolution_title", "title")
            if self.organ is Organ.SC
            else _text(record, "title"),
            agenda=_text(record, "agenda_item_name"),
            subjects=_subjects(record.get("subjects")),
            counts=printed,
            outcome=Outcome.ADOPTED_WITHOUT_VOTE if adoption == "without a vote" else Outcome.ADOPTED,
            complete=self._complete(adoption, votes, extra),
            extra=_with_mismatch(extra, printed, votes, record),
        )

    def _date(self, record: dict[str, Any], line: int) -> dt.date | None:
        text = str(record.get("adoption_date") or "")
        found = _DATE.search(text.replace("\u00a0", " "))
        try:
            return parse_date(found.group(0) if found else text)
        except ValueError:
            self.log.add(
                line, "adoption_date", f"bad date {text!r} (expected '29 October 2025' or YYYY-MM-DD)"
            )
            return None

    def _counts(self, record: dict[str, Any], line: int, day: dt.date) -> Counts | None:
        numbers = [self._count(record.get(name), line, name) for name in _COUNTS]
        members = most_votes(self.organ, day)
        for index, (name, number) in enumerate(zip(_COUNTS, numbers, strict=True)):
            if number is not None and members and number > members:
                self.log.add(line, name, f"{number}, more votes than the organ has members ({members})")
                numbers[index] = None
        tally = _TALLY.search(str(record.get("adoption_type") or ""))
        if tally and self.organ is Organ.SC:  # blank SC counts are printed in the adoption text
            numbers = [n if n is not None else int(t) for n, t in zip(numbers, tally.groups(), strict=True)]
        return counts(*numbers)

    def _count(self, value: object, line: int, field: str) -> int | None:
        text = str(value or "").strip()
        return None if text in ("", "N.A.") else self.log.integer(text, line, field)

    def _document(self, record: dict[str, Any], line: int, extra: dict[str, Any]) -> str | None:
        """The draft or report voted on: `A/79/L.2`, `A/79/652` (from 'A/79/652, para. 58'), `S/2024/37`; where
        the field names several (`A/ES-11/L.1 and A/ES-11/L.1/Add.1`), the first, the others kept as related."""
        name = "originating_document" if self.organ is Organ.GA else "draft_resolution"
        text = _text(record, name)
        if text is None or text.upper() in ("N.A.", "NA"):
            return None
        found = [symbols.canonical(symbol) for symbol in symbols.split_symbols(text)]
        if not found or not all(symbols.is_symbol(symbol) for symbol in found):
            self.log.add(line, name, f"not a UN document symbol: {text[:80]!r}")
            return None
        if len(found) > 1:
            extra["related_documents"] = found[1:]
        return found[0]

    def _votes(
        self, record: dict[str, Any], day: dt.date, line: int, extra: dict[str, Any]
    ) -> dict[str, Vote]:
        votes: dict[str, Vote] = {}
        for field, vote in _LISTS:
            for state in self._list(record.get(field) or [], day, line, field, extra):
                if state in votes and votes[state] != vote:
                    self.log.add(line, field, f"{state} is also in the {votes[state].name} list")
                elif state in votes:
                    extra["duplicate_names"] = extra.get("duplicate_names", 0) + 1
                votes[state] = vote
        if votes:
            self._fill(votes, day, extra)
        return votes

    def _fill(self, votes: dict[str, Vote], day: dt.date, extra: dict[str, Any]) -> None:
        """Members in no list did not vote (X); not filled where a listed state was no member that day."""
        members = self._members(day)
        strangers = sorted(set(votes) - set(members)) if members else []
        if strangers:
            extra["not_members_on_date"] = strangers
            return
        votes.update({state: Vote.NON_VOTING for state in members if state not in votes})

    def _list(
        self, names: Sequence[str], day: dt.date, line: int, field: str, extra: dict[str, Any]
    ) -> list[str]:
        """The states of one list; an item that resolves only joined to the next one is joined."""
        found, index = [], 0
        while index < len(names):
            state = self._state(names[index], day)
            if state is None and index + 1 < len(names):
                joined = f"{names[index].rstrip('.')} {names[index + 1]}"
                state = self._state(joined, day)
                if state is not None:
                    extra.setdefault("joined_names", []).append(joined)
                    index += 1
            if state is None:
                self.log.add(line, field, f"unknown state {names[index]!r} on {day.isoformat()}")
            else:
                found.append(state)
            index += 1
        return found

    def _state(self, name: str, day: dt.date) -> str | None:
        key = (name, day)
        if key not in self.names:
            try:
                self.names[key] = states.resolve(name.replace("\u00a0", " "), on=day, scheme="name")
            except UnknownState:
                self.names[key] = None
        return self.names[key]

    def _members(self, day: dt.date) -> list[str]:
        if self.organ is Organ.GA:
            return states.members_on(day)
        return council.members_on(day)

    def _complete(self, adoption: str, votes: dict[str, Vote], extra: dict[str, Any]) -> bool:
        if adoption != "recorded":
            return adoption == "without a vote"
        if self.organ is Organ.SC and "not_members_on_date" in extra:
            return len(votes) >= SC_SIZE
        return bool(votes)


def _year_checked(record: dict[str, Any], day: dt.date, organ: Organ, extra: dict[str, Any]) -> dt.date:
    """An SC date in another year than the symbol's (S/RES/2423 (2018): '29 June 2016') is a slip: the draft's
    date is used where it has the symbol's year, and the printed date is kept in extra."""
    year = _SC_YEAR.search(str(record.get("symbol")))
    if organ is not Organ.SC or year is None or int(year.group(1)) == day.year:
        return day
    extra["adoption_date_printed"] = record.get("adoption_date")
    try:
        draft = parse_date(str(record.get("draft_resolution_date") or ""))
    except ValueError:
        return day
    if draft.year != int(year.group(1)):
        return day
    extra["date_from"] = "draft_resolution_date"
    return draft


def _adoption(record: dict[str, Any], organ: Organ) -> str:
    """'recorded', 'without a vote' or (GA lines with a blank adoption type) 'unknown'."""
    kind = str(record.get("adoption_type") or "")
    voting = str(record.get("voting_type") or record.get("outcome") or "")
    if voting in ("adoptedWithoutVote", "adoptedByAcclamation") or _WITHOUT_VOTE.search(kind):
        return "without a vote"
    if organ is Organ.SC or kind == "By a recorded vote" or voting == "adoptedRecordedVote":
        return "recorded"
    return "unknown"


def _extra(record: dict[str, Any], organ: Organ, adoption: str, dropped: int) -> dict[str, Any]:
    extra: dict[str, Any] = {"adoption": adoption, "adoption_type": record.get("adoption_type") or None}
    if dropped:
        extra["duplicates_dropped"] = dropped
    names = (
        ("committee", "originating_document", "session") if organ is Organ.GA else ("chapter_VII", "outcome")
    )
    extra.update({name: record[name] for name in names if record.get(name)})
    extra.update({name: record[name] for name in ("sponsors", "SDGs") if record.get(name)})
    return extra


def _with_mismatch(
    extra: dict[str, Any], printed: Counts | None, votes: dict[str, Vote], record: dict[str, Any]
) -> dict[str, Any]:
    """Record where the printed counts differ from the lists or from the adoption text ("Adopted 13-0-2").

    A source disagreement, not a parse failure: the store reports it.
    """
    if printed is None:
        return extra
    differ = _list_mismatch(printed, votes) if votes else {}
    text = _TALLY.search(str(record.get("adoption_type") or ""))
    numbers = [printed.yes, printed.no, printed.abstain]
    if text and [int(n) for n in text.groups()] != numbers:
        differ["adoption_type"] = {"printed": numbers, "text": [int(n) for n in text.groups()]}
    return {**extra, "count_mismatch": differ} if differ else extra


def _list_mismatch(printed: Counts, votes: dict[str, Vote]) -> dict[str, Any]:
    values = list(votes.values())
    listed = {
        "yes": values.count(Vote.YES),
        "no": values.count(Vote.NO),
        "abstain": values.count(Vote.ABSTAIN),
    }
    return {
        name: {"printed": number, "listed": listed[name]}
        for name, number in printed.as_dict().items()
        if name in listed and number is not None and number != listed[name]
    }


def _text(record: dict[str, Any], *names: str) -> str | None:
    for name in names:
        value = record.get(name)
        if isinstance(value, str) and value.strip():
            return " ".join(value.replace("\u00a0", " ").split())
    return None


def _session(record: dict[str, Any], organ: Organ) -> str | None:
    found = _GA_SESSION.match(symbols.canonical(record["symbol"]))
    return found.group(1) if organ is Organ.GA and found else None


def _meeting(record: dict[str, Any], organ: Organ) -> str | None:
    """The meeting record: `A/79/PV.3` for the GA, `S/PV.9527` for the SC (from '9527th meeting')."""
    if organ is Organ.GA:
        return _text(record, "pv", "adoption_meeting")
    number = _MEETING.match(str(record.get("adoption_meeting") or "").strip())
    return f"S/PV.{number.group(1)}" if number else _text(record, "adoption_meeting")


def _subjects(value: object) -> tuple[str, ...]:
    """The UNBIS Thesaurus terms, each once (the other vocabularies are authority names and agenda codes)."""
    terms: dict[str, None] = {}
    for item in value if isinstance(value, list) else []:
        if isinstance(item, list) and len(item) == 2 and item[1] == "UNBIS Thesaurus":
            terms[str(item[0]).strip()] = None
    return tuple(terms)
