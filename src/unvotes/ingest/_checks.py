"""What every parser shares: a problem log that collects every problem of a file, and value parsers."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any

from unvotes.errors import IngestError, UnknownState
from unvotes.ingest._reading import MAX_COUNT
from unvotes.models import Counts, Organ, Problem, Vote, VoteEvent
from unvotes.refdata import council, states

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
_LONG_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]+)\s+(\d{4})$")


class ProblemLog:
    """Collects the problems of one file; `check()` raises them all at once."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.problems: list[Problem] = []

    def add(self, line: int | None, field: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, line, field, message))

    def check(self) -> None:
        if self.problems:
            raise IngestError(self.file, sorted(self.problems, key=lambda p: p.line or 0))

    def vote(self, value: str, codes: Mapping[str, Vote], line: int | None, field: str) -> Vote | None:
        found = codes.get(value.strip())
        if found is None:
            self.add(line, field, f"unknown vote code {value!r} (expected one of {', '.join(sorted(codes))})")
        return found

    def state(
        self, text: str, line: int | None, field: str, on: dt.date | None = None, scheme: str = "any"
    ) -> str | None:
        try:
            return states.resolve(text, on=on, scheme=scheme)
        except UnknownState as error:
            self.add(line, field, str(error))
            return None

    def date(self, text: str, line: int | None, field: str) -> dt.date | None:
        try:
            return parse_date(text)
        except ValueError:
            self.add(line, field, f"bad date {text!r} (expected YYYY-MM-DD or '29 October 2025')")
            return None

    def integer(self, text: str | None, line: int | None, field: str) -> int | None:
        """A count printed as '166', '166.0' or '012'; empty is None."""
        if text is None or not str(text).strip():
            return None
        try:
            number = float(str(text).strip())
        except ValueError:
            number = float("nan")
        if number != number or number < 0 or (number <= MAX_COUNT and number != int(number)):
            self.add(line, field, f"bad count {text!r} (expected a whole number)")
            return None
        if number > MAX_COUNT:
            self.add(line, field, f"count {text!r} is out of range (0 to {MAX_COUNT}): a misprint?")
            return None
        return int(number)


def parse_date(text: str) -> dt.date:
    """ISO dates (with or without a time), M/D/YYYY, and '29 October 2025' (non-breaking spaces allowed)."""
    clean = " ".join(text.replace("\u00a0", " ").split())
    if re.match(r"^\d{4}-\d{2}-\d{2}", clean):
        return dt.date.fromisoformat(clean[:10])
    if re.match(r"^\d{1,2}/\d{1,2}/\d{4}$", clean):
        month, day, year = (int(part) for part in clean.split("/"))
        return dt.date(year, month, day)
    long = _LONG_DATE.match(clean)
    if long and long.group(2).lower() in _MONTHS:
        return dt.date(int(long.group(3)), _MONTHS.index(long.group(2).lower()) + 1, int(long.group(1)))
    raise ValueError(text)


def counts(
    yes: int | None, no: int | None, abstain: int | None, non_voting: int | None = None
) -> Counts | None:
    return None if yes is None and no is None and abstain is None else Counts(yes, no, abstain, non_voting)


GA_CEILING = 250  # more members than the Assembly could have (193 in 2025): a count above it is a misprint


def most_votes(organ: Organ, day: dt.date) -> int:
    """The most votes a count can hold: the Council's size that day (11 or 15), or the Assembly's ceiling."""
    return council.size_on(day) if organ is Organ.SC else GA_CEILING


def without_repeats(events: Iterable[VoteEvent]) -> list[VoteEvent]:
    """The events less those repeating an earlier one of the same source (same day, same symbol, every state's
    vote the same, under another key): the same vote listed twice. Each kept event names the keys it stood for
    in `extra["repeated_as"]`. Events without a symbol are all kept (unanimous votes of a day look alike). Only
    for sources whose rows carry every member's vote: in a list of vetoes, two vetoes of one day by the same
    member look alike (S/552 and S/PV.202, 15 September 1947) and are two votes."""
    seen: dict[tuple[Any, ...], list[VoteEvent]] = {}
    kept = []
    for event in events:
        symbol = event.resolution or event.document
        earlier = seen.setdefault((event.date, symbol), []) if symbol else []
        first = next((e for e in earlier if e.votes == event.votes), None)
        if first is None:
            earlier.append(event)
            kept.append(event)
        else:
            first.extra.setdefault("repeated_as", []).append(event.key)
    return kept
