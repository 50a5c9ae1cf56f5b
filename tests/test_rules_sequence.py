"""Voting sequences: the 24 February 2025 files replay as recorded, each procedural rule, and the file format."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from unvotes.models import Counts, Organ, Outcome
from unvotes.rules.decision import Question
from unvotes.rules.sequence import (
    NO_TALLY,
    Motion,
    Sequence,
    SequenceError,
    Step,
    StepKind,
    packaged,
    parse_sequence,
    question_for,
    replay,
)

DOCS = Path(__file__).resolve().parents[1] / "docs" / "sequences.md"
DAY = dt.date(2025, 2, 24)


def sequence(*steps: Step, organ: Organ = Organ.GA, important: bool = False, draft: str = "L.1") -> Sequence:
    return Sequence(organ, DAY, None, draft, important, "hand-made", tuple(steps))


def counts(yes: int, no: int, abstain: int = 0) -> Counts:
    return Counts(yes, no, abstain, 0)


def draft(document: str = "L.1", yes: int = 100, no: int = 10, **kw) -> Step:
    return Step(StepKind.DRAFT, document, counts=counts(yes, no), **kw)


def amendment(document: str, yes: int, no: int, on: str = "L.1", **kw) -> Step:
    return Step(StepKind.AMENDMENT, document, counts=counts(yes, no), amends=on, **kw)


def part(document: str, yes: int, no: int, operative: bool = True, **kw) -> Step:
    return Step(StepKind.PARAGRAPH, document, counts=counts(yes, no), operative=operative, **kw)


def motion(document: str, yes: int, no: int, kind: Motion, **kw) -> Step:
    return Step(StepKind.MOTION, document, counts=counts(yes, no), motion=kind, **kw)


def outcomes(result) -> list[Outcome | None]:
    return [r.outcome for r in result.steps]


# ---- the 24 February 2025 sequences ------------------------------------------------------------------------------


def test_sc_24_february_2025_replays_as_recorded():
    """S/PV.9866: the postponement fails, one amendment lacks votes, two are vetoed by Russia, S/2025/112 passes unamended."""
    result = replay(packaged("2025-02-24", "SC"))
    assert result.agrees and not result.mismatches and not result.undecidable
    assert [r.step.document for r in result.steps][1:] == [f"S/2025/11{n}" for n in (4, 5, 6, 7, 8, 2)]
    assert outcomes(result) == [Outcome.REJECTED, Outcome.REJECTED] + [Outcome.VETOED] * 2 + [
        Outcome.REJECTED,
        Outcome.REJECTED,
        Outcome.ADOPTED,
    ]
    motion_, full_scale, sovereignty = result.steps[:3]
    assert motion_.question is Question.PROCEDURAL and motion_.decision.insufficient_votes
    assert full_scale.question is Question.SUBSTANTIVE and full_scale.decision.vetoed_by == ()
    assert sovereignty.decision.vetoed_by == ("RUS",)
    assert result.steps[-1].text == "S/2025/112"


def test_ga_24_february_2025_replays_every_step_as_decided():
    """A/ES-11/PV.20: L.10 and L.11 as amended pass by two-thirds, L.12 fails, L.13-L.15 pass on their tallies."""
    result = replay(packaged("2025-02-24", "GA"))
    by_document = {r.step.document: r for r in result.steps}
    assert result.agrees and not result.mismatches and not result.undecidable
    assert all(r.decidable and r.agrees for r in result.steps)
    assert by_document["A/ES-11/L.12"].question is Question.TWO_THIRDS
    assert by_document["A/ES-11/L.12"].outcome is Outcome.REJECTED and by_document["A/ES-11/L.12"].agrees
    assert [by_document[f"A/ES-11/L.{n}"].decision.required for n in (13, 14, 15)] == [52, 64, 66]
    assert all(by_document[f"A/ES-11/L.{n}"].outcome is Outcome.ADOPTED for n in (13, 14, 15))
    final = by_document["A/ES-11/L.11"]
    assert final.decision.required == 68 and final.outcome is Outcome.ADOPTED
    assert final.text == "A/ES-11/L.11 as amended by L.13, L.14, L.15"
    assert by_document["A/ES-11/L.10"].decision.required == 74


def test_ga_amendments_say_their_symbol_assignment_is_inferred():
    """The shipped L.13-L.15 steps note that their tallies' symbols are inferred from the order of voting."""
    steps = {s.document: s for s in packaged("2025-02-24", "GA").steps}
    assert all("[U]" in " ".join(steps[f"A/ES-11/L.{n}"].notes) for n in (13, 14, 15))
    assert all(
        "inferred" in " ".join(steps[f"A/ES-11/L.{n}"].notes)
        or "assumption" in " ".join(steps[f"A/ES-11/L.{n}"].notes)
        for n in (13, 14, 15)
    )


