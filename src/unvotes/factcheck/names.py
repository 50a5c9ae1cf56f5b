"""States named in text: official, short and former names, demonyms and capitals, resolved offline.

Spellings come from the reference data (`refdata/data`: names, dated names and source aliases), from pycountry's
names for the same ISO codes, and from `factcheck/data/names.csv` (the short names, demonyms and capitals that
reporters use: "the US", "Britain", "Australian", "Moscow"). A name that meant different states at different
times ("Russia" before and after 24 December 1991) resolves by date, as `states.resolve` does.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

from unvotes.refdata import states

KINDS = ("name", "short", "former", "demonym", "capital")
# Words that may not stand alone as a state's name in running text, though a source uses them as one.
NOT_NAMES = frozenset({"congo", "korea"})
# "Latin America", "South Sudan" and the like: a longer name or place that contains a shorter one.
PLACES = (
    "Latin America",
    "South America",
    "North America",
    "Central America",
    "American Samoa",
    "New Mexico",
)


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    state: str
    kind: str  # name | short | former | demonym | capital
    surface: str


@dataclass(frozen=True)
class Spelling:
    state: str
    kind: str
    valid_from: dt.date | None
    valid_to: dt.date | None

    def covers(self, day: dt.date | None) -> bool:
        if day is None:
            return True
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day < self.valid_to
        )


def _key(text: str) -> str:
    """The lookup key of a spelling: case-blind, with "the" and full stops dropped."""
    text = re.sub(r"^the\s+", "", text.strip(), flags=re.IGNORECASE).replace(".", "")
    return states.normalise(text)


@cache
def _house_rows() -> tuple[dict[str, str], ...]:
    """The rows of `data/names.csv`, read once."""
    path = resources.files("unvotes.factcheck").joinpath("data", "names.csv")
    with path.open(encoding="utf-8") as handle:
        return tuple(csv.DictReader(handle))


@cache
def _pycountry_names() -> tuple[tuple[str, str], ...]:
    """(name, state id) for pycountry's names, common names and official names of the states in the record."""
    import pycountry

    known = states.states()
    found = []
    for country in pycountry.countries:
        if country.alpha_3 in known:
            for field in ("name", "common_name", "official_name"):
                name = getattr(country, field, None)
                if name:
                    found.append((name, country.alpha_3))
    return tuple(found)


@cache
def spellings() -> dict[str, tuple[Spelling, ...]]:
    """Every spelling's key → the states it names, with the dates it named them."""
    index: dict[str, list[Spelling]] = {}

    def add(name: str, spelling: Spelling) -> None:
        if len(name) >= 2 and _key(name) not in NOT_NAMES:
            index.setdefault(_key(name), []).append(spelling)

    for entry in states.names():
        add(entry.name, Spelling(entry.state_id, "name", entry.valid_from, entry.valid_to))
    for state in states.states().values():
        add(state.name, Spelling(state.state_id, "name", None, None))
    for name, state_id in _pycountry_names():
        add(name, Spelling(state_id, "name", None, None))
    for row in _house_rows():
        add(row["name"], Spelling(row["state_id"], row["kind"], None, None))
    return {key: tuple(found) for key, found in index.items()}


@cache
def _surface_forms() -> tuple[str, ...]:
    """The written forms to look for, longest first, so "North Korea" wins over "Korea"."""
    forms = {row["name"] for row in _house_rows()}
    forms |= {e.name for e in states.names()} | {s.name for s in states.states().values()}
    forms |= {name for name, _ in _pycountry_names()}
    kept = {re.sub(r"^the\s+", "", f, flags=re.IGNORECASE) for f in forms if not re.search(r"[(),]", f)}
    return tuple(sorted((f for f in kept if _key(f) in spellings()), key=len, reverse=True))


@cache
def _pattern() -> re.Pattern[str]:
    """One expression for every written form; names are matched with their capitals, as written."""
    places = "|".join(re.escape(p) for p in PLACES)
    names = "|".join(re.escape(f) for f in _surface_forms())
    return re.compile(
        rf"(?<![\w-])(?:(?P<place>{places})|(?:the\s+)?(?P<name>{names}))(?![\w])(?!-(?!drafted|backed|led|sponsored|proposed)\w)"
    )


def pick(key: str, on: dt.date | None) -> tuple[str, str] | None:
    """The state a spelling names on a day, and the kind of spelling; None when it names several."""
    found = spellings().get(key, ())
    dated = [s for s in found if s.covers(on)] or list(found)
    ids = {s.state for s in dated}
    if len(ids) > 1 and on is not None:
        ids = {i for i in ids if states.states()[i].member_on(on)} or ids
    if len(ids) != 1:
        return None
    state = ids.pop()
    kinds = [s.kind for s in dated if s.state == state]
    return state, min(kinds, key=KINDS.index)


def mentions(text: str, on: dt.date | None = None) -> list[Mention]:
    """The states named in a text, in order, each resolved for the day `on`."""
    found = []
    for match in _pattern().finditer(text):
        if match.group("place") or not _written_as_name(match.group("name")):
            continue
        picked = pick(_key(match.group("name")), on)
        if picked:
            state = _successor_seat(picked[0], on)
            found.append(Mention(match.start(), match.end(), state, picked[1], match.group(0)))
    return found


def _written_as_name(surface: str) -> bool:
    """A name as written in prose starts with a capital ("US", not "us")."""
    return surface[:1].isupper()


def _successor_seat(state: str, on: dt.date | None) -> str:
    """The state that held a seat on a day: the USSR for "Russia" before the succession of 24 December 1991."""
    if on is None or states.states()[state].member_on(on):
        return state
    for succession in states.successions():
        if succession.successor == state and on < succession.date and succession.kind == "continuation":
            return succession.predecessor
    return state


def resolve(text: str, on: dt.date | None = None) -> str | None:
    """The state one name stands for on a day, or None."""
    picked = pick(_key(text), on)
    return _successor_seat(picked[0], on) if picked else None


def short_name(state: str) -> str:
    """A state's name for messages: its current (or last) short name."""
    return states.states()[state].name
