"""Hand-curated vote events (`votes/*.json`, or a folder of files in the same format): one JSON object per vote.

The fields are documented in `../shared/data/votes/README.md`. Each file becomes one `VoteEvent` keyed by its file
stem. `votes` holds only votes a listed source states; `inferred_votes` (deductions, not sourced) never enter
`votes` and are kept in `extra["inferred_votes"]`. A `document`, `amends` or `resolution` that is not a UN symbol
("European amendment 1 (preambular; symbol not found)") is None, with the text in `extra["document_text"]`,
`extra["amends_text"]` or `extra["resolution_text"]`; such events are matched to other sources by the store (on
organ, date, counts and named votes).

Where a file's notes or title say that its symbol was assigned to the tally by inference ("symbol assignment
inferred"; a tally given "without naming their symbols"), the note that says so is `extra["symbol_inferred"]`.

Checked: a key appears once in each object; every field has its type (text, whole number, list of texts, …); the
body, date, kind and outcome; every count is a whole number of at most `MAX_COUNT`; every vote is Y, N, A or X by
a member state (ISO3) that was a member on that day, and in the SC one of `council_members`; a file that says
`complete: true` names every member and its tallies equal `counts` exactly. A problem names file, line and field
and quotes the value as JSON.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from unvotes import symbols
from unvotes.ingest._checks import ProblemLog, counts
from unvotes.models import Counts, EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.refdata import states

SOURCE = "curated"
BODIES = {"GA": Organ.GA, "SC": Organ.SC}
KINDS = {kind.value: kind for kind in EventKind}
OUTCOMES = {outcome.value: outcome for outcome in Outcome}
VOTES = {vote.value: vote for vote in Vote}
COUNT_NAMES = ("yes", "no", "abstain", "non_voting")
REQUIRED = ("body", "date", "kind", "outcome", "counts", "members_total", "complete", "votes")
SC_SIZE = 15
MAX_COUNT = 1000  # more than any voting body has had members
_SYMBOL = re.compile(r"^[AS]/[A-Z0-9][A-Z0-9./()\- ]*$", re.IGNORECASE)
_INFERRED = re.compile(r"^[YNAX](?:_or_[YNAX])*$")
_SYMBOL_INFERRED = re.compile(
    r"symbol assignment inferred|without naming (?:their|its) symbols?", re.IGNORECASE
)
EXTRA_FIELDS = (
    "sources",
    "notes",
    "discrepancies",
    "unresolved",
    "missing",
    "required_majority",
    "outcome_detail",
    "members_total",
    "council_members",
    "inferred_votes",
    "inferred_votes_method",
)


def _text(value: Any) -> bool:
    return isinstance(value, str)


def _whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(item, str) for item in value)


def _object_of_texts(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(item, str) for item in value.values())


def _object(value: Any) -> bool:
    return isinstance(value, dict)


# each field's type: a test, what it expects in words, and whether null is allowed
TYPES: dict[str, tuple[Callable[[Any], bool], str, bool]] = {
    "body": (_text, "a string", False),
    "date": (_text, "a string YYYY-MM-DD", False),
    "kind": (_text, "a string", False),
    "outcome": (_text, "a string", True),
    "counts": (_object, "an object of counts", True),
    "members_total": (_whole, "a whole number", False),
    "complete": (lambda v: isinstance(v, bool), "true or false", False),
    "votes": (_object_of_texts, "an object ISO3 → Y/N/A/X", False),
    "inferred_votes": (_object_of_texts, "an object ISO3 → 'X', 'A_or_X', …", True),
    "council_members": (_texts, "a list of ISO3 codes", True),
    "unresolved": (_texts, "a list of ISO3 codes", True),
    "sources": (_texts, "a list of strings", True),
    "notes": (lambda v: _text(v) or _texts(v), "a string or a list of strings", True),
    "discrepancies": (lambda v: _text(v) or _texts(v), "a string or a list of strings", True),
    "missing": (lambda v: _text(v) or _texts(v), "a string or a list of strings", True),
    **dict.fromkeys(
        (
            "session",
            "meeting",
            "document",
            "amends",
            "title",
            "resolution",
            "required_majority",
            "outcome_detail",
            "inferred_votes_method",
        ),
        (_text, "a string", True),
    ),
}


def shown(value: Any) -> str:
    """A value as a problem quotes it: JSON for a scalar (shortened), a word for an array or an object."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:59] + "…"


