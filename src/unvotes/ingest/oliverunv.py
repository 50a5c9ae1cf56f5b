"""oliverunv's Security Council table (`raw/oliverunv_sc/sc_voting.xlsx`): one row per member per vote, 1994–2025.

One `VoteEvent` per value of the `ID` column (every ID has one date, draft, resolution, meeting and outcome).
What the file gets wrong is repaired here and said in `extra["anomalies"]`; only unreadable input (a missing
column, an unknown vote, outcome or state, a bad date or symbol) raises `IngestError`:

- dates: until February 2021 the source wrote day/month and Excel read month/day, so a stored date whose day
  is 12 or less is swapped back; vetoed drafts (and their copies) carry true dates and are left alone. Checked
  against UNxml (1,472 of 1,484 resolution dates agree after the repair; the other 12 are off by a day or two
  in one of the two files) and by the order of IDs, which is chronological;
- Resolution and Draft are swapped from 2025-05-08 (a `S/RES/` value in the Draft column swaps them back);
- resolutions are spelled `893 (1994)`, `S/RES/2776/2025`, `Resolution 2618 (2022)`, `2541 (2020`;
- meetings are `9866`, `S/PV.9866`, `PV.8780` or, for the 2020–21 written procedure, `V005` (kept as text);
- absent members have no row: the Council's members that day (`unvotes.refdata.council`) without a row become
  X, unless the rows look damaged (a member twice, an outcome the votes contradict), which leaves the event
  incomplete;
- rows naming states that were not on the Council that day belong to another vote (IDs 81–136, dated 1995,
  carry the votes of later vetoed drafts): `votes` is empty and the rows are kept in `extra["listed_votes"]`;
- IDs 75–80 copy six vetoed drafts as adopted (same meeting, draft and rows): the copy whose outcome the votes
  contradict is dropped and named in `extra["copies_dropped"]` of the event kept;
- votes "adopted by consensus / by acclamation" list every member as Yes: no vote was taken, so `votes` is
  empty and the rows are kept in `extra["listed_votes"]`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl

from unvotes import symbols
from unvotes.ingest._checks import ProblemLog
from unvotes.models import EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.refdata import council
from unvotes.sources import BY_KEY

SOURCE = "oliverunv_sc"
_FIELDS = "year date resolution meeting draft agenda category region submitted_by outcome vote state id status topic"
_HEADERS = (
    "Year|Date,|Resolution|Meeting|Draft|Agenda item|Category|Region|Submitted by|"
    "Outcome results|Vote|Member State|ID|Membership_Status|Topic"
)
COLUMNS = dict(zip(_FIELDS.split(), _HEADERS.split("|"), strict=True))  # field → column header, in file order
VOTES = {"Yes": Vote.YES, "No": Vote.NO, "Abstain": Vote.ABSTAIN}
OUTCOMES = {
    "Adopted unanimously": Outcome.ADOPTED,
    "Adopted by majority": Outcome.ADOPTED,
    "Adopted by consensus": Outcome.ADOPTED_WITHOUT_VOTE,
    "Adopted by acclamation": Outcome.ADOPTED_WITHOUT_VOTE,
    "Not adopted - veto": Outcome.VETOED,
    "Not adopted - failed to receive required number of votes": Outcome.REJECTED,
}
VETO = "Not adopted - veto"
EVENT_FIELDS = ("date", "resolution", "meeting", "draft", "outcome")  # the same on every row of one ID
SWAPPED_UNTIL = dt.date(2021, 3, 1)  # dates before this were stored with day and month swapped
_RESOLUTION = re.compile(r"^(?:Resolution\s+)?(?:S/RES/)?(\d+)\s*(?:\(\s*(\d{4})\s*\)?|/(\d{4}))$", re.I)
_DRAFT = re.compile(r"\bS/(\d{4})[/-](\d+)", re.I)
_MEETING = re.compile(r"^(?:S/)?PV\.?\s*(\d+)$", re.I)
_WRITTEN = re.compile(r"^V\d+$")
# anomalies that say the rows are damaged (not just missing), so a missing row cannot be read as an absence
BLOCKING = "member twice:"
NOT_MEMBER = "not a council member:"
CONTRADICTED = "outcome contradicts the votes (non-procedural rule):"


@dataclass(frozen=True)
class Row:
    """One member's vote as read, with the event fields of its row."""

    line: int
    cells: dict[str, Any]
    state: str | None
    vote: Vote | None


