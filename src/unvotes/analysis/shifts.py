"""When positions change: a state's turnarounds on recurring questions, and change points in a pair's agreement.

Pure NumPy over a `VoteMatrix`. The rules (what makes two votes the same question, which earlier vote a vote is
compared with, how change points are found and how large a change must be) are in docs/methods-alignment.md.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any, Literal

import numpy as np

from unvotes.analysis.alignment import Side, agreement_series, pair_scores, side_row
from unvotes.analysis.labels import normalise_title, period_labels
from unvotes.analysis.matrix import ABSTAIN, LETTERS, NO, YES, VoteMatrix
from unvotes.analysis.threads import blas_threads

STOPWORDS = frozenset(
    "a an and as at be by for from in including into its of on or the their to with united nations".split()  # noqa: SIM905
)
RULES = ("same title", "emergency special session", "similar title")  # in order of preference


# --- recurring questions ---------------------------------------------------------------------------------


def title_words(title: str | None) -> frozenset[str]:
    """The content words of a normalised title (without stopwords and the ubiquitous "United Nations")."""
    return frozenset(w for w in normalise_title(title).split() if w not in STOPWORDS)


def _subjects_agree(a: dict[str, Any], b: dict[str, Any]) -> bool:
    """Catalogue subjects, where both votes have them, must share at least one."""
    sa, sb = set(a.get("subjects") or ()), set(b.get("subjects") or ())
    return not sa or not sb or bool(sa & sb)


def _emergency(event: dict[str, Any]) -> str | None:
    session = event.get("session") or ""
    return session if session.upper().startswith("ES-") else None


@blas_threads
def title_similarity(words: Sequence[frozenset[str]]) -> np.ndarray:
    """Title × title similarity: shared words' weight ÷ all words' weight, a word weighing ln(titles ÷ titles
    with it) (inverse document frequency), so "human rights" counts little and "Myanmar" much."""
    vocabulary = sorted(set().union(*words)) if words else []
    index = {w: k for k, w in enumerate(vocabulary)}
    x = np.zeros((len(words), len(vocabulary)), dtype=np.float32)
    for i, ws in enumerate(words):
        x[i, [index[w] for w in ws]] = 1.0
    idf = np.log(len(words) / np.maximum(x.sum(axis=0), 1.0)).astype(np.float32)
    shared = (x * idf) @ x.T
    own = x @ idf
    union = own[:, None] + own[None, :] - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


_last_links: list[tuple[Sequence[dict[str, Any]], float | None, list[dict[int, str]]]] = []


def _links(events: Sequence[dict[str, Any]], similarity: float | None) -> list[dict[int, str]]:
    """For each vote, the other votes on the same question, each with the first rule that links them. The links
    depend on the votes alone: those of the latest set of votes are kept for the next state asked about."""
    for kept, kept_similarity, links in _last_links:
        if kept is events and kept_similarity == similarity:
            return links
    links = _link_all(events, similarity)
    _last_links[:] = [(events, similarity, links)]
    return links


def _link_all(events: Sequence[dict[str, Any]], similarity: float | None) -> list[dict[int, str]]:
    links: list[dict[int, str]] = [{} for _ in events]
    for rule, groups in _groups(events, similarity):
        for group in groups:
            _link(links, events, rule, group)
    return links


def _link(links: list[dict[int, str]], events: Sequence[dict[str, Any]], rule: str, group: list[int]) -> None:
    """Link every two votes of a group (titles also need compatible subjects); an earlier rule is kept."""
    for i in group:
        for j in group:
            if i != j and j not in links[i] and (rule == RULES[1] or _subjects_agree(events[i], events[j])):
                links[i][j] = rule


def _groups(
    events: Sequence[dict[str, Any]], similarity: float | None
) -> Iterable[tuple[str, list[list[int]]]]:
    """Groups of votes on one question, rule by rule, in the order of `RULES`."""
    titles = [normalise_title(e.get("title")) for e in events]
    by_title, by_session = defaultdict(list), defaultdict(list)
    for j, (title, event) in enumerate(zip(titles, events, strict=True)):
        if title:
            by_title[title].append(j)
        if session := _emergency(event):
            by_session[session].append(j)
    yield RULES[0], list(by_title.values())
    yield RULES[1], list(by_session.values())
    if similarity is not None:
        yield RULES[2], _similar_groups(by_title, similarity)


def _similar_groups(by_title: dict[str, list[int]], threshold: float) -> list[list[int]]:
    """Each title's votes with those of every title at least `threshold` similar to it."""
    names = list(by_title)
    scores = title_similarity([frozenset(n.split()) - STOPWORDS for n in names])
    return [
        by_title[names[i]] + by_title[names[k]]
        for i, k in zip(*np.nonzero(np.triu(scores >= threshold, k=1)), strict=True)
    ]


