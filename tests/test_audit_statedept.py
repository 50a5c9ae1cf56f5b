"""The record against the State Department's lists, 2019-2023: every difference is one of a named, documented set
(docs/audit.md), and `unvotes audit --statedept YEAR` reports them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from unvotes.audit import STATEDEPT_CAUSES, statedept_audit
from unvotes.cli import cli
from unvotes.store import connect
from unvotes.views import shapes
from unvotes.views.validate import problems

# year → {(kind, symbol or record id, cause)}: each explained in docs/audit.md.
EXPLAINED = {
    2019: {
        ("tally", "A/RES/74/30", "printed-192"),
        ("tally", "A/RES/74/113", "printed-192"),
    },
    2020: {
        ("tally", "A/RES/75/239", "misprint"),
        ("tally", "A/RES/75/165", "misprint"),
        ("tally", "A/RES/74/301", "misprint"),
    },
    2021: {
        ("us_vote", "A/RES/76/21", "us-vote-misprint"),
        ("us_vote", "A/RES/76/27", "us-vote-misprint"),
        ("us_vote", "A/RES/76/29", "us-vote-misprint"),
    },
    2022: set(),
    2023: set(),
}
COUNTS = {2019: 100, 2020: 100, 2021: 86, 2022: 89, 2023: 88}


@pytest.fixture
def con(full_db: Path):
    with connect(full_db, read_only=True) as con:
        yield con


@pytest.mark.slow
@pytest.mark.parametrize("year", sorted(EXPLAINED))
def test_every_difference_from_the_list_is_a_named_one(con, year):
    """Each listed vote is in the record; the vote sets and tallies differ only where docs/audit.md explains it."""
    found = statedept_audit(con, year)
    assert problems(found, shapes.StatedeptAudit) == []
    assert (found["listed"], found["matched"]) == (COUNTS[year], COUNTS[year])
    seen = {(d["kind"], d["symbol"] or d["id"], d["cause"]) for d in found["differences"]}
    assert seen == EXPLAINED[year]
    assert {cause for _, _, cause in seen} <= STATEDEPT_CAUSES.keys()


@pytest.mark.slow
@pytest.mark.parametrize("year", [2020, 2021, 2022, 2023])
def test_the_record_holds_exactly_the_listed_votes(con, year):
    """2020-2023: the record's final GA votes adopted with a recorded vote are exactly the listed ones."""
    # A/RES/75/250 A joined A/RES/75/250; Voeten roll calls 9332 and 9405 (12 December 2022) joined their twins;
    # the scrape's rows naming the draft A/76/L.14 (2021) joined A/RES/76/10
    found = statedept_audit(con, year)
    assert (found["listed"], found["selected"]) == (COUNTS[year], COUNTS[year])


@pytest.mark.slow
def test_cli_audit_statedept_2022_json(full_db):
    """`audit --statedept 2022 --json` prints the whole comparison: 89 votes, all equal, no difference."""
    result = CliRunner().invoke(cli, ["--db", str(full_db), "audit", "--statedept", "2022", "--json"])
    found = json.loads(result.output)
    assert result.exit_code == 0
    assert {k: v for k, v in found.items() if k != "causes"} == {
        "year": 2022,
        "listed": 89,
        "matched": 89,
        "selected": 89,
        "tally_agrees": 89,
        "us_agrees": 89,
        "by_cause": {},
        "differences": [],
    }
    assert found["causes"] == STATEDEPT_CAUSES


def test_cli_audit_statedept_of_a_year_without_a_list(fixture_db):
    """A year with no list is a not_found envelope naming the lists there are, exit 2."""
    result = CliRunner().invoke(cli, ["--db", str(fixture_db), "audit", "--statedept", "2018", "--json"])
    assert result.exit_code == 2
    assert json.loads(result.output) == {
        "error": {
            "type": "not_found",
            "message": "no State Department list for 2018",
            "hint": "Lists: none imported (statedept/votes_<year>.csv).",
        }
    }
