"""Coincidence and agreement on small matrices whose numbers are worked out by hand in each test."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from unvotes.analysis import alignment
from unvotes.analysis.matrix import ABSENT, ABSTAIN, NO, NOT_MEMBER, UNKNOWN, YES, VoteMatrix

CODE = {"Y": YES, "A": ABSTAIN, "N": NO, "X": ABSENT, "-": NOT_MEMBER, "?": UNKNOWN}


def grid(rows: dict[str, str], dates: list[str], sessions: list[str] | None = None) -> VoteMatrix:
    """A matrix from one string of vote letters per state (Y A N, X absent, - not a member, ? unknown)."""
    values = np.array([[CODE[c] for c in row] for row in rows.values()], dtype=np.int8)
    labels = sessions or ["1"] * len(dates)
    events = tuple(
        {"record_id": j, "date": d, "symbol": f"A/RES/{j}", "title": None, "session": s, "subjects": []}
        for j, (d, s) in enumerate(zip(dates, labels, strict=True))
    )
    return VoteMatrix(tuple(rows), values, events, np.array(dates, dtype="datetime64[D]"))


# v1-v3 in 2016 (session 71), v4-v6 in 2017 (v4 in session 71, v5-v6 in session 72).
DATES = ["2016-10-01", "2016-11-01", "2016-12-01", "2017-03-01", "2017-11-01", "2017-12-01"]
SESSIONS = ["71", "71", "71", "71", "72", "72"]
SMALL = grid(
    {"REF": "YYNAYX", "BBB": "YNNAAY", "CCC": "------", "DDD": "NYYY?A"},
    DATES,
    SESSIONS,
)


def by_state(rows: list[dict]) -> dict[str, dict]:
    return {r["state"]: r for r in rows}


def test_state_dept_coincidence_counts_both_abstaining_as_same_and_one_abstaining_as_half():
    """2017-on method: BBB has same 3 (Y/Y, N/N, A/A), opposite 1, partial 1, absent 1 → 3.5 ÷ 5 = 70 %."""
    rows = by_state(alignment.coincidence(SMALL, "REF", "state-dept"))
    assert rows["BBB"] == {
        "state": "BBB",
        "same": 3,
        "opposite": 1,
        "partial": 1,
        "absent": 1,
        "votes": 6,
        "percent": 70.0,
    }
    assert rows["DDD"] == {
        "state": "DDD",
        "same": 1,
        "opposite": 2,
        "partial": 1,
        "absent": 1,
        "votes": 5,
        "percent": 37.5,
    }


def test_yes_no_coincidence_leaves_abstentions_out():
    """Up-to-2016 method on the same matrix: BBB identical 2, opposite 1 → 66.7 %; DDD 1 ÷ 3 → 33.3 % (one decimal,
    as the report prints it)."""
    rows = by_state(alignment.coincidence(SMALL, "REF", "yes-no"))
    assert rows["BBB"] == {
        "state": "BBB",
        "same": 2,
        "opposite": 1,
        "partial": 2,
        "absent": 1,
        "votes": 6,
        "percent": 66.7,
    }
    assert rows["DDD"]["percent"] == 33.3
    assert (rows["DDD"]["same"], rows["DDD"]["opposite"], rows["DDD"]["partial"]) == (1, 2, 1)


def test_the_two_methods_differ_on_the_same_votes():
    """State-dept 70 % and yes-no 66.7 % for BBB: abstentions move the figure."""
    new = by_state(alignment.coincidence(SMALL, "REF", "state-dept"))["BBB"]["percent"]
    old = by_state(alignment.coincidence(SMALL, "REF", "yes-no"))["BBB"]["percent"]
    assert (new, old) == (70.0, 66.7)


def test_auto_picks_each_years_method():
    """auto: 2016 is yes-no over v1-v3 (BBB 2 ÷ 3); 2017 is state-dept over v4-v6 (BBB 1.5 ÷ 2, DDD 0.5 ÷ 1)."""
    y2016 = by_state(alignment.coincidence(SMALL, "REF", "auto", year=2016))
    y2017 = by_state(alignment.coincidence(SMALL, "REF", "auto", year=2017))
    assert y2016["BBB"]["percent"] == 66.7
    assert (y2017["BBB"]["percent"], y2017["DDD"]["percent"]) == (75.0, 50.0)
    assert (y2017["DDD"]["partial"], y2017["DDD"]["absent"]) == (1, 1)


def test_auto_over_both_eras_asks_for_a_year_or_a_method():
    """Votes from 2016 and 2017 together have no one definition: auto without a year refuses."""
    with pytest.raises(ValueError, match="span 2 definitions"):
        alignment.coincidence(SMALL, "REF")


def test_non_members_and_the_reference_are_left_out_and_no_votes_gives_none():
    """CCC (never a member) and REF itself are not listed; a member with nothing comparable has percent None."""
    m = grid({"REF": "YY", "EEE": "XX", "CCC": "--"}, DATES[:2])
    rows = alignment.coincidence(m, "REF", "yes-no")
    assert rows == [
        {"state": "EEE", "same": 0, "opposite": 0, "partial": 0, "absent": 2, "votes": 2, "percent": None}
    ]


def test_any_state_can_be_the_reference():
    """Coincidence with BBB: REF scores the same 70 % as REF's with BBB (the measure is symmetric in a pair)."""
    rows = by_state(alignment.coincidence(SMALL, "BBB", "state-dept"))
    assert rows["REF"]["percent"] == 70.0 and "BBB" not in rows


