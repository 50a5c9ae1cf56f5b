"""The voting-sequence file: what a sequence is made of, its checks, and the JSON format (docs/sequences.md).

`parse_sequence(text, name)` reads one JSON document and raises one `SequenceError` listing every problem at once,
each naming the file, the step and the field. `problems(sequence, name)` holds the structural checks that
`replay` also runs on sequences built in code. `packaged(date, organ)` loads a sequence shipped with unvotes
(`rules/sequences/<date>_<organ>.json`). No other I/O.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from importlib import resources
from typing import Any, TypeVar

from unvotes.errors import UnvotesError
from unvotes.models import Counts, Organ, Outcome, Problem
from unvotes.rules.decision import GA_QUESTIONS, SC_QUESTIONS, Question, Tally
from unvotes.rules.sc import CHARTER_IN_FORCE, council_size, permanent_members

E = TypeVar("E", bound=StrEnum)


class StepKind(StrEnum):
    """What one step of a sequence puts to the vote."""

    MOTION = "motion"  # a procedural motion: no action, postpone, division, …
    AMENDMENT = "amendment"
    PARAGRAPH = "paragraph"  # a part voted separately after a division
    DRAFT = "draft"  # a proposal as a whole (as amended, without its rejected parts)


class Motion(StrEnum):
    """What a carried motion does to the rest of the sequence."""

    NO_ACTION = "no-action"  # GA rule 74 (adjourn the debate), committees rule 116: the proposal is not voted
    POSTPONE = "postpone"  # SC rule 33(5), GA likewise: the proposal is not voted at this meeting
    ADJOURN = "adjourn"  # adjourn the meeting: nothing further is voted
    SUSPEND = "suspend"  # suspend the meeting: no effect on what is voted
    DIVISION = "division"  # GA rule 89: if rejected, the parts are not voted separately
    OTHER = "other"


class SequenceError(UnvotesError):
    """A voting sequence has problems; every problem is listed at once (file, step, field)."""

    def __init__(self, name: str, problems: Iterable[Problem]) -> None:
        self.name = name
        self.problems = list(problems)
        shown = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(
            f"{name}: {len(self.problems)} problem(s) in the voting sequence\n{shown}",
            hint="Fix the sequence file (see docs/sequences.md) and load it again.",
        )


@dataclass(frozen=True)
class Step:
    """One vote of a sequence, as the sources give it.

    `counts` are the numbers as printed (None where no source gives one); the step is decidable when the yes
    and no counts are known. `amends` (amendments) and `target` (motions and parts; default: the sequence's
    draft) name the text the step acts on. `excludes`: documents whose vote the adoption of this step makes
    unnecessary, as the chair ruled. `recorded`: the outcome the record gives.
    """

    kind: StepKind
    document: str
    title: str = ""
    question: Question | None = None  # None: derived from the organ, the step and `Sequence.important`
    counts: Counts | None = None
    negative_permanent: tuple[str, ...] = ()  # SC: permanent members who voted no
    amends: str | None = None
    target: str | None = None
    motion: Motion | None = None  # for motions: what carrying it does
    excludes: tuple[str, ...] = ()
    operative: bool = False  # for parts: an operative (not preambular) part
    recorded: Outcome | None = None
    source: str = ""
    notes: tuple[str, ...] = ()
    vote_id: str | None = None  # the vote's address in the record, when the step was filled from it

    @property
    def tally(self) -> Tally | None:
        """The tally to decide with: None unless yes and no are known (abstentions never enter the arithmetic)."""
        c = self.counts
        if c is None or c.yes is None or c.no is None:
            return None
        return Tally(c.yes, c.no, c.abstain or 0, c.non_voting or 0)


@dataclass(frozen=True)
class Sequence:
    """The votes of one meeting on one question, in the order the chair put them.

    Several proposals on the same question (GA rule 91) are draft steps of one sequence, in the order voted;
    `draft` names the first, and `important` (Art. 18(2)) applies to every proposal of the sequence.
    """

    organ: Organ
    date: dt.date
    meeting: str | None
    draft: str
    important: bool
    order_basis: str  # where the order comes from: a recorded ruling, or "not recorded … [U]"
    steps: tuple[Step, ...]
    sources: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    def on(self, step: Step) -> str | None:
        """The document a step acts on: what an amendment amends, the proposal of a motion or a part."""
        if step.kind is StepKind.AMENDMENT:
            return step.amends
        if step.kind is StepKind.DRAFT:
            return None
        return step.target or self.draft

    def find(self, document: str) -> Step | None:
        return next((s for s in self.steps if s.document == document), None)


# ---- checks ------------------------------------------------------------------------------------------------------


def problems(sequence: Sequence, name: str) -> list[Problem]:
    """Every structural problem of a sequence: references naming no step, texts voted before what changes them."""
    numbered = list(enumerate(sequence.steps, 1))
    documents = [s.document for s in sequence.steps]
    return check_steps(numbered, sequence, name, documents)


def check_steps(
    numbered: list[tuple[int, Step]], sequence: Sequence, name: str, documents: list[str]
) -> list[Problem]:
    """The checks on numbered steps (steps that failed to parse are left out; `documents` lists all)."""
    found = _draft_problems(name, numbered, sequence.draft, documents)
    found += _duplicates(name, numbered)
    places = {s.document: n for n, s in numbered}
    for number, step in numbered:
        found += _step_problems(name, number, step, sequence, places, documents)
    return found


def _draft_problems(
    name: str, numbered: list[tuple[int, Step]], draft: str, documents: list[str]
) -> list[Problem]:
    if draft not in documents:
        return [_problem(name, None, "draft", f"names no step: {draft!r}")]
    kinds = [s.kind for _, s in numbered if s.document == draft]
    if kinds and StepKind.DRAFT not in kinds:
        return [_problem(name, None, "draft", f"{draft!r} is a {kinds[0]} step, not a draft")]
    return []


def _step_problems(
    name: str, number: int, step: Step, seq: Sequence, places: dict[str, int], documents: list[str]
) -> list[Problem]:
    found = _reference_problems(name, number, step, seq, places, documents)
    found += _field_problems(name, number, step, seq.organ, seq.date)
    return found


def _duplicates(name: str, numbered: list[tuple[int, Step]]) -> list[Problem]:
    seen: dict[str, int] = {}
    found = []
    for number, step in numbered:
        if step.document in seen:
            message = (
                f"{step.document!r} is already step {seen[step.document]}; each step needs its own label"
            )
            found.append(_problem(name, number, "document", message))
        seen.setdefault(step.document, number)
    return found


def _reference_problems(
    name: str, number: int, step: Step, seq: Sequence, places: dict[str, int], documents: list[str]
) -> list[Problem]:
    found = []
    if step.kind is StepKind.AMENDMENT and not step.amends:
        found.append(_problem(name, number, "amends", "an amendment must name the text it amends"))
    key = "amends" if step.kind is StepKind.AMENDMENT else "target"
    on = seq.on(step)
    if on and on not in documents:
        found.append(_problem(name, number, key, f"names no step: {on!r}"))
    elif on and places.get(on, number + 1) < number:
        found.append(_too_late(name, places[on], on, number, step))
    for excluded in step.excludes:
        found += _exclude_problems(name, number, excluded, places, documents)
    return found


def _too_late(name: str, early: int, text: str, number: int, step: Step) -> Problem:
    rule = {
        StepKind.AMENDMENT: "amendments are voted before the proposal (GA rule 90, SC rule 36)",
        StepKind.PARAGRAPH: "parts are voted before the whole (GA rule 89)",
    }.get(step.kind, "a motion on a proposal is voted before it (GA rules 74 and 77, SC rule 33)")
    message = f"{text!r} is put to the vote before its {step.kind} {step.document!r} (step {number}): {rule}"
    return _problem(name, early, "order", message)


def _exclude_problems(
    name: str, number: int, excluded: str, places: dict[str, int], documents: list[str]
) -> list[Problem]:
    if excluded not in documents:
        return [_problem(name, number, "excludes", f"names no step: {excluded!r}")]
    if places.get(excluded, number + 1) < number:
        message = (
            f"{excluded!r} (step {places[excluded]}) was voted before this step and cannot be excluded by it"
        )
        return [_problem(name, number, "excludes", message)]
    return []


def _field_problems(name: str, number: int, step: Step, organ: Organ, date: dt.date) -> list[Problem]:
    found = []
    allowed = SC_QUESTIONS if organ is Organ.SC else GA_QUESTIONS
    if step.question is not None and step.question not in allowed:
        message = f"{step.question.value!r} is not a question the {_organ_words(organ)} decides"
        found.append(_problem(name, number, "question", message))
    if step.negative_permanent and organ is not Organ.SC:
        found.append(
            _problem(name, number, "negative_permanent", "only the Security Council has permanent members")
        )
    if step.counts and step.counts.no is not None and len(step.negative_permanent) > step.counts.no:
        message = f"{len(step.negative_permanent)} permanent members voted no, but the tally has {step.counts.no} no votes"
        found.append(_problem(name, number, "negative_permanent", message))
    if organ is Organ.SC:
        found += _council_problems(name, number, step, date)
    if step.motion is not None and step.kind is not StepKind.MOTION:
        found.append(
            _problem(name, number, "motion", f"only a motion has a motion type (this step is a {step.kind})")
        )
    return found


def _council_problems(name: str, number: int, step: Step, date: dt.date) -> list[Problem]:
    if date < CHARTER_IN_FORCE:
        return []
    found = []
    others = sorted(set(step.negative_permanent) - set(permanent_members(date)))
    if others:
        message = f"not permanent members on {date.isoformat()}: {', '.join(others)}"
        found.append(_problem(name, number, "negative_permanent", message))
    c = step.counts
    total = sum(v or 0 for v in (c.yes, c.no, c.abstain, c.non_voting)) if c else 0
    if total > council_size(date):
        message = f"{total} votes, but the Council had {council_size(date)} members on {date.isoformat()}"
        found.append(_problem(name, number, "tally", message))
    return found


def _organ_words(organ: Organ) -> str:
    return "Security Council" if organ is Organ.SC else "General Assembly"


def _problem(name: str, number: int | None, key: str, message: str) -> Problem:
    return Problem(name, None, key if number is None else f"step {number}, {key}", message)


# ---- the JSON file -------------------------------------------------------------------------------------------------

TOP_FIELDS = ("organ", "date", "meeting", "draft", "important", "order_basis", "sources", "notes", "steps")
STEP_FIELDS = (
    "kind", "document", "title", "question", "tally", "negative_permanent", "amends", "target", "motion",
    "excludes", "operative", "recorded", "source", "notes",
)  # fmt: skip
TALLY_FIELDS = ("yes", "no", "abstain", "non_voting")
RECORDED = (Outcome.ADOPTED, Outcome.REJECTED, Outcome.VETOED, Outcome.ADOPTED_WITHOUT_VOTE)


class _Fields:
    """Typed reads from one JSON object; each bad value becomes a Problem and a harmless default."""

    def __init__(self, name: str, found: list[Problem], obj: dict[str, Any], step: int | None = None) -> None:
        self.name, self.found, self.obj, self.step = name, found, obj, step

    def problem(self, key: str, message: str) -> None:
        self.found.append(_problem(self.name, self.step, key, message))

    def unknown(self, allowed: tuple[str, ...]) -> None:
        for key in self.obj:
            if key not in allowed:
                self.problem(key, f"unknown field (known: {', '.join(allowed)})")

    def text(self, key: str, *, required: bool = False) -> str | None:
        value = self.obj.get(key)
        if value is None or (isinstance(value, str) and value.strip()):
            if value is None and required:
                self.problem(key, "missing")
            return value
        self.problem(key, f"must be a non-empty string, not {value!r}")
        return None

    def choice(self, key: str, enum: type[E], allowed: Iterable[E] | None = None) -> E | None:
        value = self.obj.get(key)
        choices = list(allowed if allowed is not None else enum)
        if value is None or value in [c.value for c in choices]:
            return None if value is None else enum(value)
        self.problem(key, f"unknown value {value!r} (expected one of: {', '.join(c.value for c in choices)})")
        return None

    def flag(self, key: str) -> bool:
        value = self.obj.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {value!r}")
        return value is True

    def strings(self, key: str) -> tuple[str, ...]:
        value = self.obj.get(key)
        if value is None:
            return ()
        if isinstance(value, str):
            value = [value]
        if isinstance(value, list) and all(isinstance(v, str) and v for v in value):
            return tuple(value)
        self.problem(key, f"must be a list of non-empty strings, not {value!r}")
        return ()

    def counts(self, key: str) -> Counts | None:
        value = self.obj.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            self.problem(key, f"must be an object with {', '.join(TALLY_FIELDS)}, not {value!r}")
            return None
        bad = [k for k in value if k not in TALLY_FIELDS]
        bad += [k for k in TALLY_FIELDS if not _count(value.get(k))]
        for k in bad:
            self.problem(f"{key}.{k}", _count_message(k, value.get(k)))
        return None if bad else Counts(*(value.get(k) for k in TALLY_FIELDS))


def _count(value: Any) -> bool:
    return value is None or (
        isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_COUNT
    )


def _count_message(key: str, value: Any) -> str:
    if key not in TALLY_FIELDS:
        return f"unknown count (known: {', '.join(TALLY_FIELDS)})"
    if isinstance(value, int) and value > _MAX_COUNT:
        return f"must be at most {_MAX_COUNT}, not {str(value)[:40]}"
    return f"must be a whole number >= 0 or null, not {value!r}"


_MAX_COUNT = 2**31 - 1


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(f"the key {key!r} is given twice: remove one of them")
        self.key = key


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """`object_pairs_hook` that refuses a key given twice (the last would silently win)."""
    found: dict[str, Any] = {}
    for key, value in pairs:
        if key in found:
            raise _DuplicateKey(key)
        found[key] = value
    return found


def _line_of(text: str, key: str) -> int | None:
    """The line of the second occurrence of a key."""
    marks = [i for i, line in enumerate(text.splitlines(), start=1) if f'"{key}"' in line]
    return marks[1] if len(marks) > 1 else (marks[0] if marks else None)


def parse_sequence(text: str, name: str) -> Sequence:
    """A sequence from the JSON text of a file called `name`; SequenceError lists every problem at once."""
    try:
        data = json.loads(text, object_pairs_hook=_strict_pairs)
    except json.JSONDecodeError as error:
        problem = Problem(name, error.lineno, None, f"not valid JSON: {error.msg}")
        raise SequenceError(name, [problem]) from None
    except _DuplicateKey as error:
        raise SequenceError(name, [Problem(name, _line_of(text, error.key), error.key, str(error))]) from None
    except (RecursionError, ValueError) as error:  # nested too deeply; an integer of thousands of digits
        message = "nested too deeply" if isinstance(error, RecursionError) else str(error)
        raise SequenceError(name, [Problem(name, None, None, f"not valid JSON: {message}")]) from None
    found: list[Problem] = []
    if not isinstance(data, dict):
        raise SequenceError(
            name, [Problem(name, None, None, "must be a JSON object (see docs/sequences.md)")]
        )
    sequence = _sequence(_Fields(name, found, data), found)
    if found:
        raise SequenceError(name, found)
    return sequence


def _sequence(fields: _Fields, found: list[Problem]) -> Sequence:
    fields.unknown(TOP_FIELDS)
    organ = fields.choice("organ", Organ)
    if organ is None and "organ" not in fields.obj:
        fields.problem("organ", "missing")
    numbered, documents = _steps(fields, organ or Organ.GA)
    sequence = Sequence(
        organ or Organ.GA,
        _date(fields),
        fields.text("meeting"),
        fields.text("draft", required=True) or "",
        fields.flag("important"),
        fields.text("order_basis", required=True) or "",
        tuple(s for _, s in numbered),
        fields.strings("sources"),
        fields.strings("notes"),
    )
    if sequence.draft:
        found += check_steps(numbered, sequence, fields.name, documents)
    return sequence


def _date(fields: _Fields) -> dt.date:
    value = fields.text("date", required=True)
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        if value:
            fields.problem("date", f"must be an ISO date (YYYY-MM-DD), not {value!r}")
        return dt.date.min


def _steps(fields: _Fields, organ: Organ) -> tuple[list[tuple[int, Step]], list[str]]:
    raw = fields.obj.get("steps")
    if not isinstance(raw, list) or not raw:
        fields.problem("steps", "must be a non-empty list of steps")
        return [], []
    documents = [s["document"] for s in raw if isinstance(s, dict) and isinstance(s.get("document"), str)]
    numbered = [(n, _step(_step_fields(fields, s, n), organ)) for n, s in enumerate(raw, 1)]
    return [(n, s) for n, s in numbered if s is not None], documents


def _step_fields(fields: _Fields, obj: Any, number: int) -> _Fields:
    if not isinstance(obj, dict):
        fields.found.append(_problem(fields.name, number, "kind", "a step must be a JSON object"))
        obj = {"kind": None}
    return _Fields(fields.name, fields.found, obj, number)


def _step(fields: _Fields, organ: Organ) -> Step | None:
    fields.unknown(STEP_FIELDS)
    before = len(fields.found)
    kind = fields.choice("kind", StepKind)
    if kind is None and "kind" not in fields.obj:
        fields.problem("kind", "missing")
    step = Step(
        kind or StepKind.DRAFT,
        fields.text("document", required=True) or "",
        fields.text("title") or "",
        fields.choice("question", Question),
        fields.counts("tally"),
        fields.strings("negative_permanent"),
        fields.text("amends"),
        fields.text("target"),
        fields.choice("motion", Motion) or (Motion.OTHER if kind is StepKind.MOTION else None),
        fields.strings("excludes"),
        fields.flag("operative"),
        fields.choice("recorded", Outcome, RECORDED),
        fields.text("source") or "",
        fields.strings("notes"),
    )
    return step if len(fields.found) == before else None


def packaged(date: str, organ: str) -> Sequence | None:
    """The sequence shipped with unvotes for a day and organ ('2025-02-24', 'SC'), or None if there is none."""
    path = resources.files("unvotes.rules").joinpath("sequences", f"{date}_{organ}.json")
    if not path.is_file():
        return None
    return parse_sequence(path.read_text(encoding="utf-8"), path.name)
