"""The published shape of a check: the article's verdict, each claim with its verdict and evidence, the caveats."""

from __future__ import annotations

from typing import Any, NotRequired, TypedDict


class Evidence(TypedDict):
    """What a claim's verdict rests on. For a claim about a vote: the vote (`symbol`, `organ`, `date`, `title`),
    its counts as printed (`counts`) and as cast (`tally`), whether the per-state record is `complete`, its
    `outcome`, the named `states` with their recorded votes (None: no vote in the record), and the `rule`
    applied. A claim about the Council's seats or the Assembly's size has `states` and `rule` alone; a change
    claim has `before` and `after` (the state's votes on the same question)."""

    symbol: NotRequired[str | None]
    organ: NotRequired[str]
    date: NotRequired[str]
    title: NotRequired[str | None]
    counts: NotRequired[dict[str, int | None]]
    tally: NotRequired[dict[str, int | None]]
    complete: NotRequired[bool]
    outcome: NotRequired[str | None]
    states: NotRequired[dict[str, str | None]]
    rule: NotRequired[str | None]
    before: NotRequired[dict[str, Any]]
    after: NotRequired[dict[str, Any]]


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
