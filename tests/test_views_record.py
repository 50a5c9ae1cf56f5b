"""The record's views conform to their published shapes, over the fixture record."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from unvotes.store import connect
from unvotes.views import record, shapes
from view_checks import conforms

DAY = dt.date(2025, 2, 24)


@pytest.fixture
def con(fixture_db: Path):
    with connect(fixture_db, read_only=True) as con:
        yield con


@pytest.mark.parametrize("symbol", ["ES-11/7", "S/RES/2774(2025)", "S/2025/114"])
def test_vote_conforms(con, symbol):
    """`vote` returns a `Vote` for a GA resolution, an SC resolution and an SC amendment."""
    conforms(record.vote(con, symbol), shapes.Vote)


def test_vote_carries_its_address_symbols_and_both_counts(con):
    """A vote names its permanent address and every symbol, and counts as printed and as cast in one shape."""
    found = record.vote(con, "A/ES-11/L.10")
    assert (found["id"], found["symbol"]) == ("A/RES/ES-11/7", "A/RES/ES-11/7")
    assert found["symbols"] == ["A/ES-11/L.10", "A/RES/ES-11/7"]
    assert found["counts"] == {"yes": 4, "no": 4, "abstain": 2, "non_voting": 0}
    assert found["tally"] == {"yes": 5, "no": 4, "abstain": 2, "non_voting": 0}


def test_related_votes_carry_their_address(con):
    """The amendment of S/2025/112 is listed with its address, date and counts."""
    related = record.vote(con, "S/2025/112")["related"]
    assert [(r["relation"], r["id"], r["date"]) for r in related] == [
        ("amendment", "S/2025/114", "2025-02-24")
    ]


def test_voted_with_conforms(con):
    """`voted_with` returns a `VotedWith` naming the vote's address."""
    found = record.voted_with(con, "ES-11/7", "USA")
    conforms(found, shapes.VotedWith)
    assert found["id"] == "A/RES/ES-11/7"


def test_state_votes_conform(con):
    """`state_votes` returns `StateVotes`, each vote with its address."""
    found = record.state_votes(con, "Russia", since=DAY)
    conforms(found, shapes.StateVotes)
    assert [v["id"] for v in found["votes"]] == ["A/RES/ES-11/7", "S/RES/2774 (2025)", "S/2025/114"]


def test_state_votes_with_lineage_conform(con):
    """With `lineage`, `state_votes` is still `StateVotes`; Russia's own votes say `lineage` None."""
    found = record.state_votes(con, "Russia", since=DAY, lineage=True)
    conforms(found, shapes.StateVotes)
    assert [(v["id"], v["lineage"]) for v in found["votes"]] == [
        ("A/RES/ES-11/7", None),
        ("S/RES/2774 (2025)", None),
        ("S/2025/114", None),
    ]


def test_day_conforms(con):
    """`day` returns a `Day`: the votes in the order taken, the state resolved."""
    found = record.day(con, DAY, "United States")
    conforms(found, shapes.Day)
    assert found["with_state"] == "USA" and len(found["votes"]) == 3


def test_search_conforms(con):
    """`search` returns a `Search` whose hits carry their address."""
    found = record.search(con, "Ukraine")
    conforms(found, shapes.Search)
    assert [h["id"] for h in found["hits"]] == ["A/RES/ES-11/7"]


def test_stats_conform(con):
    """`stats` returns `Stats`."""
    conforms(record.stats(con), shapes.Stats)


def test_about_conforms():
    """`about` needs no store and returns `About`."""
    conforms(record.about(), shapes.About)


def test_state_conforms(con):
    """`state` returns a `StateProfile`: the USSR as predecessor, the votes per organ, the latest first."""
    found = record.state(con, "Russian Federation")
    conforms(found, shapes.StateProfile)
    assert {s["organ"]: s["votes"] for s in found["by_organ"]} == {"GA": 1, "SC": 2}
    assert found["predecessors"] == ["SUN"] and found["latest"][0]["id"] == "S/2025/114"


def test_a_record_is_labelled_alike_by_show_and_by_the_analysis(con):
    """Every record's label in `vote` is the one the analysis' matrix read gives it (one roll-call label)."""
    from unvotes.models import Organ, Selection
    from unvotes.store import matrix, queries

    for organ in (Organ.GA, Organ.SC):
        selection = Selection(organ=organ, final_only=False)
        for row in matrix.selected_records(con, selection):
            assert queries.describe(con, row["record_id"])["symbol"] == row["symbol"]
            assert queries.describe(con, row["record_id"])["id"] == row["id"]
