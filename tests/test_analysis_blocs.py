"""Bloc cohesion, defections, the yearly summary and data-driven clusters, on hand-made and real matrices."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pytest

from unvotes.analysis import blocs
from unvotes.analysis import matrix as adapter
from unvotes.analysis.matrix import ABSENT, NOT_MEMBER, VoteMatrix
from unvotes.models import Selection
from unvotes.store import connect

Y, A, N, X, NM = 1, 2, 3, ABSENT, NOT_MEMBER


def matrix(states: list[str], rows: list[list[int]], dates: list[str] | None = None) -> VoteMatrix:
    """A matrix from rows of codes (one row per state), with one event per column."""
    values = np.array(rows, dtype=np.int8)
    days = dates or [f"2023-0{1 + j % 9}-15" for j in range(values.shape[1])]
    events = tuple(
        {"record_id": j + 1, "date": d, "symbol": f"A/RES/78/{j + 1}", "title": f"Vote {j + 1}"}
        for j, d in enumerate(days)
    )
    return VoteMatrix(tuple(states), values, events, np.array(days, dtype="datetime64[D]"))


# --- cohesion ---------------------------------------------------------------------------------------------------


def test_unanimous_bloc_has_cohesion_one() -> None:
    """Every member voting the same way gives an agreement index of 1 and a majority share of 1."""
    m = matrix(["A1", "A2", "A3", "A4"], [[Y, N], [Y, N], [Y, N], [Y, N]])
    assert blocs.cohesion(m, ["A1", "A2", "A3", "A4"]).tolist() == [1.0, 1.0]
    assert blocs.majority_share(m, ["A1", "A2", "A3", "A4"]).tolist() == [1.0, 1.0]


def test_even_three_way_split_has_cohesion_zero() -> None:
    """Two yes, two no, two abstain: (2 − ½·4) ÷ 6 = 0 under the HNR formula; the majority share is ⅓."""
    m = matrix([f"S{i}" for i in range(6)], [[Y], [Y], [N], [N], [A], [A]])
    assert blocs.cohesion(m, m.states).tolist() == [0.0]
    assert blocs.majority_share(m, m.states).tolist() == pytest.approx([1 / 3])


def test_hand_computed_cohesion() -> None:
    """3 yes, 1 no: (3 − ½·1) ÷ 4 = 0.625; 2 yes, 2 no: (2 − 1) ÷ 4 = 0.25; 3 yes, 1 abstain, 1 no: (3 − 1) ÷ 5 = 0.4."""
    m = matrix(
        ["S1", "S2", "S3", "S4", "S5"],
        [[Y, Y, Y], [Y, Y, Y], [Y, N, Y], [N, N, A], [X, X, N]],
    )
    assert blocs.cohesion(m, m.states).tolist() == pytest.approx([0.625, 0.25, 0.4])


def test_absent_and_non_members_do_not_count() -> None:
    """Absent (8), not-a-member (9) and unknown (0) codes are left out; a vote no member cast is NaN."""
    m = matrix(["S1", "S2", "S3"], [[Y, X], [Y, NM], [X, 0]])
    ai = blocs.cohesion(m, m.states)
    assert ai[0] == 1.0 and np.isnan(ai[1])
    assert blocs.tallies(m, m.states).tolist() == [[2, 0, 0], [0, 0, 0]]


def test_only_listed_members_count() -> None:
    """States outside the bloc do not change its cohesion; ids not in the matrix are ignored."""
    m = matrix(["IN1", "IN2", "OUT"], [[Y], [Y], [N]])
    assert blocs.cohesion(m, ["IN1", "IN2", "ZZZ"]).tolist() == [1.0]


def test_majority_is_zero_on_a_tie() -> None:
    """The bloc's position is the unique most common option; a tie gives 0 (no position)."""
    m = matrix(["S1", "S2", "S3", "S4"], [[Y, Y], [Y, N], [N, A], [A, X]])
    assert blocs.majority(m, m.states).tolist() == [Y, 0]


