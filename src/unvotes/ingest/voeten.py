"""Voeten's GA roll calls: the published table (`parse_voeten`) and the unvotes R package (`parse_unvotes_r`).

`voeten_unvotes_published_1946_2015.csv.gz` has one row per state per roll call (`rcid`): Voeten's vote code
(1 yes, 2 abstain, 3 no, 8 absent, 9 not a member: no vote at all), the state's COW code, the `unres` reference,
the `importantvote` flag and six issue flags. Absent members are coded 8, so an event is complete unless a member
of the day is coded 9 (the Yemen Arab Republic once, in 1990; `extra["missing_states"]`). It has no
amendment or paragraph flags: every event is recorded as a draft with `extra["kind_flags"] = False`, and no
`resolution` is set (nothing tells a final vote from a vote on an amendment); the normalised symbol is kept in
`extra["unres_symbol"]`.

`un_votes.csv.gz` (unvotes R package) lists only yes, no and abstain per rcid and ISO2 code: absent members are
omitted, so an event is complete only where its votes cover every member of the day. Its event metadata comes
from the sibling files `un_roll_calls.csv.gz` (session, date, unres, amend/para flags, titles) and
`un_roll_call_issues.csv.gz` (issues). The amend/para flags are recorded only until 1985: where either is missing
the event is a draft with `extra["kind_flags"] = False`, so nobody mistakes a later amendment for a final vote.

Voeten's `unres` is a UN resolution only from the 18th session (1963) on: `R/34/199` is A/RES/34/199, `R/26/2762`
is A/RES/2762(XXVI). Before 1963 the numbers are references into the Official Records, not resolution numbers;
`ESS/…`, `SS/…`, `GOAR/…` and part references (`R/34/233/XII`) are never resolutions. Before 1976 a letter is
Voeten's count of the votes on one resolution (2758A–G are the seven votes on China's representation), not the
UN's part letter, so a lettered `unres` names no resolution then; from 1976 (`R/31/6K`) the letters are the UN's.

Speed: the published table (1.07M rows) parses in about 4 s; dates are parsed once per text and codes resolved
once per code and day.
"""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from unvotes import symbols
from unvotes.errors import UnknownState
from unvotes.ingest._checks import ProblemLog, parse_date, without_repeats
from unvotes.models import EventKind, Organ, Provenance, Vote, VoteEvent
from unvotes.refdata import states
from unvotes.sources import BY_KEY

VOETEN_CODES: dict[str, Vote | None] = {"1": Vote.YES, "2": Vote.ABSTAIN, "3": Vote.NO, "8": Vote.NON_VOTING}
VOETEN_CODES["9"] = None  # not a member: no vote at all
R_CODES = {"yes": Vote.YES, "no": Vote.NO, "abstain": Vote.ABSTAIN}
ISSUES = {
    "me": "Palestinian conflict",
    "nu": "Nuclear weapons and nuclear material",
    "di": "Arms control and disarmament",
    "hr": "Human rights",
    "co": "Colonialism",
    "ec": "Economic development",
}
_ONES = ("", "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX")
# Resolution numbers of sessions 18-30, as numbered by the UN before 1976 (first, last), from the UN Digital
# Library's records; a number outside its session's range is not taken for a resolution.
OLD_NUMBERS = {18: (1878, 1999), 20: (2022, 2137), 21: (2138, 2247), 22: (2257, 2382), 23: (2383, 2497)}
OLD_NUMBERS |= {24: (2498, 2620), 25: (2621, 2751), 26: (2752, 2907), 27: (2908, 3054), 28: (3055, 3199)}
OLD_NUMBERS |= {29: (3203, 3361), 30: (3364, 3541)}
_UNRES = re.compile(r"^R/(\d+)/(\d+)([A-Z]?)$")
_MODERN = re.compile(r"^A/RES/(ES-\d+/|\d+/)\d+[A-Z]?$")
_NUMBER = re.compile(r"^\d+(\.0)?$")


def un_symbol(unres: str) -> str | None:
    """The UN symbol of a Voeten `unres` reference, or None where it is not a resolution we can name with confidence."""
    text = unres.strip()
    if _MODERN.match(text):
        return symbols.canonical(text)
    found = _UNRES.match(text)
    if not found:
        return None
    session, number, letter = int(found[1]), int(found[2]), found[3]
    if 31 <= session <= 99:
        return symbols.canonical(f"A/RES/{session}/{number}{letter}")
    first, last = OLD_NUMBERS.get(session, (0, -1))
    if first <= number <= last and not letter:
        return f"A/RES/{number}({'X' * (session // 10)}{_ONES[session % 10]})"
    return None