def test_ga_summary_is_pinned():
    """The plain-text replay of the GA day: one line per step, then the verdict."""
    summary = replay(packaged("2025-02-24", "GA")).summary().splitlines()
    assert summary[0] == "GA 2025-02-24 A/ES-11/PV.20: A/ES-11/L.10"
    assert summary[1].startswith("Order: L.10 before L.11")
    assert summary[2:] == [
        " 1. draft     A/ES-11/L.10 — 93–18–65, two-thirds: adopted; record: adopted (agrees)",
        " 2. amendment A/ES-11/L.12 — 31–71–59, two-thirds: rejected; record: rejected (agrees)",
        " 3. amendment A/ES-11/L.13 — 60–18–81, two-thirds: adopted; record: adopted (agrees)"
        " [text: A/ES-11/L.11 as amended by L.13]",
        " 4. amendment A/ES-11/L.14 — 79–16–67, two-thirds: adopted; record: adopted (agrees)"
        " [text: A/ES-11/L.11 as amended by L.13, L.14]",
        " 5. amendment A/ES-11/L.15 — 83–16–61, two-thirds: adopted; record: adopted (agrees)"
        " [text: A/ES-11/L.11 as amended by L.13, L.14, L.15]",
        " 6. draft     A/ES-11/L.11 — 93–8–73, two-thirds: adopted; record: adopted (agrees)"
        " [text: A/ES-11/L.11 as amended by L.13, L.14, L.15]",
        "6 steps: 6 decided, 0 not decidable (no tally), 0 not put to the vote."
        " Every decided step agrees with the record.",
    ]


def test_sc_summary_says_veto_and_insufficient_votes_apart():
    """The SC summary names the vetoing member and marks the 6-1-8 amendment as lacking votes, not vetoed."""
    lines = replay(packaged("2025-02-24", "SC")).summary().splitlines()
    assert (
        lines[3]
        == " 2. amendment S/2025/114 — 6–1–8, substantive: rejected (insufficient votes); record: rejected (agrees)"
    )
    assert lines[4] == " 3. amendment S/2025/115 — 9–1–5, substantive: vetoed by RUS; record: vetoed (agrees)"


def test_packaged_is_none_for_a_day_without_a_file():
    """Only the shipped days have a packaged sequence."""
    assert packaged("2025-02-25", "SC") is None


# ---- the rules ---------------------------------------------------------------------------------------------------


def test_an_adopted_amendment_excludes_another():
    """An amendment whose vote the adopted one makes unnecessary is not put to the vote (rule 90)."""
    result = replay(sequence(amendment("A.1", 80, 20, excludes=("A.2",)), amendment("A.2", 90, 5), draft()))
    skipped = result.steps[1]
    assert not skipped.voted and skipped.outcome is None and skipped.decision is None
    assert skipped.why.startswith("not put to the vote: made unnecessary by the adoption of A.1")
    assert result.steps[2].text == "L.1 as amended by A.1"


def test_a_rejected_amendment_excludes_nothing():
    """`excludes` takes effect only when the amendment is adopted."""
    result = replay(sequence(amendment("A.1", 20, 80, excludes=("A.2",)), amendment("A.2", 90, 5), draft()))
    assert outcomes(result) == [Outcome.REJECTED, Outcome.ADOPTED, Outcome.ADOPTED]
    assert result.steps[2].text == "L.1 as amended by A.2"


def test_all_operative_parts_rejected_the_draft_falls():
    """If every operative part is rejected the whole counts as rejected and is not voted (rule 89)."""
    fallen_draft = Step(StepKind.DRAFT, "L.1", recorded=Outcome.REJECTED)
    steps = (part("PP1", 80, 20, operative=False), part("OP1", 20, 80), part("OP2", 30, 70), fallen_draft)
    result = replay(sequence(*steps))
    fallen = result.steps[-1]
    assert not fallen.voted and fallen.outcome is Outcome.REJECTED and fallen.agrees is True
    assert (
        fallen.why == "falls: every operative part was rejected, so the whole counts as rejected (GA rule 89)"
    )
    assert fallen.text == "L.1 without OP1, OP2"


def test_one_operative_part_adopted_the_draft_is_voted_without_the_others():
    """A rejected part drops out; with an operative part left the draft is voted."""
    result = replay(sequence(part("OP1", 80, 20), part("OP2", 30, 70), draft()))
    assert result.steps[-1].voted and result.steps[-1].text == "L.1 without OP2"