def parse(path: Path) -> list[VoteEvent]:
    """Every vote in the workbook, or one IngestError listing every problem."""
    log = ProblemLog(str(path))
    groups: dict[str, list[Row]] = {}
    for row in _read(path, log):
        groups.setdefault(_key(row.cells["id"]), []).append(row)
    vetoed = {_text_voted(rows) for rows in groups.values() if rows[0].cells["outcome"] == VETO}
    events = [_event(path, key, rows, log, _text_voted(rows) in vetoed) for key, rows in groups.items()]
    log.check()
    return _drop_copies([event for event in events if event is not None])


# --- reading -----------------------------------------------------------------------------------------------


def _read(path: Path, log: ProblemLog) -> list[Row]:
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # a zip, XML or format error: say so rather than crash
        log.add(None, None, f"cannot read the workbook: {error}")
        log.check()
        raise
    try:
        lines = book.worksheets[0].iter_rows(values_only=True)
        header = [str(cell).strip() if cell is not None else "" for cell in next(lines, ())]
        index = _columns(header, log)
        return [
            _row(number, values, index, log)
            for number, values in enumerate(lines, start=2)
            if _filled(values)
        ]
    finally:
        book.close()


def _columns(header: list[str], log: ProblemLog) -> dict[str, int]:
    missing = [name for name in COLUMNS.values() if name not in header]
    for name in missing:
        log.add(1, name, f"missing column {name!r} (found: {', '.join(header)})")
    log.check()
    return {field: header.index(name) for field, name in COLUMNS.items()}


def _filled(values: tuple[Any, ...]) -> bool:
    return any(value is not None and str(value).strip() for value in values)


def _row(line: int, values: tuple[Any, ...], index: dict[str, int], log: ProblemLog) -> Row:
    cells = {field: _clean(values[i]) if i < len(values) else None for field, i in index.items()}
    cells["date"] = _stored_date(cells["date"], line, log)
    if cells["id"] is None:
        log.add(line, COLUMNS["id"], "empty ID")
    if cells["outcome"] not in OUTCOMES:
        log.add(line, COLUMNS["outcome"], f"unknown outcome {cells['outcome']!r}")
    vote = log.vote(str(cells["vote"] or ""), VOTES, line, COLUMNS["vote"])
    state = _state(cells["state"], cells["date"], line, log)
    return Row(line, cells, state, vote)


def _clean(value: Any) -> Any:
    if isinstance(value, str):
        value = " ".join(value.replace("\u00a0", " ").split())
        return value or None
    return value


def _stored_date(value: Any, line: int, log: ProblemLog) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return log.date(str(value or ""), line, COLUMNS["date"])


def _state(name: Any, day: dt.date | None, line: int, log: ProblemLog) -> str | None:
    if not name:
        log.add(line, COLUMNS["state"], "empty member state")
        return None
    return log.state(str(name), line, COLUMNS["state"], on=day, scheme="name")


def _key(value: Any) -> str:
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


# --- one event -----------------------------------------------------------------------------------------------


def _text_voted(rows: list[Row]) -> tuple[Any, ...]:
    """A vote's draft, meeting and rows: a vetoed draft and its copies share them."""
    ballots = sorted((str(row.cells["state"]), str(row.cells["vote"])) for row in rows)
    return (rows[0].cells["draft"], str(rows[0].cells["meeting"]), *ballots)


class _Unreadable(Exception):
    """A value of one event was logged as a problem: the event is skipped (and the file will not load)."""


def _event(path: Path, key: str, rows: list[Row], log: ProblemLog, true_date: bool) -> VoteEvent | None:
    if not _readable(key, rows, log):
        return None
    try:
        return _build(path, key, rows, log, true_date)
    except _Unreadable:
        return None


