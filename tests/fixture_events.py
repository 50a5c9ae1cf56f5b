"""A small hand-made record, built in code: one GA vote in two sources, an SC draft, amendments with and without symbols."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unvotes.models import Counts, EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.store import Batch

DAY = dt.date(2025, 2, 24)
COUNCIL = [
    "CHN",
    "FRA",
    "RUS",
    "GBR",
    "USA",
    "DZA",
    "GUY",
    "KOR",
    "SLE",
    "SVN",
    "DNK",
    "GRC",
    "PAK",
    "PAN",
    "SOM",
]
Y, N, A, X = Vote.YES, Vote.NO, Vote.ABSTAIN, Vote.NON_VOTING


def _ga_votes() -> dict[str, Vote]:
    return {
        "USA": N,
        "RUS": N,
        "PRK": N,
        "BLR": N,
        "UKR": Y,
        "FRA": Y,
        "GBR": Y,
        "DEU": Y,
        "CHN": A,
        "IND": A,
    }


def ga_official(file: Path) -> VoteEvent:
    return VoteEvent(
        key="4076000",
        organ=Organ.GA,
        date=DAY,
        kind=EventKind.DRAFT,
        provenance=Provenance("undl_ga", str(file), 2, "Version 5 (February 2026)"),
        votes=_ga_votes(),
        session="ES-11",
        document="A/ES-11/L.10",
        resolution="A/RES/ES-11/7",
        title="Advancing a comprehensive, just and lasting peace in Ukraine",
        counts=Counts(4, 4, 2, 0),
        outcome=Outcome.ADOPTED,
        complete=True,
    )


def ga_scrape(file: Path, ukraine: Vote = Y) -> VoteEvent:
    votes = _ga_votes() | {"UKR": ukraine, "POL": Y}
    return VoteEvent(
        key="ES-11/7",
        organ=Organ.GA,
        date=DAY,
        kind=EventKind.DRAFT,
        provenance=Provenance("hzloto_2025", str(file), 5),
        votes=votes,
        resolution="A/RES/ES-11/7",
        counts=Counts(5, 4, 2, 0),
        outcome=Outcome.ADOPTED,
        complete=False,
    )


def sc_draft(file: Path) -> VoteEvent:
    votes = dict.fromkeys(COUNCIL, Y) | dict.fromkeys(("DNK", "FRA", "GRC", "SVN", "GBR"), A)
    return VoteEvent(
        key="2000",
        organ=Organ.SC,
        date=DAY,
        kind=EventKind.DRAFT,
        provenance=Provenance("oliverunv_sc", str(file), 10),
        votes=votes,
        document="S/2025/112",
        resolution="S/RES/2774 (2025)",
        counts=Counts(10, 0, 5, 0),
        outcome=Outcome.ADOPTED,
    )


def sc_amendment(file: Path) -> VoteEvent:
    votes = (
        dict.fromkeys(COUNCIL, A) | dict.fromkeys(("DNK", "FRA", "GRC", "KOR", "SVN", "GBR"), Y) | {"RUS": N}
    )
    return VoteEvent(
        key="2003",
        organ=Organ.SC,
        date=DAY,
        kind=EventKind.DRAFT,
        provenance=Provenance("oliverunv_sc", str(file), 20),
        votes=votes,
        document="S/2025/114",
        counts=Counts(6, 1, 8, 0),
        outcome=Outcome.REJECTED,
    )


def curated_amendment(file: Path) -> VoteEvent:
    """Names one vote and the counts, but no symbol: reconciliation must find S/2025/114 by its votes."""
    return VoteEvent(
        key="2025-02-24_SC_amendment-EU-1",
        organ=Organ.SC,
        date=DAY,
        kind=EventKind.AMENDMENT,
        provenance=Provenance("curated", str(file)),
        votes={"RUS": N},
        amends="S/2025/112",
        counts=Counts(6, 1, 8, 0),
        outcome=Outcome.REJECTED,
        complete=False,
    )


def batches(folder: Path) -> list[Batch]:
    """Write one placeholder file per source (the store hashes them) and return the batches."""
    files = {name: folder / name for name in ("ga.csv", "hz.csv", "sc.xlsx", "eu1.json")}
    for name, path in files.items():
        path.write_text(name)
    return [
        Batch("undl_ga", files["ga.csv"], [ga_official(files["ga.csv"])]),
        Batch("hzloto_2025", files["hz.csv"], [ga_scrape(files["hz.csv"])]),
        Batch("oliverunv_sc", files["sc.xlsx"], [sc_draft(files["sc.xlsx"]), sc_amendment(files["sc.xlsx"])]),
        Batch("curated", files["eu1.json"], [curated_amendment(files["eu1.json"])]),
    ]
