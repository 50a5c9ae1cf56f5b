"""Blocs: how cohesively reference blocs vote, who breaks with them, and which blocs the votes themselves reveal.

Pure NumPy/SciPy over a `VoteMatrix` (codes 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member, 0 unknown). A bloc's
members are either a list of state ids (the same on every vote) or a states × votes boolean mask; `bloc_mask` builds
the mask of a reference bloc from its dated membership (`refdata.blocs`), so a state counts only on the votes of
the days it belonged. Only members present and voting yes, no or abstaining count: absence is not a position.
Every choice is explained in docs/methods-blocs.md.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

from unvotes.analysis import alignment
from unvotes.analysis.matrix import ABSTAIN, LETTERS, NO, YES, VoteMatrix
from unvotes.analysis.threads import blas_threads
from unvotes.refdata import blocs as refblocs

Members = Sequence[str] | np.ndarray  # state ids, or a boolean mask shaped like the matrix
OPTIONS = (YES, ABSTAIN, NO)


# --- membership -----------------------------------------------------------------------------------------------


def bloc_mask(m: VoteMatrix, bloc: str, day: dt.date | None = None) -> np.ndarray:
    """states × votes: whether each state belonged to `bloc` on each vote's date (or on `day` for every vote)."""
    mask = np.zeros(m.shape, dtype=bool)
    rows = {s: i for i, s in enumerate(m.states)}
    dates = m.dates if day is None else np.full(m.shape[1], np.datetime64(day, "D"))
    for period in refblocs.periods(bloc):
        if period.state_id in rows:
            inside = dates >= np.datetime64(period.joined, "D")
            if period.left is not None:
                inside &= dates < np.datetime64(period.left, "D")
            mask[rows[period.state_id]] |= inside
    return mask


def _mask(m: VoteMatrix, members: Members) -> np.ndarray:
    """The members as a states × votes mask (ids absent from the matrix are ignored)."""
    if isinstance(members, np.ndarray) and members.dtype == bool:
        if members.shape != m.shape:
            raise ValueError(f"a members mask must be shaped like the matrix {m.shape}, not {members.shape}")
        return members
    wanted = set(members)
    mask = np.zeros(m.shape, dtype=bool)
    mask[[i for i, s in enumerate(m.states) if s in wanted]] = True
    return mask


# --- cohesion -------------------------------------------------------------------------------------------------


def tallies(m: VoteMatrix, members: Members) -> np.ndarray:
    """votes × 3: how many members voted yes, abstained and voted no on each vote."""
    mask = _mask(m, members)
    return np.stack([((m.values == o) & mask).sum(axis=0) for o in OPTIONS], axis=1)


def cohesion(m: VoteMatrix, members: Members) -> np.ndarray:
    """The agreement index of Hix, Noury and Roland per vote: (max − ½·(sum − max)) ÷ sum over the members' yes,
    no and abstain votes. 1 when unanimous, 0 when split evenly three ways; NaN where no member voted."""
    counts = tallies(m, members).astype(float)
    total, top = counts.sum(axis=1), counts.max(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, (top - 0.5 * (total - top)) / total, np.nan)


def majority_share(m: VoteMatrix, members: Members) -> np.ndarray:
    """The share of voting members who took the bloc's most common position, per vote (NaN where none voted)."""
    counts = tallies(m, members).astype(float)
    total = counts.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(total > 0, counts.max(axis=1) / total, np.nan)


def majority(m: VoteMatrix, members: Members) -> np.ndarray:
    """The bloc's position per vote: the code (1, 2, 3) most members voted, or 0 where none voted or two tie."""
    counts = tallies(m, members)
    top = counts.max(axis=1)
    unique = (counts == top[:, None]).sum(axis=1) == 1
    codes = np.asarray(OPTIONS, dtype=np.int8)[counts.argmax(axis=1)]
    return np.where((top > 0) & unique, codes, 0).astype(np.int8)


# --- defections -----------------------------------------------------------------------------------------------


def defections(m: VoteMatrix, members: Members, min_share: float = 0.5) -> list[dict[str, Any]]:
    """Who broke with the bloc, on which vote: every member who voted yes, no or abstained against the bloc's
    position, on the votes where that position was taken by more than `min_share` of the members voting.
    Oldest vote first; absent members are not defectors."""
    mask = _mask(m, members)
    position, share = majority(m, members), majority_share(m, members)
    clear = (position > 0) & (np.nan_to_num(share) > min_share)
    voted = np.isin(m.values, OPTIONS) & mask
    rows, cols = np.nonzero(voted & (m.values != position[None, :]) & clear[None, :])
    order = np.lexsort((rows, cols))
    return [
        _defection(m, int(rows[k]), int(cols[k]), int(position[cols[k]]), float(share[cols[k]]))
        for k in order
    ]


def _defection(m: VoteMatrix, i: int, j: int, position: int, share: float) -> dict[str, Any]:
    event = m.events[j]
    return {
        "state": m.states[i],
        "vote": LETTERS[int(m.values[i, j])],
        "majority": LETTERS[position],
        "share": round(share, 4),
        "record_id": event.get("record_id"),
        "symbol": event.get("symbol"),
        "date": event.get("date"),
        "title": event.get("title"),
    }


# --- the summary for one year ---------------------------------------------------------------------------------


def bloc_summary(
    m: VoteMatrix,
    year: int | None = None,
    day: dt.date | None = None,
    keys: Sequence[str] | None = None,
    top: int = 3,
) -> list[dict[str, Any]]:
    """Each reference bloc's cohesion over the votes of `year` (all votes when None): mean agreement index and
    majority share over the votes where at least two members voted, and the members who defected most.
    Membership is that of each vote's date, or of `day` for every vote when given."""
    if year is not None:
        m = m.take(np.flatnonzero(m.years() == year))
    return [_bloc_row(m, key, day, top) for key in keys or refblocs.BLOCS]


