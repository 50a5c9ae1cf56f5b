"""Vocabularies and records shared by the parsers, the store, the CLI and the docs.

Every other module speaks these words: a parser yields `VoteEvent`s, the store writes them, the CLI prints them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Vote(StrEnum):
    """One member's vote on one question (research.un.org voting guide)."""

    YES = "Y"
    NO = "N"
    ABSTAIN = "A"
    NON_VOTING = "X"  # present and not voting, or absent


VOTE_WORDS: dict[str, str] = {
    Vote.YES: "yes",
    Vote.NO: "no",
    Vote.ABSTAIN: "abstain",
    Vote.NON_VOTING: "absent",
}
"""Each vote as a word, as the pages, the story, the exports and the API write it."""


class Organ(StrEnum):
    GA = "GA"  # General Assembly plenary
    SC = "SC"  # Security Council
    GA_C1 = "GA-C1"  # GA First Committee (and so on, where a source has committee votes)
    GA_C2 = "GA-C2"
    GA_C3 = "GA-C3"
    GA_C4 = "GA-C4"
    GA_C5 = "GA-C5"
    GA_C6 = "GA-C6"


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    VETOED = "vetoed"  # failed only because a permanent member voted no
    ADOPTED_WITHOUT_VOTE = "adopted without a vote"


class EventKind(StrEnum):
    """What a vote event decided."""

    DRAFT = "draft resolution"  # a draft resolution or decision put to the vote as a whole
    DRAFT_AS_AMENDED = "draft as amended"
    AMENDMENT = "amendment"
    PARAGRAPH = "paragraph"  # a separate vote on part of a text
    MOTION = "motion"  # a procedural motion
    ELECTION = "election"


FINAL_KINDS = frozenset({EventKind.DRAFT, EventKind.DRAFT_AS_AMENDED})


@dataclass(frozen=True)
class Counts:
    """Tallies as printed by a source; a field is None where the source gives no number."""

    yes: int | None
    no: int | None
    abstain: int | None
    non_voting: int | None = None

    def as_dict(self) -> dict[str, int | None]:
        return counts_dict(self.yes, self.no, self.abstain, self.non_voting)


def counts_dict(
    yes: int | None, no: int | None, abstain: int | None, non_voting: int | None
) -> dict[str, int | None]:
    """The one shape of counts in every answer: yes, no, abstain, non_voting (an int, or None where unknown)."""
    return {"yes": yes, "no": no, "abstain": abstain, "non_voting": non_voting}


def counts_of(votes: Iterable[str]) -> Counts:
    """The counts of a collection of votes (Y, N, A, X)."""
    tally = Counter(votes)
    return Counts(tally[Vote.YES], tally[Vote.NO], tally[Vote.ABSTAIN], tally[Vote.NON_VOTING])


@dataclass(frozen=True)
class Provenance:
    """Where a record came from: the source, its file and version, the line, a URL."""

    source: str  # a key of `unvotes.sources.SOURCES`
    file: str
    line: int | None = None
    version: str | None = None
    url: str | None = None


@dataclass(frozen=True)
class VoteEvent:
    """One recorded vote on one thing, as one source reports it.

    `key` identifies the event inside its source (an undl_id, an rcid and date, a symbol); `votes` maps
    state ids (see `unvotes.refdata.states`) to a `Vote` for every member the source names.
    """

    key: str
    organ: Organ
    date: dt.date
    kind: EventKind
    provenance: Provenance
    votes: dict[str, Vote] = field(default_factory=dict)
    session: str | None = None
    meeting: str | None = None
    document: str | None = None  # the text voted on: draft, amendment, part
    resolution: str | None = None  # the resolution it became
    amends: str | None = None  # for an amendment: the draft it amends
    title: str | None = None
    agenda: str | None = None
    subjects: tuple[str, ...] = ()
    counts: Counts | None = None
    outcome: Outcome | None = None
    important: bool | None = None
    complete: bool = True  # False where the source names only some members' votes
    extra: dict[str, Any] = field(default_factory=dict)

    def tally(self) -> Counts:
        """The counts implied by the per-state votes."""
        return counts_of(self.votes.values())


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input file, precise enough to fix it."""

    file: str
    line: int | None
    field: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        what = f" [{self.field}]" if self.field else ""
        return f"{where}{what}: {self.message}"


@dataclass(frozen=True)
class Selection:
    """Which votes to analyse: an organ, a period (dates, a calendar year or a session), a topic, and which kinds."""

    organ: Organ = Organ.GA
    since: dt.date | None = None
    until: dt.date | None = None  # inclusive
    year: int | None = None  # calendar year
    session: str | None = None  # GA session as the sources write it: "79", "ES-11"
    topic: str | None = None  # words in the title, agenda item or subjects
    final_only: bool = True  # drafts and drafts as amended only; False adds amendments, paragraphs, motions
    important_only: bool = False  # the votes the US State Department reports as important (Voeten's flag)
    recorded_only: bool = True  # only votes with per-state votes (not those adopted without a vote)
