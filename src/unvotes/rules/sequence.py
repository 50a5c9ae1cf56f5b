"""A whole voting sequence replayed: motions, amendments in the chair's order, separate parts, the draft.

A `Sequence` (see `sequence_format.py`) is what a meeting put to the vote on one question, in the order the chair
put it; `replay` walks it step by step and decides each vote with `ga.decide_ga` or `sc.decide_sc`, applying the
rules that tie the votes together (spec §2.7–2.10, §3.7):

- amendments and separate parts are voted before the text they change (GA rules 89–90, SC rules 32 and 36);
- an adopted amendment changes what is voted next: the draft becomes "the draft as amended";
- an amendment made unnecessary by an adopted one (`excludes`, the chair's ruling) is not put to the vote;
- a rejected part drops out of the text; if every operative part is rejected the whole counts as rejected and
  is not voted (GA rule 89);
- a carried no-action motion (adjourn the debate, GA rule 74) or motion to postpone (SC rule 33) means the
  proposal is not voted; a carried motion to adjourn the meeting ends the voting;
- amendments to and parts of an important question need two-thirds (GA rule 85); amendments to a substantive
  Security Council draft are substantive, so the veto applies.

The order among amendments ("furthest removed in substance") is the chair's judgement: it is recorded in the
sequence (`order_basis` says where from), never computed. Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from unvotes.models import Organ, Outcome
from unvotes.rules.decision import DEFAULT_OPTIONS, Decision, Options, Question, Tally
from unvotes.rules.explain import counts
from unvotes.rules.ga import decide_ga
from unvotes.rules.sc import decide_sc
from unvotes.rules.sequence_format import (
    Motion,
    Sequence,
    SequenceError,
    Step,
    StepKind,
    packaged,
    parse_sequence,
    problems,
)

__all__ = [
    "NO_TALLY",
    "Motion",
    "Replay",
    "Sequence",
    "SequenceError",
    "Step",
    "StepKind",
    "StepResult",
    "packaged",
    "parse_sequence",
    "problems",
    "question_for",
    "replay",
]

NO_TALLY = "not decidable: no tally"
NO_ABSTENTIONS = "abstentions not given by the sources; they do not enter the arithmetic"
STOPPING = frozenset({Motion.NO_ACTION, Motion.POSTPONE})
ADOPTED = frozenset({Outcome.ADOPTED, Outcome.ADOPTED_WITHOUT_VOTE})


@dataclass(frozen=True)
class StepResult:
    """What the replay makes of one step."""

    number: int  # 1-based, in the order of the sequence
    step: Step
    question: Question
    decision: Decision | None  # None when not put to the vote, or not decidable (no tally)
    outcome: Outcome | None  # decided, implied by the rules, or carried from the record when undecidable
    voted: bool
    why: str  # why not put to the vote, or NO_TALLY; "" when decided
    agrees: bool | None  # the outcome equals the recorded one; None where there is nothing to compare
    text: str  # the state of the text the step acts on, after the step
    notes: tuple[str, ...] = ()

    @property
    def decidable(self) -> bool:
        return self.decision is not None

    @property
    def mismatch(self) -> str:
        """Why the replay and the record differ; "" when they do not."""
        if self.agrees is not False:
            return ""
        found = self.outcome.value if self.outcome else "not put to the vote"
        if not self.voted and self.step.counts is not None:
            return f"the record gives a tally, but the rules do not put it to the vote ({self.why})"
        return f"the replay gives {found}, the record {self.step.recorded}"


@dataclass(frozen=True)
class Replay:
    """A sequence replayed: one result per step, and how it compares with the record."""

    sequence: Sequence
    steps: tuple[StepResult, ...]

    @property
    def agrees(self) -> bool:
        """Every step the rules decide (or skip) gives the outcome the record gives."""
        return all(r.agrees is not False for r in self.steps)

    @property
    def mismatches(self) -> list[StepResult]:
        return [r for r in self.steps if r.agrees is False]

    @property
    def undecidable(self) -> list[StepResult]:
        return [r for r in self.steps if r.why == NO_TALLY]

    def summary(self) -> str:
        """The replay as plain text: the sitting, the order's basis, one line per step, then the verdict."""
        s = self.sequence
        lines = [f"{s.organ} {s.date.isoformat()} {s.meeting or '(meeting not given)'}: {s.draft}"]
        lines.append(f"Order: {s.order_basis}")
        lines += [_line(r) for r in self.steps]
        lines.append(self.verdict())
        return "\n".join(lines)

    def verdict(self) -> str:
        """One sentence: how many steps were decided, carried, not voted, and whether all agree with the record."""
        decided = sum(r.decidable for r in self.steps)
        skipped = sum(not r.voted for r in self.steps)
        unknown = len(self.undecidable)
        head = f"{len(self.steps)} steps: {decided} decided, {unknown} not decidable (no tally), {skipped} not put to the vote."
        if self.agrees:
            return head + " Every decided step agrees with the record."
        return (
            head
            + f" {len(self.mismatches)} differ from the record: "
            + "; ".join(f"step {r.number} ({r.step.document}): {r.mismatch}" for r in self.mismatches)
        )


