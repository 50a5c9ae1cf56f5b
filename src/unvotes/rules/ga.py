"""General Assembly decisions: plenary (Art. 18), Main Committees (rule 125), refused ballots (Art. 19).

Majorities are fractions of the members present and voting (PV = yes + no, rule 86); abstentions and members not
voting never change an outcome. A simple majority adopts iff yes > no, so a tie is rejected (rule 95); two-thirds
adopts iff yes >= 1 and 3 * yes >= 2 * PV, so exactly two-thirds suffices. `required` is the number published with
the result: floor(PV / 2) + 1, or ceil(2 * PV / 3). Pure: no I/O.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace

from unvotes.models import Organ, Outcome, Vote
from unvotes.rules.decision import DEFAULT_OPTIONS, GA_QUESTIONS, Decision, Options, Question, Tally
from unvotes.rules.explain import capital, counts, listing, outcome_words, plural

_ROP = "GA rules of procedure, rule "
SIMPLE_WORDS = "a majority of the members present and voting"
TWO_THIRDS_WORDS = "two-thirds of the members present and voting"


@dataclass(frozen=True)
class GaRule:
    """One way the Assembly decides: simple majority or two-thirds of PV, with its legal basis."""

    two_thirds: bool
    basis: tuple[str, ...]
    tie_rule: str = "rule 95"

    @property
    def threshold(self) -> str:
        return TWO_THIRDS_WORDS if self.two_thirds else SIMPLE_WORDS

    def required(self, present_and_voting: int) -> int:
        """Affirmative votes needed: floor(PV/2)+1 or ceil(2PV/3), at least 1."""
        if self.two_thirds:
            return max(1, -(-2 * present_and_voting // 3))
        return present_and_voting // 2 + 1


PLENARY_SIMPLE = GaRule(False, ("UN Charter Art. 18(3)", _ROP + "86", _ROP + "95"))
PLENARY_TWO_THIRDS = GaRule(True, ("UN Charter Art. 18(2)", _ROP + "83", _ROP + "85", _ROP + "86"))
RECONSIDER_TWO_THIRDS = GaRule(True, (_ROP + "81", _ROP + "86"))
RECONSIDER_SIMPLE = GaRule(False, (_ROP + "81", "UN Charter Art. 18(3)", _ROP + "86", _ROP + "95"))
COMMITTEE_SIMPLE = GaRule(False, (_ROP + "125", _ROP + "126", _ROP + "133"), tie_rule="rule 133")
COMMITTEE_RECONSIDER = GaRule(True, (_ROP + "124", _ROP + "126"))


def ga_rule(question: Question, *, committee: bool = False, options: Options = DEFAULT_OPTIONS) -> GaRule:
    """The rule that decides `question` in plenary or in a Main Committee; ValueError for Security Council questions."""
    if question not in GA_QUESTIONS:
        raise ValueError(
            f"{question.value!r} is a Security Council question; the General Assembly decides simple, two-thirds or reconsideration questions"
        )
    if committee and options.committees_simple_majority:
        return _committee_rule(question, options)
    if question is Question.RECONSIDERATION:
        return RECONSIDER_TWO_THIRDS if options.reconsideration_two_thirds else RECONSIDER_SIMPLE
    return PLENARY_TWO_THIRDS if question is Question.TWO_THIRDS else PLENARY_SIMPLE


def _committee_rule(question: Question, options: Options) -> GaRule:
    if question is Question.RECONSIDERATION and options.committee_reconsideration_two_thirds:
        return COMMITTEE_RECONSIDER
    return COMMITTEE_SIMPLE


def decide_ga(
    tally: Tally,
    question: Question = Question.SIMPLE,
    *,
    committee: bool = False,
    options: Options = DEFAULT_OPTIONS,
    organ: Organ | None = None,
    subject: str = "the proposal",
) -> Decision:
    """Decide a General Assembly vote from its totals; `organ` names the committee, `subject` the text in the explanation."""
    return _decide(tally, question, committee, options, organ, subject, ())


def decide_ga_votes(
    votes: Mapping[str, Vote],
    question: Question = Question.SIMPLE,
    *,
    without_vote: Collection[str] = (),
    committee: bool = False,
    options: Options = DEFAULT_OPTIONS,
    organ: Organ | None = None,
    subject: str = "the proposal",
) -> Decision:
    """Decide from per-state votes; ballots of states without a vote under Art. 19 are refused (counted not voting)."""
    barred = not committee or options.art19_in_committees
    arrears = sorted({s for s in without_vote if votes.get(s, Vote.NON_VOTING) != Vote.NON_VOTING})
    refused = tuple(arrears) if barred else ()
    counted = {s: Vote.NON_VOTING if s in refused else Vote(v) for s, v in votes.items()}
    decision = _decide(tally_of(counted), question, committee, options, organ, subject, refused)
    if barred or not arrears:
        return decision
    note = tuple(f"{s} voted in committee though without a vote in plenary under Art. 19" for s in arrears)
    return _with_flags(decision, note)


def tally_of(votes: Mapping[str, Vote]) -> Tally:
    """Count per-state votes."""
    values = list(votes.values())
    return Tally(
        values.count(Vote.YES),
        values.count(Vote.NO),
        values.count(Vote.ABSTAIN),
        values.count(Vote.NON_VOTING),
    )


def check_tally(tally: Tally) -> None:
    """ValueError for a tally with a negative count."""
    if min(tally.yes, tally.no, tally.abstain, tally.non_voting) < 0:
        raise ValueError(f"a tally cannot have negative counts: {tally}")


def _decide(
    tally: Tally,
    question: Question,
    committee: bool,
    options: Options,
    organ: Organ | None,
    subject: str,
    refused: tuple[str, ...],
) -> Decision:
    check_tally(tally)
    committee = committee or (organ is not None and organ not in (Organ.GA, Organ.SC))
    rule = ga_rule(question, committee=committee, options=options)
    pv = tally.present_and_voting
    required = rule.required(pv)
    adopted = options.zero_votes_adopts if pv == 0 else tally.yes >= required
    art19 = ("UN Charter Art. 19",) if refused else ()
    return Decision(
        organ=organ or Organ.GA,
        question=question,
        tally=tally,
        outcome=Outcome.ADOPTED if adopted else Outcome.REJECTED,
        threshold=rule.threshold,
        required=required,
        basis=rule.basis + art19,
        flags=tuple(f"ballot of {s} refused under Art. 19" for s in refused),
        explanation=_explain(tally, rule, required, adopted, subject, committee, refused),
        extra=_numbers(tally, required, committee, refused),
    )


def _numbers(tally: Tally, required: int, committee: bool, refused: tuple[str, ...]) -> dict[str, object]:
    return {
        "present_and_voting": tally.present_and_voting,
        "yes": tally.yes,
        "no": tally.no,
        "abstain": tally.abstain,
        "non_voting": tally.non_voting,
        "needed": required,
        "committee": committee,
        "refused_art19": list(refused),
    }


def _explain(
    tally: Tally,
    rule: GaRule,
    required: int,
    adopted: bool,
    subject: str,
    committee: bool,
    refused: tuple[str, ...],
) -> str:
    """One quotable paragraph with the actual numbers."""
    pv = tally.present_and_voting
    if pv == 0:
        ending = "is treated as adopted, a point the rules leave open" if adopted else "was not adopted"
        text = f"No member voted in favour or against, so {subject} had no majority of any kind and {ending}."
    else:
        share = "two-thirds" if rule.two_thirds else "a majority"
        text = capital(
            f"{'in committee, ' if committee else ''}{subject} needed {share} of the "
            f"{plural(pv, 'member')} present and voting, {plural(required, 'vote')}; "
            f"it received {counts(tally)}, and {outcome_words(adopted)}."
        )
        text += _why(tally, rule, adopted)
    if refused:
        text += f" The {'ballot' if len(refused) == 1 else 'ballots'} of {listing(refused)} {'was' if len(refused) == 1 else 'were'} refused: Article 19 of the Charter bars members in arrears from voting."
    return text


def _why(tally: Tally, rule: GaRule, adopted: bool) -> str:
    if adopted:
        return ""
    if tally.yes == tally.no:
        return f" A tied vote defeats a proposal ({rule.tie_rule})."
    if rule.two_thirds and tally.yes > tally.no:
        return " It had more votes in favour than against, but not the two-thirds required."
    return ""


def _with_flags(decision: Decision, flags: tuple[str, ...]) -> Decision:
    return replace(decision, flags=decision.flags + flags)