def _build(path: Path, key: str, rows: list[Row], log: ProblemLog, true_date: bool) -> VoteEvent:
    first, stored = rows[0].cells, rows[0].cells["date"]
    anomalies: list[str] = []
    resolution_text, draft_text = first["resolution"], first["draft"]
    if isinstance(draft_text, str) and "S/RES/" in draft_text.upper():
        resolution_text, draft_text = draft_text, resolution_text
        anomalies.append("Resolution and Draft columns swapped; read the other way round")
    resolution = _resolution(resolution_text, rows[0].line, log, anomalies)
    meeting, meeting_text = _meeting(first["meeting"], rows[0].line, log)
    day = stored if true_date else _true_date(stored, anomalies)
    kind, document, amends, document_text = _draft(draft_text)
    outcome = OUTCOMES[first["outcome"]]
    votes, listed, complete = _votes(rows, day, outcome, first["outcome"], anomalies)
    extra = _extra(
        rows,
        anomalies,
        document_text=document_text,
        meeting_text=meeting_text,
        listed_votes=listed,
        date_as_stored=stored.isoformat() if stored != day else None,
    )
    return VoteEvent(
        key=key,
        organ=Organ.SC,
        date=day,
        kind=kind,
        provenance=Provenance(SOURCE, str(path), rows[0].line, url=BY_KEY[SOURCE].url),
        votes=votes,
        meeting=meeting,
        document=document,
        resolution=resolution,
        amends=amends,
        title=first["agenda"],
        agenda=first["agenda"],
        subjects=tuple(s for s in (first["topic"], first["category"]) if s),
        outcome=outcome,
        complete=complete,
        extra=extra,
    )


def _readable(key: str, rows: list[Row], log: ProblemLog) -> bool:
    """Every row of one ID must be readable and describe the same vote (an ID reused for two is a problem)."""
    ok = True
    for field in EVENT_FIELDS:
        values = {str(row.cells[field]) for row in rows}
        if len(values) > 1:
            log.add(
                rows[0].line, COLUMNS[field], f"ID {key} has rows with different values: {sorted(values)}"
            )
            ok = False
    readable = rows[0].cells["date"] is not None and rows[0].cells["outcome"] in OUTCOMES
    return ok and readable and all(row.state and row.vote for row in rows)


def _true_date(stored: dt.date, anomalies: list[str]) -> dt.date:
    """Undo the day/month swap of dates before March 2021 (only days 1–12 could be read the wrong way round)."""
    if stored.day > 12 or stored.day == stored.month:
        return stored
    swapped = dt.date(stored.year, stored.day, stored.month)
    if swapped >= SWAPPED_UNTIL:
        return stored
    anomalies.append(
        f"date stored as {stored.isoformat()} (day and month swapped); read as {swapped.isoformat()}"
    )
    return swapped


def _resolution(text: Any, line: int, log: ProblemLog, anomalies: list[str]) -> str | None:
    """The canonical resolution symbol, or None when there is none."""
    if text is None:
        return None
    if str(text).lower() == "missing":
        anomalies.append("Resolution is 'Missing'")
        return None
    found = _RESOLUTION.match(str(text))
    if not found:
        log.add(line, COLUMNS["resolution"], f"unreadable resolution symbol {text!r}")
        raise _Unreadable
    year = found.group(2) or found.group(3)
    return symbols.canonical(f"S/RES/{found.group(1)} ({year})")


def _meeting(value: Any, line: int, log: ProblemLog) -> tuple[str | None, str | None]:
    """(`S/PV.nnnn` or None, the raw text where it is not a meeting number)."""
    if value is None:
        return None, None
    if isinstance(value, int | float):
        return f"S/PV.{int(value)}", None
    found = _MEETING.match(str(value))
    if found:
        return f"S/PV.{found.group(1)}", None
    if _WRITTEN.match(str(value)):
        return None, str(value)
    log.add(line, COLUMNS["meeting"], f"unreadable meeting {value!r}")
    raise _Unreadable


def _draft(text: Any) -> tuple[EventKind, str | None, str | None, str | None]:
    """(kind, document, amends, the raw text where it is more than one symbol)."""
    if not text:
        return EventKind.DRAFT, None, None, None
    found = [f"S/{year}/{number}" for year, number in _DRAFT.findall(str(text))]
    first = found[0] if found else None
    raw = None if str(text) == first else str(text)
    lower = str(text).lower()
    if "amendment" in lower:
        return EventKind.AMENDMENT, None, first, raw
    if "amended" in lower:
        return EventKind.DRAFT_AS_AMENDED, first, None, raw
    return EventKind.DRAFT, first, None, raw


# --- votes -----------------------------------------------------------------------------------------------