# ---- questions ---------------------------------------------------------------------------------------------------


def question_for(sequence: Sequence, step: Step) -> Question:
    """The question a step puts: given in the file, or derived (spec §2.2, §2.9–2.10, §3.2, §3.7).

    An amendment or part takes the question of the text it acts on; motions are procedural (SC) or simple (GA).
    """
    texts = [step] + [sequence.find(d) for d in _chain(sequence, step)[1:]]
    for current in texts:
        if current is None:
            break
        if current.question is not None:
            return current.question
        if current.kind is StepKind.MOTION:
            return Question.PROCEDURAL if sequence.organ is Organ.SC else Question.SIMPLE
    return _proposal_question(sequence)


def _proposal_question(sequence: Sequence) -> Question:
    """A draft, and its amendments and parts: substantive in the SC; two-thirds in the GA if important."""
    if sequence.organ is Organ.SC:
        return Question.SUBSTANTIVE
    return Question.TWO_THIRDS if sequence.important else Question.SIMPLE


# ---- replay ------------------------------------------------------------------------------------------------------


@dataclass
class _State:
    """What the votes so far have done to the texts."""

    sequence: Sequence
    options: Options
    amended_by: dict[str, list[str]] = field(default_factory=dict)  # text → adopted amendments
    dropped: dict[str, list[str]] = field(default_factory=dict)  # text → rejected parts
    operative: dict[str, list[Outcome | None]] = field(default_factory=dict)  # text → its operative parts
    blocked: dict[str, str] = field(default_factory=dict)  # document → why it is not put to the vote
    undivided: set[str] = field(default_factory=set)  # texts whose division was refused
    closed: str = ""  # why nothing further is voted (the meeting adjourned)


def replay(sequence: Sequence, options: Options = DEFAULT_OPTIONS) -> Replay:
    """Walk the steps in order; each is decided, carried from the record, or not put to the vote (and why).

    Raises SequenceError when the sequence is inconsistent (see `problems`).
    """
    name = f"sequence {sequence.organ} {sequence.date.isoformat()} {sequence.draft}"
    found = problems(sequence, name)
    if found:
        raise SequenceError(name, found)
    state = _State(sequence, options)
    return Replay(sequence, tuple(_play(state, n, s) for n, s in enumerate(sequence.steps, 1)))


def _play(state: _State, number: int, step: Step) -> StepResult:
    why = _skip_reason(state, step)
    if why:
        return _skipped(state, number, step, why)
    result = _voted(state, number, step)
    _apply(state, step, result.outcome)
    return replace(result, text=_text(state, _root(state.sequence, step)))


