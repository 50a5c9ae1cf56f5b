"""The whole record as files, for researchers and other tools: Popolo JSON, Parquet, CSV, or the CSVs of the unvotes
R package. `docs/export.md` describes every file and how the record maps onto each format.

Files are written into a temporary folder beside `out` and renamed into place at the end: a failure leaves no
half-written export, and an existing non-empty folder is replaced only when asked (`force`). The rows come from a
`Source` (`unvotes.store.export.Tables` over a connection), which holds the SQL; this module shapes and writes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, Protocol

from unvotes.errors import UnvotesError
from unvotes.models import VOTE_WORDS

FORMATS = ("popolo", "parquet", "csv", "unvotes-r")
TABLES = ("votes", "roll_calls", "states")  # the Parquet and CSV files, one per table
CHUNK = 500  # records per read while writing Popolo vote events

Progress = Callable[[str, int, int], None]  # (file being written, steps done, steps in all)


class ExportError(UnvotesError):
    """An export that cannot be written where it was asked to go."""


class Source(Protocol):
    """What an export reads: `unvotes.store.export.Tables` is the one implementation."""

    def copy(self, table: str, path: Path, file_format: str) -> int: ...
    def copy_r_votes(
        self, path: Path, names: Sequence[tuple[str, dt.date | None, dt.date | None, str, str | None]]
    ) -> int: ...
    def copy_r_issues(self, path: Path, issues: Sequence[tuple[str, str]]) -> int: ...
    def record_ids(self) -> list[int]: ...
    def vote_events(self, record_ids: Sequence[int]) -> list[dict[str, Any]]: ...
    def organs(self) -> list[dict[str, Any]]: ...
    def states(self) -> list[dict[str, Any]]: ...
    def sc_seats(self) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class FileWritten:
    """One file of an export: where it ended up, its rows (records, votes, objects) and its size."""

    path: Path
    rows: int
    bytes: int


@dataclass(frozen=True)
class Export:
    """What an export wrote."""

    format: str
    out: Path
    files: list[FileWritten]

    def as_dict(self) -> dict[str, Any]:
        """The `--json` answer: format, folder, and each file's path, rows and bytes."""
        files = [{"path": str(f.path), "rows": f.rows, "bytes": f.bytes} for f in self.files]
        return {"format": self.format, "out": str(self.out), "files": files}


def default_out(file_format: str) -> Path:
    """Where an export goes unless told: `./unvotes-export-<format>/`."""
    return Path(f"unvotes-export-{file_format}")


def write(
    source: Source, file_format: str, out: Path, progress: Progress | None = None, force: bool = False
) -> list[Path]:
    """Write the record in `file_format` into the folder `out`; the files written."""
    return [f.path for f in export(source, file_format, out, progress, force).files]


def export(
    source: Source, file_format: str, out: Path, progress: Progress | None = None, force: bool = False
) -> Export:
    """Write the record in `file_format` into the folder `out`, atomically; what was written."""
    if file_format not in FORMATS:
        raise ExportError(
            f"unknown export format {file_format!r}", hint=f"Choose one of {', '.join(FORMATS)}."
        )
    _check_out(out, force)
    out.parent.mkdir(parents=True, exist_ok=True)
    temporary = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=out.parent))
    temporary.chmod(0o777 & ~_umask())  # a folder as `mkdir` makes it, not private as `mkdtemp` does
    try:
        counts = _WRITERS[file_format](source, temporary, progress or _quiet)
        _replace(temporary, out)
    except BaseException:
        shutil.rmtree(temporary, ignore_errors=True)
        raise
    files = [FileWritten(out / name, rows, (out / name).stat().st_size) for name, rows in counts.items()]
    return Export(file_format, out, files)