def test_division_refused_parts_are_not_voted_separately():
    """When the motion for division fails, the parts are not put to the vote separately."""
    result = replay(sequence(motion("division", 40, 60, Motion.DIVISION), part("OP1", 20, 80), draft()))
    assert not result.steps[1].voted and "motion for division of L.1 was not carried" in result.steps[1].why
    assert result.steps[2].voted and result.steps[2].text == "L.1"


def test_no_action_motion_carried_the_draft_is_not_voted():
    """A carried no-action motion means neither the proposal nor its amendments are put to the vote."""
    unvoted = Step(StepKind.AMENDMENT, "A.1", amends="L.1"), Step(StepKind.DRAFT, "L.1")
    steps = (motion("no action", 70, 60, Motion.NO_ACTION), *unvoted)
    result = replay(sequence(*steps))
    assert result.steps[0].outcome is Outcome.ADOPTED and result.steps[0].question is Question.SIMPLE
    assert [r.voted for r in result.steps] == [True, False, False]
    assert result.steps[2].why == "not put to the vote: a no-action motion was carried (no action)"
    assert result.agrees


def test_no_action_motion_rejected_the_draft_is_voted():
    """A no-action motion that fails leaves the proposal to be voted."""
    result = replay(sequence(motion("no action", 60, 70, Motion.NO_ACTION), draft()))
    assert [r.voted for r in result.steps] == [True, True]


def test_adjournment_ends_the_voting():
    """A carried motion to adjourn the meeting leaves every later step unvoted."""
    result = replay(
        sequence(motion("adjourn", 9, 0, Motion.ADJOURN), Step(StepKind.DRAFT, "L.1"), organ=Organ.SC)
    )
    assert result.steps[0].question is Question.PROCEDURAL and not result.steps[1].voted
    assert "the meeting was adjourned" in result.steps[1].why


def test_important_question_amendment_with_60_percent_fails_by_rule_85():
    """An amendment to an important question with 60% yes fails (two-thirds, rule 85), but would pass a simple majority."""
    steps = (amendment("A.1", 60, 40), draft())
    important = replay(sequence(*steps, important=True))
    ordinary = replay(sequence(*steps, important=False))
    assert (
        important.steps[0].question is Question.TWO_THIRDS and important.steps[0].outcome is Outcome.REJECTED
    )
    assert important.steps[0].decision.required == 67
    assert ordinary.steps[0].question is Question.SIMPLE and ordinary.steps[0].outcome is Outcome.ADOPTED
    assert important.steps[1].text == "L.1" and ordinary.steps[1].text == "L.1 as amended by A.1"


def test_motions_on_an_important_question_need_a_simple_majority():
    """Procedural motions are decided by simple majority even on an important question (spec §2.9-2.10)."""
    result = replay(
        sequence(motion("division", 55, 45, Motion.DIVISION), part("OP1", 60, 40), draft(), important=True)
    )
    assert result.steps[0].question is Question.SIMPLE and result.steps[0].outcome is Outcome.ADOPTED
    assert result.steps[1].question is Question.TWO_THIRDS and result.steps[1].outcome is Outcome.REJECTED


def test_sc_vetoed_amendment_leaves_the_draft_unamended():
    """An SC amendment to a substantive draft is substantive: a permanent member's no vetoes it and the draft stays as it was."""
    vetoed = amendment("AM.1", 11, 1, on="S/1", negative_permanent=("RUS",), recorded=Outcome.VETOED)
    result = replay(sequence(vetoed, draft("S/1", 10, 0), organ=Organ.SC, draft="S/1"))
    assert result.steps[0].question is Question.SUBSTANTIVE
    assert result.steps[0].outcome is Outcome.VETOED and result.steps[0].decision.vetoed_by == ("RUS",)
    assert result.steps[1].outcome is Outcome.ADOPTED and result.steps[1].text == "S/1"


def test_an_explicit_question_overrides_the_derived_one():
    """A question given in the file wins, and amendments inherit their text's question."""
    seq = sequence(amendment("A.1", 1, 0), draft(question=Question.RECONSIDERATION))
    assert question_for(seq, seq.steps[0]) is Question.RECONSIDERATION


def test_committee_decides_important_drafts_by_simple_majority():
    """In a Main Committee an important question is still decided by simple majority (rule 125)."""
    result = replay(sequence(amendment("A.1", 60, 40), draft(), organ=Organ.GA_C1, important=True))
    assert result.steps[0].outcome is Outcome.ADOPTED


