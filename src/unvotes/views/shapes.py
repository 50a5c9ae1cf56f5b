"""The published shape of every view: what each answer holds, field by field.

Every view returns plain JSON data (str, int, float, bool, None, list, dict) of one of these shapes; the CLI, the
web app, the story writer and the fact checker all render these dicts. A field typed `X | None` is always present
and null where the record does not know it; `NotRequired` fields appear only when asked for.
"""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class Counts(TypedDict):
    """The one counts shape of every answer."""

    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int | None


class Error(TypedDict):
    type: str  # a stable machine name: not_found, bad_input, usage, store, ingest, download, unknown_state, error
    message: str
    hint: str | None


class ErrorEnvelope(TypedDict):
    error: Error


# ---- the record -----------------------------------------------------------------------------------------------


class Related(TypedDict):
    """A vote related to another: an amendment of its draft, or the draft it amends."""

    relation: str  # "amendment" | "amends"
    id: str | None  # the vote's permanent address
    symbol: str | None  # its label (resolution, else document, else roll call)
    document: str | None
    resolution: str | None
    kind: str
    date: str
    title: str | None
    outcome: str | None
    counts: Counts | None


class Source(TypedDict):
    source: str
    key: str
    file: str
    line: int | None
    version: str | None
    url: str | None
    counts: Counts
    outcome: str | None
    complete: bool
    notes: dict[str, Any]


class Disagreement(TypedDict):
    state: str
    votes: dict[str, str]  # source → vote (Y, N, A, X), best source first


class Vote(TypedDict):
    """One vote (`show`): what was voted, when, where, the counts as printed and as cast, every state's vote."""

    id: str | None
    symbol: str | None
    symbols: list[str]
    organ: str
    date: str
    session: str | None
    meeting: str | None
    document: str | None
    resolution: str | None
    kind: str
    amends: str | None
    title: str | None
    counts: Counts | None  # as printed by the best source that prints them
    tally: Counts  # as cast: the per-state votes added up
    outcome: str | None
    complete: bool  # every member of the organ that day has a vote
    votes: dict[str, str]  # state id → Y, N, A, X
    related: list[Related]
    sources: list[Source]
    disagreements: list[Disagreement]
    symbol_inferred: str | None  # the source's note where it assigned the symbol to the counts by inference


class VotedWith(TypedDict):
    """The states that voted as one state did on one vote (`with`)."""

    id: str | None
    symbol: str
    date: str
    state: str
    vote: str
    states: list[str]


class StateVote(TypedDict):
    id: str | None
    symbol: str
    date: str
    organ: str
    kind: str
    title: str | None
    vote: str
    outcome: str | None
    source: str
    state: str
    lineage: NotRequired[str | None]  # with --lineage: "SUN (predecessor of RUS)" on a predecessor's vote


class StateVotes(TypedDict):
    """How one state voted, vote by vote (`votes`); the CLI's --json prints `votes`."""

    state: str
    since: str | None
    until: str | None
    organ: str | None
    topic: str | None
    votes: list[StateVote]


class Day(TypedDict):
    """Every vote of one day (`day`), in the order they were taken; the CLI's --json prints `votes`."""

    date: str
    with_state: str | None
    votes: list[Vote]


class Hit(TypedDict):
    id: str | None
    symbol: str | None
    record_id: int
    date: str
    organ: str
    kind: str
    resolution: str | None
    document: str | None
    title: str | None
    outcome: str | None


class Search(TypedDict):
    """Votes whose title, agenda item or subjects mention the words (`search`); the CLI's --json prints `hits`."""

    words: str
    limit: int
    hits: list[Hit]


class OrganYear(TypedDict):
    organ: str
    year: int
    records: int


class SourceFile(TypedDict):
    source: str
    title: str
    file: str
    version: str | None
    events: int
    votes: int
    imported_at: str
    terms: str | None
    url: str | None
    citation: str | None


class TallyMismatch(TypedDict):
    source: str
    key: str
    symbol: str | None
    date: str
    printed: list[int | None]
    per_state: list[int]


class Written(TypedDict):
    """What a build, an import, an update or a removal wrote (`--json` of those commands)."""

    database: str
    files: list[str]
    inserted: int
    updated: int
    unchanged: int
    removed: int
    votes: int
    records: int
    already: dict[str, str]  # a file given → the file with the same bytes imported before