def _umask() -> int:
    """The process's file-mode mask (read by setting it, then put back)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _quiet(step: str, done: int, total: int) -> None:
    """No progress report."""


def _check_out(out: Path, force: bool) -> None:
    """Refuse a file, and a non-empty folder unless `force`."""
    if out.exists() and not out.is_dir():
        raise ExportError(
            f"{out} is a file, not a folder", hint="Give --out a folder to write the export into."
        )
    if out.is_dir() and any(out.iterdir()) and not force:
        raise ExportError(
            f"{out} is not empty; nothing was written",
            hint="Pass --force to replace its contents, or choose another --out folder.",
        )


def _replace(temporary: Path, out: Path) -> None:
    """Move the finished export into place; an existing folder goes only once the new one is there."""
    if not out.exists():
        os.rename(temporary, out)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
    os.rename(out, old / out.name)
    try:
        os.rename(temporary, out)
    except BaseException:
        os.rename(old / out.name, out)  # put the old folder back
        raise
    finally:
        shutil.rmtree(old, ignore_errors=True)


# --- Parquet and CSV ---------------------------------------------------------------------------------------------


def _steps(steps: Mapping[str, Callable[[Path], int]], folder: Path, progress: Progress) -> dict[str, int]:
    """Write each file name of `steps` into `folder` with its writer, reporting progress; the rows of each."""
    counts = {}
    for done, (name, step) in enumerate(steps.items()):
        progress(name, done, len(steps))
        counts[name] = step(folder / name)
    progress("", len(steps), len(steps))
    return counts


def _tables(source: Source, folder: Path, progress: Progress, file_format: str) -> dict[str, int]:
    """One file per table (`TABLES`), copied by the database."""
    suffix = "parquet" if file_format == "parquet" else "csv"
    steps = {f"{table}.{suffix}": partial(source.copy, table, file_format=file_format) for table in TABLES}
    return _steps(steps, folder, progress)


def _parquet(source: Source, folder: Path, progress: Progress) -> dict[str, int]:
    return _tables(source, folder, progress, "parquet")


def _csv(source: Source, folder: Path, progress: Progress) -> dict[str, int]:
    return _tables(source, folder, progress, "csv")


# --- unvotes R package ---------------------------------------------------------------------------------------------

# Where the R package names a state otherwise than the record (its `country`, `country_code`): state id, from, to
# (exclusive; None = open), name, ISO2-like code (None where the package has NA). Every other state goes by its own
# name and ISO2 code. Read off the package's `un_votes`; Germany and Yemen change name with session 46 (1991).
R_NAMES: tuple[tuple[str, dt.date | None, dt.date | None, str, str | None], ...] = (
    ("ATG", None, None, "Antigua & Barbuda", "AG"),
    ("BIH", None, None, "Bosnia & Herzegovina", "BA"),
    ("BOL", None, None, "Bolivia", "BO"),
    ("BRN", None, None, "Brunei", "BN"),
    ("CHN", None, dt.date(1971, 10, 25), "Taiwan", "TW"),
    ("CIV", None, None, "Côte d’Ivoire", "CI"),
    ("COD", None, None, "Congo - Kinshasa", "CD"),
    ("COG", None, None, "Congo - Brazzaville", "CG"),
    ("CPV", None, None, "Cape Verde", "CV"),
    ("DEU", None, dt.date(1991, 1, 1), "Federal Republic of Germany", None),
    ("DEU", dt.date(1991, 1, 1), None, "Germany", "DE"),
    ("GBR", None, None, "United Kingdom", "GB"),
    ("IRN", None, None, "Iran", "IR"),
    ("KNA", None, None, "St. Kitts & Nevis", "KN"),
    ("KOR", None, None, "South Korea", "KR"),
    ("LAO", None, None, "Laos", "LA"),
    ("LCA", None, None, "St. Lucia", "LC"),
    ("MDA", None, None, "Moldova", "MD"),
    ("MMR", None, None, "Myanmar (Burma)", "MM"),
    ("NLD", None, None, "Netherlands", "NL"),
    ("PRK", None, None, "North Korea", "KP"),
    ("RUS", None, None, "Russia", "RU"),
    ("SRB", None, None, "Yugoslavia", "YU"),
    ("STP", None, None, "São Tomé & Príncipe", "ST"),
    ("SUN", None, None, "Russia", "RU"),
    ("SYR", None, None, "Syria", "SY"),
    ("TTO", None, None, "Trinidad & Tobago", "TT"),
    ("TUR", None, None, "Turkey", "TR"),
    ("TZA", None, None, "Tanzania", "TZ"),
    ("USA", None, None, "United States", "US"),
    ("VCT", None, None, "St. Vincent & Grenadines", "VC"),
    ("VEN", None, None, "Venezuela", "VE"),
    ("VNM", None, None, "Vietnam", "VN"),
    ("YEM", None, dt.date(1991, 1, 1), "Yemen Arab Republic", None),
    ("YEM", dt.date(1991, 1, 1), None, "Yemen", "YE"),
    ("YMD", None, None, "Yemen People's Republic", "YD"),
    ("YUG", None, None, "Yugoslavia", "YU"),
)

# Voeten's issue codes, as the R package's `un_roll_call_issues` names them.
R_ISSUES = (
    ("co", "Colonialism"),
    ("di", "Arms control and disarmament"),
    ("ec", "Economic development"),
    ("hr", "Human rights"),
    ("me", "Palestinian conflict"),
    ("nu", "Nuclear weapons and nuclear material"),
)

R_FILES = ("un_votes.csv", "un_roll_calls.csv", "un_roll_call_issues.csv")


def _unvotes_r(source: Source, folder: Path, progress: Progress) -> dict[str, int]:
    """The R package's three tables, GA plenary roll calls only."""
    steps: dict[str, Callable[[Path], int]] = {
        "un_votes.csv": lambda path: source.copy_r_votes(path, R_NAMES),
        "un_roll_calls.csv": lambda path: source.copy("un_roll_calls", path, "csv"),
        "un_roll_call_issues.csv": lambda path: source.copy_r_issues(path, R_ISSUES),
    }
    return _steps(steps, folder, progress)


