"""Reference blocs of states with dated membership: the UN regional groups and the organisations that vote together.

`data/blocs.csv` has one row per membership period: `bloc, state_id, joined, left, source`. `left` is exclusive (the
first day the state is no longer a member, as everywhere in `refdata/data/`) and empty while it is a member; every
row names its source: a page that was read, an official list, or "general knowledge, not checked" where no source
was read. `docs/methods-blocs.md` gives every modelling choice: the groups' start in 1966, the United States,
Israel, Türkiye and Kiribati in the regional groups, suspensions (not membership changes), stand-in dates.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

from unvotes.refdata import rows


@dataclass(frozen=True)
class Bloc:
    key: str
    name: str
    kind: str  # "regional group" (the UN's electoral groups) or "organisation"
    description: str


BLOCS: dict[str, Bloc] = {
    b.key: b
    for b in (
        Bloc("african", "African Group", "regional group", "The UN's African States."),
        Bloc(
            "asia_pacific",
            "Asia-Pacific Group",
            "regional group",
            "The UN's Asia-Pacific States (Asian Group to 2011).",
        ),
        Bloc(
            "eastern_european",
            "Eastern European Group",
            "regional group",
            "The UN's Eastern European States.",
        ),
        Bloc(
            "grulac",
            "Latin American and Caribbean Group (GRULAC)",
            "regional group",
            "The UN's Latin American and Caribbean States.",
        ),
        Bloc(
            "weog",
            "Western European and Others Group (WEOG)",
            "regional group",
            "The UN's Western European and other States, with the United States (an observer) and Türkiye.",
        ),
        Bloc(
            "eu", "European Union", "organisation", "The EU and, before 1993, the EEC/European Communities."
        ),
        Bloc("nato", "NATO", "organisation", "Parties to the North Atlantic Treaty."),
        Bloc(
            "au",
            "African Union",
            "organisation",
            "The AU and, before 2002, the Organisation of African Unity.",
        ),
        Bloc(
            "arab", "Arab Group", "organisation", "Members of the League of Arab States that are UN members."
        ),
        Bloc(
            "oic",
            "Organisation of Islamic Cooperation",
            "organisation",
            "OIC members (Islamic Conference to 2011).",
        ),
        Bloc(
            "nam", "Non-Aligned Movement", "organisation", "Members of the Non-Aligned Movement (from 1961)."
        ),
        Bloc(
            "g77", "Group of 77", "organisation", "The G77 (from 1964), without China, which is associated."
        ),
        Bloc(
            "brics",
            "BRICS",
            "organisation",
            "Brazil, Russia, India, China (2009), South Africa and the 2024-25 entrants.",
        ),
        Bloc(
            "g7",
            "G7",
            "organisation",
            "The Group of Seven (six from the Rambouillet summit of 1975; Canada 1976).",
        ),
    )
}
REGIONAL_GROUPS = tuple(k for k, b in BLOCS.items() if b.kind == "regional group")


@dataclass(frozen=True)
class Membership:
    bloc: str
    state_id: str
    joined: dt.date
    left: dt.date | None  # exclusive; None while a member
    source: str

    def covers(self, day: dt.date) -> bool:
        return self.joined <= day and (self.left is None or day < self.left)


@cache
def memberships() -> tuple[Membership, ...]:
    """Every membership period of every bloc, in the order of the table."""
    return tuple(
        Membership(
            r["bloc"],
            r["state_id"],
            dt.date.fromisoformat(r["joined"]),
            dt.date.fromisoformat(r["left"]) if r["left"] else None,
            r["source"],
        )
        for r in rows("blocs.csv")
    )


def _known(bloc: str) -> str:
    if bloc not in BLOCS:
        raise KeyError(f"unknown bloc {bloc!r}; use one of {', '.join(BLOCS)}")
    return bloc


def periods(bloc: str) -> list[Membership]:
    """The membership periods of one bloc, by state and date."""
    _known(bloc)
    return sorted((m for m in memberships() if m.bloc == bloc), key=lambda m: (m.state_id, m.joined))


def members_on(bloc: str, day: dt.date) -> list[str]:
    """The state ids in a bloc on a day, sorted."""
    return sorted({m.state_id for m in periods(bloc) if m.covers(day)})


def blocs_of(state_id: str, day: dt.date) -> list[str]:
    """The blocs a state belonged to on a day, in the order of `BLOCS`."""
    held = {m.bloc for m in memberships() if m.state_id == state_id and m.covers(day)}
    return [key for key in BLOCS if key in held]


def regional_group_of(state_id: str, day: dt.date) -> str | None:
    """The UN regional group of a state on a day (None before 1966, and for a state in none)."""
    found = [b for b in blocs_of(state_id, day) if b in REGIONAL_GROUPS]
    return found[0] if found else None


def notable_states(day: dt.date) -> list[str]:
    """The states news reports name first: the permanent members of the Security Council, then the G7, then
    BRICS, as each was composed that day."""
    from unvotes.refdata import council

    ordered = list(council.permanent_on(day))
    for key in ("g7", "brics"):
        ordered += [s for s in members_on(key, day) if s not in ordered]
    return ordered