def _votes(
    rows: list[Row], day: dt.date, outcome: Outcome, outcome_text: str, anomalies: list[str]
) -> tuple[dict[str, Vote], dict[str, str], bool]:
    """(votes, rows listed for a vote that was not taken, complete)."""
    votes = _distinct(rows, anomalies)
    if outcome is Outcome.ADOPTED_WITHOUT_VOTE:
        if set(votes.values()) != {Vote.YES}:
            anomalies.append(f"{outcome_text}, yet the rows show a vote: {_tally_text(votes)}")
        return {}, _listed(votes), True
    members = set(council.members_on(day))
    outsiders = sorted(votes.keys() - members)
    if outsiders:
        anomalies.append(
            f"{NOT_MEMBER} {', '.join(outsiders)}; the rows belong to another vote (see listed_votes)"
        )
        return {}, _listed(votes), False
    anomalies += _outcome_anomalies(votes, outcome_text, frozenset(council.permanent_on(day)))
    if len(votes) == 15 or _blocks_fill(anomalies):
        return votes, {}, len(votes) == 15
    for state in sorted(members - votes.keys()):
        votes[state] = Vote.NON_VOTING
    return votes, {}, True


def _listed(votes: dict[str, Vote]) -> dict[str, str]:
    return {state: vote.value for state, vote in sorted(votes.items())}


def _distinct(rows: list[Row], anomalies: list[str]) -> dict[str, Vote]:
    """One vote per member; a member listed twice keeps a vote only if both rows agree."""
    by_state: dict[str, list[Vote]] = {}
    for row in rows:
        if row.state and row.vote:
            by_state.setdefault(row.state, []).append(row.vote)
    for state, seen in by_state.items():
        if len(seen) > 1:
            anomalies.append(f"{BLOCKING} {state} has {len(seen)} rows ({', '.join(seen)})")
    return {state: seen[0] for state, seen in by_state.items() if len(set(seen)) == 1}


def _blocks_fill(anomalies: list[str]) -> bool:
    """True where the rows look damaged, so that a missing row cannot be read as an absence."""
    return any(text.startswith((BLOCKING, NOT_MEMBER, CONTRADICTED)) for text in anomalies)


def _outcome_anomalies(votes: dict[str, Vote], outcome_text: str, permanent: frozenset[str]) -> list[str]:
    """Where the printed outcome cannot follow from the rows (9 yes and no permanent no to adopt)."""
    yes = sum(vote is Vote.YES for vote in votes.values())
    veto = any(votes.get(state) is Vote.NO for state in permanent)
    passes = yes >= 9 and not veto
    wrong = {
        "Adopted unanimously": not passes or any(vote is not Vote.YES for vote in votes.values()),
        "Adopted by majority": not passes,
        "Not adopted - veto": not veto,
        "Not adopted - failed to receive required number of votes": passes,
    }[outcome_text]
    return [f"{CONTRADICTED} {outcome_text!r} with {_tally_text(votes)}"] if wrong else []


def _tally_text(votes: dict[str, Vote]) -> str:
    values = list(votes.values())
    return (
        "-".join(str(values.count(v)) for v in (Vote.YES, Vote.NO, Vote.ABSTAIN)) + f" in {len(values)} rows"
    )


def _extra(rows: list[Row], anomalies: list[str], **optional: Any) -> dict[str, Any]:
    first = rows[0].cells
    extra: dict[str, Any] = {
        "outcome_text": first["outcome"],
        "submitted_by": first["submitted_by"],
        "region": first["region"],
        "membership_status": {row.state: row.cells["status"] for row in rows if row.state},
        "rows": len(rows),
    }
    extra.update({name: value for name, value in optional.items() if value})
    if anomalies:
        extra["anomalies"] = anomalies
    return extra


def _drop_copies(events: list[VoteEvent]) -> list[VoteEvent]:
    """Two IDs with the same date, meeting, text and rows record one vote twice (IDs 75–80 copy six vetoes as
    adopted): keep the one whose outcome the votes bear out, and say on it which copy was dropped."""
    groups: dict[tuple[Any, ...], list[VoteEvent]] = {}
    for event in events:
        if event.votes:
            text = event.document or event.extra.get("document_text")
            groups.setdefault(
                (event.date, event.meeting, text, tuple(sorted(event.votes.items()))), []
            ).append(event)
    dropped: set[str] = set()
    for group in groups.values():
        wrong = [event for event in group if _contradicted(event)]
        right = [event for event in group if not _contradicted(event)]
        for event in right if len(group) > 1 and wrong and right else ():
            event.extra["copies_dropped"] = [_copy(copy) for copy in wrong]
            dropped |= {copy.key for copy in wrong}
    return [event for event in events if event.key not in dropped]


def _contradicted(event: VoteEvent) -> bool:
    return any(text.startswith(CONTRADICTED) for text in event.extra.get("anomalies", ()))


def _copy(event: VoteEvent) -> dict[str, Any]:
    return {"id": event.key, "line": event.provenance.line, "outcome_text": event.extra["outcome_text"]}