# --- turnarounds -----------------------------------------------------------------------------------------


def turnarounds(
    m: VoteMatrix,
    state: str,
    since: str | dt.date | None = None,
    similarity: float | None = None,
    shifts: bool = True,
) -> list[dict[str, Any]]:
    """The votes where `state` changed its own earlier position on the same recurring question, oldest first.

    Each vote the state voted yes, abstain or no on is compared with its votes on the same question on the
    latest earlier date it voted on that question: yes↔no is a "reversal"; to or from abstain a "shift" (kept
    only with `shifts`). `since` keeps the changes whose later vote is on or after that day; `similarity`
    (0-1) also links titles that similar (weighted Jaccard), off by default.
    """
    row = side_row(m, state)
    voted = np.isin(row, (YES, ABSTAIN, NO))
    links = _links(m.events, similarity)
    start = np.datetime64(since, "D") if since is not None else None
    found = []
    for later in np.flatnonzero(voted).tolist():
        if start is not None and m.dates[later] < start:
            continue
        for earlier in _previous(m.dates, voted, links[later], later):
            change = _change(row[earlier], row[later])
            if change and (shifts or change == "reversal"):
                found.append(_turnaround(m, state, change, links[later][earlier], earlier, later))
    return found


def _previous(dates: np.ndarray, voted: np.ndarray, linked: dict[int, str], later: int) -> list[int]:
    """The linked votes the state voted on, on the latest date before `later`'s."""
    earlier = [j for j in linked if voted[j] and dates[j] < dates[later]]
    if not earlier:
        return []
    last = max(dates[j] for j in earlier)
    return sorted(j for j in earlier if dates[j] == last)


def _change(before: int, after: int) -> Literal["reversal", "shift"] | None:
    if before == after:
        return None
    return "reversal" if {int(before), int(after)} == {YES, NO} else "shift"


def _turnaround(
    m: VoteMatrix, state: str, change: str, rule: str, earlier: int, later: int
) -> dict[str, Any]:
    row = m.row(state)
    return {
        "state": state,
        "change": change,
        "from": LETTERS[int(row[earlier])],
        "to": LETTERS[int(row[later])],
        "rule": rule,
        "before": _vote(m, earlier, row),
        "after": _vote(m, later, row),
    }


def _vote(m: VoteMatrix, column: int, row: np.ndarray) -> dict[str, Any]:
    event = m.events[column]
    return {
        "symbol": event.get("symbol"),
        "date": str(m.dates[column]),
        "session": event.get("session"),
        "title": event.get("title"),
        "vote": LETTERS.get(int(row[column])),
    }


# --- change points in a pair's agreement -----------------------------------------------------------------


def change_points(
    series: Sequence[dict[str, Any]], penalty: float | None = None, min_size: int = 1
) -> list[dict[str, Any]]:
    """Where a pair's agreement series (from `agreement_series`) changes level, oldest first.

    The segmentation minimises Σ segments [Σ n·(score − segment mean)²] + penalty × changes, exactly
    (optimal partitioning). Each change gives the segments either side (periods, mean, votes) and `gain`, how
    much the split lowers that cost. The default penalty is 2·σ̂²·ln T (see `default_penalty`).
    """
    x = np.array([p["score"] for p in series], dtype=float)
    w = np.array([p["n"] for p in series], dtype=float)
    beta = default_penalty(x, w) if penalty is None else penalty
    cuts = _optimal_partition(x, w, beta, min_size) if len(x) else []
    bounds = [0, *cuts, len(x)]
    return [
        _change_point(series, x, w, bounds[k - 1], bounds[k], bounds[k + 1])
        for k in range(1, len(bounds) - 1)
    ]


def default_penalty(x: np.ndarray, w: np.ndarray) -> float:
    """2·σ̂²·ln T, a BIC-type penalty (two parameters per change: where, and the new level).

    σ̂ estimates the noise of one vote's agreement: the median absolute difference of successive periods, each
    scaled by √(1/nᵢ + 1/nᵢ₊₁), divided by 0.6745 (robust to the few real changes). Where that is 0, the
    weighted variance of the whole series stands in.
    """
    if len(x) < 2:
        return 0.0
    z = np.diff(x) / np.sqrt(1.0 / w[:-1] + 1.0 / w[1:])
    sigma2 = float((np.median(np.abs(z)) / 0.6745) ** 2)
    if sigma2 == 0.0:
        sigma2 = float(np.average((x - np.average(x, weights=w)) ** 2, weights=w) * w.mean())
    return 2.0 * sigma2 * float(np.log(len(x)))