class _Lines:
    """Finds the line of a JSON key in the file's text, so that problems can say where they are."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def of(self, key: str, after: int | None = None) -> int | None:
        needle = re.compile(rf'"{re.escape(key)}"\s*:')
        # from the line of `after` itself: compact JSON keeps several keys on one line
        start = max((after or 1) - 1, 0)
        for number, line in enumerate(self.lines[start:], start=start + 1):
            if needle.search(line):
                return number
        return None

    def constant(self, name: str) -> tuple[int | None, str | None]:
        """The line of a bare NaN or Infinity, and the key it is the value of."""
        needle = re.compile(rf'(?:"([^"]*)"\s*:\s*)?-?{name.lstrip("-")}\b')
        for number, line in enumerate(self.lines, start=1):
            found = needle.search(line)
            if found:
                return number, found.group(1)
        return None, None

    def all_of(self, key: str) -> list[int]:
        """Every line where `key` is a key, in order."""
        needle = re.compile(rf'"{re.escape(key)}"\s*:')
        return [number for number, line in enumerate(self.lines, start=1) if needle.search(line)]


def parse(path: Path) -> list[VoteEvent]:
    """The one vote event of a curated file, or one IngestError listing every problem."""
    path = Path(path)
    log = ProblemLog(str(path))
    text = _read(path, log)
    lines = _Lines(text)
    data = _load(text, lines, log)
    _required(data, log)
    _check_types(data, lines, log)
    event = _event(path, data, lines, log)
    log.check()
    return [event] if event is not None else []


def _read(path: Path, log: ProblemLog) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        log.add(None, None, f"not UTF-8 text (byte {error.start})")
        log.check()
        raise  # unreachable: check() raised


def _required(data: dict[str, Any], log: ProblemLog) -> None:
    for name in REQUIRED:
        if name not in data:
            log.add(None, name, f"missing field {name!r}")
    log.check()


def _load(text: str, lines: _Lines, log: ProblemLog) -> dict[str, Any]:
    """The file's one JSON object; a key twice in one object, NaN or Infinity, or too deep a nesting is refused."""
    duplicates: list[tuple[str, Any, Any]] = []
    try:
        data = json.loads(text, object_pairs_hook=_once(duplicates), parse_constant=_no_constant)
    except json.JSONDecodeError as error:
        log.add(error.lineno, None, f"not valid JSON: {error.msg}")
        log.check()
    except _Constant as error:
        log.add(*lines.constant(error.name), f"{error.name} is not a number JSON allows")
        log.check()
    except (ValueError, RecursionError) as error:
        log.add(None, None, f"not readable JSON: {_why(error)}")
        log.check()
    _duplicates(duplicates, lines, log)
    if not isinstance(data, dict):
        log.add(1, None, "expected one JSON object")
    log.check()
    return data


def _why(error: Exception) -> str:
    return "nested too deeply" if isinstance(error, RecursionError) else str(error)


