"""The UN Digital Library voting files' layouts and the row-level checks both of their readers run.

`unvotes.ingest.undl` reads a file with the csv module, row by row; `unvotes.ingest.undl_fast` reads it with
pyarrow, column-wise. Both take the layout, the groups of rows by `undl_id`, the state spellings and the wording of
every row-level problem from here, so that they give the same groups and the same problems.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from unvotes.errors import UnknownState
from unvotes.ingest._checks import ProblemLog, parse_date
from unvotes.models import Organ, Vote
from unvotes.refdata import states

YNAX = {"Y": Vote.YES, "N": Vote.NO, "A": Vote.ABSTAIN, "X": Vote.NON_VOTING}
TOTALS = ("total_yes", "total_no", "total_abstentions", "total_non_voting")
_COMMON: tuple[str, ...] = ("undl_id", "ms_name", "date", "resolution", "draft", "meeting", "subjects")
_COMMON += ("vote_note", *TOTALS, "total_ms", "undl_link")
EVENT_FIELDS = ("date", "resolution", *TOTALS, "total_ms")  # every row of an undl_id must repeat these


@dataclass(frozen=True, eq=False)  # compared by identity: one object per layout
class Layout:
    """The columns of one official layout and the names of the columns that differ between layouts."""

    name: str
    organ: Organ
    columns: tuple[str, ...]
    code: str  # the member state's code
    vote: str  # the member state's vote
    codes: dict[str, Vote]
    title: str
    agenda: str


GA_2025 = Layout(
    "GA 2025",
    Organ.GA,
    (*_COMMON, "ms_code", "ms_vote", "session", "committee_report", "title", "agenda_title"),
    "ms_code",
    "ms_vote",
    YNAX,
    "title",
    "agenda_title",
)
GA_2024 = Layout(
    "GA 2024",
    Organ.GA,
    (*_COMMON, "ms_codes", "ms_votes", "session", "committee_report", "title", "agenda_title"),
    "ms_codes",
    "ms_votes",
    {**{k: v for k, v in YNAX.items() if k != "X"}, "NV": Vote.NON_VOTING},
    "title",
    "agenda_title",
)
SC = Layout(
    "SC",
    Organ.SC,
    (*_COMMON, "ms_code", "ms_vote", "permanent_member", "description", "agenda", "modality"),
    "ms_code",
    "ms_vote",
    YNAX,
    "description",
    "agenda",
)
LAYOUTS = {Organ.GA: (GA_2025, GA_2024), Organ.SC: (SC,)}


def find_layout(
    header: Sequence[str] | None, organ: Organ, log: ProblemLog
) -> tuple[Layout, dict[str, int]] | None:
    """The layout a header belongs to, and each column's index; a header of no layout is a problem."""
    if not header:
        log.add(1, None, "empty file: no header line")
        return None
    columns = {name.strip(): index for index, name in enumerate(header)}
    missing = {layout: [c for c in layout.columns if c not in columns] for layout in LAYOUTS[organ]}
    for layout, absent in missing.items():
        if not absent:
            return layout, columns
    closest = min(missing, key=lambda layout: len(missing[layout]))
    names = " or ".join(layout.name for layout in missing)
    log.add(
        1, None, f"header is not the {names} layout: missing {', '.join(missing[closest])} ({closest.name})"
    )
    return None


class Group:
    """The rows of one `undl_id` as read: its first row, the line of that row, and the votes by state."""

    __slots__ = ("first", "line", "signature", "votes", "rows")

    def __init__(self, first: list[str], line: int, signature: tuple[str, ...]) -> None:
        self.first = first
        self.line = line
        self.signature = signature  # the row's EVENT_FIELDS, as raw text
        self.votes: dict[str, Vote] = {}
        self.rows = 0


# --- the row-level checks: each gives (field, message) where a row fails it --------------------------------


def empty_key(key: str) -> Iterator[tuple[str, str]]:
    """An event's `undl_id` must not be blank."""
    if not key.strip():
        yield "undl_id", "empty undl_id"


def contradictions(
    key: str, mine: Sequence[str], first: Sequence[str], first_line: int
) -> Iterator[tuple[str, str]]:
    """A row must repeat its event's first row in every EVENT_FIELDS column (values in that order), as raw text."""
    for name, here, there in zip(EVENT_FIELDS, mine, first, strict=True):
        if here != there:
            yield name, f"undl_id {key}: {here!r} here, {there!r} on line {first_line}"


def twice(layout: Layout, key: str, state: str, name: str) -> tuple[str, str]:
    """A state may vote only once in an event."""
    return layout.code, f"undl_id {key}: {state} votes twice ({name!r})"


class StateCache:
    """Each distinct state spelling resolved once: by code (`undl` scheme), else by name as of the vote's date.
    An unknown spelling is a problem once, on the line where it is first seen."""

    def __init__(self, log: ProblemLog) -> None:
        self.log = log
        self.by_code: dict[str, str] = {}
        self.failed_codes: set[str] = set()
        self.by_name: dict[tuple[str, str, str], str | None] = {}
        self.reported: set[tuple[str, str]] = set()

    def code(self, code: str) -> str | None:
        """The state of a code alone (`undl` scheme), whatever the date; None where it names none."""
        if code in self.failed_codes:
            return None
        return self.by_code.get(code) or self._code(code)

    def slow(self, code: str, name: str, day: str, line: int) -> str | None:
        """The state of a row whose code is not (yet) known: by code, else by name on the row's date."""
        found = self.code(code)
        if found:
            return found
        key = (code, name, day)
        if key not in self.by_name:
            self.by_name[key] = self._name(*key, line)
        return self.by_name[key]

    def _code(self, code: str) -> str | None:
        try:
            found = self.by_code[code] = states.resolve(code, scheme="undl")
            return found
        except UnknownState:
            self.failed_codes.add(code)
            return None

    def _name(self, code: str, name: str, day: str, line: int) -> str | None:
        try:
            on = parse_date(day)
        except ValueError:
            on = None  # the bad date is reported with its event
        try:
            return states.resolve(name, on=on, scheme="name")
        except UnknownState:
            if (code, name) not in self.reported:  # once per spelling, not once per row
                self.reported.add((code, name))
                self.log.add(
                    line, "ms_name", f"unknown state: code {code!r}, name {name!r} (first seen here)"
                )
            return None