def _segment_cost(cw: np.ndarray, cwx: np.ndarray, cwx2: np.ndarray, s: Any, t: int) -> Any:
    """Weighted sum of squares of periods s..t-1 about their weighted mean (s may be an array)."""
    sw, swx = cw[t] - cw[s], cwx[t] - cwx[s]
    return cwx2[t] - cwx2[s] - np.divide(swx**2, sw, out=np.zeros_like(swx), where=sw > 0)


def _optimal_partition(x: np.ndarray, w: np.ndarray, beta: float, min_size: int) -> list[int]:
    """The cut positions minimising cost + beta per cut (Jackson et al. 2005), segments ≥ min_size periods."""
    cw, cwx, cwx2 = (np.concatenate([[0.0], np.cumsum(v)]) for v in (w, w * x, w * x * x))
    n = len(x)
    best, last = np.full(n + 1, np.inf), np.zeros(n + 1, dtype=int)
    best[0] = -beta
    for t in range(min_size, n + 1):
        s = np.arange(0, t - min_size + 1)
        total = best[s] + _segment_cost(cw, cwx, cwx2, s, t) + beta
        last[t] = int(s[np.argmin(total)])
        best[t] = total.min()
    cuts, t = [], n
    while (t := int(last[t])) > 0:
        cuts.append(t)
    return sorted(cuts)


def _change_point(
    series: Sequence[dict[str, Any]], x: np.ndarray, w: np.ndarray, a: int, k: int, b: int
) -> dict[str, Any]:
    """The change at period k, between segments a..k-1 and k..b-1."""
    cw, cwx, cwx2 = (np.concatenate([[0.0], np.cumsum(v)]) for v in (w, w * x, w * x * x))
    gain = (
        _segment_cost(cw, cwx, cwx2, a, b)
        - _segment_cost(cw, cwx, cwx2, a, k)
        - _segment_cost(cw, cwx, cwx2, k, b)
    )
    return {
        "index": k,
        "before": _segment(series, x, w, a, k),
        "after": _segment(series, x, w, k, b),
        "gain": float(gain),
    }


def _segment(
    series: Sequence[dict[str, Any]], x: np.ndarray, w: np.ndarray, a: int, b: int
) -> dict[str, Any]:
    return {
        "periods": [series[a]["period"], series[b - 1]["period"]],
        "score": float(np.average(x[a:b], weights=w[a:b])),
        "n": int(w[a:b].sum()),
    }


def change_votes(
    m: VoteMatrix, a: Side, b: Side, point: dict[str, Any], by: str = "year", top: int = 5
) -> list[dict[str, Any]]:
    """The votes that show a change: in the segment after it, those whose agreement moved furthest from the
    level before, in the direction of the change; on ties the earliest (nearest the change) first."""
    first, last = point["after"]["periods"]
    index, labels = period_labels(m, by)
    inside = _within(index, labels, first, last)
    x, y = side_row(m, a), side_row(m, b)
    scores = pair_scores(x, y)
    direction = np.sign(point["after"]["score"] - point["before"]["score"])
    moved = direction * (scores - point["before"]["score"])
    chosen = [j for j in np.flatnonzero(inside & ~np.isnan(scores)).tolist() if moved[j] > 0]
    chosen.sort(key=lambda j: (-moved[j], m.dates[j], j))
    return [_shown(m, j, x, y, scores) for j in chosen[:top]]


def _within(index: np.ndarray, labels: list[Any], first: Any, last: Any) -> np.ndarray:
    """Votes from the period `first` to the period `last` (labels in time order, as `period_labels` gives)."""
    return (index >= labels.index(first)) & (index <= labels.index(last))


def _shown(m: VoteMatrix, j: int, x: np.ndarray, y: np.ndarray, scores: np.ndarray) -> dict[str, Any]:
    event = m.events[j]
    return {
        "symbol": event.get("symbol"),
        "date": str(m.dates[j]),
        "title": event.get("title"),
        "a": LETTERS.get(int(x[j])),
        "b": LETTERS.get(int(y[j])),
        "agreement": float(scores[j]),
    }


def pair_shifts(
    m: VoteMatrix,
    a: Side,
    b: Side,
    by: Literal["year", "session"] = "year",
    penalty: float | None = None,
    top: int = 5,
) -> list[dict[str, Any]]:
    """The change points of a pair's agreement series, each with the votes that show it (`change_votes`)."""
    points = change_points(agreement_series(m, a, b, by), penalty)
    return [{**p, "votes": change_votes(m, a, b, p, by, top)} for p in points]