def _bloc_row(m: VoteMatrix, key: str, day: dt.date | None, top: int) -> dict[str, Any]:
    mask = bloc_mask(m, key, day)
    counted = tallies(m, mask).sum(axis=1) >= 2
    ai, share = cohesion(m, mask)[counted], majority_share(m, mask)[counted]
    defectors = Counter(d["state"] for d in defections(m.take(np.flatnonzero(counted)), mask[:, counted]))
    return {
        "bloc": key,
        "name": refblocs.BLOCS[key].name,
        "members": int(mask.any(axis=1).sum()),
        "votes": int(counted.sum()),
        "cohesion": round(float(ai.mean()), 4) if len(ai) else None,
        "majority_share": round(float(share.mean()), 4) if len(share) else None,
        "top_defectors": [{"state": s, "defections": n} for s, n in defectors.most_common(top)],
    }


# --- clusters -------------------------------------------------------------------------------------------------


def agreement_distance(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """states × states: one minus the agreement index of each pair (`alignment.agreement_arrays`: yes 1, abstain ½,
    no 0), and the number of votes both cast. Pairs with no common vote are at 1."""
    scores, common = alignment.agreement_arrays(values)
    dist = np.where(common > 0, 1.0 - np.nan_to_num(scores), 1.0)
    np.fill_diagonal(dist, 0.0)
    return dist, common.astype(int)


def silhouettes(dist: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Each state's silhouette, (b − a) ÷ max(a, b), from a precomputed distance matrix (0 in a singleton)."""
    ids, index = np.unique(labels, return_inverse=True)
    onehot = np.eye(len(ids))[index]
    sums, sizes = dist @ onehot, onehot.sum(axis=0)
    own = sizes[index] - 1
    a = np.where(own > 0, sums[np.arange(len(labels)), index] / np.maximum(own, 1), 0.0)
    others = np.where(onehot.astype(bool), np.inf, sums / sizes)
    b = others.min(axis=1) if len(ids) > 1 else np.zeros(len(labels))
    with np.errstate(invalid="ignore", divide="ignore"):
        s = np.where(np.maximum(a, b) > 0, (b - a) / np.maximum(a, b), 0.0)
    return np.where(own > 0, s, 0.0)


def choose_k(dist: np.ndarray, tree: np.ndarray, max_k: int = 10) -> int:
    """The number of clusters, 2 to `max_k`, with the highest mean silhouette (the smallest on a tie)."""
    best_k, best = 2, -np.inf
    for k in range(2, min(max_k, len(dist) - 1) + 1):
        score = silhouettes(dist, fcluster(tree, k, "maxclust")).mean()
        if score > best + 1e-12:
            best_k, best = k, score
    return best_k


@blas_threads
def clusters(
    m: VoteMatrix,
    k: int | None = None,
    reference: Mapping[str, Sequence[str]] | None = None,
    day: dt.date | None = None,
    min_votes: int = 10,
    max_k: int = 10,
) -> list[dict[str, Any]]:
    """Data-driven clusters of states, largest first, each named by the reference bloc(s) it overlaps most.

    Average-linkage hierarchical clustering on `agreement_distance` among the states that cast at least
    `min_votes` yes/no/abstain votes; `k` None picks it by `choose_k`. `reference` maps names to state ids
    (default: every bloc of `refdata.blocs` on `day`, or on the date of the last vote)."""
    cast = np.isin(m.values, OPTIONS).sum(axis=1)
    kept = [s for s, c in zip(m.states, cast, strict=True) if c >= min_votes]
    if len(kept) < 3:
        raise ValueError(f"clustering needs at least 3 states with {min_votes} votes cast; {len(kept)} have")
    dist, _ = agreement_distance(m.only(kept).values)
    tree = linkage(squareform(dist, checks=False), method="average")
    labels = fcluster(tree, k if k is not None else choose_k(dist, tree, max_k), "maxclust")
    refs = _reference(m, reference, day, set(kept))
    scores = silhouettes(dist, labels)
    found = [_cluster(kept, labels == c, scores, refs) for c in np.unique(labels)]
    return sorted(found, key=lambda c: (-c["size"], c["states"]))


def _reference(
    m: VoteMatrix, reference: Mapping[str, Sequence[str]] | None, day: dt.date | None, kept: set[str]
) -> dict[str, set[str]]:
    if reference is None:
        when = day or (dt.date.fromisoformat(str(m.dates[-1])) if len(m.dates) else dt.date.today())
        reference = {key: refblocs.members_on(key, when) for key in refblocs.BLOCS}
    return {name: set(ids) & kept for name, ids in reference.items()}


def _cluster(
    kept: list[str], inside: np.ndarray, scores: np.ndarray, refs: dict[str, set[str]]
) -> dict[str, Any]:
    states = {s for s, x in zip(kept, inside, strict=True) if x}
    overlaps = sorted(
        ((_jaccard(states, ids), name) for name, ids in refs.items()), key=lambda t: (-t[0], t[1])
    )
    best = overlaps[0][0] if overlaps else 0.0
    names = [name for j, name in overlaps if best > 0 and abs(j - best) < 1e-9]
    return {
        "name": " / ".join(names) if names else None,
        "jaccard": round(best, 4),
        "overlaps": [{"bloc": name, "jaccard": round(j, 4)} for j, name in overlaps[:3] if j > 0],
        "size": len(states),
        "silhouette": round(float(scores[inside].mean()), 4),
        "states": sorted(states),
    }


def _jaccard(a: set[str], b: set[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0