# -- states ------------------------------------------------------------------------------------------------


class _StateLookup:
    """Resolves a code as of a day (COW 365 is the USSR in 1960, Russia in 2000), once per code and day."""

    def __init__(self, log: ProblemLog, scheme: str) -> None:
        self.log, self.scheme = log, scheme
        self.known: dict[tuple[str, dt.date], str] = {}
        self.codes: dict[str, str | None] = {}

    def state(self, code: str, day: dt.date, line: int, name: str) -> str | None:
        found = self.known.get((code, day))
        if found is None:
            try:
                found = self.known[code, day] = states.resolve(code, on=day, scheme=self.scheme)
            except UnknownState as error:
                self.log.add(line, name, str(error))
        return found

    def known_code(self, code: str, line: int, name: str) -> None:
        """A code on a row without a vote must still name some state (on any day)."""
        if code not in self.codes:
            try:
                self.codes[code] = states.resolve(code, scheme=self.scheme)
            except UnknownState as error:
                self.codes[code] = None
                self.log.add(line, name, str(error))
        elif self.codes[code] is None:
            self.log.add(line, name, f"unknown state {code!r} ({self.scheme})")


# -- events ------------------------------------------------------------------------------------------------


@dataclass
class _Call:
    """One roll call as read: the fields of its first row and the votes of all its rows."""

    line: int
    date: dt.date
    fields: dict[str, str]
    votes: dict[str, Vote] = field(default_factory=dict)
    codes: set[str] = field(default_factory=set)  # the codes seen (published table)


def _csv_rows(path: Path, log: ProblemLog) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of a CSV (gzipped or not) with the line each starts on; a row with fewer or more fields than
    the header (a file cut inside a row) is a problem, not a row."""
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None:  # reads the header
            return
        last, width = reader.line_num, len(reader.fieldnames)
        for row in reader:
            if None in row or None in row.values():
                log.add(last + 1, None, f"{_width(row)} fields, expected {width}: a row cut short or split?")
            else:
                yield last + 1, row
            last = reader.line_num


def _width(row: dict[Any, Any]) -> int:
    """The fields a DictReader row had (missing ones are None, extra ones listed under None)."""
    return sum(value is not None for key, value in row.items() if key is not None) + len(row.get(None) or [])


def _require(log: ProblemLog, path: Path, needed: tuple[str, ...]) -> None:
    """A missing column is a problem of line 1 (the header)."""
    opener: Any = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8-sig", newline="") as handle:
        header = next(csv.reader(handle), [])
    for name in needed:
        if name not in header:
            log.add(1, name, f"missing column {name!r}")
    log.check()


def _rcid(text: str, log: ProblemLog, line: int) -> str | None:
    if not _NUMBER.match(text.strip()):
        log.add(line, "rcid", f"bad rcid {text!r} (expected a whole number)")
        return None
    return str(int(float(text)))


def _session(text: str) -> str | None:
    """Sessions print as `1` or `1.0`; kept as text (`1`)."""
    return str(int(float(text))) if _NUMBER.match(text.strip()) else (text.strip() or None)


def _flag(text: str | None) -> bool | None:
    return None if text is None or not text.strip() else text.strip() in ("1", "1.0", "TRUE")


def _provenance(source: str, path: Path, line: int) -> Provenance:
    return Provenance(source, str(path), line, url=BY_KEY[source].url)


# -- the published table -----------------------------------------------------------------------------------

# Roll calls printed without date, unres or issue flags (and with a session that disagrees with the unvotes
# roll-call file): they cannot be placed in time and are left out. rcid 4592 is A/RES/60/260 of 8 May 2006 in
# un_roll_calls.csv.gz, which `parse_unvotes_r` reads. Any other row without a date is a problem.
UNDATED = frozenset({"4592"})
_PUBLISHED = ("rcid", "session", "vote", "ccode", "importantvote", "date", "unres", *ISSUES)


def parse_voeten(path: Path) -> list[VoteEvent]:
    """Voeten's published table: one event per rcid (absent members are coded 8)."""
    log = ProblemLog(str(path))
    _require(log, path, _PUBLISHED)
    table = _Published(log)
    for line, row in _csv_rows(path, log):
        table.add(row, line)
    log.check()
    return [_published_event(rcid, call, path) for rcid, call in table.calls.items()]


class _DateCache:
    """Dates repeat on every row of a roll call: parse each text once."""

    def __init__(self, log: ProblemLog) -> None:
        self.log, self.known = log, dict[str, dt.date | None]()

    def date(self, text: str, line: int) -> dt.date | None:
        if text not in self.known:
            try:
                self.known[text] = parse_date(text)
            except ValueError:
                self.known[text] = None
        day = self.known[text]
        if day is None:
            self.log.add(line, "date", f"bad date {text!r} (expected M/D/YYYY or YYYY-MM-DD)")
        return day