class _Constant(ValueError):
    """NaN, Infinity or -Infinity in the file."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _no_constant(name: str) -> Any:
    raise _Constant(name)


def _once(duplicates: list[tuple[str, Any, Any]]) -> Callable[[list[tuple[str, Any]]], dict[str, Any]]:
    """An object hook that keeps the first value of a repeated key and notes the repetition."""

    def build(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for key, value in pairs:
            if key in found:
                duplicates.append((key, found[key], value))
            else:
                found[key] = value
        return found

    return build


def _duplicates(duplicates: list[tuple[str, Any, Any]], lines: _Lines, log: ProblemLog) -> None:
    """Each repeated key on the line where it repeats: a later value must not silently override an earlier one."""
    seen: dict[str, int] = {}
    for key, first, again in duplicates:
        seen[key] = seen.get(key, 0) + 1
        where = lines.all_of(key)
        line = where[seen[key]] if seen[key] < len(where) else None
        log.add(line, key, f"key {shown(key)} given twice: {shown(again)} after {shown(first)}")


def _check_types(data: dict[str, Any], lines: _Lines, log: ProblemLog) -> None:
    """Every known field of its type; a file with a field of the wrong type is refused with all of them named."""
    before = len(log.problems)
    for name, (test, expected, nullable) in TYPES.items():
        value = data.get(name)
        if name not in data or (value is None and nullable) or test(value):
            continue
        if isinstance(value, dict) and test is _object_of_texts:
            _members_not_text(name, value, lines, log)
        else:
            log.add(
                lines.of(name),
                name,
                f"expected {expected}, got {shown(value)}{_item(value) if 'list' in expected else ''}",
            )
    if len(log.problems) > before:
        log.check()


def _members_not_text(name: str, value: dict[str, Any], lines: _Lines, log: ProblemLog) -> None:
    start = lines.of(name)
    for key, member in value.items():
        if not isinstance(member, str):
            log.add(lines.of(key, start), f"{name}.{key}", f"expected a string, got {shown(member)}")


def _item(value: Any) -> str:
    """For a list: which item is not a string."""
    if not isinstance(value, list):
        return ""
    bad = next((n for n, item in enumerate(value, 1) if not isinstance(item, str)), None)
    return f" whose item {bad} is {shown(value[bad - 1])}" if bad else ""


def _event(path: Path, data: dict[str, Any], lines: _Lines, log: ProblemLog) -> VoteEvent | None:
    organ = _choice(data, "body", BODIES, lines, log)
    kind = _choice(data, "kind", KINDS, lines, log)
    outcome = _choice(data, "outcome", OUTCOMES, lines, log, optional=True)
    day = log.date(data["date"], lines.of("date"), "date")
    printed = _counts(data["counts"], lines, log)
    votes = _votes(data, _voters(data, organ, day, lines, log), lines, log)
    extra = _extra(data, lines, log)
    _check_complete(data, votes, printed, lines, log)
    if organ is None or kind is None or day is None:
        return None
    _check_total(organ, day, data["members_total"], lines, log)
    document, amends, resolution = (
        _symbol(data, name, extra) for name in ("document", "amends", "resolution")
    )
    return VoteEvent(
        key=path.stem,
        organ=organ,
        date=day,
        kind=kind,
        provenance=Provenance(SOURCE, str(path), None, url=next(iter(data.get("sources") or []), None)),
        votes=votes,
        session=data.get("session"),
        meeting=symbols.canonical(data["meeting"]) if data.get("meeting") else None,
        document=document,
        resolution=resolution,
        amends=amends,
        title=data.get("title"),
        counts=printed,
        outcome=outcome,
        complete=data["complete"] is True,
        extra=extra,
    )


def _choice(
    data: dict[str, Any],
    name: str,
    allowed: dict[str, Any],
    lines: _Lines,
    log: ProblemLog,
    optional: bool = False,
) -> Any:
    value = data.get(name)
    if value is None and optional:
        return None
    if value not in allowed:
        log.add(lines.of(name), name, f"unknown {name} {shown(value)} (expected one of {', '.join(allowed)})")
        return None
    return allowed[value]


def _counts(value: dict[str, Any] | None, lines: _Lines, log: ProblemLog) -> Counts | None:
    """The printed tallies; each is a whole number or null."""
    if value is None:
        return None
    return counts(*(_count(value.get(name), name, lines, log) for name in COUNT_NAMES))


def _count(number: Any, name: str, lines: _Lines, log: ProblemLog) -> int | None:
    if number is None or (_whole(number) and 0 <= number <= MAX_COUNT):
        return number
    log.add(
        lines.of(name, lines.of("counts")),
        f"counts.{name}",
        f"bad count {shown(number)} (expected a whole number from 0 to {MAX_COUNT}, or null)",
    )
    return None


def _votes(data: dict[str, Any], voters: set[str] | None, lines: _Lines, log: ProblemLog) -> dict[str, Vote]:
    """Sourced votes only, each by a state that could vote (where the body and date are known)."""
    start = lines.of("votes")
    votes: dict[str, Vote] = {}
    for code, value in data["votes"].items():
        line = lines.of(code, start)
        state = log.state(code, line, f"votes.{code}", scheme="iso3")
        vote = log.vote(value, VOTES, line, f"votes.{code}")
        if state and voters is not None and state not in voters:
            log.add(line, f"votes.{code}", f"{state} could not vote: {_electorate(data)} on {data['date']}")
        if state and vote:
            votes[state] = vote
    return votes


def _electorate(data: dict[str, Any]) -> str:
    return "not in council_members" if data.get("body") == "SC" else "not a UN member"


def _voters(
    data: dict[str, Any], organ: Organ | None, day: dt.date | None, lines: _Lines, log: ProblemLog
) -> set[str] | None:
    """Who could vote: the UN members of that day, or in the SC the file's `council_members`; None if unknown."""
    members = set(states.members_on(day)) if day else None
    if organ is not Organ.SC:
        return members if organ else None
    council = data.get("council_members") or []
    line = lines.of("council_members")
    if len(set(council)) != SC_SIZE:
        log.add(
            line,
            "council_members",
            f"an SC file needs the {SC_SIZE} council members, got {len(set(council))}",
        )
        return None
    found = {log.state(code, line, "council_members", scheme="iso3") for code in council}
    named = {state for state in found if state}
    return named & members if members is not None else named


