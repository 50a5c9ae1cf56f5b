"""Hand-curated vote events (`votes/*.json`, or a folder of files in the same format): one JSON object per vote.

The fields are documented in `../shared/data/votes/README.md`. Each file becomes one `VoteEvent` keyed by its file
stem. `votes` holds only votes a listed source states; `inferred_votes` (deductions, not sourced) never enter
`votes` and are kept in `extra["inferred_votes"]`. A `document`, `amends` or `resolution` that is not a UN symbol
("European amendment 1 (preambular; symbol not found)") is None, with the text in `extra["document_text"]`,
`extra["amends_text"]` or `extra["resolution_text"]`; such events are matched to other sources by the store (on
organ, date, counts and named votes).

Checked: the body, date, kind and outcome; every vote is Y, N, A or X by a member state (ISO3) that was a member on
that day, and in the SC one of `council_members`; a file that says `complete: true` names every member and its
tallies equal `counts` exactly.
"""

from __future__ import annotations

import datetime as dt
import json
import re
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
_SYMBOL = re.compile(r"^[AS]/[A-Z0-9][A-Z0-9./()\- ]*$", re.IGNORECASE)
_INFERRED = re.compile(r"^[YNAX](?:_or_[YNAX])*$")
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


class _Lines:
    """Finds the line of a JSON key in the file's text, so that problems can say where they are."""

    def __init__(self, text: str) -> None:
        self.lines = text.splitlines()

    def of(self, key: str, after: int | None = None) -> int | None:
        needle = f'"{key}"'
        # from the line of `after` itself: compact JSON keeps several keys on one line
        start = max((after or 1) - 1, 0)
        for number, line in enumerate(self.lines[start:], start=start + 1):
            if needle in line:
                return number
        return None


def parse(path: Path) -> list[VoteEvent]:
    """The one vote event of a curated file, or one IngestError listing every problem."""
    path = Path(path)
    log = ProblemLog(str(path))
    text = path.read_text(encoding="utf-8")
    data = _load(text, log)
    _required(data, log)
    event = _event(path, data, _Lines(text), log)
    log.check()
    return [event] if event is not None else []


def _required(data: dict[str, Any], log: ProblemLog) -> None:
    for name in REQUIRED:
        if name not in data:
            log.add(None, name, f"missing field {name!r}")
    log.check()


def _load(text: str, log: ProblemLog) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        log.add(error.lineno, None, f"not valid JSON: {error.msg}")
        log.check()
    if not isinstance(data, dict):
        log.add(1, None, "expected one JSON object")
        log.check()
    return data


def _event(path: Path, data: dict[str, Any], lines: _Lines, log: ProblemLog) -> VoteEvent | None:
    organ = _choice(data, "body", BODIES, lines, log)
    kind = _choice(data, "kind", KINDS, lines, log)
    outcome = _choice(data, "outcome", OUTCOMES, lines, log, optional=True)
    day = log.date(str(data["date"]), lines.of("date"), "date")
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
        log.add(lines.of(name), name, f"unknown {name} {value!r} (expected one of {', '.join(allowed)})")
        return None
    return allowed[value]


def _counts(value: Any, lines: _Lines, log: ProblemLog) -> Counts | None:
    """The printed tallies; each is a whole number or null."""
    if value is None:
        return None
    if not isinstance(value, dict):
        log.add(lines.of("counts"), "counts", f"expected an object of counts, got {value!r}")
        return None
    return counts(*(_count(value.get(name), name, lines, log) for name in COUNT_NAMES))


def _count(number: Any, name: str, lines: _Lines, log: ProblemLog) -> int | None:
    if number is None or (isinstance(number, int) and not isinstance(number, bool) and number >= 0):
        return number
    log.add(lines.of(name, lines.of("counts")), f"counts.{name}", f"bad count {number!r}")
    return None