class _Published:
    """The roll calls of the published table as read, with the caches every row needs."""

    def __init__(self, log: ProblemLog) -> None:
        self.log, self.calls = log, dict[str, _Call]()
        self.lookup, self.dates = _StateLookup(log, "cow"), _DateCache(log)

    def add(self, row: dict[str, str], line: int) -> None:
        if row["rcid"].strip() in UNDATED and not row["date"].strip():
            return
        rcid, day = _rcid(row["rcid"], self.log, line), self.dates.date(row["date"], line)
        code = row["vote"].strip()
        if code not in VOETEN_CODES:
            self.log.add(line, "vote", f"unknown vote code {code!r} (expected one of 1, 2, 3, 8, 9)")
        if rcid is not None and day is not None:
            call = _call_for(self.calls, rcid, day, row, line, self.log)
            self._entry(call, rcid, sys.intern(row["ccode"].strip()), VOETEN_CODES.get(code), line)

    def _entry(self, call: _Call, rcid: str, ccode: str, vote: Vote | None, line: int) -> None:
        """One state's entry; without a vote (code 9, or unknown) the code must still name a state."""
        if ccode in call.codes:
            self.log.add(line, "ccode", f"duplicate row for rcid {rcid}, ccode {ccode}")
            return
        call.codes.add(ccode)
        if vote is None:
            self.lookup.known_code(ccode, line, "ccode")
            return
        state = self.lookup.state(ccode, call.date, line, "ccode")
        if state is not None:
            _add_vote(call, state, vote, line, f"rcid {rcid}, ccode {ccode}", self.log)


def _call_for(
    calls: dict[str, _Call], rcid: str, day: dt.date, row: dict[str, str], line: int, log: ProblemLog
) -> _Call:
    """The roll call of a row; a row that disagrees with the roll call's first row on date or session is a problem."""
    call = calls.get(rcid)
    if call is None:
        call = calls[rcid] = _Call(line, day, row)
        return call
    for name in ("date", "session"):
        if row[name].strip() != call.fields[name].strip():
            log.add(
                line,
                name,
                f"rcid {rcid}: {name} {row[name]!r} differs from {call.fields[name]!r} (line {call.line})",
            )
    return call


def _add_vote(call: _Call, state: str, vote: Vote, line: int, what: str, log: ProblemLog) -> None:
    """Two codes may name one seat on one day (COW 710 and 713 are the China seat in October 1971, when Voeten
    codes the unseated PRC absent): a vote wins over an absence; two votes are a problem."""
    before = call.votes.get(state)
    if before is None or before is Vote.NON_VOTING:
        call.votes[state] = vote
    elif vote is not Vote.NON_VOTING:
        log.add(line, None, f"second vote of {state} ({what}): {vote.name} after {before.name}")


def _issues(fields: dict[str, str]) -> list[str]:
    return [code for code in ISSUES if _flag(fields.get(code))]


def _published_event(rcid: str, call: _Call, path: Path) -> VoteEvent:
    unres, issues = call.fields["unres"].strip(), _issues(call.fields)
    missing = sorted(_members(call.date) - call.votes.keys())
    extra = {"rcid": int(rcid), "unres": unres or None, "unres_symbol": un_symbol(unres), "issues": issues}
    return VoteEvent(
        key=rcid,
        organ=Organ.GA,
        date=call.date,
        kind=EventKind.DRAFT,
        provenance=_provenance("voeten", path, call.line),
        votes=call.votes,
        session=_session(call.fields["session"]),
        subjects=tuple(ISSUES[code] for code in issues),
        important=_flag(call.fields["importantvote"]),
        complete=not missing,
        extra={**extra, "kind_flags": False} | ({"missing_states": missing} if missing else {}),
    )


# -- the unvotes R package ---------------------------------------------------------------------------------

_R_VOTES = ("rcid", "country", "country_code", "vote")
_R_CALLS = ("rcid", "session", "importantvote", "date", "unres", "amend", "para", "short", "descr")
_R_ISSUES = ("rcid", "short_name", "issue")