def _chain(sequence: Sequence, step: Step) -> list[str]:
    """The step's document and every text it acts on, up to the proposal."""
    chain = [step.document]
    current: Step | None = step
    while current is not None and (on := sequence.on(current)) and on not in chain:
        chain.append(on)
        current = sequence.find(on)
    return chain


def _root(sequence: Sequence, step: Step) -> str:
    return _chain(sequence, step)[-1]


def _skip_reason(state: _State, step: Step) -> str:
    if state.closed:
        return state.closed
    for document in _chain(state.sequence, step):
        if document in state.blocked:
            return state.blocked[document]
    on = state.sequence.on(step)
    if step.kind is StepKind.PARAGRAPH and on in state.undivided:
        return f"not put to the vote separately: the motion for division of {on} was not carried (GA rule 89)"
    return _falls(state, step)


def _falls(state: _State, step: Step) -> str:
    parts = state.operative.get(step.document, [])
    if not parts or any(o is None or o in ADOPTED for o in parts):
        return ""
    if state.sequence.organ is Organ.SC:
        return "falls: every operative part was rejected, nothing operative is left to put to the vote"
    return "falls: every operative part was rejected, so the whole counts as rejected (GA rule 89)"


def _skipped(state: _State, number: int, step: Step, why: str) -> StepResult:
    outcome = Outcome.REJECTED if why.startswith("falls") else None
    agrees = _skipped_agrees(step, outcome)
    question = question_for(state.sequence, step)
    text = _text(state, _root(state.sequence, step))
    return StepResult(number, step, question, None, outcome, False, why, agrees, text, step.notes)


def _skipped_agrees(step: Step, outcome: Outcome | None) -> bool | None:
    """A tally for a step the rules skip contradicts the record; otherwise compare the (implied) outcome."""
    if step.counts is not None:
        return False
    return None if step.recorded is None else outcome == step.recorded


def _voted(state: _State, number: int, step: Step) -> StepResult:
    question = question_for(state.sequence, step)
    tally = step.tally
    if tally is None:
        return _undecidable(state, number, step, question)
    decision = _unknown_abstentions(_decide(state, step, tally, question), step)
    agrees = None if step.recorded is None else decision.outcome == step.recorded
    notes = step.notes + _count_notes(step)
    return StepResult(number, step, question, decision, decision.outcome, True, "", agrees, "", notes)


def _undecidable(state: _State, number: int, step: Step, question: Question) -> StepResult:
    carried = "the recorded outcome is carried" if step.recorded else "the record gives no outcome either"
    notes = (*step.notes, f"{NO_TALLY}; {carried}")
    return StepResult(number, step, question, None, step.recorded, True, NO_TALLY, None, "", notes)


def _count_notes(step: Step) -> tuple[str, ...]:
    c = step.counts
    return (NO_ABSTENTIONS,) if c is not None and c.abstain is None else ()


def _unknown_abstentions(decision: Decision, step: Step) -> Decision:
    """Where the sources give no abstentions, the explanation must not say there were none."""
    if not _count_notes(step):
        return decision
    said = counts(decision.tally)
    instead = said.split(", with ")[0] + " (the sources give no number of abstentions)"
    explanation = decision.explanation.replace(said, instead)
    return replace(decision, explanation=explanation, flags=(*decision.flags, NO_ABSTENTIONS))


def _decide(state: _State, step: Step, tally: Tally, question: Question) -> Decision:
    sequence, options = state.sequence, state.options
    subject = f"the {step.kind} {step.document}"
    if sequence.organ is Organ.SC:
        negative, day = step.negative_permanent, sequence.date
        return decide_sc(
            tally, question, negative_permanent=negative, on=day, options=options, subject=subject
        )
    committee = sequence.organ is not Organ.GA
    return decide_ga(
        tally, question, committee=committee, options=options, organ=sequence.organ, subject=subject
    )


