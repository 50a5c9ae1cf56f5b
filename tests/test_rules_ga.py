"""General Assembly rules: majorities of members present and voting, ties, committees, Art. 19, the worked cases."""

from __future__ import annotations

from dataclasses import replace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import GA_MEMBERSHIP, ga_tallies, ga_votes, options
from unvotes.models import Organ, Outcome, Vote
from unvotes.rules import decide
from unvotes.rules.decision import Options, Question, Tally
from unvotes.rules.ga import decide_ga, decide_ga_votes, tally_of

GA_QUESTIONS = [Question.SIMPLE, Question.TWO_THIRDS, Question.RECONSIDERATION]
T = Tally


@given(
    ga_tallies(),
    st.integers(0, 193),
    st.integers(0, 193),
    st.sampled_from(GA_QUESTIONS),
    st.booleans(),
    options(),
)
def test_abstentions_and_non_voting_never_change_the_outcome(
    tally, abstain, non_voting, question, committee, opts
):
    """Only yes and no count: any number of abstentions or absentees gives the same outcome and required number."""
    first = decide_ga(tally, question, committee=committee, options=opts)
    other = decide_ga(
        replace(tally, abstain=abstain, non_voting=non_voting), question, committee=committee, options=opts
    )
    assert (other.outcome, other.required) == (first.outcome, first.required)


@given(st.integers(1, 64))
def test_exactly_two_thirds_adopts(k):
    """2k yes to k no is exactly two-thirds and adopts an important question; one yes fewer does not."""
    assert decide_ga(T(2 * k, k), Question.TWO_THIRDS).outcome is Outcome.ADOPTED
    assert decide_ga(T(2 * k - 1, k), Question.TWO_THIRDS).outcome is Outcome.REJECTED


@given(ga_tallies())
def test_two_thirds_is_the_charter_formula(tally):
    """An important question passes iff yes >= 1 and 3 * yes >= 2 * (yes + no)."""
    expected = tally.yes >= 1 and 3 * tally.yes >= 2 * (tally.yes + tally.no)
    assert decide_ga(tally, Question.TWO_THIRDS).adopted is expected


@given(ga_tallies())
def test_simple_majority_is_more_yes_than_no(tally):
    """An ordinary question passes iff yes > no."""
    assert decide_ga(tally).adopted is (tally.yes > tally.no)


@given(st.integers(0, 96), st.integers(0, 193), st.booleans())
def test_a_tie_is_rejected(votes_each, abstain, committee):
    """An equally divided vote rejects a simple-majority proposal, in plenary (rule 95) and committee (rule 133)."""
    decision = decide_ga(T(votes_each, votes_each, abstain), committee=committee)
    assert decision.outcome is Outcome.REJECTED


@given(ga_tallies().filter(lambda t: t.yes + t.no > 0), st.sampled_from(GA_QUESTIONS), st.booleans())
def test_adopted_iff_the_required_number_is_reached(tally, question, committee):
    """The published required number is exactly the line between adoption and rejection."""
    decision = decide_ga(tally, question, committee=committee)
    assert decision.adopted is (tally.yes >= decision.required)


@pytest.mark.parametrize(
    ("pv", "two_thirds", "simple"),
    [(187, 125, 94), (186, 124, 94), (188, 126, 95), (111, 74, 56), (101, 68, 51), (3, 2, 2), (1, 1, 1)],
)
def test_required_numbers(pv, two_thirds, simple):
    """Two-thirds needs ceil(2PV/3) (187 → 125, 186 → 124, 188 → 126); a simple majority floor(PV/2)+1."""
    assert decide_ga(T(0, pv), Question.TWO_THIRDS).required == two_thirds
    assert decide_ga(T(0, pv)).required == simple


WORKED = [
    # 24 Feb 2025, 11th ESS: A/ES-11/L.10 → res. ES-11/7
    ("ES-11/7 (L.10)", T(93, 18, 65, 17), Question.TWO_THIRDS, 74, Outcome.ADOPTED),
    # Russian amendment to L.11 ("root causes"), abstentions not confirmed
    ("L.12 Russian amendment", T(31, 71), Question.TWO_THIRDS, 68, Outcome.REJECTED),
    # A/ES-11/L.11 as amended → res. ES-11/8
    ("ES-11/8 (L.11 as amended)", T(93, 8, 73), Question.TWO_THIRDS, 68, Outcome.ADOPTED),
    # 12 Dec 2023, 10th ESS
    ("ES-10/22 Austrian amendment", T(89, 61, 21), Question.TWO_THIRDS, 100, Outcome.REJECTED),
    ("ES-10/22 US amendment", T(84, 62, 25), Question.TWO_THIRDS, 98, Outcome.REJECTED),
    ("ES-10/22", T(153, 10, 23), Question.TWO_THIRDS, 109, Outcome.ADOPTED),
    # 12 Nov 2020: motion to refer A/75/L.7/Rev.1 to the Sixth Committee
    ("motion to refer A/75/L.7/Rev.1", T(33, 85, 35), Question.SIMPLE, 60, Outcome.REJECTED),
    # 2 Mar 2022, res. ES-11/1 "Aggression against Ukraine"
    ("ES-11/1", T(141, 5, 35), Question.TWO_THIRDS, 98, Outcome.ADOPTED),
    # 7 Apr 2022, res. ES-11/3 suspending Russia's rights of membership in the Human Rights Council
    ("ES-11/3", T(93, 24, 58), Question.TWO_THIRDS, 78, Outcome.ADOPTED),
    # 12 Oct 2022, res. ES-11/4 "Territorial integrity of Ukraine"
    ("ES-11/4", T(143, 5, 35), Question.TWO_THIRDS, 99, Outcome.ADOPTED),
]


