"""Member states with a stable identity across renames and successions, and one lookup for every spelling.

The data lives in `refdata/data/` as CSV:
- `states.csv`: one row per state: `state_id` (ISO3, or the ISO 3166-3 code of a state that no longer exists:
  SUN, YUG, CSK, DDR, YMD), codes (ISO2, M49, COW, the UN Digital Library code), admission and end dates.
- `state_names.csv`: names with the dates they were in use (Dahomey → Benin).
- `successions.csv`: predecessor → successor links (USSR → Russian Federation).
- `aliases.csv`: every other spelling a source uses, optionally limited to a date range
  ("YUGOSLAVIA" is SFR Yugoslavia's seat before 2000-11-01 and the Federal Republic, now Serbia, from then).
  A row whose `source` starts with a code scheme and a colon (`cow:`, `iso2:`, `iso3:`, `m49:`, `undl:`) is a
  code, not a name: Voeten's COW 713 is the China seat before 1971-10-25, the unvotes ISO2 `RU` is the USSR
  before 1991-12-24.

`resolve()` turns a spelling or code into a `state_id`, or raises `UnknownState`: never a silent drop.
Codes are looked up in this order of precedence (see `_by_code`): a dated code alias that covers the day; the
states that hold the code in `states.csv` (two states may share one code at different times, as the USSR and
Russia share COW 365: the one that was a member that day wins, else the nearest in time, else the latest);
an undated code alias. `data/README.md` explains how China, the USSR, Yugoslavia, Yemen and Germany are modelled.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from dataclasses import dataclass
from functools import cache

from unvotes.errors import UnknownState
from unvotes.refdata import rows

SCHEMES = ("any", "iso3", "iso2", "cow", "m49", "undl", "name")
CODE_SCHEMES = ("iso3", "undl", "iso2", "cow", "m49")  # the order `resolve(scheme="any")` tries them

# Column labels that sources present as states but that name none; parsers skip them (normalised keys).
# `DONOTKNOW` is a column of navya_undata's "UN DATA.csv" holding one vote (S/RES/1966 (2010), Mexico's by
# elimination) whose state the scraper could not read.
NOT_STATES = frozenset({"donotknow"})

# Members whose seat was for a time merged into another member's: Syria's into the United Arab Republic (Egypt's
# seat) from the union of 21 February 1958 until Syria resumed separate membership on 13 October 1961; Indonesia
# withdrew on 20 January 1965 and resumed its seat on 28 September 1966. (start, end) with the end exclusive.
INTERRUPTIONS: dict[str, tuple[tuple[dt.date, dt.date], ...]] = {
    "SYR": ((dt.date(1958, 2, 21), dt.date(1961, 10, 13)),),
    "IDN": ((dt.date(1965, 1, 20), dt.date(1966, 9, 28)),),
}


@dataclass(frozen=True)
class State:
    state_id: str
    name: str  # the current (or last) English short name
    iso3: str | None
    iso2: str | None
    m49: int | None
    cow: int | None
    undl_code: str | None
    admitted: dt.date | None
    ended: dt.date | None

    def member_on(self, day: dt.date) -> bool:
        if any(start <= day < end for start, end in INTERRUPTIONS.get(self.state_id, ())):
            return False
        return (self.admitted is None or self.admitted <= day) and (self.ended is None or day < self.ended)

    def distance(self, day: dt.date) -> int:
        """Days from `day` to the membership period (0 inside it)."""
        if self.admitted and day < self.admitted:
            return (self.admitted - day).days
        if self.ended and day >= self.ended:
            return (day - self.ended).days + 1
        return 0


@dataclass(frozen=True)
class DatedName:
    state_id: str
    name: str
    valid_from: dt.date | None
    valid_to: dt.date | None  # exclusive

    def covers(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


@dataclass(frozen=True)
class Succession:
    predecessor: str
    successor: str
    date: dt.date
    kind: str  # continuation | dissolution | merger | absorption


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-blind key: 'TÜRKİYE' and 'Turkiye' meet, as do 'Côte d’Ivoire' spellings."""
    text = text.replace("İ", "I").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c if c.isalnum() else " " for c in plain.casefold())
    return " ".join(kept.split())


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _int(text: str) -> int | None:
    return int(text) if text else None


@cache
def states() -> dict[str, State]:
    """All states by id, historical ones included."""
    return {
        r["state_id"]: State(
            r["state_id"],
            r["name"],
            r["iso3"] or None,
            r["iso2"] or None,
            _int(r["m49"]),
            _int(r["cow"]),
            r["undl_code"] or None,
            _date(r["admitted"]),
            _date(r["ended"]),
        )
        for r in rows("states.csv")
    }


def _code_scheme(row: dict[str, str]) -> str | None:
    """The code scheme of an alias row (`cow:voeten` → `cow`), or None for a name."""
    scheme, colon, _ = (row.get("source") or "").partition(":")
    return scheme if colon and scheme in CODE_SCHEMES else None


@cache
def names() -> tuple[DatedName, ...]:
    """Official names with their dates, and source aliases (also dated where they are ambiguous)."""
    found = [*rows("state_names.csv"), *(r for r in rows("aliases.csv") if not _code_scheme(r))]
    return tuple(
        DatedName(r["state_id"], r.get("name") or r["alias"], _date(r["valid_from"]), _date(r["valid_to"]))
        for r in found
    )