def test_bloc_mask_follows_dated_membership() -> None:
    """With the reference table, the UK is an EU member on a 2019 vote and not on a 2021 vote."""
    m = matrix(["GBR", "FRA"], [[Y, Y], [Y, Y]], dates=["2019-06-01", "2021-06-01"])
    mask = blocs.bloc_mask(m, "eu")
    assert mask.tolist() == [[True, False], [True, True]]
    assert blocs.bloc_mask(m, "eu", day=dt.date(2019, 1, 1)).tolist() == [[True, True], [True, True]]


def test_a_mask_of_the_wrong_shape_is_an_error() -> None:
    """A boolean members mask must be shaped like the matrix."""
    m = matrix(["S1", "S2"], [[Y, Y], [Y, Y]])
    with pytest.raises(ValueError, match="shaped like the matrix"):
        blocs.cohesion(m, np.ones((2, 3), dtype=bool))


# --- defections -------------------------------------------------------------------------------------------------


def test_defections_name_the_state_vote_and_bloc_position() -> None:
    """On a 4-1 vote the one no is a defection, with the bloc's yes and the vote's labels; absences are not."""
    m = matrix(
        ["HUN", "FRA", "DEU", "ITA", "ESP"],
        [[N, Y], [Y, Y], [Y, X], [Y, Y], [Y, Y]],
    )
    found = blocs.defections(m, m.states)
    assert found == [
        {
            "state": "HUN",
            "vote": "N",
            "majority": "Y",
            "share": 0.8,
            "record_id": 1,
            "symbol": "A/RES/78/1",
            "date": "2023-01-15",
            "title": "Vote 1",
        }
    ]


def test_no_defections_without_a_clear_majority() -> None:
    """A 2-2 tie has no position, and a 2-1-1 plurality (half) is below the default strict majority."""
    m = matrix(["S1", "S2", "S3", "S4"], [[Y, Y], [Y, Y], [N, N], [N, A]])
    assert blocs.defections(m, m.states) == []
    assert [d["state"] for d in blocs.defections(m, m.states, min_share=0.4)] == ["S3", "S4"]


def test_defections_are_ordered_by_vote_then_state() -> None:
    """Defections come oldest vote first, then in the matrix's state order; an abstention against yes counts."""
    m = matrix(["S1", "S2", "S3", "S4"], [[Y, A], [Y, Y], [Y, Y], [A, Y]])
    assert [(d["record_id"], d["state"], d["vote"]) for d in blocs.defections(m, m.states)] == [
        (1, "S4", "A"),
        (2, "S1", "A"),
    ]


# --- summary ----------------------------------------------------------------------------------------------------


def test_bloc_summary_for_one_year() -> None:
    """The summary keeps the year's votes, uses dated membership, averages cohesion and ranks defectors."""
    eu = ["AUT", "BEL", "FRA", "HUN", "POL"]
    rows = [[Y, Y, Y, N], [Y, Y, Y, Y], [Y, Y, Y, Y], [N, N, Y, Y], [Y, A, Y, Y]]
    m = matrix(eu, rows, dates=["2023-03-01", "2023-06-01", "2023-09-01", "2024-03-01"])
    (row,) = blocs.bloc_summary(m, year=2023, keys=["eu"])
    assert row["bloc"] == "eu" and row["members"] == 5 and row["votes"] == 3
    assert row["cohesion"] == pytest.approx((0.7 + 0.4 + 1.0) / 3)  # 4-0-1, 3-1-1, 5-0-0
    assert row["top_defectors"] == [{"state": "HUN", "defections": 2}, {"state": "POL", "defections": 1}]


def test_bloc_summary_of_a_bloc_with_no_members_in_the_matrix() -> None:
    """A bloc none of whose members is in the matrix has no votes and no cohesion."""
    m = matrix(["FRA", "DEU"], [[Y], [Y]])
    (row,) = blocs.bloc_summary(m, keys=["brics"])
    assert row == {
        "bloc": "brics",
        "name": "BRICS",
        "members": 0,
        "votes": 0,
        "cohesion": None,
        "majority_share": None,
        "top_defectors": [],
    }


# --- clusters ---------------------------------------------------------------------------------------------------


