"""Security Council decisions: procedural and non-procedural questions, the veto, the council by date (Art. 23, 27).

A procedural question is adopted with 9 affirmative votes of any members (7 of 11 before 1 January 1966). A
non-procedural one also needs no permanent member voting no; abstention is no veto, absence only if
`Options.p5_absence_is_veto`. A veto is counted only when the draft had the votes: with too few affirmative votes it
fails for lack of votes even if a permanent member voted no. Pure: the permanent seats and council sizes are a small
constant table here (a test checks it against `unvotes.refdata.council`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping
from dataclasses import dataclass

from unvotes.models import Organ, Outcome, Vote
from unvotes.rules.decision import DEFAULT_OPTIONS, SC_QUESTIONS, Decision, Options, Question, Tally
from unvotes.rules.explain import capital, counts, names
from unvotes.rules.ga import check_tally, tally_of

CHARTER_IN_FORCE = dt.date(1945, 10, 24)
EXPANDED = dt.date(1966, 1, 1)  # amended Art. 23 and 27 applied: 15 members, 9 votes
ROC_TO_PRC = dt.date(1971, 10, 25)  # GA res. 2758 (XXVI): same seat, same id CHN
USSR_TO_RUSSIA = dt.date(1991, 12, 24)

# (from, members) in date order; each row holds until the next
PERMANENT_SEATS: tuple[tuple[dt.date, tuple[str, ...]], ...] = (
    (CHARTER_IN_FORCE, ("CHN", "FRA", "GBR", "SUN", "USA")),
    (USSR_TO_RUSSIA, ("CHN", "FRA", "GBR", "RUS", "USA")),
)
# (from, council size, affirmative votes needed)
COUNCIL_SIZES: tuple[tuple[dt.date, int, int], ...] = ((CHARTER_IN_FORCE, 11, 7), (EXPANDED, 15, 9))

RULE_40 = "SC provisional rules, rule 40"
BASIS = {
    Question.PROCEDURAL: ("UN Charter Art. 27(2)", RULE_40),
    Question.SUBSTANTIVE: ("UN Charter Art. 27(3)", RULE_40),
    Question.PRELIMINARY: (
        "UN Charter Art. 27(3)",
        "Four-Power Statement, San Francisco, 7 June 1945",
        RULE_40,
    ),
}
ORIGINAL_TEXT = "UN Charter Art. 23 and 27, original text (11 members, 7 votes)"
PROVISO = "UN Charter Art. 27(3), proviso (obligatory abstention)"


def _check_day(on: dt.date) -> None:
    if on < CHARTER_IN_FORCE:
        raise ValueError(f"no Security Council on {on}: the Charter entered into force on {CHARTER_IN_FORCE}")


def _seats_on(on: dt.date | None) -> tuple[str, ...]:
    if on is not None:
        _check_day(on)
    return [members for start, members in PERMANENT_SEATS if on is None or start <= on][-1]


def _size_on(on: dt.date | None) -> tuple[int, int]:
    if on is not None:
        _check_day(on)
    return [(size, needed) for start, size, needed in COUNCIL_SIZES if on is None or start <= on][-1]


def permanent_members(on: dt.date) -> tuple[str, ...]:
    """The permanent members on a day, sorted: CHN, FRA, GBR, SUN (RUS from 24 December 1991), USA."""
    return _seats_on(on)


def council_size(on: dt.date) -> int:
    """Members of the Council on a day: 11 before 1 January 1966, 15 from then."""
    return _size_on(on)[0]


def affirmative_needed(on: dt.date) -> int:
    """Affirmative votes a decision needs on a day: 7 before 1 January 1966, 9 from then."""
    return _size_on(on)[1]


@dataclass(frozen=True)
class Council:
    """The Council as it stood on a day (None: today's)."""

    on: dt.date | None
    size: int
    needed: int
    permanent: tuple[str, ...]

    @classmethod
    def on_day(cls, on: dt.date | None) -> Council:
        size, needed = _size_on(on)
        return cls(on, size, needed, _seats_on(on))


@dataclass(frozen=True)
class Permanent:
    """What the permanent members did, and which parties to a dispute had to abstain."""

    negative: tuple[str, ...] = ()
    absent: tuple[str, ...] = ()
    abstaining: tuple[str, ...] = ()
    forced: tuple[str, ...] = ()


def decide_sc(
    tally: Tally,
    question: Question = Question.SUBSTANTIVE,
    *,
    negative_permanent: Collection[str] = (),
    absent_permanent: Collection[str] = (),
    on: dt.date | None = None,
    options: Options = DEFAULT_OPTIONS,
    subject: str = "the proposal",
) -> Decision:
    """Decide a Security Council vote from its totals and the permanent members who voted no or were absent."""
    permanent = Permanent(tuple(sorted(set(negative_permanent))), tuple(sorted(set(absent_permanent))))
    return _decide(tally, question, Council.on_day(on), permanent, options, subject, ())


def preliminary_question(
    tally: Tally,
    *,
    negative_permanent: Collection[str] = (),
    absent_permanent: Collection[str] = (),
    on: dt.date | None = None,
    options: Options = DEFAULT_OPTIONS,
    subject: str = "the proposal to treat the matter as procedural",
) -> Decision:
    """Decide whether a matter is procedural: itself a non-procedural question, so open to the veto (double veto)."""
    return decide_sc(
        tally,
        Question.PRELIMINARY,
        negative_permanent=negative_permanent,
        absent_permanent=absent_permanent,
        on=on,
        options=options,
        subject=subject,
    )


def decide_sc_votes(
    votes: Mapping[str, Vote],
    question: Question = Question.SUBSTANTIVE,
    *,
    on: dt.date,
    parties_to_dispute: Collection[str] = (),
    options: Options = DEFAULT_OPTIONS,
    subject: str = "the proposal",
) -> Decision:
    """Decide from per-state votes; a permanent member missing or not voting is absent; Art. 27(3) proviso optional."""
    council = Council.on_day(on)
    if len(votes) > council.size:
        raise ValueError(f"{len(votes)} votes for a council of {council.size} on {on}")
    forced, flags = _obligatory_abstention(votes, question, parties_to_dispute, options)
    counted = {s: Vote.ABSTAIN if s in forced else Vote(v) for s, v in votes.items()}
    permanent = _permanent(counted, council, forced)
    missing = sum(1 for s in council.permanent if s not in counted)
    tally = tally_of(counted)
    tally = Tally(tally.yes, tally.no, tally.abstain, tally.non_voting + missing)
    return _decide(tally, question, council, permanent, options, subject, flags)


def _permanent(votes: Mapping[str, Vote], council: Council, forced: tuple[str, ...]) -> Permanent:
    def voting(value: Vote) -> tuple[str, ...]:
        return tuple(s for s in council.permanent if votes.get(s, Vote.NON_VOTING) == value)

    abstaining = tuple(s for s in voting(Vote.ABSTAIN) if s not in forced)
    return Permanent(voting(Vote.NO), voting(Vote.NON_VOTING), abstaining, forced)


def _obligatory_abstention(
    votes: Mapping[str, Vote], question: Question, parties: Collection[str], options: Options
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The parties whose yes or no is counted as an abstention, and the flags saying so (or why not)."""
    voting = tuple(sorted({s for s in parties if votes.get(s) in (Vote.YES, Vote.NO)}))
    if not voting:
        return (), ()
    if not options.obligatory_abstention:
        return (), (
            f"parties to the dispute {', '.join(voting)} voted: obligatory abstention not applied (option off)",
        )
    if question is not Question.SUBSTANTIVE:
        return (), (
            f"parties to the dispute {', '.join(voting)} voted: no obligatory abstention on a {question.value} question",
        )
    flags = tuple(f"vote of {s} counted as an abstention: party to the dispute (Art. 27(3))" for s in voting)
    return voting, flags


def _check(tally: Tally, question: Question, council: Council, permanent: Permanent) -> None:
    check_tally(tally)
    if question not in SC_QUESTIONS:
        raise ValueError(
            f"{question.value!r} is a General Assembly question; the Security Council decides procedural, substantive or preliminary questions"
        )
    if tally.yes + tally.no + tally.abstain + tally.non_voting > council.size:
        raise ValueError(f"{tally} has more votes than the {council.size} members of the Council")
    unknown = set(permanent.negative + permanent.absent) - set(council.permanent)
    if unknown:
        raise ValueError(f"not permanent members on {council.on or 'today'}: {', '.join(sorted(unknown))}")
    if set(permanent.negative) & set(permanent.absent):
        raise ValueError(f"a permanent member cannot both vote no and be absent: {permanent}")
    if len(permanent.negative) > tally.no:
        raise ValueError(
            f"{len(permanent.negative)} permanent members voted no but the tally has {tally.no} no votes"
        )


def _outcome(
    tally: Tally, question: Question, council: Council, permanent: Permanent, options: Options
) -> tuple[Outcome, tuple[str, ...]]:
    """The outcome and the members whose veto decided it."""
    if tally.yes < council.needed:
        return Outcome.REJECTED, ()
    if question is Question.PROCEDURAL:
        return Outcome.ADOPTED, ()
    blocking = permanent.negative + (permanent.absent if options.p5_absence_is_veto else ())
    return (Outcome.VETOED, tuple(sorted(blocking))) if blocking else (Outcome.ADOPTED, ())


def _decide(
    tally: Tally,
    question: Question,
    council: Council,
    permanent: Permanent,
    options: Options,
    subject: str,
    flags: tuple[str, ...],
) -> Decision:
    _check(tally, question, council, permanent)
    outcome, vetoed_by = _outcome(tally, question, council, permanent, options)
    return Decision(
        organ=Organ.SC,
        question=question,
        tally=tally,
        outcome=outcome,
        threshold=_threshold(question, council, options),
        required=council.needed,
        vetoed_by=vetoed_by,
        negative_permanent=permanent.negative,
        insufficient_votes=tally.yes < council.needed,
        basis=_basis(question, council, permanent),
        flags=flags,
        explanation=_explain(tally, question, council, permanent, outcome, options, subject),
        extra=_numbers(tally, council, permanent),
    )


def _threshold(question: Question, council: Council, options: Options) -> str:
    votes = f"{council.needed} affirmative votes of the {council.size} members"
    if question is Question.PROCEDURAL:
        return votes + ", any members"
    absent = " or absent" if options.p5_absence_is_veto else ""
    return f"{votes}, with no permanent member voting against{absent}"


def _basis(question: Question, council: Council, permanent: Permanent) -> tuple[str, ...]:
    original = (ORIGINAL_TEXT,) if council.size == 11 else ()
    proviso = (PROVISO,) if permanent.forced else ()
    return BASIS[question] + original + proviso


def _numbers(tally: Tally, council: Council, permanent: Permanent) -> dict[str, object]:
    return {
        "yes": tally.yes,
        "no": tally.no,
        "abstain": tally.abstain,
        "non_voting": tally.non_voting,
        "needed": council.needed,
        "council_size": council.size,
        "permanent_members": list(council.permanent),
        "absent_permanent": list(permanent.absent),
        "abstaining_permanent": list(permanent.abstaining),
        "forced_abstention": list(permanent.forced),
    }


def _explain(
    tally: Tally,
    question: Question,
    council: Council,
    permanent: Permanent,
    outcome: Outcome,
    options: Options,
    subject: str,
) -> str:
    """One quotable paragraph with the actual numbers."""
    text = _opening(question, council, subject) + f"; it received {counts(tally, non_voting=True)}"
    text += _result(outcome, council, permanent, options)
    if question is Question.PROCEDURAL:
        return text + _procedural_notes(permanent) + _forced_note(permanent)
    return text + _substantive_notes(outcome, council, permanent, options) + _forced_note(permanent)


def _opening(question: Question, council: Council, subject: str) -> str:
    votes = f"{council.needed} affirmative votes of the {council.size} members of the Council"
    if question is Question.PROCEDURAL:
        return f"As a procedural matter, {subject} needed {votes}, and no member had a veto"
    text = capital(f"{subject} needed {votes}, with no permanent member voting against")
    if question is Question.PRELIMINARY:
        return (
            "Whether the matter was procedural was itself decided as a non-procedural question, so the veto applied (the 'double veto'). "
            + text
        )
    return text


def _result(outcome: Outcome, council: Council, permanent: Permanent, options: Options) -> str:
    if outcome is Outcome.ADOPTED:
        return ", and was adopted."
    if outcome is Outcome.REJECTED:
        return f", and was not adopted: it had fewer than {council.needed} votes in favour."
    if permanent.negative:
        member = "a permanent member" if len(permanent.negative) == 1 else "permanent members"
        return f". It had enough votes but was not adopted because {names(permanent.negative)}, {member}, voted against: a veto."
    return f". It had enough votes but was not adopted because {names(permanent.absent)} did not take part, which is counted here as a veto."


def _procedural_notes(permanent: Permanent) -> str:
    if not permanent.negative:
        return ""
    return f" The negative vote of {names(permanent.negative)} was no veto: on procedural matters permanent members have none."


def _substantive_notes(outcome: Outcome, council: Council, permanent: Permanent, options: Options) -> str:
    notes = ""
    if outcome is Outcome.REJECTED and permanent.negative:
        notes += f" {capital(names(permanent.negative))} voted against, but with fewer than {council.needed} votes in favour that is not counted as a veto."
    if permanent.abstaining:
        notes += f" {capital(names(permanent.abstaining))} abstained; a permanent member's abstention is not a veto."
    if permanent.absent and not options.p5_absence_is_veto:
        notes += f" {capital(names(permanent.absent))} did not take part; a permanent member's absence is not counted as a veto."
    return notes


def _forced_note(permanent: Permanent) -> str:
    if not permanent.forced:
        return ""
    many = len(permanent.forced) > 1
    return (
        f" {capital(names(permanent.forced))}, {'parties' if many else 'a party'} to the dispute, had to abstain under"
        f" Article 27(3), so {'their votes were' if many else 'its vote was'} counted as {'abstentions' if many else 'an abstention'}."
    )


__all__ = [
    "Council",
    "affirmative_needed",
    "council_size",
    "decide_sc",
    "decide_sc_votes",
    "permanent_members",
    "preliminary_question",
]