@cache
def code_aliases() -> dict[tuple[str, str], tuple[DatedName, ...]]:
    """Extra codes by (scheme, CODE): former or source-specific codes, dated where they changed hands."""
    index: dict[tuple[str, str], list[DatedName]] = {}
    for r in rows("aliases.csv"):
        scheme = _code_scheme(r)
        if scheme:
            entry = DatedName(r["state_id"], r["alias"], _date(r["valid_from"]), _date(r["valid_to"]))
            index.setdefault((scheme, r["alias"].strip().upper()), []).append(entry)
    return {key: tuple(entries) for key, entries in index.items()}


@cache
def successions() -> tuple[Succession, ...]:
    return tuple(
        Succession(r["predecessor"], r["successor"], dt.date.fromisoformat(r["date"]), r["kind"])
        for r in rows("successions.csv")
    )


@cache
def _code_index(scheme: str) -> dict[str, tuple[str, ...]]:
    """Code → the states that hold it in states.csv (several when it passed from one state to another)."""
    index: dict[str, tuple[str, ...]] = {}
    for state in states().values():
        codes = {
            "iso3": state.iso3,
            "iso2": state.iso2,
            "cow": state.cow,
            "m49": state.m49,
            "undl": state.undl_code,
        }
        value = codes[scheme]
        if value is not None:
            key = str(value).upper()
            index[key] = (*index.get(key, ()), state.state_id)
    return index


def _pick(holders: tuple[str, ...], on: dt.date | None) -> str:
    """The holder of a shared code on a day: the member that day, else the nearest in time; undated: the latest."""
    if on is None:
        return max(holders, key=lambda h: states()[h].admitted or dt.date.min)
    return min(holders, key=lambda h: states()[h].distance(on))


def _by_code(key: str, scheme: str, on: dt.date | None) -> str | None:
    aliases = code_aliases().get((scheme, key.upper()), ())
    dated = {a.state_id for a in aliases if on is not None and a.covers(on) and (a.valid_from or a.valid_to)}
    if len(dated) == 1:
        return dated.pop()
    holders = _code_index(scheme).get(key.upper())
    if holders:
        return _pick(holders, on)
    undated = {a.state_id for a in aliases if not (a.valid_from or a.valid_to) or on is None}
    return undated.pop() if len(undated) == 1 else None


@cache
def _name_index() -> dict[str, tuple[DatedName, ...]]:
    index: dict[str, list[DatedName]] = {}
    for entry in names():
        index.setdefault(normalise(entry.name), []).append(entry)
    for state in states().values():  # the current name, unless dated rows already give that spelling for it
        entries = index.setdefault(normalise(state.name), [])
        if not any(e.state_id == state.state_id for e in entries):
            entries.append(DatedName(state.state_id, state.name, None, None))
    return {key: tuple(entries) for key, entries in index.items()}


def _by_name(text: str, on: dt.date | None) -> str | None:
    entries = _name_index().get(normalise(text), ())
    ids = {e.state_id for e in entries if e.covers(on)}
    if len(ids) == 1:
        return ids.pop()
    if not ids and on is not None:  # a spelling used outside its dated range: accept it if it names one state
        ids = {e.state_id for e in entries}
        return ids.pop() if len(ids) == 1 else None
    return None


def resolve(text: str, *, on: dt.date | None = None, scheme: str = "any") -> str:
    """The state_id for a spelling or code as of `on`; raise UnknownState when none (or several) match."""
    if scheme not in SCHEMES:
        raise ValueError(f"unknown scheme {scheme!r}; use one of {', '.join(SCHEMES)}")
    key = text.strip()
    if scheme != "name":
        for code_scheme in CODE_SCHEMES if scheme == "any" else (scheme,):
            found = _by_code(key, code_scheme, on)
            if found:
                return found
    if scheme in ("any", "name"):
        found = _by_name(key, on)
        if found:
            return found
    when = f" on {on.isoformat()}" if on else ""
    raise UnknownState(
        f"unknown state {text!r} ({scheme}){when}",
        hint="Add the spelling to src/unvotes/refdata/data/aliases.csv if it names a member state.",
    )


def name_on(state_id: str, day: dt.date) -> str:
    """The official name a state bore on a day (the current name when none is recorded)."""
    for entry in names():
        if entry.state_id == state_id and entry.covers(day) and entry in _official_names():
            return entry.name
    return states()[state_id].name


@cache
def _official_names() -> frozenset[DatedName]:
    return frozenset(
        DatedName(r["state_id"], r["name"], _date(r["valid_from"]), _date(r["valid_to"]))
        for r in rows("state_names.csv")
    )


def members_on(day: dt.date) -> list[str]:
    """The state ids that were UN members on a day."""
    return sorted(s.state_id for s in states().values() if s.member_on(day))


def successors_of(state_id: str) -> list[str]:
    return [s.successor for s in successions() if s.predecessor == state_id]


def official_names() -> frozenset[DatedName]:
    """The official names with their dates (without the source aliases)."""
    return _official_names()
