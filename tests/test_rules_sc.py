"""Security Council rules: procedural and non-procedural questions, the veto, the council by date, the worked cases."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import ELECTED_IDS, P5_TODAY, council_dates, options, p5_subsets, sc_tallies, sc_votes
from unvotes.models import Organ, Outcome, Vote
from unvotes.refdata import council
from unvotes.rules import decide
from unvotes.rules.decision import Options, Question, Tally
from unvotes.rules.sc import (
    affirmative_needed,
    council_size,
    decide_sc,
    decide_sc_votes,
    permanent_members,
    preliminary_question,
)

D = dt.date
T = Tally
SC_QUESTIONS = [Question.PROCEDURAL, Question.SUBSTANTIVE, Question.PRELIMINARY]
TRANSITIONS = [
    D(1945, 10, 24),
    D(1965, 12, 31),
    D(1966, 1, 1),
    D(1971, 10, 24),
    D(1971, 10, 25),
    D(1991, 12, 23),
    D(1991, 12, 24),
    D(2025, 2, 24),
]


@pytest.mark.parametrize("day", TRANSITIONS)
def test_constant_table_agrees_with_refdata_on_transition_days(day):
    """The rules' own table of permanent seats and sizes matches `refdata.council` around every change."""
    assert list(permanent_members(day)) == council.permanent_on(day)
    assert council_size(day) == council.size_on(day)


@given(council_dates())
def test_constant_table_agrees_with_refdata(day):
    """On any day since 1945 the rules' table matches `refdata.council` (seats and council size)."""
    assert list(permanent_members(day)) == council.permanent_on(day)
    assert council_size(day) == council.size_on(day)


def test_council_by_date():
    """7 of 11 before 1966, 9 of 15 from 1966; SUN until 23 Dec 1991, RUS from the 24th; CHN throughout."""
    assert (council_size(D(1965, 12, 31)), affirmative_needed(D(1965, 12, 31))) == (11, 7)
    assert (council_size(D(1966, 1, 1)), affirmative_needed(D(1966, 1, 1))) == (15, 9)
    assert "SUN" in permanent_members(D(1991, 12, 23)) and "RUS" in permanent_members(D(1991, 12, 24))
    assert "CHN" in permanent_members(D(1971, 10, 24)) and "CHN" in permanent_members(D(1971, 10, 25))


def test_no_council_before_the_charter():
    """Asking for the Council before 24 October 1945 is a ValueError."""
    with pytest.raises(ValueError, match="Charter entered into force"):
        permanent_members(D(1945, 10, 23))


@st.composite
def vetoing(draw):
    """A tally with at least 9 yes and at least one no, and the permanent members among the no votes."""
    tally = draw(sc_tallies(min_yes=9).filter(lambda t: t.no >= 1))
    negative = draw(p5_subsets().filter(lambda p: 1 <= len(p) <= tally.no))
    return tally, negative


@given(vetoing(), p5_subsets(), options())
def test_one_permanent_no_with_nine_yes_vetoes(case, others, opts):
    """Any permanent member's no with >= 9 yes vetoes a non-procedural draft; vetoed_by lists exactly the no votes."""
    tally, negative = case
    absent = tuple(p for p in others if p not in negative)
    decision = decide_sc(tally, negative_permanent=negative, absent_permanent=absent, options=opts)
    assert decision.outcome is Outcome.VETOED and not decision.insufficient_votes
    assert set(negative) <= set(decision.vetoed_by) <= set(negative) | set(absent)


@st.composite
def any_permanent_behaviour(draw, max_yes=None, min_yes=0):
    """A 15-member tally and any consistent set of permanent members voting no or absent."""
    tally = draw(sc_tallies(min_yes=min_yes, max_yes=max_yes))
    negative = draw(p5_subsets().filter(lambda p: len(p) <= tally.no))
    absent = draw(p5_subsets().map(lambda p: tuple(s for s in p if s not in negative)))
    return tally, negative, absent