def planted(seed: int = 7, size: int = 10, votes: int = 60, noise: float = 0.1) -> tuple[VoteMatrix, dict]:
    """Two blocs voting opposite ways, each state abstaining or absent at random on a share of votes."""
    rng = np.random.default_rng(seed)
    line = rng.choice([Y, N], size=votes)
    west, south = [f"W{i}" for i in range(size)], [f"S{i}" for i in range(size)]
    rows = [np.where(line == Y, N, Y) for _ in west] + [line.copy() for _ in south]
    for row in rows:
        row[rng.random(votes) < noise] = A
        row[rng.random(votes) < noise] = X
    return matrix(west + south, [r.tolist() for r in rows]), {"west": west, "south": south}


def test_clusters_recover_two_planted_blocs_and_name_them() -> None:
    """With k chosen by the silhouette rule, the two planted blocs come back whole, named, with Jaccard 1."""
    m, reference = planted()
    found = blocs.clusters(m, reference=reference)
    assert len(found) == 2
    assert {c["name"]: c["states"] for c in found} == {n: sorted(ids) for n, ids in reference.items()}
    assert all(c["jaccard"] == 1.0 and c["silhouette"] > 0.5 for c in found)


def test_clusters_report_partial_overlap() -> None:
    """A cluster is named by the bloc it overlaps most, with the Jaccard overlap reported (8 of 10 → 0.8)."""
    m, reference = planted()
    reference = {"west": reference["west"][:8], "south": reference["south"]}
    west = next(c for c in blocs.clusters(m, k=2, reference=reference) if c["name"] == "west")
    assert west["jaccard"] == 0.8
    assert west["overlaps"][0] == {"bloc": "west", "jaccard": 0.8}


def test_clusters_named_by_reference_blocs() -> None:
    """By default the names come from the reference table: an EU-voting cluster is named "eu"."""
    m, _ = planted()
    eu = ["AUT", "BEL", "BGR", "HRV", "CYP", "CZE", "DNK", "EST", "FIN", "FRA"]
    other = ["BRA", "RUS", "IND", "CHN", "ZAF", "EGY", "ETH", "IRN", "ARE", "IDN"]
    renamed = VoteMatrix(tuple(eu + other), m.values, m.events, m.dates)
    names = {c["name"] for c in blocs.clusters(renamed, k=2, day=dt.date(2025, 6, 1))}
    assert names == {"eu", "brics"}


def test_agreement_distance_by_hand() -> None:
    """Yes vs no is 1, yes vs abstain ½; the mean over common votes; no common vote gives 1."""
    values = np.array([[Y, Y, X], [N, A, X], [Y, Y, Y], [X, X, N]], dtype=np.int8)
    dist, common = blocs.agreement_distance(values)
    assert dist[0, 1] == pytest.approx(0.75) and common[0, 1] == 2
    assert dist[0, 2] == 0.0 and dist[0, 3] == 1.0 and common[0, 3] == 0
    assert dist[2, 3] == 1.0 and np.allclose(dist, dist.T)


def test_clusters_need_three_states() -> None:
    """Clustering fewer than three states with enough votes is an error that says so."""
    m = matrix(["S1", "S2"], [[Y] * 12, [N] * 12])
    with pytest.raises(ValueError, match="at least 3 states"):
        blocs.clusters(m)


# --- the real record --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def record_2023(full_db: Path) -> VoteMatrix:
    """The General Assembly's recorded votes of 2023 from the full record built for the session."""
    with connect(full_db, read_only=True) as con:
        return adapter.load(con, Selection(year=2023))


@pytest.mark.slow
def test_real_eu_defections_on_israeli_settlements(record_2023: VoteMatrix) -> None:
    """A/RES/78/78 (Israeli settlements, 7 December 2023): 25 EU members yes, Czechia abstained, Hungary voted no."""
    j = [e["symbol"] for e in record_2023.events].index("A/RES/78/78")
    m = record_2023.take([j])
    found = blocs.defections(m, blocs.bloc_mask(m, "eu"))
    assert [(d["state"], d["vote"], d["majority"]) for d in found] == [("CZE", "A", "Y"), ("HUN", "N", "Y")]
    assert blocs.tallies(m, blocs.bloc_mask(m, "eu")).tolist() == [[25, 1, 1]]