class Stats(TypedDict):
    """What the record holds (`stats`)."""

    records: int
    events: int
    votes: int
    per_organ_year: list[OrganYear]
    sources: list[SourceFile]
    disagreements: int
    disagreements_by_source: dict[str, int]
    tally_mismatches: list[TallyMismatch]
    gaps: list[str]


class AboutSource(TypedDict):
    source: str
    title: str
    url: str
    terms: str
    precedence: int
    version: str | None


class About(TypedDict):
    """The sources of the record (`about`); the CLI's --json prints `sources`."""

    sources: list[AboutSource]
    notice: str


class StateName(TypedDict):
    name: str
    valid_from: str | None
    valid_to: str | None


class StateSummary(TypedDict):
    organ: str
    votes: int
    first: str | None
    last: str | None
    counts: Counts


class StateProfile(TypedDict):
    """One member state: its identity, names over time, successions, and its votes in the record."""

    state: str
    name: str
    admitted: str | None
    ended: str | None
    names: list[StateName]
    predecessors: list[str]
    successors: list[str]
    by_organ: list[StateSummary]
    latest: list[StateVote]


# ---- the rules ------------------------------------------------------------------------------------------------


class Decision(TypedDict):
    """A vote decided by the rules (`decide`): the arithmetic, the threshold, the legal basis, an explanation."""

    organ: str
    question: str
    tally: Counts
    outcome: str
    threshold: str
    required: int
    negative_permanent: list[str]
    vetoed_by: list[str]
    insufficient_votes: bool
    basis: list[str]
    flags: list[str]
    explanation: str
    symbol: str | None  # the recorded vote decided, when one was named
    recorded: str | None  # its recorded outcome


class ReplayStep(TypedDict):
    step: int
    id: str | None  # the vote's address in the record (a day replayed from the record); None from a file
    kind: str
    document: str
    question: str
    voted: bool
    outcome: str | None
    decided: bool
    recorded: str | None
    agrees: bool | None
    why: str
    text_after: str
    explanation: str


class Replay(TypedDict):
    """A voting sequence replayed step by step (`replay`)."""

    organ: str
    date: str
    meeting: str | None
    order_basis: str
    agrees: bool
    steps: list[ReplayStep]
    summary: str


class Finding(TypedDict):
    id: str | None  # the vote's address in the record
    symbol: str
    organ: str
    date: str
    tally: Counts
    negative_permanent: list[str]
    recorded: str
    decided: str
    cause: str
    sources: list[str]
    explanation: str


class Audit(TypedDict):
    """Every recorded vote decided (`audit`), disagreements listed by cause."""

    decided: int
    agree: int
    disagree: int
    skipped: dict[str, int]
    by_cause: dict[str, int]
    causes: dict[str, str]
    findings: list[Finding]


class ListedCounts(TypedDict):
    yes: int
    no: int
    abstain: int
    absent: int


class StatedeptDifference(TypedDict):
    """One difference between a State Department list and the record: `kind` tally, us_vote, unmatched,
    not_selected (listed, not among the record's votes of the year) or not_listed; `cause` a key of `causes`."""

    kind: str
    symbol: str | None  # as listed (canonical)
    id: str | None  # the record's vote id
    date: str | None
    printed: ListedCounts | None
    record: ListedCounts | None
    us_printed: str | None
    us_record: str | None
    cause: str
    note: str | None
    sources: list[str]


class StatedeptAudit(TypedDict):
    """A year's State Department list against the record (`audit --statedept YEAR`)."""

    year: int
    listed: int
    matched: int
    selected: int  # the record's final GA votes of the year adopted with a recorded vote
    tally_agrees: int
    us_agrees: int
    by_cause: dict[str, int]
    causes: dict[str, str]
    differences: list[StatedeptDifference]


# ---- the analysis ---------------------------------------------------------------------------------------------


class CoincidenceRow(TypedDict):
    state: str
    same: int
    opposite: int
    partial: int
    absent: int
    votes: int  # same + opposite + partial + absent
    percent: float | None  # one decimal, as the report prints it


class Erratum(TypedDict):
    """Votes the report's table scores otherwise than they were cast (`refdata/data/statedept_errata.csv`)."""

    ids: list[str]  # the votes' ids in the record
    year: int
    symbols: list[str]
    states: list[str]
    scored_as: str  # a vote letter for each state named, or "next": each takes the next state's vote
    evidence: str