def _symbol(data: dict[str, Any], name: str, extra: dict[str, Any]) -> str | None:
    """The canonical symbol of a field, or None with the free text kept in `extra[<name>_text]`."""
    value = data.get(name)
    if not value:
        return None
    if _SYMBOL.match(value.strip()):
        return symbols.canonical(value)
    extra[f"{name}_text"] = value
    return None


def _extra(data: dict[str, Any], lines: _Lines, log: ProblemLog) -> dict[str, Any]:
    _check_inferred(data.get("inferred_votes") or {}, lines, log)
    extra = {name: data[name] for name in EXTRA_FIELDS if data.get(name) is not None}
    inferred = symbol_inferred(data)
    if inferred:
        extra["symbol_inferred"] = inferred
    return extra


def symbol_inferred(data: dict[str, Any]) -> str | None:
    """The note (else the title) saying that the file's symbol was assigned to its tally by inference; else None."""
    notes = data.get("notes") or []
    texts = [notes] if isinstance(notes, str) else list(notes)
    return next((t for t in [*texts, data.get("title") or ""] if _SYMBOL_INFERRED.search(t)), None)


def _check_inferred(inferred: dict[str, str], lines: _Lines, log: ProblemLog) -> None:
    """Deduced votes are not sourced, but their states and their forms ('X', 'A_or_X') must be readable."""
    start = lines.of("inferred_votes")
    for code, value in inferred.items():
        line = lines.of(code, start)
        log.state(code, line, f"inferred_votes.{code}", scheme="iso3")
        if not _INFERRED.match(value):
            log.add(
                line, f"inferred_votes.{code}", f"unknown inferred vote {shown(value)} (e.g. 'X' or 'A_or_X')"
            )


def _check_total(organ: Organ, day: dt.date, total: int, lines: _Lines, log: ProblemLog) -> None:
    """`members_total` is the size of the voting body that day."""
    size = SC_SIZE if organ is Organ.SC else len(states.members_on(day))
    if total != size:
        log.add(lines.of("members_total"), "members_total", f"{total}, but the {organ} had {size} members")


def _check_complete(
    data: dict[str, Any], votes: dict[str, Vote], printed: Counts | None, lines: _Lines, log: ProblemLog
) -> None:
    """A complete file names every member and its tallies equal the printed counts; a partial one stays below."""
    complete = data["complete"]
    if complete:
        _check_names_all(votes, printed, data["members_total"], lines.of("complete"), log)
    values = list(votes.values())
    for name, number in (printed.as_dict() if printed else {}).items():
        tally = values.count(VOTES[_CODES[name]])
        if number is None or (tally == number if complete else tally <= number):
            continue
        how = "give" if complete else "already give more:"
        log.add(
            lines.of(name, lines.of("counts")), f"counts.{name}", f"printed {number}, votes {how} {tally}"
        )


_CODES = {"yes": "Y", "no": "N", "abstain": "A", "non_voting": "X"}


def _check_names_all(
    votes: dict[str, Vote], printed: Counts | None, total: int, line: int | None, log: ProblemLog
) -> None:
    if len(votes) != total:
        log.add(line, "complete", f"complete, but {len(votes)} votes for {total} members")
    if printed is None or None in printed.as_dict().values():
        log.add(line, "counts", "complete, but the counts are not all given")
