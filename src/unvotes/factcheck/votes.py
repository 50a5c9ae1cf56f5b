"""Finding the votes a sentence may be about: the dateline's days, a day or month the sentence names, a symbol it
cites, narrowed by the organ, the kind of text (draft or amendment) and who put it forward."""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from unvotes.errors import UnvotesError
from unvotes.factcheck import lexicon as lx
from unvotes.factcheck.names import Mention, spellings
from unvotes.refdata import states
from unvotes.store.db import database_stamp
from unvotes.store.engine import duckdb
from unvotes.views import record
from unvotes.views.shapes import Vote

CACHED_DAYS = 512  # days of votes kept between checks
WINDOW_DAYS = 3  # a dateline's vote may be that day or up to three days before
DATE_SLACK = 7  # a day written in a sentence is checked against the votes of the week either side of it
GENERIC = frozenset(
    [
        "resolution",
        "resolutions",
        "adopted",
        "general",
        "assembly",
        "security",
        "council",
        "draft",
        "united",
        "nations",
        "vote",
        "votes",
        "voted",
        "which",
        "that",
        "with",
        "from",
        "this",
        "their",
        "about",
        "against",
        "favour",
        "favor",
        "support",
        "countries",
        "states",
        "members",
        "amendment",
        "amendments",
        "text",
        "measure",
        "motion",
        "session",
        "meeting",
        "just",
        "only",
        "more",
        "than",
        "also",
        "after",
        "before",
        "were",
        "have",
        "been",
        "into",
        "over",
        "will",
        "would",
        "could",
        "said",
        "says",
        "calling",
        "calls",
        "world",
        "body",
        "member",
        "nation",
        "passed",
        "failed",
        "rejected",
    ]
)


@dataclass
class Cues:
    """What a sentence says about which vote it means."""

    organ: str | None = None
    organs: list[str] = field(default_factory=list)  # every organ named
    kind: str | None = None  # "amendment" | "draft"
    sponsors: list[tuple[str, str]] = field(default_factory=list)  # (state or group, "amendment" | "main")
    symbols: list[str] = field(default_factory=list)
    day: dt.date | None = None
    month: tuple[int, int] | None = None
    other_year: int | None = None
    words: frozenset[str] = frozenset()

    def any(self) -> bool:
        return bool(
            self.organ
            or self.organs
            or self.sponsors
            or self.symbols
            or self.day
            or self.month
            or self.other_year
        )


def cues(text: str, found: list[Mention], dateline: dt.date | None, day: dt.date | None) -> Cues:
    """The cues of one sentence."""
    organs = [o for o, p in lx.ORGANS.items() if p.search(text)]
    kind = "amendment" if lx.AMENDMENT.search(text) else "draft" if lx.DRAFT.search(text) else None
    sponsors = [
        (m.state, _noun(lx.SPONSOR.match(text[m.end :]))) for m in found if lx.SPONSOR.match(text[m.end :])
    ]
    sponsors += [(m.group(1), _noun(m)) for m in lx.GROUP_SPONSOR.finditer(text)]
    sponsors += [(m.state, "main") for m in found if lx.DRAFTED_BY.search(text[: m.start])]
    if lx.OWN_TEXT.search(text) and found:
        sponsors.append((found[0].state, "main"))
    symbols = [_symbol(m) for m in lx.SYMBOL.finditer(text) if not (m["sc"] and organs == ["GA"])]
    month = lx.MONTH_YEAR.search(text)
    years = [int(m["y"]) for m in lx.YEAR.finditer(text)]
    other = next((y for y in years if dateline and y != dateline.year), None)
    from unvotes.factcheck.text import month_number

    return Cues(
        organ=organs[0] if len(organs) == 1 else None,
        organs=organs,
        kind=kind,
        sponsors=sponsors,
        symbols=symbols,
        day=day,
        month=(int(month["y"]), month_number(month["m"])) if month and not day else None,
        other_year=other if not day else None,
        words=_words(text) - _words(" ".join(m.surface for m in found)),
    )


def _noun(match: re.Match[str] | None) -> str:
    """Whether a sponsor's text is an amendment ("Russian amendments", "European bids") or a draft."""
    return "amendment" if match and re.search(r"amendment|bid", match.group(0), re.IGNORECASE) else "main"


def _words(text: str) -> frozenset[str]:
    """The telling words of a text: four letters or more, not the vocabulary every vote shares."""
    return frozenset(w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in GENERIC)


def _symbol(m: re.Match[str]) -> str:
    if m["sc"]:
        return f"S/RES/{m['sc']}" + (f" ({m['year']})" if m["year"] else "")
    return m.group(0)


class DayCache:
    """The votes of the days read lately, by database file (its path, size and time of change) and day: a day's
    votes take a query per vote to read, and the checks of one article, or of many, read the same days. A file
    that changes is a new key; a database without a file is not kept."""

    def __init__(self, size: int = CACHED_DAYS) -> None:
        self._items: OrderedDict[tuple[Any, ...], list[Vote]] = OrderedDict()
        self._lock = threading.Lock()
        self._size = size

    def clear(self) -> None:
        with self._lock:
            self._items.clear()

    def get(self, con: duckdb.DuckDBPyConnection, day: dt.date) -> list[Vote]:
        stamp = database_stamp(con)  # the file and its log: a write may reach only the log
        if stamp is None:
            return list(record.day(con, day)["votes"])
        key = (*stamp, day)
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        found = list(record.day(con, day)["votes"])
        with self._lock:
            self._items[key] = found
            while len(self._items) > self._size:
                self._items.popitem(last=False)
        return found