def _votes(data: dict[str, Any], voters: set[str] | None, lines: _Lines, log: ProblemLog) -> dict[str, Vote]:
    """Sourced votes only, each by a state that could vote (where the body and date are known)."""
    raw = data["votes"]
    if not isinstance(raw, dict):
        log.add(lines.of("votes"), "votes", "expected an object ISO3 → Y/N/A/X")
        return {}
    start = lines.of("votes")
    votes: dict[str, Vote] = {}
    for code, value in raw.items():
        line = lines.of(code, start)
        state = log.state(str(code), line, f"votes.{code}", scheme="iso3")
        vote = log.vote(str(value), VOTES, line, f"votes.{code}")
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
    council = data.get("council_members")
    line = lines.of("council_members")
    if not isinstance(council, list) or len(set(council)) != SC_SIZE:
        log.add(line, "council_members", f"an SC file needs the {SC_SIZE} council members, got {council!r}")
        return None
    found = {log.state(str(code), line, "council_members", scheme="iso3") for code in council}
    named = {state for state in found if state}
    return named & members if members is not None else named


def _symbol(data: dict[str, Any], name: str, extra: dict[str, Any]) -> str | None:
    """The canonical symbol of a field, or None with the free text kept in `extra[<name>_text]`."""
    value = data.get(name)
    if not value:
        return None
    if _SYMBOL.match(str(value).strip()):
        return symbols.canonical(str(value))
    extra[f"{name}_text"] = value
    return None


def _extra(data: dict[str, Any], lines: _Lines, log: ProblemLog) -> dict[str, Any]:
    _check_inferred(data.get("inferred_votes") or {}, lines, log)
    return {name: data[name] for name in EXTRA_FIELDS if data.get(name) is not None}


def _check_inferred(inferred: Any, lines: _Lines, log: ProblemLog) -> None:
    """Deduced votes are not sourced, but their states and their forms ('X', 'A_or_X') must be readable."""
    start = lines.of("inferred_votes")
    if not isinstance(inferred, dict):
        log.add(start, "inferred_votes", "expected an object ISO3 → 'X', 'A_or_X', …")
        return
    for code, value in inferred.items():
        line = lines.of(code, start)
        log.state(str(code), line, f"inferred_votes.{code}", scheme="iso3")
        if not _INFERRED.match(str(value)):
            log.add(line, f"inferred_votes.{code}", f"unknown inferred vote {value!r} (e.g. 'X' or 'A_or_X')")


def _check_total(organ: Organ, day: dt.date, total: Any, lines: _Lines, log: ProblemLog) -> None:
    """`members_total` is the size of the voting body that day."""
    size = SC_SIZE if organ is Organ.SC else len(states.members_on(day))
    if total != size:
        log.add(lines.of("members_total"), "members_total", f"{total!r}, but the {organ} had {size} members")


def _check_complete(
    data: dict[str, Any], votes: dict[str, Vote], printed: Counts | None, lines: _Lines, log: ProblemLog
) -> None:
    """A complete file names every member and its tallies equal the printed counts; a partial one stays below."""
    complete = data["complete"]
    if not isinstance(complete, bool):
        log.add(lines.of("complete"), "complete", f"expected true or false, got {complete!r}")
    if complete is True:
        _check_names_all(votes, printed, data["members_total"], lines.of("complete"), log)
    values = list(votes.values())
    for name, number in (printed.as_dict() if printed else {}).items():
        tally = values.count(VOTES[_CODES[name]])
        if number is None or (tally == number if complete is True else tally <= number):
            continue
        how = "give" if complete is True else "already give more:"
        log.add(
            lines.of(name, lines.of("counts")), f"counts.{name}", f"printed {number}, votes {how} {tally}"
        )


_CODES = {"yes": "Y", "no": "N", "abstain": "A", "non_voting": "X"}


def _check_names_all(
    votes: dict[str, Vote], printed: Counts | None, total: Any, line: int | None, log: ProblemLog
) -> None:
    if len(votes) != total:
        log.add(line, "complete", f"complete, but {len(votes)} votes for {total} members")
    if printed is None or None in printed.as_dict().values():
        log.add(line, "counts", "complete, but the counts are not all given")