@pytest.mark.parametrize(
    ("case", "tally", "question", "required", "outcome"), WORKED, ids=[w[0] for w in WORKED]
)
def test_worked_cases(case, tally, question, required, outcome):
    """The spec's worked GA cases (§4) and other recorded votes come out as the Assembly declared them."""
    decision = decide_ga(tally, question)
    assert (decision.required, decision.outcome) == (required, outcome), case


def test_l12_fails_whatever_its_abstentions():
    """The Russian amendment (31–71) fails for any number of abstentions, under either majority."""
    for abstain in range(0, 91 + 1, 7):
        for question in (Question.SIMPLE, Question.TWO_THIRDS):
            assert decide_ga(T(31, 71, abstain), question).outcome is Outcome.REJECTED


def test_austrian_amendment_would_pass_a_simple_majority():
    """89–61–21 is a simple majority but not two-thirds: the rule applied decides it."""
    assert decide_ga(T(89, 61, 21)).adopted and not decide_ga(T(89, 61, 21), Question.TWO_THIRDS).adopted


def test_explanation_of_es_11_7():
    """The explanation gives the threshold, the required number and the tally in plain words."""
    decision = decide_ga(T(93, 18, 65, 17), Question.TWO_THIRDS, subject="the draft")
    assert decision.explanation == (
        "The draft needed two-thirds of the 111 members present and voting, 74 votes; "
        "it received 93 in favour to 18 against, with 65 abstentions, and was adopted."
    )


def test_explanation_of_a_two_thirds_failure_with_a_majority():
    """A text with more yes than no that misses two-thirds says so."""
    assert decide_ga(T(89, 61, 21), Question.TWO_THIRDS).explanation == (
        "The proposal needed two-thirds of the 150 members present and voting, 100 votes; it received 89 in favour "
        "to 61 against, with 21 abstentions, and was rejected. It had more votes in favour than against, but not "
        "the two-thirds required."
    )


def test_explanation_of_a_tie():
    """A tie is explained by rule 95."""
    assert decide_ga(T(40, 40)).explanation == (
        "The proposal needed a majority of the 80 members present and voting, 41 votes; it received 40 in favour "
        "to 40 against, with no abstentions, and was rejected. A tied vote defeats a proposal (rule 95)."
    )


def test_decision_carries_the_numbers_and_the_law():
    """Threshold, required number, the numbers compared and the citations are all on the decision."""
    decision = decide_ga(T(93, 18, 65, 17), Question.TWO_THIRDS)
    assert decision.threshold == "two-thirds of the members present and voting"
    assert decision.extra["present_and_voting"] == 111 and decision.extra["needed"] == 74
    assert (
        decision.extra["yes"],
        decision.extra["no"],
        decision.extra["abstain"],
        decision.extra["non_voting"],
    ) == (93, 18, 65, 17)
    assert decision.basis == (
        "UN Charter Art. 18(2)",
        "GA rules of procedure, rule 83",
        "GA rules of procedure, rule 85",
        "GA rules of procedure, rule 86",
    )
    assert decide_ga(T(1, 0)).basis[0] == "UN Charter Art. 18(3)"


def test_no_votes_at_all_adopts_nothing_unless_chosen():
    """With no yes and no no votes nothing is adopted; `zero_votes_adopts` turns that [U] point around."""
    assert decide_ga(T(0, 0, 150)).outcome is Outcome.REJECTED
    assert decide_ga(T(0, 0, 150), Question.TWO_THIRDS).required == 1
    adopted = decide_ga(T(0, 0, 150), options=Options(zero_votes_adopts=True))
    assert adopted.outcome is Outcome.ADOPTED and "leave open" in adopted.explanation


def test_committee_decides_important_questions_by_simple_majority():
    """In a Main Committee a draft that will need two-thirds in plenary passes by simple majority (rule 125)."""
    committee = decide_ga(T(60, 40), Question.TWO_THIRDS, committee=True)
    assert (
        committee.adopted
        and committee.required == 51
        and "GA rules of procedure, rule 125" in committee.basis
    )
    assert not decide_ga(T(60, 40), Question.TWO_THIRDS).adopted


