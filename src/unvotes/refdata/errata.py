"""Where a published report scored votes otherwise than they were cast, and the evidence.

`data/statedept_errata.csv` lists what the State Department's per-country coincidence tables score differently
from the record (and from the report's own vote list): one row per mistake, naming the votes (`symbols`, `;`
between them), the states whose votes it touches, and how the table scores them: a vote letter (Y, N, A, X) for
each state named, or `next` (each state, in the order given, takes the vote of the state after it, the last
the first's: rows read out of order). `unvotes coincidence` applies them so that its rows reproduce the printed
tables, says so in its output, and leaves them out with `--as-recorded`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from unvotes.refdata import rows

NEXT_ROW = "next"


@dataclass(frozen=True)
class Erratum:
    year: int
    symbols: tuple[str, ...]
    states: tuple[str, ...]
    scored_as: str  # Y, N, A, X, or NEXT_ROW
    evidence: str


@cache
def statedept_errata() -> tuple[Erratum, ...]:
    return tuple(
        Erratum(
            int(r["year"]),
            tuple(s.strip() for s in r["symbols"].split(";")),
            tuple(r["states"].split()),
            r["scored_as"],
            r["evidence"],
        )
        for r in rows("statedept_errata.csv")
    )


def statedept_errata_of(year: int) -> tuple[Erratum, ...]:
    """The errata of one year's report."""
    return tuple(e for e in statedept_errata() if e.year == year)
