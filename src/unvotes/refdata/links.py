"""Hand-entered links between events that carry no symbol and the symbol of the vote they record.

Each link in `data/event_links.csv` names the source and key of an event, the symbol it records, and the evidence
(tallies or sponsors in an official or cited record), and for an amendment the draft it amends. Reconciliation
joins the event to that symbol's record; queries show the draft amended.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from unvotes.refdata import rows


@dataclass(frozen=True)
class Link:
    source: str
    key: str
    symbol: str
    amends: str | None  # the draft the linked vote amended, where the source does not say
    evidence: str


@cache
def links() -> tuple[Link, ...]:
    return tuple(
        Link(r["source"], r["key"], r["symbol"], r["amends"] or None, r["evidence"])
        for r in rows("event_links.csv")
    )


def amends_of(source: str, key: str) -> str | None:
    """The draft a linked event amended, if a link says so."""
    return next((link.amends for link in links() if (link.source, link.key) == (source, key)), None)


def symbol_of(source: str, key: str) -> str | None:
    """The symbol a hand-entered link gives an event, if any."""
    return _by_event().get((source, key))


@cache
def _by_event() -> dict[tuple[str, str], str]:
    return {(link.source, link.key): link.symbol for link in links()}
