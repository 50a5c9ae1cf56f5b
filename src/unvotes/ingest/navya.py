"""A UN Digital Library scrape of GA and SC votes, 1946 – 2021 (`raw/navya_undata/UN DATA.csv.zip`).

The zip holds one CSV, read in place (never extracted): one row per adopted resolution, with `Council`, `Date`,
`Title`, `Resolution`, five counts, `Link` and `token` (the UN DL record id, which is the event key), then about 259
columns named by country, historical names included (`USSR`, `ZAIRE`, `UPPER VOLTA`). A cell is Y, N, A (abstain)
or X (non-voting); a blank cell records no vote. Country names are resolved as of each row's date, since names
are dated (`YUGOSLAVIA` is SFR Yugoslavia until 1992 and Serbia from 2000).

The count columns are mislabelled: checked against the cells of all 7,855 rows, `ABSENT COUNT` counts the A cells
(abstentions: S/RES/1973 (2011) is 10-0-5 with `ABSENT COUNT` 5) and `NO-VOTE COUNT` the X cells (non-voting);
`TOTAL VOTES` is the number of Y, N, A and X cells. This is a low-quality source: where the cells do not add up to
the printed counts the event is kept, marked incomplete, with `extra["tally_mismatch"]` (printed, from cells);
that is never a problem. Lines in problems are lines of the CSV inside the zip.

Mis-parsed headers: `HEADER_FIXES` maps the junk headers that recognisably name a state to a plain spelling, and
`IGNORED` lists the headers that name none; any other header that names no state is a problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from unvotes import symbols
from unvotes.errors import UnknownState
from unvotes.ingest._checks import ProblemLog, counts, without_repeats
from unvotes.models import Counts, EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.refdata import states

SOURCE = "navya"
FIXED: tuple[str, ...] = (
    "Council",
    "Date",
    "Title",
    "Resolution",
    "TOTAL VOTES",
    "NO-VOTE COUNT",
    "ABSENT COUNT",
)
FIXED += ("NO COUNT", "YES COUNT", "Link", "token")
VALUES = {"Y": Vote.YES, "N": Vote.NO, "A": Vote.ABSTAIN, "X": Vote.NON_VOTING}
ORGANS = {"General Assembly": Organ.GA, "Security Council": Organ.SC}
# Junk headers (upper case, spaces trimmed) → the spelling they stand for. `AY …` and `Aa …` carry a vote letter
# glued to the name by the scraper (AY DENMARK holds Denmark's vote on A/RES/36/146B); the rest are typos.
HEADER_FIXES = {
    "AA UNITED STATES": "UNITED STATES",
    "AY DENMARK": "DENMARK",
    "AY SWEDEN": "SWEDEN",
    "AY UNION OF SOUTH AFRICA": "UNION OF SOUTH AFRICA",
    "CHILES": "CHILE",
    "TKAZAKHSTAN": "KAZAKHSTAN",
    "REPULIC OF MOLDOVA": "REPUBLIC OF MOLDOVA",
    "SERBIAMONTENEGRO": "SERBIA AND MONTENEGRO",
    "DEMOCRATIC CAMPUCHEA": "DEMOCRATIC KAMPUCHEA",
    "BOLIVIA (PLURINATIOANL STATE OF)": "BOLIVIA (PLURINATIONAL STATE OF)",
    "BOLIVIA (PLUNATIONAL STATE OF)": "BOLIVIA (PLURINATIONAL STATE OF)",
}
# Headers that name no state: their cells are not votes of anyone (so that event's votes fall short of its counts).
IGNORED = {"DONOTKNOW": "one vote on S/RES/1966 (2010) whose state the scraper could not read"}
# Rows dated with a year only; left out (both resolutions are in the unvotes roll calls, rcids 5145 and 1764).
UNDATED = {"724807": "A/RES/66/230 (2011)", "642010": "A/RES/32/105 M (1977)"}
_LETTER = re.compile(r"^(A/RES/[\w-]+/\d+)\[([A-Z])\]$")
_COUNTS = {"yes": "YES COUNT", "no": "NO COUNT", "abstain": "ABSENT COUNT", "non_voting": "NO-VOTE COUNT"}


def parse(path: Path) -> list[VoteEvent]:
    """One event per row; every problem of the file is raised at once (tally mismatches are not problems)."""
    log = ProblemLog(str(path))
    with _open(path, log) as lines:
        reader = csv.reader(lines)
        header = next(reader, [])
        table = _Table(path, header, log)
        last = reader.line_num
        for row in reader:
            if row:
                table.add(row, last + 1)
            last = reader.line_num
    log.check()
    return without_repeats(table.events)


class _open:
    """The text of the one CSV inside the zip, without extracting it."""

    def __init__(self, path: Path, log: ProblemLog) -> None:
        self.archive = zipfile.ZipFile(path)
        names = [n for n in self.archive.namelist() if n.lower().endswith(".csv")]
        if len(names) != 1:
            log.add(None, None, f"expected one CSV in the zip, found {names}")
            log.check()
        self.name = names[0]

    def __enter__(self) -> Iterator[str]:
        self.text = io.TextIOWrapper(self.archive.open(self.name), encoding="utf-8-sig", newline="")
        return self.text

    def __exit__(self, *exc: object) -> None:
        self.text.close()
        self.archive.close()


class _Table:
    """The events read so far, the country columns, and a cache of (column, day) → state."""

    def __init__(self, path: Path, header: list[str], log: ProblemLog) -> None:
        self.path, self.log, self.events = path, log, list[VoteEvent]()
        if tuple(header[: len(FIXED)]) != FIXED:
            log.add(1, None, f"header starts {header[: len(FIXED)]}, expected {list(FIXED)}")
            log.check()
        self.columns = [(i, name) for i, name in enumerate(header) if i >= len(FIXED)]
        self.columns = [(i, name) for i, name in self.columns if name.strip().upper() not in IGNORED]
        self.states: dict[tuple[int, dt.date], str | None] = {}
        self.unknown: set[int] = set()  # columns already reported
        self.tokens: dict[str, int] = {}

    def add(self, row: list[str], line: int) -> None:
        if len(row) < len(FIXED) + len(self.columns):
            self.log.add(line, None, f"{len(row)} fields, fewer than the header's")
            return
        cells = dict(zip(FIXED, row, strict=False))
        if cells["token"].strip() in UNDATED and not re.match(r"^\d{4}-\d\d-\d\d$", cells["Date"].strip()):
            return
        day, organ = self.log.date(cells["Date"], line, "Date"), ORGANS.get(cells["Council"].strip())
        if organ is None:
            self.log.add(line, "Council", f"unknown council {cells['Council']!r}")
        printed = self._counts(cells, line)
        votes = self._votes(row, line, day) if day else {}
        if day and organ and self._token(cells["token"], line) and self._symbol(cells["Resolution"], line):
            self.events.append(_event(cells, line, day, organ, votes, printed, self.path))

    def _token(self, token: str, line: int) -> bool:
        if not token.strip().isdigit():
            self.log.add(line, "token", f"bad token {token!r} (expected a UN DL record number)")
            return False
        if token in self.tokens:
            self.log.add(line, "token", f"duplicate token {token} (first on line {self.tokens[token]})")
            return False
        self.tokens[token] = line
        return True

    def _symbol(self, text: str, line: int) -> bool:
        """A resolution, where given, has the shape of a UN symbol."""
        resolution = _resolution(text)
        if resolution is not None and not symbols.is_symbol(resolution):
            self.log.add(line, "Resolution", f"not a UN document symbol: {text.strip()[:80]!r}")
            return False
        return True

    def _counts(self, cells: dict[str, str], line: int) -> tuple[Counts | None, int | None]:
        found = {name: self.log.integer(cells[column], line, column) for name, column in _COUNTS.items()}
        total = self.log.integer(cells["TOTAL VOTES"], line, "TOTAL VOTES")
        return counts(found["yes"], found["no"], found["abstain"], found["non_voting"]), total

    def _votes(self, row: list[str], line: int, day: dt.date) -> dict[str, Vote]:
        votes: dict[str, Vote] = {}
        for index, name in self.columns:
            text = row[index].strip()
            if not text:
                continue
            vote, state = VALUES.get(text), self._state(index, name, day, line)
            if vote is None:
                self.log.add(line, name, f"unknown vote {text!r} (expected Y, N, A or X)")
            elif state is not None and votes.get(state, vote) != vote:
                self.log.add(
                    line, name, f"second vote of {state} in this row: {text} after {votes[state].value}"
                )
            elif state is not None:
                votes[state] = vote
        return votes

    def _state(self, index: int, name: str, day: dt.date, line: int) -> str | None:
        key = (index, day)
        if key not in self.states:
            self.states[key] = self._resolve(index, name, day, line)
        return self.states[key]

    def _resolve(self, index: int, name: str, day: dt.date, line: int) -> str | None:
        spelling = HEADER_FIXES.get(name.strip().upper(), name.strip())
        try:
            return states.resolve(spelling, on=day, scheme="name")
        except UnknownState as error:
            if index not in self.unknown:  # one problem per column
                self.unknown.add(index)
                self.log.add(line, name, f"column header names no state: {error}")
            return None


def _resolution(text: str) -> str | None:
    """The symbol in the UN's spelling; `A/RES/32/105[M]` (a letter in brackets, since 1976) is A/RES/32/105 M;
    `MISSING_DATA` is no symbol and a doubled slash (`A/RES/36//235IX`) a single one."""
    clean = text.strip().replace("//", "/")
    if clean.upper() in ("", "MISSING_DATA"):
        return None
    letter = _LETTER.match(clean.replace(" ", ""))
    return symbols.canonical(f"{letter[1]}{letter[2]}" if letter else clean)


def _mismatch(votes: dict[str, Vote], printed: Counts | None, total: int | None) -> dict[str, Any]:
    """The printed counts that the cells do not give, as {name: [printed, from cells]}."""
    cells = Counts(
        *(list(votes.values()).count(v) for v in (Vote.YES, Vote.NO, Vote.ABSTAIN, Vote.NON_VOTING))
    )
    wrong: dict[str, Any] = {}
    for name, value in (printed.as_dict() if printed else dict.fromkeys(_COUNTS)).items():
        if value != cells.as_dict()[name]:
            wrong[name] = [value, cells.as_dict()[name]]
    if total != len(votes):
        wrong["total"] = [total, len(votes)]
    return wrong


def _event(
    cells: dict[str, str],
    line: int,
    day: dt.date,
    organ: Organ,
    votes: dict[str, Vote],
    printed: tuple[Counts | None, int | None],
    path: Path,
) -> VoteEvent:
    symbol, wrong = _resolution(cells["Resolution"]), _mismatch(votes, *printed)
    # A few rows name the draft (A/76/L.14) where the resolution belongs: that is the text voted on.
    resolution, document = (symbol, None) if symbol is None or "/RES/" in symbol else (None, symbol)
    extra = {
        "token": cells["token"].strip(),
        "resolution_text": cells["Resolution"].strip(),
        "total": printed[1],
    }
    return VoteEvent(
        key=cells["token"].strip(),
        organ=organ,
        date=day,
        kind=EventKind.DRAFT,
        provenance=Provenance(SOURCE, str(path), line, url=cells["Link"].strip() or None),
        votes=votes,
        resolution=resolution,
        document=document,
        title=cells["Title"].strip() or None,
        counts=printed[0],
        outcome=Outcome.ADOPTED if resolution else None,
        complete=not wrong,
        extra=extra | ({"tally_mismatch": wrong} if wrong else {}),
    )
