"""Ideal points: recovery of simulated positions, identification, missing votes, ordinal coding, dynamics, bridges."""

from __future__ import annotations

import numpy as np
import pytest

from unvotes.analysis import ideal
from unvotes.analysis.matrix import ABSENT, ABSTAIN, NO, NOT_MEMBER, YES, VoteMatrix


def simulate(
    n: int = 60, j: int = 200, seed: int = 1, sessions: int = 1, theta: np.ndarray | None = None
) -> tuple[VoteMatrix, np.ndarray]:
    """Votes drawn from the ordered-probit model: y* = β·θ + ε cut at γ1 < γ2; 10 % absent at random.

    `theta` (states × sessions) overrides the drawn positions; the state with the highest mean is named USA,
    the lowest CUB, so the model's orientation agrees with the truth."""
    rng = np.random.default_rng(seed)
    truth = theta if theta is not None else np.repeat(rng.normal(size=(n, 1)), sessions, axis=1)
    n, per = truth.shape[0], j // sessions
    session = np.repeat(np.arange(sessions), per)
    beta = rng.uniform(-2, 2, size=len(session))
    low = rng.uniform(-1.5, 0.5, size=len(session))
    high = low + rng.uniform(0.2, 1.0, size=len(session))
    y = truth[:, session] * beta + rng.normal(size=(n, len(session)))
    votes = np.where(y < low, NO, np.where(y < high, ABSTAIN, YES)).astype(np.int8)
    votes[rng.random(votes.shape) < 0.1] = ABSENT
    names = [f"S{i:03d}" for i in range(n)]
    means = truth.mean(axis=1)
    names[int(means.argmax())], names[int(means.argmin())] = "USA", "CUB"
    return _matrix(names, votes, session), truth


def _matrix(
    names: list[str], votes: np.ndarray, session: np.ndarray, titles: list[str] | None = None
) -> VoteMatrix:
    """A matrix of events in consecutive sessions (session 70 + k opens in September 2015 + k)."""
    dates = [f"{2015 + int(s)}-10-01" for s in session]
    events = tuple(
        {"record_id": k, "date": d, "session": str(70 + int(s)), "title": titles[k] if titles else None}
        for k, (d, s) in enumerate(zip(dates, session, strict=True))
    )
    return VoteMatrix(tuple(names), votes, events, np.array(dates, dtype="datetime64[D]"))


