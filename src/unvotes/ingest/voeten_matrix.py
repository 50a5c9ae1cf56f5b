"""Voeten's GA votes as a wide matrix, 1946 – 2024 (`raw/voeten_pigeon/ungaVoting_003.csv`).

One row per roll call: `rcid, date, me, nu, di, hr, co, ec` (issue flags TRUE/FALSE), then one column per ISO3 code
(the 193 members and TWN) holding Voeten's vote codes: 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member (no vote).
Two columns print some codes as `1.0`. The file has no symbols, titles or kinds: every event is a draft with
`extra["kind_unknown"] = True`, without counts or outcome.

Quirks (see `raw/README.md`, section 3):
- rcids 411, 427, 449 and 495 are used twice (in the 1950s and in 2023), so the key is `rcid:date`.
- States that no longer exist were dropped, except two folded into their successors' columns: the RUS column is
  the USSR before 24 Dec 1991, and the SRB column is SFR Yugoslavia until 22 Sep 1992 (GA resolution 47/1) and
  Serbia from its admission on 1 Nov 2000. In between the seat did not vote: its 8s and 9s are no votes, and a
  1, 2 or 3 there is a problem.
- Czechoslovakia, the GDR, Democratic Yemen and the Yemen Arab Republic (the YEM column is 9 until 1990) are
  missing, and a few members are coded 9 in some years (Viet Nam 1997–2017, Türkiye 2023–2024): an event is
  complete only when every member of its day has an entry; `extra["missing_states"]` names the others.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from unvotes.errors import UnknownState
from unvotes.ingest._checks import ProblemLog
from unvotes.ingest.voeten import ISSUES, VOETEN_CODES
from unvotes.models import EventKind, Organ, Provenance, Vote, VoteEvent
from unvotes.refdata import states
from unvotes.sources import BY_KEY

SOURCE = "voeten_matrix"
CODES = VOETEN_CODES  # 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member
FIXED = ("rcid", "date", *ISSUES)
USSR_UNTIL = dt.date(1991, 12, 24)  # the Russian Federation took the USSR's seat
YUG_UNTIL = dt.date(1992, 9, 22)  # GA resolution 47/1: FR Yugoslavia does not take part in the GA's work
SRB_FROM = dt.date(2000, 11, 1)  # FR Yugoslavia (now Serbia) admitted
_FLAGS = {"TRUE": True, "FALSE": False}


@dataclass(frozen=True)
class _Column:
    index: int
    code: str  # the ISO3 header
    state: str


def _state_of(column: _Column, day: dt.date) -> str | None:
    """The state a column stands for on a day; None for the SRB column between the two Yugoslavias."""
    if column.code == "RUS" and day < USSR_UNTIL:
        return "SUN"
    if column.code == "SRB" and day < SRB_FROM:
        return "YUG" if day < YUG_UNTIL else None
    return column.state


def parse(path: Path) -> list[VoteEvent]:
    """One event per row; every problem of the file is raised at once."""
    log = ProblemLog(str(path))
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        matrix = _Matrix(path, _columns(header, log), len(header), log)
        last = reader.line_num
        for row in reader:
            if row:
                matrix.add(row, last + 1)
            last = reader.line_num
    log.check()
    return matrix.events


def _columns(header: list[str], log: ProblemLog) -> list[_Column]:
    """The country columns with their states; a missing fixed column or unknown code is a problem of line 1."""
    if tuple(header[: len(FIXED)]) != FIXED:
        log.add(1, None, f"header starts {header[: len(FIXED)]}, expected {list(FIXED)}")
        log.check()
    columns = []
    for index, code in enumerate(header[len(FIXED) :], start=len(FIXED)):
        try:
            columns.append(_Column(index, code, states.resolve(code, scheme="iso3")))
        except UnknownState as error:
            log.add(1, code, str(error))
    return columns


class _Matrix:
    """The events read so far, and what every row needs: the columns, the members of each day, the log."""

    def __init__(self, path: Path, columns: list[_Column], width: int, log: ProblemLog) -> None:
        self.path, self.columns, self.width, self.log = path, columns, width, log
        self.members: dict[dt.date, frozenset[str]] = {}
        self.events: list[VoteEvent] = []
        self.lines: dict[str, int] = {}

    def add(self, row: list[str], line: int) -> None:
        if len(row) != self.width:
            self.log.add(line, None, f"{len(row)} fields, expected {self.width} (as in the header)")
            return
        rcid, day = _rcid(row[0], line, self.log), self.log.date(row[1], line, "date")
        issues = [
            name for name, text in zip(ISSUES, row[2:8], strict=True) if _flag(text, line, name, self.log)
        ]
        votes = _votes(row, line, day, self.columns, self.log) if day else {}
        if rcid is not None and day is not None and self._new(f"{rcid}:{day.isoformat()}", line):
            self.events.append(self._event(rcid, day, line, votes, issues))

    def _new(self, key: str, line: int) -> bool:
        if key in self.lines:
            self.log.add(line, "rcid", f"duplicate roll call {key} (first on line {self.lines[key]})")
            return False
        self.lines[key] = line
        return True

    def _missing(self, day: dt.date, votes: dict[str, Vote]) -> list[str]:
        """The members of the day without an entry (a dropped state, or a member coded 9)."""
        if day not in self.members:
            self.members[day] = frozenset(states.members_on(day))
        return sorted(self.members[day] - votes.keys())

    def _event(
        self, rcid: int, day: dt.date, line: int, votes: dict[str, Vote], issues: list[str]
    ) -> VoteEvent:
        missing = self._missing(day, votes)
        return VoteEvent(
            key=f"{rcid}:{day.isoformat()}",
            organ=Organ.GA,
            date=day,
            kind=EventKind.DRAFT,
            provenance=Provenance(SOURCE, str(self.path), line, url=BY_KEY[SOURCE].url),
            votes=votes,
            subjects=tuple(ISSUES[name] for name in issues),
            complete=not missing,
            extra={"rcid": rcid, "date": day.isoformat(), "issues": issues, "kind_unknown": True}
            | ({"missing_states": missing} if missing else {}),
        )


def _rcid(text: str, line: int, log: ProblemLog) -> int | None:
    digits = text.strip(" \t\r\n")  # ASCII blanks only: str.strip would also drop control characters
    if not (digits.isascii() and digits.isdigit()):
        log.add(line, "rcid", f"bad rcid {text!r} (expected a whole number)")
        return None
    return int(digits)


def _flag(text: str, line: int, name: str, log: ProblemLog) -> bool:
    if text.strip().upper() not in _FLAGS:
        log.add(line, name, f"bad issue flag {text!r} (expected TRUE or FALSE)")
    return _FLAGS.get(text.strip().upper(), False)


def _votes(
    row: list[str], line: int, day: dt.date, columns: list[_Column], log: ProblemLog
) -> dict[str, Vote]:
    votes: dict[str, Vote] = {}
    for column in columns:
        text = row[column.index].strip().removesuffix(".0")
        if text not in CODES:
            log.add(line, column.code, f"unknown vote code {row[column.index]!r} (expected 1, 2, 3, 8 or 9)")
            continue
        vote, state = CODES[text], _state_of(column, day)
        if vote is not None and state is not None:
            votes[state] = vote
        elif state is None and text in "123":
            log.add(
                line,
                column.code,
                f"a vote ({text}) when the Yugoslav seat was not taken (Sep 1992 – Oct 2000)",
            )
    return votes