def test_a_decision_against_the_record_is_a_mismatch():
    """A recorded outcome the rules do not give makes the replay disagree, and says how."""
    result = replay(sequence(draft(yes=60, no=40, recorded=Outcome.ADOPTED), important=True))
    assert not result.agrees and result.mismatches == [result.steps[0]]
    assert result.steps[0].mismatch == "the replay gives rejected, the record adopted"
    assert "1 differ from the record: step 1 (L.1): the replay gives rejected" in result.summary()


def test_a_recorded_vote_on_a_step_the_rules_skip_is_a_mismatch():
    """An amendment the record says was voted, but that an adopted amendment excluded, disagrees with the record."""
    steps = (
        amendment("A.1", 80, 20, excludes=("A.2",)),
        amendment("A.2", 10, 90, recorded=Outcome.REJECTED),
        draft(),
    )
    result = replay(sequence(*steps))
    assert result.mismatches == [result.steps[1]]
    assert result.steps[1].mismatch.startswith(
        "the record gives a tally, but the rules do not put it to the vote"
    )


def test_no_tally_and_no_record_is_unknown():
    """A step with neither a tally nor a recorded outcome stays unknown and is not compared."""
    result = replay(sequence(Step(StepKind.AMENDMENT, "A.1", amends="L.1"), draft()))
    assert result.steps[0].why == NO_TALLY and result.steps[0].outcome is None and result.agrees
    assert result.steps[1].text == "L.1"


def test_yes_and_no_suffice_to_decide():
    """Unknown abstentions do not make a step undecidable; the result notes they were not given."""
    step = Step(StepKind.DRAFT, "L.1", counts=Counts(31, 71, None, None))
    result = replay(sequence(step))
    assert result.steps[0].decidable and result.steps[0].outcome is Outcome.REJECTED
    assert "abstentions not given by the sources; they do not enter the arithmetic" in result.steps[0].notes
    assert (
        "31 in favour to 71 against (the sources give no number of abstentions)"
        in result.steps[0].decision.explanation
    )


def test_a_draft_before_its_amendment_is_an_error_naming_the_step():
    """Amendments are voted before the proposal: a sequence that puts the draft first is refused."""
    with pytest.raises(SequenceError) as caught:
        replay(sequence(draft(), amendment("A.1", 80, 20)))
    assert [str(p) for p in caught.value.problems] == [
        "sequence GA 2025-02-24 L.1 [step 1, order]: 'L.1' is put to the vote before its amendment 'A.1' (step 2):"
        " amendments are voted before the proposal (GA rule 90, SC rule 36)"
    ]


@given(
    st.lists(st.tuples(st.integers(0, 150), st.integers(0, 150), st.integers(0, 150)), min_size=2, max_size=5)
)
def test_abstentions_never_change_a_ga_replay(votes):
    """Changing only the abstentions changes no outcome of a GA sequence."""
    *amendments, (yes, no, _) = votes

    def build(abstain: int) -> Sequence:
        steps = [
            Step(StepKind.AMENDMENT, f"A.{n}", counts=counts(y, x, abstain), amends="L.1")
            for n, (y, x, _) in enumerate(amendments)
        ]
        return sequence(*steps, Step(StepKind.DRAFT, "L.1", counts=counts(yes, no, abstain)), important=True)

    assert outcomes(replay(build(0))) == outcomes(replay(build(40)))


# ---- the file format ---------------------------------------------------------------------------------------------

BAD = {
    "organ": "GA",
    "date": "2025-02-24",
    "draft": "L.1",
    "order_basis": "hand-made",
    "steps": [
        {"kind": "vote", "document": "X.1"},
        {
            "kind": "amendment",
            "document": "A.1",
            "amends": "L.1",
            "tally": {"yes": "ten", "no": 3, "blank": 1},
        },
        {"kind": "amendment", "document": "A.2", "amends": "L.9", "recorded": "passed"},
        {"kind": "draft", "document": "L.1"},
        {"kind": "amendment", "document": "A.3", "amends": "L.1", "colour": "red"},
    ],
}