@given(any_permanent_behaviour(max_yes=8), st.sampled_from(SC_QUESTIONS), options())
def test_eight_yes_never_adopt(case, question, opts):
    """With <= 8 yes nothing is adopted, whatever the permanent members do, and no veto is counted."""
    tally, negative, absent = case
    decision = decide_sc(tally, question, negative_permanent=negative, absent_permanent=absent, options=opts)
    assert decision.outcome is Outcome.REJECTED and decision.insufficient_votes and decision.vetoed_by == ()
    assert decision.negative_permanent == negative


@given(any_permanent_behaviour(), options())
def test_procedural_decisions_ignore_permanent_members(case, opts):
    """A procedural question is adopted iff yes >= 9, whichever permanent members voted no or stayed away."""
    tally, negative, absent = case
    decision = decide_sc(
        tally, Question.PROCEDURAL, negative_permanent=negative, absent_permanent=absent, options=opts
    )
    assert decision.adopted is (tally.yes >= 9) and decision.vetoed_by == ()


@given(any_permanent_behaviour(), options())
def test_substantive_formula(case, opts):
    """A non-procedural draft is adopted iff yes >= 9 and no permanent member voted no (or, by option, was absent)."""
    tally, negative, absent = case
    decision = decide_sc(tally, negative_permanent=negative, absent_permanent=absent, options=opts)
    blocked = bool(negative) or (opts.p5_absence_is_veto and bool(absent))
    assert decision.adopted is (tally.yes >= 9 and not blocked)
    assert (decision.outcome is Outcome.VETOED) is (tally.yes >= 9 and blocked)


@given(sc_votes(), st.sampled_from(SC_QUESTIONS))
def test_votes_agree_with_the_formula(votes, question):
    """From per-state votes: abstaining permanent members never block; a missing or non-voting one is absent."""
    decision = decide_sc_votes(votes, question, on=D(2025, 1, 1))
    yes = sum(v == Vote.YES for v in votes.values())
    vetoing = question is not Question.PROCEDURAL and any(votes.get(p) == Vote.NO for p in P5_TODAY)
    assert decision.adopted is (yes >= 9 and not vetoing)
    absent = [p for p in P5_TODAY if votes.get(p, Vote.NON_VOTING) == Vote.NON_VOTING]
    assert decision.extra["absent_permanent"] == absent
    assert (
        sum((decision.tally.yes, decision.tally.no, decision.tally.abstain, decision.tally.non_voting)) == 15
    )


CASES = [
    # 24 Feb 2025, 9866th meeting
    ("rule 33 motion to postpone", T(6, 3, 6), Question.PROCEDURAL, (), Outcome.REJECTED),
    ("amendment 'full-scale invasion'", T(6, 1, 8), Question.SUBSTANTIVE, ("RUS",), Outcome.REJECTED),
    ("amendment 'sovereignty' (9 yes)", T(9, 1, 5), Question.SUBSTANTIVE, ("RUS",), Outcome.VETOED),
    ("amendment 'just peace' (11 yes)", T(11, 1, 3), Question.SUBSTANTIVE, ("RUS",), Outcome.VETOED),
    ("Russian amendment 'root causes'", T(4, 6, 5), Question.SUBSTANTIVE, (), Outcome.REJECTED),
    ("res. 2774 (2025)", T(10, 0, 5), Question.SUBSTANTIVE, (), Outcome.ADOPTED),
    # other reference cases (§4.3)
    ("S/2022/155", T(11, 1, 3), Question.SUBSTANTIVE, ("RUS",), Outcome.VETOED),
    ("res. 2623 (2022)", T(11, 1, 3), Question.PROCEDURAL, ("RUS",), Outcome.ADOPTED),
    ("9592nd meeting agenda", T(6, 0, 9), Question.PROCEDURAL, (), Outcome.REJECTED),
    (
        "Russian draft on Syria, 14 Apr 2018",
        T(3, 8, 4),
        Question.SUBSTANTIVE,
        ("FRA", "GBR", "USA"),
        Outcome.REJECTED,
    ),
    ("res. 2504 (2020)", T(11, 0, 4), Question.SUBSTANTIVE, (), Outcome.ADOPTED),
    # more recorded votes
    (
        "Russian amendment to res. 2720, 22 Dec 2023",
        T(10, 1, 4),
        Question.SUBSTANTIVE,
        ("USA",),
        Outcome.VETOED,
    ),
    ("res. 2720 (2023)", T(13, 0, 2), Question.SUBSTANTIVE, (), Outcome.ADOPTED),
    (
        "S/2023/970, 8 Dec 2023: a veto despite 13 yes",
        T(13, 1, 1),
        Question.SUBSTANTIVE,
        ("USA",),
        Outcome.VETOED,
    ),
    ("S/2023/773, 18 Oct 2023", T(12, 1, 2), Question.SUBSTANTIVE, ("USA",), Outcome.VETOED),
    ("res. 2334 (2016)", T(14, 0, 1), Question.SUBSTANTIVE, (), Outcome.ADOPTED),
    # constructed rule cases
    ("a draft with 2 yes and 13 abstentions", T(2, 0, 13), Question.SUBSTANTIVE, (), Outcome.REJECTED),
    ("all five permanent members against, 10 yes", T(10, 5), Question.SUBSTANTIVE, P5_TODAY, Outcome.VETOED),
]


