"""The published shape of a check: the article's verdict, each claim with its verdict and evidence, the caveats."""

from __future__ import annotations

from typing import Any, TypedDict


class Evidence(TypedDict, total=False):
    """What a claim's verdict rests on. For a claim about a vote: the vote (`symbol`, `organ`, `date`, `title`),
    its counts as printed (`counts`) and as cast (`tally`), whether the per-state record is `complete`, its
    `outcome`, the named `states` with their recorded votes (None: no vote in the record), and the `rule`
    applied. A claim about the Council's seats or the Assembly's size has `states` and `rule` alone; a change
    claim has `before` and `after` (the state's votes on the same question)."""

    symbol: str | None
    organ: str
    date: str
    title: str | None
    counts: dict[str, int | None]
    tally: dict[str, int | None]
    complete: bool
    outcome: str | None
    states: dict[str, str | None]
    rule: str | None
    before: dict[str, Any]
    after: dict[str, Any]


class CheckedClaim(TypedDict):
    """One claim: its words and offsets in `Check.text`, what kind of claim it is, the verdict, the vote it is
    about (the record's permanent id, None where none was found), the evidence and a note (which vote the claim
    fits where several do, why a claim is false or cannot be checked)."""

    text: str
    start: int
    end: int
    kind: str  # count | list | outcome | veto | membership | derived | date | change
    verdict: str  # true | false | unverifiable
    vote: str | None
    evidence: Evidence
    note: str | None


class Check(TypedDict):
    """An article checked claim by claim. `verdict`: false if any claim is false; true if at least one claim was
    checked and every checked claim is true; otherwise unverifiable. `date`: the dateline used (given, or read
    from the text), None where there was none. `text`: the article as plain text, which the offsets index."""

    verdict: str
    date: str | None
    organ: str | None
    text: str
    claims: list[CheckedClaim]
    caveats: list[str]