# --- Popolo -------------------------------------------------------------------------------------------------------

POPOLO_FILES = ("vote_events.json", "motions.json", "organizations.json", "memberships.json")
OPTIONS = VOTE_WORDS  # the record's votes as Popolo vote options
RESULTS = {"adopted": "pass", "adopted without a vote": "pass", "rejected": "fail", "vetoed": "fail"}
CLASSIFICATIONS = {
    "draft resolution": "resolution",
    "draft as amended": "resolution as amended",
    "amendment": "amendment",
    "paragraph": "paragraph",
    "motion": "procedural motion",
    "election": "election",
}
REQUIREMENTS = {
    "two-thirds": "two-thirds majority of the members present and voting",
    "SC-nonprocedural": "nine affirmative votes including the concurring votes of the permanent members",
}
STATE_IDENTIFIERS = (
    ("iso3", "ISO 3166-1 alpha-3"),
    ("iso2", "ISO 3166-1 alpha-2"),
    ("m49", "UN M49"),
    ("cow", "Correlates of War"),
    ("undl_code", "UN Digital Library"),
)


def _popolo(source: Source, folder: Path, progress: Progress) -> dict[str, int]:
    """Vote events (streamed a chunk of records at a time), their motions, and the organs and states."""
    ids = source.record_ids()
    chunks = [ids[i : i + CHUNK] for i in range(0, len(ids), CHUNK)]
    total = len(chunks) + 1
    motions: list[dict[str, Any]] = []

    def events() -> Iterator[dict[str, Any]]:
        for done, chunk in enumerate(chunks):
            progress("vote_events.json", done, total)
            for row in source.vote_events(chunk):
                motions.append(motion(row))
                yield vote_event(row)

    counts = {"vote_events.json": _json_array(folder / "vote_events.json", events())}
    progress("motions.json", len(chunks), total)
    counts["motions.json"] = _json_array(folder / "motions.json", motions)
    states = source.states()
    organizations = [UN, *map(organ, source.organs()), *map(state, states)]
    counts["organizations.json"] = _json_array(folder / "organizations.json", organizations)
    counts["memberships.json"] = _json_array(
        folder / "memberships.json", memberships(states, source.sc_seats())
    )
    progress("", total, total)
    return counts


def motion_id(vote_id: str) -> str:
    """A motion's id: the id of the vote on it, marked as a motion."""
    return f"motion:{vote_id}"


def vote_event(row: Mapping[str, Any]) -> dict[str, Any]:
    """A Popolo VoteEvent: one record, its counts and every state's vote."""
    found = {
        "id": row["vote_id"],
        "identifier": row["resolution"] or row["document"],
        "motion_id": motion_id(row["vote_id"]),
        "organization_id": row["organ"],
        "start_date": row["date"],
        "result": RESULTS.get(row["outcome"] or ""),
        "counts": counts(row["counts"], row["votes"]),
        "votes": [
            {"voter_id": voter, "option": OPTIONS[vote]}
            for voter, vote in zip(row["voters"], row["votes"], strict=True)
        ],
        "sources": [_link(s) for s in row["sources"]],
    }
    return {key: value for key, value in found.items() if value is not None}