@pytest.mark.parametrize(
    ("case", "tally", "question", "negative", "outcome"), CASES, ids=[c[0] for c in CASES]
)
def test_worked_cases(case, tally, question, negative, outcome):
    """The spec's worked SC cases (§4) and other recorded votes come out as the Council declared them."""
    decision = decide_sc(tally, question, negative_permanent=negative, on=D(2025, 2, 24))
    assert decision.outcome is outcome, case
    assert decision.vetoed_by == (negative if outcome is Outcome.VETOED else ())
    assert decision.insufficient_votes is (tally.yes < 9)
    assert decision.negative_permanent == negative


def test_explanation_of_a_veto():
    """S/2022/155: the explanation names the vetoing member and gives the numbers."""
    decision = decide_sc(T(11, 1, 3), negative_permanent=["RUS"], subject="the draft")
    assert decision.explanation == (
        "The draft needed 9 affirmative votes of the 15 members of the Council, with no permanent member voting "
        "against; it received 11 in favour to 1 against, with 3 abstentions. It had enough votes but was not "
        "adopted because the Russian Federation, a permanent member, voted against: a veto."
    )
    assert decision.basis == ("UN Charter Art. 27(3)", "SC provisional rules, rule 40")


def test_explanation_of_insufficient_votes_with_a_permanent_no():
    """6–1–8 with Russia against fails for lack of votes, and the explanation says it is no veto."""
    decision = decide_sc(T(6, 1, 8), negative_permanent=["RUS"], subject="the amendment")
    assert decision.explanation == (
        "The amendment needed 9 affirmative votes of the 15 members of the Council, with no permanent member "
        "voting against; it received 6 in favour to 1 against, with 8 abstentions, and was not adopted: it had "
        "fewer than 9 votes in favour. The Russian Federation voted against, but with fewer than 9 votes in favour "
        "that is not counted as a veto."
    )


def _res_2774_votes():
    abstaining = {"DNK", "FRA", "GRC", "SVN", "GBR"}
    members = [
        "CHN",
        "DNK",
        "FRA",
        "GRC",
        "GBR",
        "RUS",
        "USA",
        "DZA",
        "GUY",
        "KOR",
        "PAK",
        "PAN",
        "SLE",
        "SOM",
        "SVN",
    ]
    return {s: Vote.ABSTAIN if s in abstaining else Vote.YES for s in members}


def test_res_2774_from_votes():
    """10–0–5 with France and the United Kingdom abstaining is adopted; the explanation says abstention is no veto."""
    decision = decide_sc_votes(_res_2774_votes(), on=D(2025, 2, 24), subject="the draft")
    assert decision.tally == T(10, 0, 5) and decision.outcome is Outcome.ADOPTED
    assert decision.explanation == (
        "The draft needed 9 affirmative votes of the 15 members of the Council, with no permanent member voting "
        "against; it received 10 in favour to none against, with 5 abstentions, and was adopted. France and the "
        "United Kingdom abstained; a permanent member's abstention is not a veto."
    )