def _standard(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / x.std()


def test_static_recovers_simulated_positions() -> None:
    """On 60 states × 200 votes drawn from the model, the estimates correlate ≥ 0.95 with the truth."""
    m, truth = simulate()
    fit = ideal.static(m)
    assert np.corrcoef(fit.ideal_point[:, 0], truth[:, 0])[0, 1] >= 0.95


def test_static_standard_errors_are_calibrated() -> None:
    """At least 80 % of the true positions lie within two standard errors of the estimates."""
    m, truth = simulate(seed=2)
    fit = ideal.static(m)
    miss = np.abs(fit.ideal_point[:, 0] - _standard(truth[:, 0]))
    assert np.mean(miss <= 2 * fit.se[:, 0]) >= 0.8


def test_static_identification_is_mean_zero_sd_one() -> None:
    """The positions of a fit have mean 0 and sd 1 over its states."""
    fit = ideal.static(simulate(n=30, j=60)[0])
    assert fit.ideal_point.mean() == pytest.approx(0.0, abs=1e-9)
    assert fit.ideal_point.std() == pytest.approx(1.0, abs=1e-9)


@pytest.mark.parametrize("usa_side", [1.0, -1.0])
def test_orientation_puts_usa_above_cuba(usa_side: float) -> None:
    """Whichever side of the votes the United States takes, it comes out above Cuba."""
    rng = np.random.default_rng(3)
    truth = np.linspace(-1.5, 1.5, 12)
    votes = np.where(truth[:, None] * rng.choice([-1, 1], 20) + rng.normal(0, 0.3, (12, 20)) > 0, YES, NO)
    names = [f"S{i:02d}" for i in range(12)]
    names[0 if usa_side > 0 else 11], names[11 if usa_side > 0 else 0] = "CUB", "USA"
    fit = ideal.static(_matrix(names, votes.astype(np.int8), np.zeros(20, dtype=int)))
    assert fit.of("USA")[0] > fit.of("CUB")[0]


def test_states_that_never_vote_get_no_estimate() -> None:
    """A state absent (or not a member) on every vote of a session has no estimate and no row."""
    m, _ = simulate(n=20, j=80, sessions=2)
    values = m.values.copy()
    values[5, :40] = ABSENT
    values[6, :] = NOT_MEMBER
    m = VoteMatrix(m.states, values, m.events, m.dates)
    per_session = ideal.static(m, by="session")
    assert m.states[6] not in per_session.states
    assert np.isnan(per_session.of(m.states[5])[0]) and not np.isnan(per_session.of(m.states[5])[1])
    rows = {(r["state"], r["session"]) for r in per_session.rows()}
    assert (m.states[5], "70") not in rows and (m.states[5], "71") in rows
    assert np.isnan(ideal.dynamic(m).of(m.states[5])[0])


def test_abstention_lies_between_no_and_yes() -> None:
    """On votes that all divide the same way (No left, Abstain centre, Yes right), the states that mostly abstain
    are placed between those that mostly vote No and those that mostly vote Yes; every No|Abstain cut lies
    below its Abstain|Yes cut."""
    rng = np.random.default_rng(4)
    truth = np.linspace(-2, 2, 30)
    low = rng.uniform(-1.2, -0.4, 60)
    y = truth[:, None] * rng.uniform(0.5, 2, 60) + rng.normal(size=(30, 60))
    votes = np.where(y < low, NO, np.where(y < -low, ABSTAIN, YES)).astype(np.int8)
    fit = ideal.static(_matrix([f"S{i:02d}" for i in range(30)], votes, np.zeros(60, dtype=int)))
    modal = np.array([np.bincount(row, minlength=4).argmax() for row in votes])
    means = [fit.ideal_point[modal == code, 0].mean() for code in (NO, ABSTAIN, YES)]
    assert means[0] < means[1] < means[2] or means[0] > means[1] > means[2]
    assert np.corrcoef(fit.ideal_point[:, 0], truth)[0, 1] ** 2 >= 0.9
    kept = ~np.isnan(fit.cutpoints[:, 0])
    assert np.all(fit.cutpoints[kept, 0] < fit.cutpoints[kept, 1])


def test_unanimous_votes_are_left_out() -> None:
    """A vote on which every voter voted alike gets no parameters (item −1)."""
    m, _ = simulate(n=20, j=40)
    values = m.values.copy()
    values[:, 0] = YES
    fit = ideal.static(VoteMatrix(m.states, values, m.events, m.dates))
    assert fit.item[0] == -1 and np.isnan(fit.discrimination[0])
    assert (fit.item[1:] >= 0).all()


def test_binary_model_reads_yes_against_no() -> None:
    """The binary model has one cut per vote and still recovers the simulated positions."""
    m, truth = simulate(seed=5)
    fit = ideal.static(m, model="binary")
    kept = ~np.isnan(fit.cutpoints[:, 0])
    assert np.array_equal(fit.cutpoints[kept, 0], fit.cutpoints[kept, 1])
    assert np.corrcoef(fit.ideal_point[:, 0], truth[:, 0])[0, 1] >= 0.95


def test_dynamic_tracks_a_moving_state() -> None:
    """A state whose simulated position moves from −1 to +1 over ten sessions is seen to move that way: from
    below the centre to above it, steadily (the random walk shrinks a steady trend, so not all the way)."""
    rng = np.random.default_rng(6)
    truth = np.repeat(rng.normal(size=(40, 1)), 10, axis=1)
    truth[0] = np.linspace(-1, 1, 10)
    m, _ = simulate(j=600, sessions=10, theta=truth, seed=6)
    fit = ideal.dynamic(m)
    path = fit.of(m.states[0])
    assert np.corrcoef(path, truth[0])[0, 1] >= 0.9
    assert path[0] < -0.3 and path[-1] > 0.3 and path[-1] - path[0] >= 0.8


def test_dynamic_rows_carry_session_and_se() -> None:
    """`rows()` holds one dict per state and session with state, session, ideal_point and a positive se."""
    m, _ = simulate(n=15, j=60, sessions=3)
    rows = ideal.dynamic(m).rows()
    assert len(rows) == 45
    assert set(rows[0]) == {"state", "session", "ideal_point", "se"}
    assert {r["session"] for r in rows} == {"70", "71", "72"}
    assert all(r["se"] > 0 for r in rows)


def test_dynamic_by_year_labels_years() -> None:
    """By year, the periods are calendar years (ints)."""
    m, _ = simulate(n=15, j=60, sessions=3)
    fit = ideal.dynamic(m, by="year")
    assert fit.periods == (2015, 2016, 2017) and fit.by == "year"
    assert {"state", "year", "ideal_point", "se"} == set(fit.rows()[0])


def test_bridged_votes_share_parameters() -> None:
    """Votes whose normalised titles recur once in each of several sessions share one item and its parameters;
    a title repeated inside one session is not bridged there."""
    m, _ = simulate(n=30, j=90, sessions=3)
    titles = [f"Vote {k}" for k in range(90)]
    titles[0], titles[30], titles[60] = "Nuclear disarmament", "Nuclear disarmament.", "NUCLEAR  DISARMAMENT"
    titles[1] = titles[2] = "Question of X"
    titles[31] = "Question of X : resolution / adopted by the General Assembly"
    fit = ideal.dynamic(m, titles=titles)
    assert fit.item[0] == fit.item[30] == fit.item[60]
    assert fit.discrimination[0] == fit.discrimination[30] == fit.discrimination[60]
    assert np.array_equal(fit.cutpoints[0], fit.cutpoints[60])
    assert len({fit.item[1], fit.item[2], fit.item[31]}) == 3
    assert len(set(fit.item[3:30].tolist())) == 27


def test_bridges_group_recurring_titles() -> None:
    """`bridges` gives one group to a title recurring across sessions, and own groups to the rest."""
    groups = ideal.bridges(["A", "A", "B", "B", "B", None, None], [70, 71, 70, 70, 71, 70, 71])
    assert groups[0] == groups[1]
    assert len({groups[2], groups[3], groups[4]}) == 3
    assert groups[5] != groups[6]


def test_same_seed_same_result() -> None:
    """Fitting the same simulated matrix twice (same seed) gives identical numbers."""
    first, second = (ideal.dynamic(simulate(n=20, j=90, sessions=3, seed=7)[0]) for _ in range(2))
    assert np.array_equal(first.ideal_point, second.ideal_point, equal_nan=True)
    assert np.array_equal(first.se, second.se, equal_nan=True)