def test_unknown_method_is_refused():
    """A misspelt method is an error, not a silent default."""
    with pytest.raises(ValueError, match="unknown coincidence method"):
        alignment.coincidence(SMALL, "REF", "voeten", year=2017)  # type: ignore[arg-type]


def test_agreement_of_two_states_by_hand():
    """REF–BBB: 1, 0, 1, 1 (both abstain), ½ over 5 votes (v6 absent) = 0.7; REF–DDD 1.5 ÷ 4; BBB–DDD 1 ÷ 5."""
    assert alignment.agreement(SMALL, "REF", "BBB") == (0.7, 5)
    assert alignment.agreement(SMALL, "REF", "DDD") == (0.375, 4)
    assert alignment.agreement(SMALL, "BBB", "DDD") == (0.2, 5)
    assert alignment.agreement(SMALL, "REF", "CCC") == (None, 0)


def test_agreement_matrix_by_hand():
    """All pairs at once give the hand numbers; CCC has no votes (NaN, n 0); the diagonal is 1 over own votes."""
    scores, counts = alignment.agreement_matrix(SMALL)
    assert counts.tolist() == [[5, 5, 0, 4], [5, 6, 0, 5], [0, 0, 0, 0], [4, 5, 0, 5]]
    expected = [[1, 0.7, None, 0.375], [0.7, 1, None, 0.2], [None] * 4, [0.375, 0.2, None, 1]]
    got = [[None if math.isnan(v) else round(v, 6) for v in row] for row in scores.tolist()]
    assert got == expected


def test_allies_rank_closest_and_farthest():
    """REF's allies are BBB (0.7) then DDD (0.375); opponents the reverse; CCC (no votes) is in neither."""
    found = alignment.allies(SMALL, "REF")
    assert found["allies"] == [
        {"state": "BBB", "score": 0.7, "n": 5},
        {"state": "DDD", "score": 0.375, "n": 4},
    ]
    assert [r["state"] for r in found["opponents"]] == ["DDD", "BBB"]
    assert alignment.allies(SMALL, "REF", min_votes=5)["allies"] == [{"state": "BBB", "score": 0.7, "n": 5}]


def test_agreement_series_by_year_and_by_session():
    """REF–BBB per year: 2016 (1, 0, 1) → 2/3, 2017 (1, ½) → 0.75; per session: 71 (1, 0, 1, 1) → 0.75, 72 (½) → 0.5."""
    by_year = alignment.agreement_series(SMALL, "REF", "BBB", by="year")
    by_session = alignment.agreement_series(SMALL, "REF", "BBB", by="session")
    assert by_year == [{"period": 2016, "score": 2 / 3, "n": 3}, {"period": 2017, "score": 0.75, "n": 2}]
    assert by_session == [{"period": "71", "score": 0.75, "n": 4}, {"period": "72", "score": 0.5, "n": 1}]


def test_agreement_series_rejects_an_unknown_period():
    """Only years and sessions are periods."""
    with pytest.raises(ValueError, match="unknown period"):
        alignment.agreement_series(SMALL, "REF", "BBB", by="decade")  # type: ignore[arg-type]


def test_bloc_vote_is_the_plurality_with_ties_left_out():
    """Per vote: YYN → Y, NNY → N, YA → tie → ? (or A on request), all absent → X, no member → -, AAY → A."""
    m = grid({"P": "YNYX-A", "Q": "YNAX-A", "R": "NY?X-Y"}, DATES)
    assert alignment.bloc_vote(m, ["P", "Q", "R"]).tolist() == [YES, NO, UNKNOWN, ABSENT, NOT_MEMBER, ABSTAIN]
    assert alignment.bloc_vote(m, ["P", "Q", "R"], tie=ABSTAIN).tolist()[2] == ABSTAIN


def test_a_bloc_compares_like_a_state():
    """Bloc REF+BBB+DDD is Y Y N A ? ? (v5, v6 tie): 4 ÷ 4 with REF, 3 ÷ 4 with BBB; as a row named BLOC too."""
    bloc = alignment.bloc_vote(SMALL, ["REF", "BBB", "DDD"])
    assert bloc.tolist() == [YES, YES, NO, ABSTAIN, UNKNOWN, UNKNOWN]
    assert alignment.agreement(SMALL, "REF", bloc) == (1.0, 4)
    assert alignment.agreement(SMALL, bloc, "BBB") == (0.75, 4)
    extended = alignment.with_bloc(SMALL, "BLOC", ["REF", "BBB", "DDD"])
    assert extended.states[-1] == "BLOC" and alignment.agreement(extended, "BLOC", "REF") == (1.0, 4)


