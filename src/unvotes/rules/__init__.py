"""The rules: pure functions that decide votes as the Charter and the rules of procedure do. No I/O, no database.

- `decision`: the vocabulary (Question, Tally, Options, Decision) and `DEFAULT_OPTIONS`.
- `ga`: General Assembly plenary and Main Committees: simple and two-thirds majorities, reconsideration, ties,
  refused ballots under Art. 19.
- `sc`: Security Council: procedural and non-procedural questions, the veto, council size and permanent seats
  by date, obligatory abstention, the preliminary question.
- `elections`: one ballot of an election by secret ballot (GA rules 92-94, ICJ Statute Art. 10) and the next
  ballot's restriction.
- `explain`: the wording of the plain-English explanations.
- `sequence`: a whole voting sequence (motions, amendments in the chair's order, parts, the draft) replayed.

`decide(organ, tally, question, **kwargs)` sends a tally to the GA, committee or SC rules by organ.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from unvotes.models import Organ
from unvotes.rules.decision import DEFAULT_OPTIONS, Decision, Options, Question, Tally
from unvotes.rules.elections import ElectionResult, ElectionRule, elect
from unvotes.rules.ga import decide_ga, decide_ga_votes
from unvotes.rules.sc import (
    affirmative_needed,
    council_size,
    decide_sc,
    decide_sc_votes,
    permanent_members,
    preliminary_question,
)


def decide(organ: Organ, tally: Tally, question: Question, **kwargs: Any) -> Decision:
    """Decide a tally by the rules of its organ: `decide_sc` for the Council, `decide_ga` for the Assembly and committees."""
    if organ is Organ.SC:
        return decide_sc(tally, question, **kwargs)
    if organ is Organ.GA:
        return decide_ga(tally, question, **kwargs)
    kwargs.pop("committee", None)
    return replace(decide_ga(tally, question, committee=True, **kwargs), organ=organ)


__all__ = [
    "DEFAULT_OPTIONS",
    "Decision",
    "ElectionResult",
    "ElectionRule",
    "Options",
    "Question",
    "Tally",
    "affirmative_needed",
    "council_size",
    "decide",
    "decide_ga",
    "decide_ga_votes",
    "decide_sc",
    "decide_sc_votes",
    "elect",
    "permanent_members",
    "preliminary_question",
]
