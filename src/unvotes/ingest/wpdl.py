"""The World Politics Data Lab's list of Security Council vetoes, 1946 – 15 Sep 2022 (`raw/wpdl_vetoes/*.csv`).

One row per vetoed draft: `date` (M/D/YYYY), `draft`, `meeting_record`, `agenda_item`, `crisis_topic`, `region`,
the vetoing members `member_veto1..3` ("USSR", "USA", "UK", "France", "China", "Russia"), then 0/1 indicator
columns per member (`China` … `UK`) and per combination (`russia_china`, `usa_uk`, `usa_france`, `usa_france_uk`,
`france_uk`). It names only the vetoing members, so each event holds their "no" votes and is incomplete.

- `draft` is the draft's symbol, sometimes with a note (`S/3713/Rev.1 (as amended)`, `S/471 and S/471/Add.1`);
  the first symbol is the `document`, and a draft "as amended" is a `DRAFT_AS_AMENDED` event. Early rows give only a meeting record (`S/PV.49`): no document. The raw
  text is kept in `extra["draft"]`.
- `meeting_record` is a meeting (`S/PV.8274`) except in 2020, when the Council voted by letter: then it lists the
  letters (`extra["letters"]`) and `meeting` is None.
- Several drafts can share a date and a draft label (three vetoes at S/PV.49 on 26 June 1946), so the key
  `date:draft` gets `#2`, `#3` in file order.
- The indicator columns must agree with `member_veto1..3`; a member counts as flagged when its own column or one of
  its combination columns is 1 (rows 111–124 flag France only through `usa_france_uk`). On 17 rows (1966–1980)
  every indicator is 0: they were never filled in, which is recorded as `extra["flags_missing"]`, not a problem.
  Any positive number counts as 1 (row 96, S/10928, has `usa_uk` = 2).
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from unvotes.ingest._checks import ProblemLog
from unvotes.models import EventKind, Organ, Outcome, Provenance, Vote, VoteEvent
from unvotes.sources import BY_KEY

SOURCE = "wpdl_vetoes"
VETOERS = ("China", "France", "Russia", "USSR", "USA", "UK")  # the labels, which are also indicator columns
COMBINATIONS = {
    "russia_china": ("Russia", "China"),
    "usa_uk": ("USA", "UK"),
    "usa_france": ("USA", "France"),
    "usa_france_uk": ("USA", "France", "UK"),
    "france_uk": ("France", "UK"),
}
NAMED = ("member_veto1", "member_veto2", "member_veto3")
COLUMNS: tuple[str, ...] = (
    "date",
    "draft",
    "meeting_record",
    "agenda_item",
    "crisis_topic",
    "region",
    *NAMED,
)
COLUMNS += (*VETOERS, *COMBINATIONS)
_AMENDED = re.compile(r"as amended|incorporating the amendment", re.IGNORECASE)
_SYMBOL = re.compile(r"S/(?!PV\.)[A-Za-z0-9./-]*\d")


def parse(path: Path) -> list[VoteEvent]:
    """One event per row (a vetoed draft); every problem of the file is raised at once."""
    log = ProblemLog(str(path))
    events = [event for line, row in _rows(path, log) if (event := _event(row, line, path, log))]
    log.check()
    return _numbered(events)


def _rows(path: Path, log: ProblemLog) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows with the line each starts on (a quoted field may span lines); a missing column stops here."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for name in COLUMNS:
            if name not in (reader.fieldnames or []):
                log.add(1, name, f"missing column {name!r}")
        log.check()
        last = reader.line_num
        for row in reader:
            if None in row or None in row.values():
                log.add(
                    last + 1,
                    None,
                    f"{len(row.get(None) or []) + sum(v is not None for v in row.values())}"
                    f" fields, expected {len(reader.fieldnames or [])}: a row cut short or split?",
                )
            else:
                yield last + 1, row
            last = reader.line_num


def _numbered(events: list[VoteEvent]) -> list[VoteEvent]:
    """Keys `date:draft`, with `#2`, `#3` for later rows with the same date and draft."""
    seen: dict[str, int] = {}
    for index, event in enumerate(events):
        seen[event.key] = count = seen.get(event.key, 0) + 1
        if count > 1:
            events[index] = VoteEvent(**{**event.__dict__, "key": f"{event.key}#{count}"})
    return events


def _event(row: dict[str, str], line: int, path: Path, log: ProblemLog) -> VoteEvent | None:
    day = log.date(row["date"], line, "date")
    states = [state for name in NAMED if (state := _vetoer(row, name, line, day, log))]
    flags_missing = _check_flags(row, line, log)
    if not any(row[name].strip() for name in NAMED):
        log.add(line, NAMED[0], "no vetoing member")
    if day is None or not states:
        return None
    draft = " ".join(row["draft"].split())
    return VoteEvent(
        key=f"{day.isoformat()}:{draft}",
        organ=Organ.SC,
        date=day,
        provenance=Provenance(SOURCE, str(path), line, url=BY_KEY[SOURCE].url),
        votes=dict.fromkeys(states, Vote.NO),
        agenda=" ".join(row["agenda_item"].split()) or None,
        outcome=Outcome.VETOED,
        complete=False,
        **_texts(draft, row, flags_missing),
    )


def _texts(draft: str, row: dict[str, str], flags_missing: bool) -> dict[str, Any]:
    """The fields read from the draft and meeting texts: kind, document, meeting, and the notes in extra."""
    found, meeting = _SYMBOL.match(draft), row["meeting_record"].split()
    is_meeting = len(meeting) == 1 and meeting[0].startswith("S/PV.")
    extra = {"draft": draft, "crisis_topic": row["crisis_topic"].strip(), "region": row["region"].strip()}
    return {
        "kind": EventKind.DRAFT_AS_AMENDED if _AMENDED.search(draft) else EventKind.DRAFT,
        "document": found.group(0) if found else None,
        "meeting": meeting[0] if is_meeting else None,
        "extra": extra
        | ({"flags_missing": True} if flags_missing else {})
        | ({} if is_meeting else {"letters": meeting}),
    }


def _vetoer(row: dict[str, str], name: str, line: int, day: dt.date | None, log: ProblemLog) -> str | None:
    """The state of one `member_veto` cell as of the day (USSR before 24 Dec 1991, Russia after)."""
    label = row[name].strip()
    if label and label not in VETOERS:
        log.add(line, name, f"unknown vetoing member {label!r} (expected one of {', '.join(VETOERS)})")
        return None
    return log.state(label, line, name, on=day) if label and day is not None else None


def _check_flags(row: dict[str, str], line: int, log: ProblemLog) -> bool:
    """Whether the indicator columns were left unfilled (all 0); a disagreement with the names is a problem."""
    flagged = _flagged(row, line, log)
    named = {row[name].strip() for name in NAMED} - {""}
    if flagged and flagged != named:
        message = f"indicator columns flag {sorted(flagged)}, member_veto1..3 name {sorted(named)}"
        log.add(line, sorted(flagged ^ named)[0], message)
    return not flagged


def _flagged(row: dict[str, str], line: int, log: ProblemLog) -> set[str]:
    """The members the indicator columns flag, through their own column or a combination column."""
    values = {name: row[name].strip() for name in (*VETOERS, *COMBINATIONS)}
    for name, value in values.items():
        if not value.isdigit():
            log.add(line, name, f"bad indicator {value!r} (expected 0 or 1)")
    on = {name for name, value in values.items() if value.isdigit() and int(value) > 0}
    return {name for name in VETOERS if name in on}.union(
        *(COMBINATIONS[name] for name in COMBINATIONS if name in on)
    )