def test_res_2504_four_permanent_abstentions():
    """Res. 2504 (2020): adopted with China, Russia, the UK and the US abstaining and only France of the five in favour."""
    votes = {
        "CHN": Vote.ABSTAIN,
        "RUS": Vote.ABSTAIN,
        "GBR": Vote.ABSTAIN,
        "USA": Vote.ABSTAIN,
        "FRA": Vote.YES,
    }
    votes |= dict.fromkeys(ELECTED_IDS, Vote.YES)
    decision = decide_sc_votes(votes, on=D(2020, 1, 10))
    assert decision.tally == T(11, 0, 4) and decision.adopted
    assert decision.extra["abstaining_permanent"] == ["CHN", "GBR", "RUS", "USA"]


def test_procedural_explanation():
    """Res. 2623 (2022): a procedural vote explained, with Russia's no named as no veto."""
    decision = decide_sc(T(11, 1, 3), Question.PROCEDURAL, negative_permanent=["RUS"], subject="the draft")
    assert decision.explanation == (
        "As a procedural matter, the draft needed 9 affirmative votes of the 15 members of the Council, and no "
        "member had a veto; it received 11 in favour to 1 against, with 3 abstentions, and was adopted. The "
        "negative vote of the Russian Federation was no veto: on procedural matters permanent members have none."
    )
    assert decision.basis == ("UN Charter Art. 27(2)", "SC provisional rules, rule 40")


def test_eleven_member_council_needs_seven():
    """Before 1966 seven of eleven adopt; the same seven yes fail in the council of fifteen."""
    old = decide_sc(T(7, 0, 4), on=D(1960, 6, 23))
    assert old.adopted and old.required == 7 and old.extra["council_size"] == 11
    assert "UN Charter Art. 23 and 27, original text (11 members, 7 votes)" in old.basis
    new = decide_sc(T(7, 0, 8), on=D(1970, 1, 1))
    assert not new.adopted and new.required == 9 and new.insufficient_votes


def test_preliminary_question_of_1948():
    """Czechoslovak question, 24 May 1948: 8–2–1 with the USSR against defeats the procedural characterization."""
    decision = preliminary_question(T(8, 2, 1), negative_permanent=["SUN"], on=D(1948, 5, 24))
    assert decision.outcome is Outcome.VETOED and decision.vetoed_by == ("SUN",)
    assert decision.question is Question.PRELIMINARY and decision.required == 7
    assert "Four-Power Statement, San Francisco, 7 June 1945" in decision.basis
    assert decision.explanation.startswith(
        "Whether the matter was procedural was itself decided as a non-procedural"
    )
    assert decide_sc(T(8, 2, 1), Question.PROCEDURAL, negative_permanent=["SUN"], on=D(1948, 5, 24)).adopted


KOREA_1950 = {"CHN": Vote.YES, "FRA": Vote.YES, "GBR": Vote.YES, "USA": Vote.YES, "YUG": Vote.ABSTAIN}
KOREA_1950 |= dict.fromkeys(("CUB", "ECU", "EGY", "IND", "NOR"), Vote.YES)


def test_permanent_absence_is_no_veto_by_default():
    """Res. 82 (25 June 1950), 9–0–1 with the USSR absent: adopted; absence is a veto only by option [U]."""
    decision = decide_sc_votes(KOREA_1950, on=D(1950, 6, 25))
    assert decision.tally == T(9, 0, 1, 1) and decision.outcome is Outcome.ADOPTED
    assert decision.extra["absent_permanent"] == ["SUN"]
    assert (
        "The Soviet Union did not take part; a permanent member's absence is not counted as a veto"
        in decision.explanation
    )
    strict = decide_sc_votes(KOREA_1950, on=D(1950, 6, 25), options=Options(p5_absence_is_veto=True))
    assert strict.outcome is Outcome.VETOED and strict.vetoed_by == ("SUN",)


def test_absence_option_through_totals():
    """The absence option also applies to decide_sc, and never to procedural questions."""
    strict = Options(p5_absence_is_veto=True)
    assert (
        decide_sc(T(9, 0, 1, 1), absent_permanent=["SUN"], on=D(1950, 6, 25), options=strict).outcome
        is Outcome.VETOED
    )
    assert decide_sc(
        T(9, 0, 1, 1), Question.PROCEDURAL, absent_permanent=["SUN"], on=D(1950, 6, 25), options=strict
    ).adopted