def counts(printed: Sequence[int | None] | None, votes: Iterable[str]) -> list[dict[str, Any]]:
    """Popolo counts: the counts a source prints where one does (an unknown one left out), else the tally of the
    per-state votes, else none."""
    if printed is None:
        tally = list(votes)
        if not tally:  # adopted without a vote, or a vote whose counts and votes no source gives
            return []
        printed = [tally.count(code) for code in OPTIONS]
    return [
        {"option": option, "value": value}
        for option, value in zip(OPTIONS.values(), printed, strict=True)
        if value is not None
    ]


def _link(event: Mapping[str, Any]) -> dict[str, Any]:
    """A Popolo Link to a source of a vote: its address, and the file and line the record read."""
    line = f", line {event['line']}" if event["line"] else ""
    return {"url": event["url"], "note": f"{event['title']}: {Path(event['file']).name}{line}"}


def motion(row: Mapping[str, Any]) -> dict[str, Any]:
    """A Popolo Motion: what one record put to the vote."""
    found = {
        "id": motion_id(row["vote_id"]),
        "organization_id": row["organ"],
        "identifier": row["document"] or row["resolution"],
        "text": row["title"],
        "classification": CLASSIFICATIONS.get(row["kind"], row["kind"]),
        "date": row["date"],
        "requirement": REQUIREMENTS.get(row["requirement"] or ""),
        "result": RESULTS.get(row["outcome"] or ""),
        "vote_events": [row["vote_id"]],
    }
    return {key: value for key, value in found.items() if value is not None}


def organ(row: Mapping[str, Any]) -> dict[str, Any]:
    """A Popolo Organization for an organ of the UN (the GA's Main Committees under the GA)."""
    found = {"id": row["organ"], "name": row["name"], "classification": "chamber", "parent_id": "UN"}
    if row["organ"].startswith("GA-"):
        found |= {"classification": "committee", "parent_id": "GA"}
    return found


def state(row: Mapping[str, Any]) -> dict[str, Any]:
    """A Popolo Organization of classification "state" for a member state, the voter of the vote events."""
    identifiers = [
        {"scheme": scheme, "identifier": str(row[key])} for key, scheme in STATE_IDENTIFIERS if row[key]
    ]
    other_names = [{k: v for k, v in n.items() if v is not None} for n in row["names"]]
    return {
        "id": row["state_id"],
        "name": row["name"],
        "classification": "state",
        "identifiers": identifiers,
        "other_names": other_names,
    }


UN = {"id": "UN", "name": "United Nations", "classification": "international organization"}


def memberships(
    states: Iterable[Mapping[str, Any]], seats: Iterable[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """Popolo Memberships: each state's membership of the UN, and its seats on the Security Council (end dates
    exclusive, as in the record)."""
    found = [
        _membership(s["state_id"], "UN", "member state", s["admitted"], s["ended"])
        for s in states
        if s["admitted"]
    ]
    found += [
        _membership(
            s["state_id"],
            "SC",
            "permanent member" if s["permanent"] else "elected member",
            s["seat_from"],
            s["seat_to"],
        )
        for s in seats
    ]
    return found


def _membership(state_id: str, organization: str, role: str, start: str, end: str | None) -> dict[str, Any]:
    found = {
        "id": f"membership:{organization}:{state_id}:{start}",
        "member": {"@type": "Organization", "id": state_id},
        "organization_id": organization,
        "role": role,
        "start_date": start,
        "end_date": end,
    }
    return {key: value for key, value in found.items() if value is not None}


def _json_array(path: Path, items: Iterable[Mapping[str, Any]]) -> int:
    """Write a JSON array one object a line, as the items come; the number of objects."""
    written = 0
    with path.open("w", encoding="utf-8") as handle:
        handle.write("[")
        for item in items:
            handle.write(",\n" if written else "\n")
            handle.write(json.dumps(item, ensure_ascii=False, separators=(",", ":")))
            written += 1
        handle.write("\n]\n")
    return written


_WRITERS: dict[str, Callable[[Source, Path, Progress], dict[str, int]]] = {
    "popolo": _popolo,
    "parquet": _parquet,
    "csv": _csv,
    "unvotes-r": _unvotes_r,
}