def test_parse_errors_list_every_problem_with_file_step_and_field():
    """One SequenceError lists every problem of the file, each with the file name, step number and field."""
    with pytest.raises(SequenceError) as caught:
        parse_sequence(json.dumps(BAD), "bad.json")
    assert [str(p) for p in caught.value.problems] == [
        "bad.json [step 1, kind]: unknown value 'vote' (expected one of: motion, amendment, paragraph, draft)",
        "bad.json [step 2, tally.blank]: unknown count (known: yes, no, abstain, non_voting)",
        "bad.json [step 2, tally.yes]: must be a whole number >= 0 or null, not 'ten'",
        "bad.json [step 3, recorded]: unknown value 'passed'"
        " (expected one of: adopted, rejected, vetoed, adopted without a vote)",
        "bad.json [step 5, colour]: unknown field (known: kind, document, title, question, tally,"
        " negative_permanent, amends, target, motion, excludes, operative, recorded, source, notes)",
        "bad.json [step 4, order]: 'L.1' is put to the vote before its amendment 'A.3' (step 5):"
        " amendments are voted before the proposal (GA rule 90, SC rule 36)",
    ]
    assert str(caught.value).startswith("bad.json: 6 problem(s) in the voting sequence\n")


def test_references_to_no_step_and_bad_top_level_fields_are_reported():
    """amends, target and excludes naming no step, a draft that is no step, a bad date and organ: all reported."""
    data = {
        "organ": "UNESCO",
        "date": "24 Feb 2025",
        "draft": "L.7",
        "order_basis": "hand-made",
        "steps": [
            {"kind": "amendment", "document": "A.1", "amends": "L.9", "excludes": ["A.9"]},
            {"kind": "motion", "document": "M.1", "target": "L.8"},
            {"kind": "amendment", "document": "A.2"},
            {"kind": "draft", "document": "L.1"},
        ],
    }
    with pytest.raises(SequenceError) as caught:
        parse_sequence(json.dumps(data), "refs.json")
    messages = {str(p) for p in caught.value.problems}
    assert messages == {
        "refs.json [organ]: unknown value 'UNESCO' (expected one of: GA, SC, GA-C1, GA-C2, GA-C3, GA-C4, GA-C5, GA-C6)",
        "refs.json [date]: must be an ISO date (YYYY-MM-DD), not '24 Feb 2025'",
        "refs.json [draft]: names no step: 'L.7'",
        "refs.json [step 1, amends]: names no step: 'L.9'",
        "refs.json [step 1, excludes]: names no step: 'A.9'",
        "refs.json [step 2, target]: names no step: 'L.8'",
        "refs.json [step 3, amends]: an amendment must name the text it amends",
    }


def test_sc_specific_checks():
    """negative_permanent must name permanent members on the day, within the no votes; a tally cannot exceed the Council."""
    data = {
        "organ": "SC",
        "date": "2025-02-24",
        "draft": "S/1",
        "order_basis": "hand-made",
        "steps": [
            {
                "kind": "draft",
                "document": "S/1",
                "tally": {"yes": 9, "no": 1, "abstain": 6},
                "negative_permanent": ["SUN", "RUS"],
            },
        ],
    }
    with pytest.raises(SequenceError) as caught:
        parse_sequence(json.dumps(data), "sc.json")
    assert [str(p) for p in caught.value.problems] == [
        "sc.json [step 1, negative_permanent]: 2 permanent members voted no, but the tally has 1 no votes",
        "sc.json [step 1, negative_permanent]: not permanent members on 2025-02-24: SUN",
        "sc.json [step 1, tally]: 16 votes, but the Council had 15 members on 2025-02-24",
    ]


def test_invalid_json_names_the_line():
    """Text that is not JSON is refused with the line of the error."""
    with pytest.raises(SequenceError, match=r"broken.json:2: not valid JSON"):
        parse_sequence('{"organ": "GA",\n nope}', "broken.json")


def test_the_documented_example_is_the_packaged_sc_file():
    """docs/sequences.md shows the real 24 February 2025 SC file, and it parses to the packaged sequence."""
    blocks = re.findall(r"^```json\n(.*?)\n```$", DOCS.read_text(encoding="utf-8"), flags=re.S | re.M)
    assert parse_sequence(blocks[0], "docs/sequences.md") == packaged("2025-02-24", "SC")


def test_the_docs_describe_every_field():
    """Every field the parser knows is documented in docs/sequences.md."""
    from unvotes.rules.sequence_format import STEP_FIELDS, TALLY_FIELDS, TOP_FIELDS

    text = DOCS.read_text(encoding="utf-8")
    missing = [f for f in TOP_FIELDS + STEP_FIELDS + TALLY_FIELDS if f"`{f}`" not in text]
    assert not missing


def test_the_documented_replays_are_current():
    """The replay outputs shown in docs/sequences.md are what `summary()` prints today."""
    blocks = re.findall(r"^```(\w*)\n(.*?)\n```$", DOCS.read_text(encoding="utf-8"), flags=re.S | re.M)
    expected = [replay(packaged("2025-02-24", organ)).summary() for organ in ("SC", "GA")]
    assert [text for language, text in blocks if not language] == expected