def _dispute_votes():
    votes = dict.fromkeys(ELECTED_IDS[:9], Vote.YES) | {"E10": Vote.ABSTAIN}
    return votes | {
        "CHN": Vote.ABSTAIN,
        "FRA": Vote.ABSTAIN,
        "RUS": Vote.ABSTAIN,
        "USA": Vote.YES,
        "GBR": Vote.NO,
    }


def test_obligatory_abstention_forces_a_party_to_abstain():
    """With the proviso applied, a permanent party to the dispute abstains: its no is no veto, with a flag."""
    decision = decide_sc_votes(
        _dispute_votes(),
        on=D(2000, 4, 17),
        parties_to_dispute=["GBR"],
        options=Options(obligatory_abstention=True),
    )
    assert decision.outcome is Outcome.ADOPTED and decision.tally == T(10, 0, 5)
    assert decision.flags == ("vote of GBR counted as an abstention: party to the dispute (Art. 27(3))",)
    assert "UN Charter Art. 27(3), proviso (obligatory abstention)" in decision.basis
    assert decision.explanation.endswith(
        "and was adopted. China, France and the Russian Federation abstained; a permanent member's abstention is not "
        "a veto. The United Kingdom, a party to the dispute, had to abstain under Article 27(3), so its vote was "
        "counted as an abstention."
    )


def test_obligatory_abstention_is_off_by_default():
    """Without the option the party's no stands as a veto, and a flag says the proviso was not applied."""
    decision = decide_sc_votes(_dispute_votes(), on=D(2000, 4, 17), parties_to_dispute=["GBR"])
    assert decision.outcome is Outcome.VETOED and decision.vetoed_by == ("GBR",)
    assert decision.flags == (
        "parties to the dispute GBR voted: obligatory abstention not applied (option off)",
    )


def test_obligatory_abstention_never_on_procedural_questions():
    """The proviso applies to non-procedural decisions only."""
    on = Options(obligatory_abstention=True)
    decision = decide_sc_votes(
        _dispute_votes(), Question.PROCEDURAL, on=D(2000, 4, 17), parties_to_dispute=["GBR"], options=on
    )
    assert decision.tally == T(10, 1, 4) and decision.flags == (
        "parties to the dispute GBR voted: no obligatory abstention on a procedural question",
    )


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: decide_sc(T(9, 0), Question.TWO_THIRDS), "General Assembly question"),
        (lambda: decide_sc(T(9, 4, 3)), "more votes than the 15 members"),
        (
            lambda: decide_sc(T(9, 1, 5), negative_permanent=["SUN"], on=D(2022, 2, 25)),
            "not permanent members",
        ),
        (lambda: decide_sc(T(9, 1, 5), negative_permanent=["RUS", "USA"]), "2 permanent members voted no"),
        (
            lambda: decide_sc(T(9, 1, 4), negative_permanent=["RUS"], absent_permanent=["RUS"]),
            "both vote no and be absent",
        ),
        (lambda: decide_sc(T(9, -1)), "negative"),
        (lambda: decide_sc_votes({f"X{n}": Vote.YES for n in range(12)}, on=D(1950, 1, 1)), "council of 11"),
    ],
)
def test_impossible_input_is_refused(call, message):
    """Inconsistent tallies and wrong questions or members are ValueErrors that say what is wrong."""
    with pytest.raises(ValueError, match=message):
        call()


def test_dispatcher_sends_the_council_to_decide_sc():
    """`decide(Organ.SC, ...)` applies Art. 27."""
    decision = decide(Organ.SC, T(11, 1, 3), Question.SUBSTANTIVE, negative_permanent=["RUS"])
    assert decision.organ is Organ.SC and decision.outcome is Outcome.VETOED


def test_numbers_on_the_decision():
    """The numbers compared are on the decision: yes, no, abstain, not voting, needed, council size."""
    extra = decide_sc(T(6, 3, 6), Question.PROCEDURAL).extra
    assert {k: extra[k] for k in ("yes", "no", "abstain", "non_voting", "needed", "council_size")} == {
        "yes": 6, "no": 3, "abstain": 6, "non_voting": 0, "needed": 9, "council_size": 15,
    }  # fmt: skip