def parse_unvotes_r(path: Path) -> list[VoteEvent]:
    """`un_votes.csv.gz` with its sibling roll-call and issue files: one event per roll call."""
    log = ProblemLog(str(path))
    suffix = "".join(path.suffixes)  # `.csv.gz` as published; plain `.csv` siblings go with a plain file
    siblings = [path.parent / f"un_roll_calls{suffix}", path.parent / f"un_roll_call_issues{suffix}"]
    for sibling in siblings:
        if not sibling.is_file():
            log.add(None, None, f"missing sibling file {sibling} (the roll calls and issues of un_votes)")
    log.check()
    for file, needed in zip((path, *siblings), (_R_VOTES, _R_CALLS, _R_ISSUES), strict=True):
        _require(log, file, needed)
    calls = _roll_calls(siblings[0], log)
    issues = _issue_rows(siblings[1], log)
    _r_votes(path, calls, log)
    log.check()
    return without_repeats(_r_event(rcid, call, issues.get(rcid, []), path) for rcid, call in calls.items())


def _sibling_log(log: ProblemLog, file: Path) -> ProblemLog:
    """A log for a sibling file whose problems land in the main log (each names its own file)."""
    sibling = ProblemLog(str(file))
    sibling.problems = log.problems
    return sibling


def _roll_calls(file: Path, main: ProblemLog) -> dict[str, _Call]:
    log, calls, dates = _sibling_log(main, file), dict[str, _Call](), _DateCache(_sibling_log(main, file))
    for line, row in _csv_rows(file, log):
        rcid, day = _rcid(row["rcid"], log, line), dates.date(row["date"], line)
        if rcid in calls:
            log.add(line, "rcid", f"duplicate roll call {rcid} (first on line {calls[rcid].line})")
        elif rcid is not None and day is not None:
            calls[rcid] = _Call(line, day, row)
    return calls


def _issue_rows(file: Path, main: ProblemLog) -> dict[str, list[str]]:
    """Issue codes per rcid; a code outside Voeten's six is a problem."""
    log, found = _sibling_log(main, file), dict[str, list[str]]()
    for line, row in _csv_rows(file, log):
        rcid, code = _rcid(row["rcid"], log, line), row["short_name"].strip()
        if code not in ISSUES:
            log.add(line, "short_name", f"unknown issue {code!r} (expected one of {', '.join(ISSUES)})")
        elif rcid is not None:
            found.setdefault(rcid, []).append(code)
    return found


def _r_votes(path: Path, calls: dict[str, _Call], log: ProblemLog) -> None:
    codes, names = _StateLookup(log, "iso2"), _StateLookup(log, "name")
    for line, row in _csv_rows(path, log):
        rcid, vote = _rcid(row["rcid"], log, line), R_CODES.get(row["vote"].strip())
        if vote is None:
            log.add(line, "vote", f"unknown vote {row['vote']!r} (expected yes, no or abstain)")
        call = calls.get(rcid or "")
        if call is None:
            if rcid is not None:
                log.add(line, "rcid", f"rcid {rcid} is not in the roll calls (un_roll_calls)")
            continue
        code = row["country_code"].strip()
        look, text, name = (
            (codes, code, "country_code") if code else (names, row["country"].strip(), "country")
        )
        state = look.state(text, call.date, line, name)
        if state is not None and vote is not None:
            _add_vote(call, state, vote, line, f"rcid {rcid}, {row['country']}", log)


def _kind(fields: dict[str, str]) -> tuple[EventKind, bool]:
    """The event kind from the amend/para flags, and whether both flags were recorded."""
    amend, para = _flag(fields.get("amend")), _flag(fields.get("para"))
    kind = EventKind.AMENDMENT if amend else EventKind.PARAGRAPH if para else EventKind.DRAFT
    return kind, amend is not None and para is not None


@cache
def _members(day: dt.date) -> frozenset[str]:
    return frozenset(states.members_on(day))


def _r_event(rcid: str, call: _Call, issues: list[str], path: Path) -> VoteEvent:
    fields, (kind, flags) = call.fields, _kind(call.fields)
    unres = fields["unres"].strip()
    short, descr = fields["short"].strip() or None, fields["descr"].strip() or None
    return VoteEvent(
        key=rcid,
        organ=Organ.GA,
        date=call.date,
        kind=kind,
        provenance=_provenance("unvotes_r", path, call.line),
        votes=call.votes,
        session=_session(fields["session"]),
        resolution=un_symbol(unres) if kind is EventKind.DRAFT else None,
        title=short or descr,
        subjects=tuple(ISSUES[code] for code in ISSUES if code in issues),
        important=_flag(fields["importantvote"]),
        complete=bool(call.votes) and _members(call.date) <= call.votes.keys(),
        extra={"rcid": int(rcid), "unres": unres or None, "issues": [c for c in ISSUES if c in issues]}
        | {"kind_flags": flags, "description": descr},
    )