def test_ties_counted_as_abstentions_score_half():
    """With tie=ABSTAIN the bloc is Y Y N A A A: 4.5 ÷ 5 with REF (v6 REF absent), 4.5 ÷ 6 with BBB."""
    bloc = alignment.bloc_vote(SMALL, ["REF", "BBB", "DDD"], tie=ABSTAIN)
    assert alignment.agreement(SMALL, "REF", bloc) == (0.9, 5)
    assert alignment.agreement(SMALL, bloc, "BBB") == (0.75, 6)


def test_with_bloc_refuses_a_name_in_use_and_rows_must_fit():
    """A bloc cannot shadow a state; an unknown state or a row of the wrong length is refused."""
    with pytest.raises(ValueError, match="already a row"):
        alignment.with_bloc(SMALL, "REF", ["BBB"])
    with pytest.raises(ValueError, match="'ZZZ' has no row"):
        alignment.coincidence(SMALL, "ZZZ", "yes-no")
    with pytest.raises(ValueError, match="does not fit"):
        alignment.agreement(SMALL, "REF", np.array([YES, NO], dtype=np.int8))


# --- properties ------------------------------------------------------------------------------------------

codes = st.sampled_from([YES, ABSTAIN, NO, ABSENT, NOT_MEMBER, UNKNOWN])


@st.composite
def matrices(draw: st.DrawFn) -> VoteMatrix:
    """Random matrices of 1-6 states × 1-12 votes over all codes."""
    n_states, n_votes = draw(st.integers(1, 6)), draw(st.integers(1, 12))
    cells = draw(st.lists(codes, min_size=n_states * n_votes, max_size=n_states * n_votes))
    values = np.array(cells, dtype=np.int8).reshape(n_states, n_votes)
    dates = [f"20{10 + j // 6:02d}-0{1 + j % 6}-01" for j in range(n_votes)]
    rows = {f"S{i}": "".join({v: k for k, v in CODE.items()}[c] for c in values[i]) for i in range(n_states)}
    return grid(rows, dates)


@given(matrices())
def test_agreement_is_symmetric_and_matches_the_pairwise_definition(m):
    """agreement_matrix is symmetric and equals agreement() pair by pair."""
    scores, counts = alignment.agreement_matrix(m)
    np.testing.assert_array_equal(counts, counts.T)
    np.testing.assert_array_equal(np.isnan(scores), np.isnan(scores.T))
    for i, a in enumerate(m.states):
        for j, b in enumerate(m.states):
            score, n = alignment.agreement(m, a, b)
            assert counts[i, j] == n and (score is None) == math.isnan(scores[i, j])
            assert score is None or scores[i, j] == pytest.approx(score)


@given(matrices())
def test_a_state_agrees_fully_with_itself(m):
    """The diagonal is 1 wherever the state voted yes, abstain or no at least once."""
    scores, counts = alignment.agreement_matrix(m)
    voted = np.isin(m.values, (YES, ABSTAIN, NO)).sum(axis=1)
    assert np.diag(counts).tolist() == voted.tolist()
    assert all(scores[i, i] == 1.0 for i in np.flatnonzero(voted))


@given(matrices(), st.randoms())
def test_permuting_states_permutes_the_results(m, rnd):
    """Relabelling the rows permutes agreement and coincidence the same way."""
    order = list(range(len(m.states)))
    rnd.shuffle(order)
    shuffled = m.only([m.states[i] for i in order])
    scores, counts = alignment.agreement_matrix(m)
    s2, c2 = alignment.agreement_matrix(shuffled)
    np.testing.assert_array_equal(c2, counts[np.ix_(order, order)])
    np.testing.assert_array_equal(np.isnan(s2), np.isnan(scores[np.ix_(order, order)]))
    assert by_state(alignment.coincidence(shuffled, m.states[0], "state-dept")) == by_state(
        alignment.coincidence(m, m.states[0], "state-dept")
    )


@given(matrices(), st.data())
def test_non_members_never_count(m, data):
    """Turning cells into NOT_MEMBER gives the same results as dropping those votes for that state."""
    i = data.draw(st.integers(0, len(m.states) - 1))
    j = data.draw(st.integers(0, m.shape[1] - 1))
    values = m.values.copy()
    values[i, j] = NOT_MEMBER
    masked = VoteMatrix(m.states, values, m.events, m.dates)
    dropped = m.take([k for k in range(m.shape[1]) if k != j])
    a = m.states[i]
    for b in m.states:
        with_col = alignment.agreement(masked, a, b)
        without = alignment.agreement(dropped, a, b)
        assert with_col[1] == without[1]
        assert with_col[0] == without[0] or with_col[0] == pytest.approx(without[0])
    ref = m.states[0]
    got = by_state(alignment.coincidence(masked, ref, "state-dept")).get(a)
    expected = by_state(alignment.coincidence(dropped, ref, "state-dept")).get(a)
    assert a == ref or got == expected
