"""The audit: every recorded vote decided by the rules, and each disagreement with the record given a cause."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from fixture_events import COUNCIL, batches
from unvotes import audit
from unvotes.models import Counts, EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.store import Batch, connect, load

Y, N, A = Vote.YES, Vote.NO, Vote.ABSTAIN


def _sc(key: str, day: dt.date, votes: dict[str, Vote], outcome: Outcome, file: Path) -> VoteEvent:
    return VoteEvent(
        key=key,
        organ=Organ.SC,
        date=day,
        kind=EventKind.DRAFT,
        provenance=Provenance("oliverunv_sc", str(file)),
        votes=votes,
        document=f"S/{day.year}/{key}",
        outcome=outcome,
    )


def _ga(key: str, counts: Counts, outcome: Outcome, file: Path) -> VoteEvent:
    return VoteEvent(
        key=key,
        organ=Organ.GA,
        date=dt.date(2020, 11, 12),
        kind=EventKind.DRAFT,
        provenance=Provenance("navya", str(file)),
        resolution=f"A/RES/75/{key}",
        counts=counts,
        outcome=outcome,
        complete=False,
    )


@pytest.fixture
def report(tmp_path: Path) -> audit.AuditReport:
    """The fixture record plus four votes whose recorded outcome the rules do not give."""
    council_2022 = [
        "CHN",
        "FRA",
        "RUS",
        "GBR",
        "USA",
        "ALB",
        "BRA",
        "GAB",
        "GHA",
        "IND",
        "IRL",
        "KEN",
        "MEX",
        "NOR",
        "ARE",
    ]
    procedural = dict.fromkeys(council_2022, Y) | {"RUS": N, "CHN": A, "IND": A, "ARE": A}
    sc_file, ga_file = tmp_path / "more_sc.xlsx", tmp_path / "more_ga.zip"
    sc_file.write_text("sc")
    ga_file.write_text("ga")
    extra = [
        Batch("oliverunv_sc", sc_file, [
            _sc("1", dt.date(2022, 2, 27), procedural, Outcome.ADOPTED, sc_file),
            _sc("2", dt.date(2022, 2, 28), procedural, Outcome.REJECTED, sc_file),
        ]),
        Batch("navya", ga_file, [
            _ga("1", Counts(60, 40, 10, 0), Outcome.REJECTED, ga_file),
            _ga("2", Counts(0, 0, 0, 0), Outcome.ADOPTED, ga_file),
        ]),
    ]  # fmt: skip
    with connect(tmp_path / "audit.duckdb") as con:
        load(con, batches(tmp_path) + extra)
        return audit.audit(con)


def test_the_fixture_votes_agree_with_their_outcomes(report):
    """The three fixture votes with tallies are decided as recorded; the curated-only one has none of its own."""
    assert report.decided == 7
    assert report.agree == 3


def test_each_disagreement_has_its_cause(report):
    """A Council vote adopted over Russia's no is procedural; rejected with 11 yes and Russia's no is a veto
    not recorded; a GA rejection with 60 % is a two-thirds question; 0-0-0 is no tally."""
    causes = {f.symbol: f.cause for f in report.findings}
    assert causes == {
        "S/2022/1": "procedural",
        "S/2022/2": "veto-not-recorded",
        "A/RES/75/1": "two-thirds",
        "A/RES/75/2": "zero-tally",
    }
    assert report.by_cause() == {"procedural": 1, "veto-not-recorded": 1, "two-thirds": 1, "zero-tally": 1}


def test_findings_carry_their_evidence(report):
    """A finding names the vote's address, the tally, the permanent members voting no, both outcomes and the
    source file."""
    finding = next(f for f in report.findings if f.symbol == "S/2022/1")
    assert finding.id == "S/2022/1"
    assert finding.tally == {"yes": 11, "no": 1, "abstain": 3, "non_voting": 0}
    assert finding.negative_permanent == ["RUS"]
    assert (finding.recorded, finding.decided) == ("adopted", "vetoed")
    assert finding.sources[0].startswith("oliverunv_sc ") and finding.sources[0].endswith("more_sc.xlsx")


def test_council_fixture_uses_a_real_council():
    """The fixture's 2025 Council is the one that sat on 24 February 2025."""
    from unvotes.refdata import council

    assert sorted(COUNCIL) == sorted(council.members_on(dt.date(2025, 2, 24)))