def _apply(state: _State, step: Step, outcome: Outcome | None) -> None:
    """What a vote does to the rest: amend, exclude, drop a part, stop the proposal or the meeting."""
    on = state.sequence.on(step) or step.document
    if step.kind is StepKind.PARAGRAPH and step.operative:
        state.operative.setdefault(on, []).append(outcome)
    if outcome in ADOPTED:
        _adopted(state, step, on)
    elif outcome is not None:
        _rejected(state, step, on)


def _adopted(state: _State, step: Step, on: str) -> None:
    if step.kind is StepKind.AMENDMENT:
        _add(state.amended_by, on, step.document)
    unnecessary = (
        f"made unnecessary by the adoption of {step.document} (the chair's ruling; GA rule 90, SC rule 36)"
    )
    for excluded in step.excludes:
        state.blocked.setdefault(excluded, f"not put to the vote: {unnecessary}")
    if step.motion in STOPPING:
        state.blocked.setdefault(
            on, f"not put to the vote: a {step.motion} motion was carried ({step.document})"
        )
    if step.motion is Motion.ADJOURN:
        state.closed = f"not put to the vote: the meeting was adjourned ({step.document})"


def _rejected(state: _State, step: Step, on: str) -> None:
    if step.kind is StepKind.PARAGRAPH:
        _add(state.dropped, on, step.document)
    if step.motion is Motion.DIVISION:
        state.undivided.add(on)


def _add(table: dict[str, list[str]], key: str, value: str) -> None:
    values = table.setdefault(key, [])
    if value not in values:
        values.append(value)


def _text(state: _State, document: str) -> str:
    """'A/ES-11/L.11 as amended by L.13, L.14, L.15', with ', without …' for rejected parts."""
    text = document
    amendments = state.amended_by.get(document, [])
    if amendments:
        text += " as amended by " + ", ".join(_short(a, document) for a in amendments)
    parts = state.dropped.get(document, [])
    if parts:
        text += (", " if amendments else " ") + "without " + ", ".join(_short(p, document) for p in parts)
    return text


def _short(symbol: str, draft: str) -> str:
    """A symbol without the series it shares with the draft: 'A/ES-11/L.13' → 'L.13'; 'S/2025/114' stays."""
    head, _, tail = symbol.rpartition("/")
    if head and draft.startswith(head + "/") and tail[:1].isalpha():
        return tail
    return symbol


# ---- text --------------------------------------------------------------------------------------------------------


def _line(result: StepResult) -> str:
    """' 3. amendment A/ES-11/L.13 — …' with the tally, the question, the outcome and the record."""
    step = result.step
    head = f"{result.number:>2}. {step.kind:<9} {step.document}"
    return f"{head} — {_verdict(result)}{_text_note(result)}"


def _verdict(result: StepResult) -> str:
    if not result.voted:
        implied = f" ({result.outcome})" if result.outcome else ""
        return f"{result.why}{implied}{_record(result)}"
    if result.decision is None:
        recorded = (
            f"recorded {result.step.recorded} (carried)" if result.step.recorded else "no recorded outcome"
        )
        return f"{NO_TALLY}; {recorded}"
    decided = f"{_tally(result)}, {result.question}: {result.outcome}{_vetoed(result.decision)}"
    return decided + _record(result)


def _record(result: StepResult) -> str:
    if result.step.recorded is None:
        return ""
    word = {True: "agrees", False: "DIFFERS", None: "not compared"}[result.agrees]
    return f"; record: {result.step.recorded} ({word})"


def _vetoed(decision: Decision) -> str:
    if decision.vetoed_by:
        return f" by {', '.join(decision.vetoed_by)}"
    return " (insufficient votes)" if decision.insufficient_votes else ""


def _tally(result: StepResult) -> str:
    c = result.step.counts
    values = (c.yes, c.no, c.abstain) if c else (None, None, None)
    return "–".join("?" if v is None else str(v) for v in values)


def _text_note(result: StepResult) -> str:
    root = result.text
    return f" [text: {root}]" if " as amended by " in root or " without " in root else ""