DAYS = DayCache()


class Finder:
    """Reads the record's votes by day, once each, for one check."""

    def __init__(self, con: duckdb.DuckDBPyConnection, dateline: dt.date | None) -> None:
        self.con = con
        self.dateline = dateline
        self.days: dict[dt.date, list[Vote]] = {}

    def on(self, day: dt.date) -> list[Vote]:
        if day not in self.days:
            self.days[day] = DAYS.get(self.con, day)
        return self.days[day]

    def window(self) -> list[Vote]:
        """The votes of the dateline's day and the days before it, latest first."""
        return self._days_back(0, WINDOW_DAYS + 1)

    def week_before(self) -> list[Vote]:
        """The votes of the week before the dateline's days ("… days after the US vetoed …")."""
        return self._days_back(WINDOW_DAYS + 1, WINDOW_DAYS + 8)

    def _days_back(self, first: int, stop: int) -> list[Vote]:
        """The votes of the days `first` to `stop - 1` days before the dateline, latest first."""
        if self.dateline is None:
            return []
        return [v for n in range(first, stop) for v in self.on(self.dateline - dt.timedelta(days=n))]

    def month(self, year: int, month: int) -> list[Vote]:
        last = calendar.monthrange(year, month)[1]
        return [v for day in range(1, last + 1) for v in self.on(dt.date(year, month, day))]

    def cited(self, symbols: list[str]) -> list[Vote]:
        found = []
        for symbol in symbols:
            try:
                found.append(record.vote(self.con, symbol))
            except UnvotesError:
                continue
        return found


def pool(finder: Finder, cue: Cues, context: list[Vote]) -> tuple[list[Vote], str | None]:
    """The votes a sentence may be about, and why there are none where there are none."""
    if cue.symbols:
        found = finder.cited(cue.symbols)
        return found, None if found else f"the record has no vote {', '.join(cue.symbols)}"
    if cue.day:
        week = [cue.day + dt.timedelta(days=n) for n in range(-DATE_SLACK, DATE_SLACK + 1)]
        around = [v for d in week for v in finder.on(d)]
        found = around + [v for v in finder.window() if v not in around]
        return found, None if found else f"no recorded vote on {cue.day.isoformat()} or near the dateline"
    if cue.month:
        found = finder.month(*cue.month) + finder.window()
        return found, None if found else f"no recorded vote in {cue.month[0]}-{cue.month[1]:02d}"
    if (
        not cue.any()
        and context
        and (cue.kind != "amendment" or any(v["kind"] == "amendment" for v in context))
    ):
        return context, None
    if finder.dateline is None:
        return [], "no dateline: give the date of the article (--date)"
    found = finder.window()
    return (
        found,
        None
        if found
        else f"no recorded vote between {finder.dateline - dt.timedelta(days=WINDOW_DAYS)} and {finder.dateline}",
    )


def narrow(votes: list[Vote], cue: Cues, organ: str | None, target: str) -> list[Vote]:
    """The votes of the organ meant, of the kind of text meant, put forward by the sponsor named (where titles
    say so)."""
    found = [v for v in votes if organ is None or v["organ"] == organ]
    if target == "amendment":
        found = [v for v in found if v["kind"] == "amendment"]
    elif cue.kind == "draft":
        found = [v for v in found if v["kind"] != "amendment"] or found
    sponsors = [sponsor for sponsor, noun in cue.sponsors if noun == target]
    if sponsors:
        named = [v for v in found if any(put_forward_by(v, s) for s in sponsors)]
        found = named or ([] if found and all(_known_sponsors(v) for v in found) else found)
    return found


def _known_sponsors(vote: Vote) -> bool:
    """Whether `data/sponsors.csv` says who put a vote's text forward."""
    return (vote["document"] or "") in _sponsors()


@cache
def _sponsors() -> dict[str, tuple[frozenset[str], str]]:
    """Document → (the states that put it forward, the group named for them), from `data/sponsors.csv`."""
    path = resources.files("unvotes.factcheck").joinpath("data", "sponsors.csv")
    with path.open(encoding="utf-8") as handle:
        return {r["document"]: (frozenset(r["sponsors"].split()), r["group"]) for r in csv.DictReader(handle)}


def put_forward_by(vote: Vote, sponsor: str) -> bool:
    """Whether a vote's text was put forward by a state or group: as `data/sponsors.csv` says, or as its title
    names it ("Russian Federation amendment to …")."""
    states_, group = _sponsors().get(vote["document"] or "", (frozenset(), ""))
    return sponsor in states_ or sponsor == group or _title_names(vote, sponsor)


def _title_names(vote: Vote, state: str) -> bool:
    """Whether a vote's title names a state (by any of its spellings)."""
    if state not in states.states():
        return states.normalise(state) in states.normalise(vote["title"] or "")
    title = f" {states.normalise(vote['title'] or '')} "
    return any(f" {k} " in title for k in _spelling_keys().get(state, ()))


@cache
def _spelling_keys() -> dict[str, tuple[str, ...]]:
    """State → the keys of its spellings longer than three letters, in `spellings()` order."""
    keys: dict[str, list[str]] = {}
    for key, found in spellings().items():
        if len(key) > 3:
            for state in dict.fromkeys(s.state for s in found):
                keys.setdefault(state, []).append(key)
    return {state: tuple(found) for state, found in keys.items()}


def subject_score(vote: Vote, cue: Cues) -> int:
    """How many of a sentence's own words its title shares."""
    return len(cue.words & _words(vote["title"] or ""))