class Coincidence(TypedDict):
    """Voting coincidence with one state (`coincidence`); the CLI's --json prints `rows`. `rule` is the report's
    definition applied ("yes-no", "2017", "2019", "2020", "2021", "2022"); `basis` "list" (the year's State
    Department list) or "rule" (final GA votes adopted with a recorded vote); `unmatched` the listed symbols no
    record matches; `errata` the votes scored as the report's table scores them (empty with `as_recorded`)."""

    state: str
    year: int
    method: str
    rule: str
    important: bool
    basis: str
    votes: int
    unmatched: list[str]
    errata: list[Erratum]
    rows: list[CoincidenceRow]


class CheckedCounts(TypedDict):
    same: int | None
    opposite: int | None
    partial: int | None
    absent: int | None
    percent: float | None
    line: NotRequired[int]  # the printed row's line in the table


class CheckedRow(TypedDict):
    state: str
    ours: CheckedCounts
    printed: CheckedCounts
    gap: float | None  # ours - printed, in points
    within_one_point: bool
    identical: bool  # same, opposite and partial as printed
    absent_identical: bool


class CoincidenceCheck(TypedDict):
    """The year's coincidence against a published table (`coincidence --against`): how many states compared,
    within one point, identical; the states on one side only; every compared row, worst first."""

    state: str
    year: int
    rule: str
    basis: str
    votes: int
    errata: list[Erratum]
    table: str
    compared: int
    within_one_point: int
    identical: int
    absent_identical: int
    only_printed: list[str]
    only_ours: list[str]
    rows: list[CheckedRow]


class Period(TypedDict):
    period: int | str | None
    score: float
    n: int
    lineage: NotRequired[str | None]  # with --lineage: the predecessors whose votes the period counts


class Agreement(TypedDict):
    """How often two states or blocs voted alike (`agreement`), overall and per period."""

    a: str
    b: str
    by: str
    score: float | None
    votes: int
    series: list[Period]


class Split(TypedDict):
    id: str | None
    symbol: str | None
    date: str
    title: str | None
    a: str  # Y, N or A
    b: str


class Compare(TypedDict):
    """Two states or blocs side by side: agreement over time and the votes on which they split."""

    a: str
    b: str
    by: str
    score: float | None
    votes: int
    series: list[Period]
    splits: list[Split]


class Ally(TypedDict):
    state: str
    score: float
    n: int


class Allies(TypedDict):
    """A state's closest allies and farthest opponents (`allies`)."""

    state: str
    allies: list[Ally]
    opponents: list[Ally]


class Defector(TypedDict):
    state: str
    defections: int


class BlocRow(TypedDict):
    bloc: str
    name: str
    members: int
    votes: int
    cohesion: float | None
    majority_share: float | None
    top_defectors: list[Defector]


class Overlap(TypedDict):
    bloc: str
    jaccard: float


class Cluster(TypedDict):
    name: str | None
    jaccard: float
    overlaps: list[Overlap]
    size: int
    silhouette: float
    states: list[str]


class Blocs(TypedDict):
    """Cohesion of the reference blocs in a year (`blocs`), and clusters when asked for."""

    year: int
    blocs: list[BlocRow]
    clusters: NotRequired[list[Cluster]]


class IdealPoint(TypedDict):
    state: str
    session: str | None
    year: NotRequired[int]
    ideal_point: float | None
    se: float | None


class IdealPoints(TypedDict):
    """Ideal points (`ideal-points`); the CLI's --json prints `rows`."""

    by: str
    dynamic: bool
    rows: list[IdealPoint]


class ShiftVote(TypedDict):
    id: str | None
    symbol: str | None
    date: str
    session: str | None
    title: str | None
    vote: str | None


# "from" is a Python keyword: the functional syntax names it.
Turnaround = TypedDict(
    "Turnaround",
    {
        "state": str,
        "change": str,
        "from": str,
        "to": str,
        "rule": str,
        "before": ShiftVote,
        "after": ShiftVote,
    },
)


class ChangeVote(TypedDict):
    id: str | None
    symbol: str | None
    date: str
    title: str | None
    a: str | None
    b: str | None
    agreement: float | None


class Level(TypedDict):
    score: float
    n: int
    periods: list[Any]


class ChangePoint(TypedDict):
    index: int
    before: Level
    after: Level
    gain: float
    votes: list[ChangeVote]


class Shifts(TypedDict):
    """A state's turnarounds (`shifts`), and the change points of its agreement with another when asked for."""

    state: str
    turnarounds: list[Turnaround]
    change_points: NotRequired[list[ChangePoint]]
