"""What a decision is: the question put, the tally, the options that settle unconfirmed points, and the result.

Pure data; the deciding lives in `ga.py`, `sc.py`, `elections.py` and `sequence.py`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from unvotes.models import Organ, Outcome, counts_dict


class Question(StrEnum):
    """The kind of question put to the vote, which fixes the majority required."""

    SIMPLE = "simple"  # GA: majority of members present and voting (Art. 18(3))
    TWO_THIRDS = "two-thirds"  # GA: important question (Art. 18(2), rule 83; amendments and parts: rule 85)
    RECONSIDERATION = "reconsideration"  # GA: two-thirds (rule 81) [K]
    PROCEDURAL = "procedural"  # SC: 9 affirmative votes of any members (Art. 27(2))
    SUBSTANTIVE = "substantive"  # SC: 9 affirmative votes incl. the concurring votes of the permanent members (Art. 27(3))
    PRELIMINARY = (
        "preliminary"  # SC: whether a matter is procedural, decided as a non-procedural question (§3.6)
    )


GA_QUESTIONS = frozenset({Question.SIMPLE, Question.TWO_THIRDS, Question.RECONSIDERATION})
SC_QUESTIONS = frozenset({Question.PROCEDURAL, Question.SUBSTANTIVE, Question.PRELIMINARY})


@dataclass(frozen=True)
class Tally:
    """Votes cast on one question by the members entitled to vote."""

    yes: int
    no: int
    abstain: int = 0
    non_voting: int = 0

    def as_dict(self) -> dict[str, int | None]:
        """The tally in the one counts shape of every answer."""
        return counts_dict(self.yes, self.no, self.abstain, self.non_voting)

    @property
    def present_and_voting(self) -> int:
        """Members casting an affirmative or negative vote (GA rule 86); abstainers are not voting."""
        return self.yes + self.no


@dataclass(frozen=True)
class Options:
    """Points the spec marks unconfirmed ([K]/[U]): explicit, configurable choices, with the usual reading as default."""

    p5_absence_is_veto: bool = False  # §3.3 [U]: a permanent member's absence is not a veto (Korea 1950)
    zero_votes_adopts: bool = False  # §2.2 [U]: with no yes and no no votes, nothing is adopted
    art19_in_committees: bool = True  # §2.4 [U]: Art. 19 also bars voting in the Main Committees
    obligatory_abstention: bool = False  # §3.5: parties to a dispute abstain only where a ruling says so
    reconsideration_two_thirds: bool = True  # §2.2 [K] rule 81: reconsideration in plenary needs two-thirds
    committees_simple_majority: bool = (
        True  # §2.3 [K] rule 125: a Main Committee decides everything by simple majority
    )
    committee_reconsideration_two_thirds: bool = (
        False  # [K] rule 124 may mirror rule 81 in committees; off per rule 125
    )
    restricted_ballot_run: int = (
        3  # §2.6 [K] rules 93/94: runs of 3 restricted, then 3 unrestricted ballots; 0: all restricted
    )
    restricted_per_place: int = (
        2  # §2.6 [K] rules 93/94: a restricted ballot admits at most 2 candidates per place left
    )


DEFAULT_OPTIONS = Options()  # the usual reading of every unconfirmed point; a default argument safe to share


@dataclass(frozen=True)
class Decision:
    """The outcome of one vote, with the arithmetic and the law behind it."""

    organ: Organ
    question: Question
    tally: Tally
    outcome: Outcome
    threshold: str  # in words: "two-thirds of the members present and voting"
    required: int  # affirmative votes needed with this tally
    vetoed_by: tuple[str, ...] = ()  # permanent members whose negative vote alone defeated it
    negative_permanent: tuple[str, ...] = ()  # permanent members who voted no (a veto only with >= 9 yes)
    insufficient_votes: bool = False  # failed for lack of affirmative votes (SC: fewer than 9)
    basis: tuple[str, ...] = ()  # "Charter Art. 18(2)", "GA rule 85", …
    flags: tuple[str, ...] = ()  # notes on the data: refused ballots under Art. 19, forced abstentions, …
    explanation: str = ""  # one quotable paragraph
    extra: dict[str, object] = field(default_factory=dict)

    @property
    def adopted(self) -> bool:
        return self.outcome in (Outcome.ADOPTED, Outcome.ADOPTED_WITHOUT_VOTE)
