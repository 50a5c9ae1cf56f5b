"""Elections by secret ballot: majorities by body, who is elected, and the restriction on the next ballot."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import ballots
from unvotes.rules.decision import Options
from unvotes.rules.elections import ElectionRule, elect, restricted_ballot

R = ElectionRule


def test_2006_latin_american_seat_tenth_ballot():
    """Guatemala 110, Venezuela 77, 4 abstentions: PV 187 needs 125, so no one is elected."""
    result = elect(
        {"Guatemala": 110, "Venezuela": 77}, valid_ballots=191, abstentions=4, rule=R.TWO_THIRDS, ballot=10
    )
    assert (result.present_and_voting, result.required, result.elected) == (187, 125, ())
    assert result.places_left == 1


def test_2007_eastern_european_seat_first_ballot():
    """Croatia 95, Czech Republic 91, 4 abstentions: PV 186 needs 124; the next ballot is restricted to the two."""
    result = elect({"Croatia": 95, "Czech Republic": 91}, valid_ballots=190, abstentions=4, rule=R.TWO_THIRDS)
    assert (result.present_and_voting, result.required, result.elected) == (186, 124, ())
    assert result.restricted_to == ("Croatia", "Czech Republic")
    assert result.basis == (
        "UN Charter Art. 18(2)",
        "GA rules of procedure, rule 83",
        "GA rules of procedure, rule 92",
        "GA rules of procedure, rule 93",
    )
    assert result.explanation == (
        "Ballot 1, for 1 place, required two-thirds of the members present and voting: 190 valid ballots less "
        "4 abstentions left 186 present and voting, so 124 votes were needed. Croatia received 95 votes and "
        "Czech Republic 91; no candidate was elected. 1 place remains; the next ballot is restricted to Croatia "
        "and Czech Republic."
    )


@pytest.mark.parametrize(("pv", "two_thirds", "simple"), [(187, 125, 94), (186, 124, 94), (188, 126, 95)])
def test_required_majorities(pv, two_thirds, simple):
    """Two-thirds of PV is ceil(2PV/3); a simple majority floor(PV/2)+1."""
    assert elect({}, valid_ballots=pv, rule=R.TWO_THIRDS).required == two_thirds
    assert elect({}, valid_ballots=pv, rule=R.SIMPLE).required == simple


def test_human_rights_council_needs_97_whatever_the_turnout():
    """An absolute majority of the membership: 96 of 140 present and voting is more than two-thirds but not enough."""
    result = elect({"A": 96, "B": 44}, valid_ballots=140, rule=R.ABSOLUTE_MEMBERSHIP)
    assert result.required == 97 and result.elected == ()
    assert elect({"A": 97}, valid_ballots=100, rule=R.ABSOLUTE_MEMBERSHIP).elected == ("A",)


def test_icj_needs_absolute_majorities_in_both_organs():
    """ICJ judges need 97 in the Assembly and 8 of 15 in the Council, with unrestricted further ballots."""
    assembly = elect({"A": 97, "B": 90}, valid_ballots=190, rule=R.ICJ_GA)
    assert (assembly.required, assembly.elected) == (97, ("A",))
    council = elect({"A": 7, "B": 8}, valid_ballots=15, rule=R.ICJ_SC)
    assert (council.required, council.elected) == (8, ("B",))
    short = elect({"A": 7, "B": 7}, valid_ballots=15, abstentions=1, rule=R.ICJ_SC)
    assert short.elected == () and short.restricted_to is None
    assert "ICJ Statute Art. 10(2)" in council.basis


def test_most_votes_first_when_too_many_reach_the_majority():
    """Rule 94: with more qualified candidates than places, those with the most votes are elected."""
    result = elect({"A": 130, "B": 120, "C": 100}, valid_ballots=180, seats=2, rule=R.SIMPLE)
    assert result.elected == ("A", "B") and result.restricted_to is None


def test_a_tie_for_the_last_place_elects_neither():
    """Two qualified candidates tied for the last place are both left for the next, restricted, ballot."""
    result = elect({"A": 150, "B": 100, "C": 100}, valid_ballots=180, seats=2, rule=R.SIMPLE)
    assert result.elected == ("A",) and result.restricted_to == ("B", "C")


def test_several_places_restrict_to_twice_the_places_left():
    """Rule 94: the next ballot admits at most twice the places left, best placed first."""
    votes = {"A": 150, "B": 100, "C": 90, "D": 80, "E": 50, "F": 40, "G": 30}
    result = elect(votes, valid_ballots=180, seats=3, rule=R.TWO_THIRDS)
    assert result.elected == ("A",) and result.restricted_to == ("B", "C", "D", "E")
    assert "GA rules of procedure, rule 94" in result.basis


def test_ties_at_the_cut_are_admitted():
    """A tie for the last admitted position keeps all the tied candidates in the next ballot."""
    result = elect({"A": 90, "B": 50, "C": 50}, valid_ballots=190, rule=R.TWO_THIRDS)
    assert result.restricted_to == ("A", "B", "C")


def test_restriction_per_place_is_an_option():
    """`restricted_per_place` sets how many candidates per place a restricted ballot admits."""
    votes = {"A": 80, "B": 60, "C": 50}
    assert elect(
        votes, valid_ballots=190, rule=R.TWO_THIRDS, options=Options(restricted_per_place=3)
    ).restricted_to == ("A", "B", "C")


def test_cycle_of_restricted_and_unrestricted_ballots():
    """Ballot 1 is free; then three restricted, three unrestricted, alternately (rule 93 [K])."""
    pattern = [restricted_ballot(b) for b in range(1, 14)]
    assert pattern == [False, True, True, True, False, False, False, True, True, True, False, False, False]
    assert all(restricted_ballot(b, Options(restricted_ballot_run=0)) for b in range(2, 30))


def test_after_the_third_restricted_ballot_the_next_is_free():
    """After ballot 4, still inconclusive, ballot 5 is open to any eligible candidate."""
    result = elect({"A": 100, "B": 90}, valid_ballots=190, rule=R.TWO_THIRDS, ballot=4)
    assert result.restricted_to is None
    assert result.explanation.endswith("1 place remains; the next ballot is open to any eligible candidate.")


def test_lots_settle_a_tie_on_a_restricted_simple_majority_ballot():
    """Rule 93: a tie for one place on a restricted ballot under a simple majority is settled by lot."""
    result = elect({"A": 90, "B": 90}, valid_ballots=180, rule=R.SIMPLE, ballot=2)
    assert result.lots == ("A", "B") and result.elected == ()
    assert "drawing lots" in result.explanation
    assert elect({"A": 90, "B": 90}, valid_ballots=180, rule=R.SIMPLE, ballot=1).lots == ()
    assert elect({"A": 90, "B": 90}, valid_ballots=180, rule=R.TWO_THIRDS, ballot=2).lots == ()


def test_explanation_when_elected():
    """The explanation names who was elected."""
    result = elect({"India": 184, "B": 3}, valid_ballots=192, abstentions=0, rule=R.TWO_THIRDS)
    assert result.elected == ("India",)
    assert result.explanation == (
        "Ballot 1, for 1 place, required two-thirds of the members present and voting: 192 valid ballots left "
        "192 present and voting, so 128 votes were needed. India received 184 votes and B 3; India was elected."
    )


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"votes": {"A": 1}, "valid_ballots": 10, "abstentions": 11}, "abstentions"),
        ({"votes": {"A": 11}, "valid_ballots": 10}, "between 0 and the 10"),
        ({"votes": {"A": 6, "B": 6}, "valid_ballots": 10}, "exceed 1 per ballot"),
        ({"votes": {"A": 1}, "valid_ballots": 10, "seats": 0}, "at least one seat"),
    ],
)
def test_impossible_ballots_are_refused(kwargs, message):
    """Votes that cannot come from the ballots counted are a ValueError."""
    with pytest.raises(ValueError, match=message):
        elect(rule=R.SIMPLE, **kwargs)


@given(
    st.integers(1, 4).flatmap(lambda seats: st.tuples(st.just(seats), ballots(seats))),
    st.sampled_from(list(R)),
    st.integers(1, 12),
)
def test_election_invariants(case, rule, ballot):
    """Elected candidates have the majority, most votes first, at most the places; the restricted list excludes them."""
    seats, (votes, valid, abstentions) = case
    result = elect(votes, valid_ballots=valid, abstentions=abstentions, seats=seats, rule=rule, ballot=ballot)
    tallies = [votes[c] for c in result.elected]
    assert len(result.elected) <= seats and tallies == sorted(tallies, reverse=True)
    assert all(n >= result.required for n in tallies)
    assert not set(result.restricted_to or ()) & set(result.elected)
    if result.restricted_to is not None:
        assert len(result.restricted_to) >= min(2 * result.places_left, len(votes) - len(result.elected))
