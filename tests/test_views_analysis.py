"""The analysis views conform to their published shapes: over the fixture record where it is enough, over the
small real record (ES-11 and the 2025 votes) for fits and clusters."""

from __future__ import annotations

from pathlib import Path

import pytest

from unvotes.errors import NotFound
from unvotes.models import Selection
from unvotes.store import connect
from unvotes.views import analysis, shapes
from view_checks import conforms


@pytest.fixture
def con(fixture_db: Path):
    with connect(fixture_db, read_only=True) as con:
        yield con


@pytest.fixture
def real(es11_db: Path):
    with connect(es11_db, read_only=True) as con:
        yield con


def test_coincidence_conforms(con):
    """`coincidence` returns a `Coincidence`."""
    found = analysis.coincidence(con, "USA", 2025)
    conforms(found, shapes.Coincidence)
    assert {r["state"]: r["percent"] for r in found["rows"]}["RUS"] == 100.0


def test_agreement_conforms(con):
    """`agreement` returns an `Agreement`: the US and Russia both voted no on the one GA vote."""
    found = analysis.agreement(con, "USA", "RUS", Selection())
    conforms(found, shapes.Agreement)
    assert (found["score"], found["votes"], found["series"]) == (
        1.0,
        1,
        [{"period": 2025, "score": 1.0, "n": 1}],
    )


def test_agreement_with_lineage_conforms(con):
    """With `lineage`, `agreement` is still an `Agreement`; a period without a predecessor's vote says None."""
    found = analysis.agreement(con, "USA", "RUS", Selection(), lineage=True)
    conforms(found, shapes.Agreement)
    assert found["series"] == [{"period": 2025, "score": 1.0, "n": 1, "lineage": None}]


def test_compare_lists_the_votes_where_two_states_split(con):
    """`compare` returns a `Compare` whose splits name the vote, its address and both votes."""
    found = analysis.compare(con, "USA", "UKR", Selection())
    conforms(found, shapes.Compare)
    assert found["splits"] == [
        {
            "id": "A/RES/ES-11/7",
            "symbol": "A/RES/ES-11/7",
            "date": "2025-02-24",
            "title": "Advancing a comprehensive, just and lasting peace in Ukraine",
            "a": "N",
            "b": "Y",
        }
    ]


def test_allies_conform(con):
    """`allies` returns `Allies` naming the state."""
    found = analysis.allies(con, "USA", Selection(), min_votes=1)
    conforms(found, shapes.Allies)
    assert found["state"] == "USA"


def test_blocs_conform(con):
    """`bloc_cohesion` returns `Blocs`."""
    conforms(analysis.bloc_cohesion(con, 2025), shapes.Blocs)


def test_an_empty_selection_is_not_found(con):
    """A year without votes is a NotFound error with a hint."""
    with pytest.raises(NotFound, match="no recorded vote matches"):
        analysis.coincidence(con, "USA", 1990)


def test_clusters_conform(real):
    """`bloc_cohesion` with clusters returns `Blocs` with named clusters."""
    found = analysis.bloc_cohesion(real, 2025, with_clusters=True)
    conforms(found, shapes.Blocs)
    assert found["clusters"]


def test_ideal_points_conform(real):
    """`ideal_points` of a year returns `IdealPoints` and tells the shape before fitting."""
    shapes_seen = []
    found = analysis.ideal_points(real, year=2025, starting=shapes_seen.append)
    conforms(found, shapes.IdealPoints)
    assert shapes_seen and shapes_seen[0][1] > 100


def test_shifts_conform(real):
    """`turnarounds` with a partner returns `Shifts`, each vote with its address."""
    found = analysis.turnarounds(real, "USA", partner="UKR")
    conforms(found, shapes.Shifts)
    pairs = {(t["before"]["id"], t["after"]["id"]) for t in found["turnarounds"]}
    assert ("A/RES/ES-11/6", "A/RES/ES-11/7") in pairs and found["change_points"]