def test_committee_majority_is_an_option():
    """With `committees_simple_majority` off a committee applies the plenary majority."""
    decision = decide_ga(
        T(60, 40), Question.TWO_THIRDS, committee=True, options=Options(committees_simple_majority=False)
    )
    assert not decision.adopted


def test_reconsideration_needs_two_thirds_by_default():
    """Reconsideration needs two-thirds (rule 81 [K]); the option makes it a simple majority."""
    assert not decide_ga(T(60, 40), Question.RECONSIDERATION).adopted
    assert decide_ga(
        T(60, 40), Question.RECONSIDERATION, options=Options(reconsideration_two_thirds=False)
    ).adopted
    assert "GA rules of procedure, rule 81" in decide_ga(T(60, 40), Question.RECONSIDERATION).basis


def test_committee_reconsideration_option():
    """In committee reconsideration is a simple majority unless `committee_reconsideration_two_thirds` (rule 124 [K])."""
    assert decide_ga(T(60, 40), Question.RECONSIDERATION, committee=True).adopted
    two_thirds = Options(committee_reconsideration_two_thirds=True)
    assert not decide_ga(T(60, 40), Question.RECONSIDERATION, committee=True, options=two_thirds).adopted


@pytest.mark.parametrize("question", [Question.PROCEDURAL, Question.SUBSTANTIVE, Question.PRELIMINARY])
def test_security_council_questions_are_refused(question):
    """The Assembly has no procedural/substantive distinction: such a question is a ValueError."""
    with pytest.raises(ValueError, match="Security Council question"):
        decide_ga(T(1, 0), question)


def test_negative_counts_are_refused():
    """A tally with a negative count is a ValueError."""
    with pytest.raises(ValueError, match="negative"):
        decide_ga(T(5, -1))


def test_art19_ballot_refused():
    """A member in arrears under Art. 19 has its ballot refused: counted not voting, flagged, and the outcome follows."""
    votes = {"AFG": Vote.YES, "VEN": Vote.YES, "FRA": Vote.NO, "DEU": Vote.YES, "ITA": Vote.NO}
    decision = decide_ga_votes(votes, without_vote=["VEN", "BOL"])
    assert decision.tally == T(2, 2, 0, 1)
    assert decision.outcome is Outcome.REJECTED
    assert decision.flags == ("ballot of VEN refused under Art. 19",)
    assert "UN Charter Art. 19" in decision.basis
    assert decision.explanation.endswith(
        "The ballot of VEN was refused: Article 19 of the Charter bars members in arrears from voting."
    )
    assert decide_ga_votes(votes).adopted


def test_art19_in_committees_is_an_option():
    """In committee Art. 19 applies by default; with the option off the ballot counts, with a note."""
    votes = {"VEN": Vote.YES, "FRA": Vote.NO}
    assert decide_ga_votes(votes, without_vote=["VEN"], committee=True).tally == T(0, 1, 0, 1)
    counted = decide_ga_votes(
        votes, without_vote=["VEN"], committee=True, options=Options(art19_in_committees=False)
    )
    assert counted.tally == T(1, 1) and counted.flags == (
        "VEN voted in committee though without a vote in plenary under Art. 19",
    )


@given(ga_votes(), st.sampled_from(GA_QUESTIONS))
def test_votes_and_totals_agree(votes, question):
    """Deciding from per-state votes gives the decision of their totals."""
    from_votes = decide_ga_votes(votes, question)
    assert from_votes == decide_ga(tally_of(votes), question)


@given(ga_votes(), st.lists(st.sampled_from([f"S{n:03d}" for n in range(1, 40)]), max_size=10))
def test_refused_ballots_are_not_counted(votes, arrears):
    """After refusals no member in arrears is counted yes, no or abstaining, and each refusal is flagged."""
    decision = decide_ga_votes(votes, without_vote=arrears)
    casting = [s for s in arrears if s in votes and votes[s] != Vote.NON_VOTING]
    assert len(decision.flags) == len(set(casting))
    assert decision.tally.present_and_voting + decision.tally.abstain <= len(votes) - len(set(casting))
    assert (
        sum((decision.tally.yes, decision.tally.no, decision.tally.abstain, decision.tally.non_voting))
        == len(votes)
        <= GA_MEMBERSHIP
    )


def test_dispatcher_sends_committees_to_simple_majority():
    """`decide` names the committee on the decision and applies rule 125; the plenary keeps two-thirds."""
    committee = decide(Organ.GA_C3, T(60, 40), Question.TWO_THIRDS)
    assert committee.organ is Organ.GA_C3 and committee.adopted
    assert decide(Organ.GA_C1, T(60, 40), Question.TWO_THIRDS, committee=True) == replace(
        committee, organ=Organ.GA_C1
    )
    plenary = decide(Organ.GA, T(60, 40), Question.TWO_THIRDS)
    assert plenary.organ is Organ.GA and not plenary.adopted


def test_organ_implies_committee():
    """Naming a committee organ applies the committee rules even without committee=True."""
    assert decide_ga(T(60, 40), Question.TWO_THIRDS, organ=Organ.GA_C1).adopted
